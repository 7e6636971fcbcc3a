/**
 * A refusal on the app's pages: the server's codes through the shared error texts, and the
 * checks the device makes itself (PIN format, PINs that differ, no camera) from this area's texts.
 */
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';

const DEVICE_CODES: Record<string, MessageKey> = {
  PIN_FORMAT: 'device.error.pinFormat',
  PIN_MISMATCH: 'device.error.pinMismatch',
  CAMERA: 'device.error.camera',
  KEY_NOT_FOUND: 'device.error.keyMissing',
};

export function DeviceErrorMessage({ code }: { code: string | undefined }) {
  const { t } = useI18n();
  const own = code ? DEVICE_CODES[code] : undefined;
  if (!own) return <ErrorMessage code={code} />;
  return (
    <div className="error-banner" role="alert" data-error-code={code}>
      <p className="error-title">{t('app.errorTitle')}</p>
      <p>{t(own)}</p>
    </div>
  );
}
