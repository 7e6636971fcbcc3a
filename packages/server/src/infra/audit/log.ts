import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { AuditError } from './errors.js';
import { canonicalJson, checkAuditEvent, type AuditEvent } from './event.js';

export interface AuditVerification {
  ok: boolean;
  /** entries that checked out: all of them when ok, those before the first bad one otherwise */
  count: number;
  /** the first entry that is missing, altered or out of place */
  firstBadSeq?: number;
}

export interface AuditLog {
  /**
   * Appends inside the caller's transaction (or a new one), so the event is stored exactly when the
   * work it records is. Appends are serialised by locking the head row until the transaction ends:
   * append as the last statement of a transaction to hold that lock briefly.
   * Throws AUDIT_EVENT_REFUSED for an event that could leak a secret (see event.ts).
   */
  append(db: Kysely<Database> | Transaction<Database>, event: AuditEvent, now: Date): Promise<void>;
  /** Recomputes the whole chain and checks it ends at the head row. */
  verify(db: Kysely<Database>): Promise<AuditVerification>;
}

const PAGE = 1000;

async function appendIn(trx: Transaction<Database>, event: AuditEvent, now: Date): Promise<void> {
  checkAuditEvent(event);
  // only the known fields: anything else a caller attached is not checked, so it is not stored either
  const { type, outcome, code, flowId, identityId, details } = event;
  const json = canonicalJson({ type, outcome, code, flowId, identityId, details });
  const at = now.toISOString();
  // Writing first takes the lock at once: PostgreSQL blocks other appenders on the row until we commit,
  // SQLite takes its write lock (no read-then-upgrade, so no SQLITE_BUSY between processes).
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirst();
  if (!head) throw new AuditError('AUDIT_CHAIN_BROKEN', 'the audit head row is missing');
  const seq = Number(head.seq);
  const hash = chainHash(head.hash, seq, at, json);
  await trx.insertInto('audit_log').values({ seq, at, event: json, prev_hash: head.hash, hash }).execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
}

async function verify(db: Kysely<Database>): Promise<AuditVerification> {
  let expected = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  const bad = (seq: number): AuditVerification => ({ ok: false, count, firstBadSeq: seq });
  // a consistent snapshot: appends going on meanwhile must not look like a broken tail
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
      for (;;) {
        const rows = await trx
          .selectFrom('audit_log')
          .select(['seq', 'at', 'event', 'prev_hash', 'hash'])
          .where('seq', '>=', expected)
          .orderBy('seq')
          .limit(PAGE)
          .execute();
        for (const row of rows) {
          const seq = Number(row.seq);
          if (seq !== expected) return bad(expected); // an entry was deleted or renumbered
          if (row.prev_hash !== prev || chainHash(row.prev_hash, seq, row.at, row.event) !== row.hash) return bad(seq);
          count++;
          prev = row.hash;
          expected++;
        }
        if (rows.length < PAGE) break;
      }
      if (!head) return bad(expected);
      const headSeq = Number(head.seq);
      // the newest entries deleted, or the last one rewritten with a fresh hash
      if (headSeq !== expected - 1) return bad(Math.min(headSeq, expected - 1) + 1);
      if (head.hash !== prev) return bad(Math.max(1, expected - 1));
      return { ok: true, count };
    });
}

export function createAuditLog(): AuditLog {
  return {
    append(db, event, now) {
      if (db.isTransaction) return appendIn(db as Transaction<Database>, event, now);
      return db.transaction().execute((trx) => appendIn(trx, event, now));
    },
    verify,
  };
}
