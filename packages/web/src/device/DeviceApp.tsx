/** The activated app's own pages: approvals, copy to another device, self-service (placeholder until built). */
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';

export function DeviceApp({ page }: { page: string; apiBaseUrl: string }) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('app.name')}>
      <p data-page={page} />
    </ScreenFrame>
  );
}
