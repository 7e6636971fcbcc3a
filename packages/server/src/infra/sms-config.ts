/** Turns the SMS settings into the adapter configuration of infra/sms. */
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import type { SmsConfig } from './sms/index.js';

export function smsConfigOf(config: Config): SmsConfig {
  switch (config.smsAdapter) {
    case 'outbox':
      return { kind: 'outbox' };
    case 'http':
      if (!config.smsHttpUrl) throw new ConfigError('OPENMITID_SMS_HTTP_URL is required for the http SMS adapter');
      return { kind: 'http', url: config.smsHttpUrl, from: config.smsFrom, ...(config.smsHttpToken ? { token: config.smsHttpToken } : {}) };
    case 'smpp': {
      let url: URL;
      try {
        url = new URL(config.smppUrl);
      } catch {
        throw new ConfigError('OPENMITID_SMPP_URL must be smpp://system_id:password@host:port');
      }
      return {
        kind: 'smpp',
        host: url.hostname,
        port: Number(url.port || 2775),
        systemId: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        from: config.smsFrom,
      };
    }
    default:
      throw new ConfigError(`OPENMITID_SMS_ADAPTER: unknown adapter ${config.smsAdapter}`);
  }
}
