/** The login pages of the OpenID Connect interaction <uid> (placeholder until built). */
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';

export function LoginApp({ uid }: { uid: string; apiBaseUrl: string }) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('app.name')}>
      <p data-uid={uid} />
    </ScreenFrame>
  );
}
