import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../src/infra/db/index.js';
import { createPgDatabase, stores, type TestStore } from './support/db.js';

describe.each(stores)('database on $name', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('migrates once; a second run applies nothing', async () => {
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it('stores and reads a flow row', async () => {
    const row = {
      id: 'f1',
      kind: 'enrolment',
      state: 'started',
      version: 1,
      expires_at: '2026-11-25T11:00:00.000Z',
      created_at: '2026-11-25T10:00:00.000Z',
      updated_at: '2026-11-25T10:00:00.000Z',
      data: '{}',
    };
    await store.db.insertInto('flows').values(row).execute();
    expect(await store.db.selectFrom('flows').selectAll().where('id', '=', 'f1').executeTakeFirst()).toEqual(row);
    const count = await store.db.selectFrom('flows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('enforces foreign keys and unique keys', async () => {
    await expect(
      store.db.insertInto('person_documents').values({ match_hash: 'm', person_id: 'nobody', created_at: 'x' }).execute(),
    ).rejects.toThrow();
    await store.db.insertInto('user_id_claims').values({ user_id_key: 'anna', flow_id: 'f1', identity_id: null, expires_at: null, created_at: 'x' }).execute();
    await expect(
      store.db.insertInto('user_id_claims').values({ user_id_key: 'anna', flow_id: 'f2', identity_id: null, expires_at: null, created_at: 'x' }).execute(),
    ).rejects.toThrow();
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.insertInto('flows').values({ id: 'f2', kind: 'k', state: 's', version: 1, expires_at: 'x', created_at: 'x', updated_at: 'x', data: '{}' }).execute();
        await sql`select * from no_such_table`.execute(trx);
      }),
    ).rejects.toThrow();
    expect(await store.db.selectFrom('flows').select('id').where('id', '=', 'f2').executeTakeFirst()).toBeUndefined();
  });
});

describe('PostgreSQL connection lost while idle', () => {
  it('survives the database ending an idle connection: reported, replaced, the next query works', async () => {
    const pgdb = await createPgDatabase();
    const errors: string[] = [];
    const opened = await openDatabase({ dataDir: '/nonexistent', databaseUrl: pgdb.url, onIdleError: (e) => errors.push(e.message) });
    try {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(opened.db)).rows[0]!.pid;
      // an operator (or a restart) ends the session while the pool holds it idle
      const admin = await openDatabase({ dataDir: '/nonexistent', databaseUrl: pgdb.url });
      try {
        await sql`select pg_terminate_backend(${pid})`.execute(admin.db);
      } finally {
        await admin.close();
      }
      await expect.poll(() => errors.length).toBe(1);
      expect(errors[0]).toMatch(/terminat/);
      expect((await sql<{ one: number }>`select 1 as one`.execute(opened.db)).rows[0]!.one).toBe(1);
    } finally {
      await opened.close();
      await pgdb.drop();
    }
  });
});
