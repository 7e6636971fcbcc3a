/**
 * Text for a refusal on the activation screens: the device's own checks (DeviceError codes
 * of @openmitid/app, the camera) have texts in this area's section; everything else is a
 * server or client code with its text in errors-da/en.ts.
 */
import { useI18n } from '../i18n/i18n-context.js';
import { messages, type MessageKey } from '../i18n/catalogue.js';

export function useRefusalText(): (code: string) => string {
  const { t, errorText } = useI18n();
  return (code) => {
    const key = `activation.error.${code}`;
    return Object.prototype.hasOwnProperty.call(messages.da, key) ? t(key as MessageKey) : errorText(code);
  };
}
