import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runCli } from './support/run.js';
import { createAuditLog } from '../../server/src/infra/audit/index.js';
import { createOutboxSms } from '../../server/src/infra/sms/index.js';
import { stores, tempDir, type TestStore } from '../../server/test/support/db.js';


describe.each(stores)('openmitid sms outbox / audit verify on $name', (kind) => {
  let store: TestStore;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    store = await kind.open();
    env = { DATABASE_URL: store.url, OPENMITID_DATA_DIR: store.dataDir };
    const outbox = createOutboxSms(store.db, () => new Date('2026-11-25T10:00:00.000Z'));
    await outbox.send({ to: '+4512345678', text: 'OpenMitID: 482913' });
    await outbox.send({ to: '+299123456', text: 'OpenMitID: 000111' });
    const audit = createAuditLog();
    for (let i = 0; i < 3; i++) await audit.append(store.db, { type: 'flow.started', outcome: 'info', flowId: `f${i}` }, new Date('2026-11-25T10:00:00.000Z'));
  });
  afterAll(async () => {
    await store.close();
  });

  it('lists the outbox, all or for one number, as text or JSON', async () => {
    const all = await runCli(['sms', 'outbox'], env);
    expect(all.code).toBe(0);
    expect(all.out.trim().split('\n')).toEqual([
      '2026-11-25T10:00:00.000Z  +4512345678  OpenMitID: 482913',
      '2026-11-25T10:00:00.000Z  +299123456  OpenMitID: 000111',
    ]);
    const one = await runCli(['sms', 'outbox', '--to', '+299123456', '--json'], env);
    expect(JSON.parse(one.out)).toEqual([{ to: '+299123456', text: 'OpenMitID: 000111', at: '2026-11-25T10:00:00.000Z' }]);
    expect((await runCli(['sms', 'outbox', '--to', '+4599999999'], env)).out.trim()).toBe('no messages');
    expect((await runCli(['sms', 'outbox', '--to', '12345'], env)).code).toBe(2);
  });

  it('verifies the audit chain, and reports the first bad entry with exit 1', async () => {
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok).toMatchObject({ code: 0, out: 'audit log intact: 3 entries\n' });
    if (kind.name === 'postgres') await sql`DROP TRIGGER audit_log_append_only ON audit_log`.execute(store.db);
    else await sql`DROP TRIGGER audit_log_no_update`.execute(store.db);
    await store.db.updateTable('audit_log').set({ at: '2026-11-25T11:00:00.000Z' }).where('seq', '=', 2).execute();
    const bad = await runCli(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('AUDIT_CHAIN_BROKEN');
    expect(bad.err).toContain('entry 2');
    expect(JSON.parse((await runCli(['audit', 'verify', '--json'], env)).out)).toEqual({ ok: false, count: 1, firstBadSeq: 2, code: 'AUDIT_CHAIN_BROKEN' });
  });
});

describe('openmitid audit verify without a database', () => {
  it('refuses rather than creating an empty one', async () => {
    const tmp = tempDir();
    try {
      const r = await runCli(['audit', 'verify'], { DATABASE_URL: undefined, OPENMITID_DATA_DIR: `${tmp.dir}/nothing-here` });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/no database at/);
      // --data-dir wins over the environment, as for `openmitid serve`
      const flag = await runCli(['sms', 'outbox', '--data-dir', `${tmp.dir}/elsewhere`], { DATABASE_URL: undefined, OPENMITID_DATA_DIR: tmp.dir });
      expect(flag.err).toContain(`${tmp.dir}/elsewhere/`);
    } finally {
      tmp.remove();
    }
  });
});
