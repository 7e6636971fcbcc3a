/** Loads and saves activation flows in the shared `flows` table; every save checks and bumps the version. */
import type { Kysely } from 'kysely';
import type { ActivationState } from '@openmitid/api';
import type { Database } from '../../infra/db/schema.js';
import { ApiError } from '../../errors.js';
import type { ActivationData, ActivationFlow } from './flow.js';

export async function insertActivationFlow(db: Kysely<Database>, flow: ActivationFlow): Promise<void> {
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
}

export async function loadActivationFlow(db: Kysely<Database>, id: string): Promise<ActivationFlow | undefined> {
  const row = await db.selectFrom('flows').selectAll().where('id', '=', id).where('kind', '=', 'activation').executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    kind: 'activation',
    state: row.state as ActivationState,
    version: row.version,
    expiresAt: new Date(row.expires_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    data: JSON.parse(row.data) as ActivationData,
  };
}

/** Writes `next` if the stored flow is still at `next.version` (else FLOW_CONFLICT and the transaction rolls back). */
export async function saveActivationFlow(trx: Kysely<Database>, next: ActivationFlow): Promise<ActivationFlow> {
  const result = await trx
    .updateTable('flows')
    .set({ state: next.state, version: next.version + 1, updated_at: next.updatedAt.toISOString(), data: JSON.stringify(next.data) })
    .where('id', '=', next.id)
    .where('kind', '=', 'activation')
    .where('version', '=', next.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ApiError('FLOW_CONFLICT', 'flow changed concurrently');
  return { ...next, version: next.version + 1 };
}
