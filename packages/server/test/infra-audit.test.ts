import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import fc from 'fast-check';
import type { Database } from '../src/infra/db/index.js';
import { AuditError, canonicalJson, chainHash, checkAuditEvent, createAuditLog, GENESIS_HASH, type AuditEvent } from '../src/infra/audit/index.js';
import * as auditMigration from '../src/infra/db/migrations/20261125_10_audit.js';
import { stores, type StoreKind, type TestStore } from './support/db.js';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const at = (i: number) => new Date(t0.getTime() + i * 1000);
const event = (i: number): AuditEvent => ({
  type: 'enrolment.step.passed',
  outcome: 'ok',
  flowId: `flow${i}`,
  details: { step: 'mrz', attempt: i, devBypass: false },
});

/** What an attacker with database access does first: remove the append-only triggers. */
async function dropGuards(db: Kysely<Database>, kind: StoreKind): Promise<void> {
  if (kind.name === 'postgres') await sql`DROP TRIGGER audit_log_append_only ON audit_log`.execute(db);
  else {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
  }
}

describe.each(stores)('audit log on $name', (kind) => {
  const audit = createAuditLog();
  let store: TestStore;
  let db: Kysely<Database>;
  beforeAll(async () => {
    store = await kind.open();
    db = store.db;
  });
  afterAll(async () => {
    await store.close();
  });
  // each test starts from an empty chain with its guards in place, as the migration leaves it
  beforeEach(async () => {
    await auditMigration.down(db);
    await auditMigration.up(db);
  });

  async function appendFive(): Promise<void> {
    for (let i = 1; i <= 5; i++) await audit.append(db, event(i), at(i));
  }

  it('chains entries and verifies them', async () => {
    expect(await audit.verify(db)).toEqual({ ok: true, count: 0 });
    await appendFive();
    expect(await audit.verify(db)).toEqual({ ok: true, count: 5 });
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const first = rows[0]!;
    expect(first.at).toBe('2026-11-25T10:00:01.000Z');
    // canonical: keys sorted at every level
    expect(first.event).toBe('{"details":{"attempt":1,"devBypass":false,"step":"mrz"},"flowId":"flow1","outcome":"ok","type":"enrolment.step.passed"}');
    expect(first.hash).toBe(chainHash(GENESIS_HASH, 1, first.at, first.event));
  });

  it('the database itself refuses to update or delete entries', async () => {
    await appendFive();
    await expect(db.updateTable('audit_log').set({ event: '{}' }).where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    expect(await audit.verify(db)).toEqual({ ok: true, count: 5 });
  });

  it('detects an altered entry', async () => {
    await appendFive();
    await dropGuards(db, kind);
    await db.updateTable('audit_log').set({ event: JSON.stringify(event(99)) }).where('seq', '=', 3).execute();
    expect(await audit.verify(db)).toEqual({ ok: false, count: 2, firstBadSeq: 3 });
  });

  it('detects an altered timestamp', async () => {
    await appendFive();
    await dropGuards(db, kind);
    await db.updateTable('audit_log').set({ at: '2026-11-25T09:00:00.000Z' }).where('seq', '=', 2).execute();
    expect(await audit.verify(db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('detects a deleted entry in the middle and at the end', async () => {
    await appendFive();
    await dropGuards(db, kind);
    await db.deleteFrom('audit_log').where('seq', '=', 5).execute();
    expect(await audit.verify(db)).toMatchObject({ ok: false, firstBadSeq: 5 });
    await db.deleteFrom('audit_log').where('seq', '=', 3).execute();
    expect(await audit.verify(db)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects reordered entries', async () => {
    await appendFive();
    await dropGuards(db, kind);
    await db.updateTable('audit_log').set({ seq: 1000 }).where('seq', '=', 2).execute();
    await db.updateTable('audit_log').set({ seq: 2 }).where('seq', '=', 4).execute();
    await db.updateTable('audit_log').set({ seq: 4 }).where('seq', '=', 1000).execute();
    expect(await audit.verify(db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('detects an entry rewritten with a recomputed hash at the link to the next one', async () => {
    await appendFive();
    await dropGuards(db, kind);
    const row = await db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const forged = JSON.stringify({ outcome: 'ok', type: 'nothing.happened' });
    await db.updateTable('audit_log').set({ event: forged, hash: chainHash(row.prev_hash, 3, row.at, forged) }).where('seq', '=', 3).execute();
    expect(await audit.verify(db)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('an append rolled back with its transaction leaves no trace and no gap', async () => {
    await audit.append(db, event(1), at(1));
    await expect(
      db.transaction().execute(async (trx) => {
        await audit.append(trx, event(2), at(2));
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    await audit.append(db, event(3), at(3));
    const rows = await db.selectFrom('audit_log').select(['seq', 'event']).orderBy('seq').execute();
    expect(rows.map((r) => [Number(r.seq), JSON.parse(r.event).flowId])).toEqual([
      [1, 'flow1'],
      [2, 'flow3'],
    ]);
    expect(await audit.verify(db)).toEqual({ ok: true, count: 2 });
  });

  it('refuses events that could carry a secret or personal data, writing nothing', async () => {
    const bad: AuditEvent[] = [
      { ...event(1), details: { smsCode: 'x' } },
      { ...event(1), details: { pin: 'x' } },
      { ...event(1), details: { phone_number: 'x' } },
      { ...event(1), details: { given_names: 'x' } },
      { ...event(1), details: { attempt: '123456' } },
      { ...event(1), details: { note: '010190-1234' } },
      { ...event(1), code: '123456' },
      { ...event(1), type: 'Has Spaces' },
      { ...event(1), flowId: 'a b' },
    ];
    for (const e of bad) {
      const err = await audit.append(db, e, t0).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(AuditError);
      expect((err as AuditError).code).toBe('AUDIT_EVENT_REFUSED');
    }
    await audit.append(db, { type: 'sms.code.wrong', outcome: 'refused', code: 'SMS_CODE_WRONG', details: { triesLeft: 2 } }, t0);
    expect(await audit.verify(db)).toEqual({ ok: true, count: 1 });
  });

  it('50 concurrent appends keep one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => audit.append(db, event(i), at(i))));
    expect(await audit.verify(db)).toEqual({ ok: true, count: 50 });
    const flows = await db.selectFrom('audit_log').select('event').execute();
    expect(new Set(flows.map((r) => JSON.parse(r.event).flowId)).size).toBe(50);
  });
});

describe('audit events', () => {
  it('checking any input either passes or throws AUDIT_EVENT_REFUSED', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.double(), fc.constant(null), fc.object());
    fc.assert(
      fc.property(
        fc.record({ type: fc.string(), outcome: fc.string(), code: fc.option(fc.string(), { nil: undefined }), flowId: fc.option(fc.string(), { nil: undefined }), details: fc.dictionary(fc.string(), value) }),
        (e) => {
          try {
            checkAuditEvent(e as unknown as AuditEvent);
            return true;
          } catch (x) {
            return x instanceof AuditError && x.code === 'AUDIT_EVENT_REFUSED';
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('canonical JSON does not depend on key order and round-trips', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        const json = canonicalJson({ details: d, type: 'x' });
        return json === canonicalJson({ type: 'x', details: reversed }) && JSON.stringify(JSON.parse(json).details) === JSON.stringify(JSON.parse(canonicalJson(d)));
      }),
    );
  });
});
