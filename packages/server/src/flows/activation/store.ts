/** Loads and saves activation flows in the shared `flows` table; every save checks and bumps the version. */
import type { Kysely } from 'kysely';
import type { ActivationState } from '@openmitid/api';
import type { Database } from '../../infra/db/schema.js';
import { flowStore } from '../flow-store.js';
import type { ActivationData, ActivationFlow } from './flow.js';

const store = flowStore<'activation', ActivationState, ActivationData>('activation');

export const insertActivationFlow: (db: Kysely<Database>, flow: ActivationFlow) => Promise<void> = store.insert;
export const loadActivationFlow: (db: Kysely<Database>, id: string) => Promise<ActivationFlow | undefined> = store.load;
/** Saves with the optimistic version check (FLOW_CONFLICT when another request saved first). */
export const saveActivationFlow: (trx: Kysely<Database>, next: ActivationFlow) => Promise<ActivationFlow> = store.save;
