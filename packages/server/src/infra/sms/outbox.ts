import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { checkMessage, type SmsSender } from './message.js';

export type ClockLike = (() => Date) | { now(): Date };

export interface OutboxEntry {
  to: string;
  text: string;
  /** ISO-8601 UTC */
  at: string;
}

export interface OutboxSms extends SmsSender {
  /** Messages "sent", oldest first; only those to `to` when given. */
  list(to?: string): Promise<OutboxEntry[]>;
}

export function readClock(clock: ClockLike): () => Date {
  return typeof clock === 'function' ? clock : () => clock.now();
}

/**
 * Development adapter: messages are stored in the database instead of sent, so a developer (or a
 * test) reads the code with `openmitid sms outbox` or the development endpoint. Not for production:
 * it keeps codes and numbers in the clear.
 */
export function createOutboxSms(db: Kysely<Database>, clock: ClockLike): OutboxSms {
  const now = readClock(clock);
  return {
    async send(msg) {
      checkMessage(msg);
      await db.insertInto('sms_outbox').values({ to_number: msg.to, text: msg.text, at: now().toISOString() }).execute();
    },
    async list(to) {
      let q = db.selectFrom('sms_outbox').select(['to_number', 'text', 'at']).orderBy('id');
      if (to !== undefined) q = q.where('to_number', '=', to);
      const rows = await q.execute();
      return rows.map((r) => ({ to: r.to_number, text: r.text, at: r.at }));
    },
  };
}
