import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createHttpSms } from './http.js';
import type { SmsSender } from './message.js';
import { createOutboxSms, type ClockLike } from './outbox.js';
import { createSmppSms } from './smpp.js';

export type SmsConfig =
  | { kind: 'outbox' }
  | { kind: 'http'; url: string; token?: string; from: string; timeoutMs?: number }
  | { kind: 'smpp'; host: string; port: number; systemId: string; password: string; from: string; timeoutMs?: number };

/** The adapter the settings name. `close` ends an SMPP bind on shutdown (a no-op for the others). */
export function createSmsSender(config: SmsConfig, db: Kysely<Database>, clock: ClockLike): SmsSender & { close(): Promise<void> } {
  switch (config.kind) {
    case 'outbox': {
      const outbox = createOutboxSms(db, clock);
      return { send: (m) => outbox.send(m), close: async () => {} };
    }
    case 'http': {
      const { kind: _kind, ...options } = config;
      const http = createHttpSms(options);
      return { send: (m) => http.send(m), close: async () => {} };
    }
    case 'smpp': {
      const { kind: _kind, ...options } = config;
      return createSmppSms(options);
    }
  }
}
