/**
 * Every flow kind lives in the one `flows` table as { id, kind, state, version, expiry, data }.
 * This is its persistence: load by id and kind, insert, and save with an optimistic
 * version check, so that of two requests racing on one flow exactly one step is stored.
 */
import type { Kysely } from 'kysely';
import { ApiError } from '../errors.js';
import type { Database } from '../infra/db/schema.js';

export interface StoredFlow<K extends string, S extends string, D> {
  id: string;
  kind: K;
  state: S;
  version: number;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  data: D;
}

export interface FlowStore<F> {
  insert(db: Kysely<Database>, flow: F): Promise<void>;
  load(db: Kysely<Database>, id: string): Promise<F | undefined>;
  /**
   * Writes `next` if the stored flow is still at `next.version`, and returns it with the
   * version bumped. Another request that saved first makes this one fail with FLOW_CONFLICT
   * (and its transaction roll back), so a step is never done twice.
   */
  save(trx: Kysely<Database>, next: F): Promise<F>;
}

export function flowStore<K extends string, S extends string, D>(kind: K): FlowStore<StoredFlow<K, S, D>> {
  return {
    async insert(db, flow) {
      await db
        .insertInto('flows')
        .values({
          id: flow.id,
          kind: flow.kind,
          state: flow.state,
          version: flow.version,
          expires_at: flow.expiresAt.toISOString(),
          created_at: flow.createdAt.toISOString(),
          updated_at: flow.updatedAt.toISOString(),
          data: JSON.stringify(flow.data),
        })
        .execute();
    },
    async load(db, id) {
      const row = await db.selectFrom('flows').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        kind,
        state: row.state as S,
        version: row.version,
        expiresAt: new Date(row.expires_at),
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
        data: JSON.parse(row.data) as D,
      };
    },
    async save(trx, next) {
      const result = await trx
        .updateTable('flows')
        .set({ state: next.state, version: next.version + 1, updated_at: next.updatedAt.toISOString(), data: JSON.stringify(next.data) })
        .where('id', '=', next.id)
        .where('kind', '=', kind)
        .where('version', '=', next.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new ApiError('FLOW_CONFLICT', 'flow changed concurrently');
      return { ...next, version: next.version + 1 };
    },
  };
}
