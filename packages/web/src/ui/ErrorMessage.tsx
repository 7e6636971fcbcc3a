/** The last refusal in the person's language; role=alert so it is read out when it appears. */
import { useI18n } from '../i18n/i18n-context.js';

export function ErrorMessage({ code }: { code: string | undefined }) {
  const { t, errorText } = useI18n();
  if (!code) return null;
  return (
    <div className="error-banner" role="alert" data-error-code={code}>
      <p className="error-title">{t('app.errorTitle')}</p>
      <p>{errorText(code)}</p>
    </div>
  );
}
