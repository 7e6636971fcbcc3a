/** Loads and saves enrolment flows; every save checks and bumps the version (optimistic locking). */
import type { Kysely } from 'kysely';
import type { EnrolmentState } from '@openmitid/api';
import type { Database } from '../../infra/db/schema.js';
import { flowStore } from '../flow-store.js';
import { purgeExpiredFaceImages } from '../../proofing/face/record.js';
import type { EnrolmentData, EnrolmentFlow } from './flow.js';

const store = flowStore<'enrolment', EnrolmentState, EnrolmentData>('enrolment');

export const insertFlow: (db: Kysely<Database>, flow: EnrolmentFlow) => Promise<void> = store.insert;
export const loadFlow: (db: Kysely<Database>, id: string) => Promise<EnrolmentFlow | undefined> = store.load;
/** Saves with the optimistic version check (FLOW_CONFLICT when another request saved first). */
export const saveFlow: (trx: Kysely<Database>, next: EnrolmentFlow) => Promise<EnrolmentFlow> = store.save;

/** Expired flows are kept this long, so a late request still hears FLOW_EXPIRED rather than FLOW_NOT_FOUND. */
export const EXPIRED_FLOW_GRACE_SECONDS = 86_400;

/** Deletes flows expired for longer than the grace period, user-ID holds that lapsed with their flow, and retained face images past their period. */
export async function purgeExpiredFlows(db: Kysely<Database>, now: Date): Promise<number> {
  await purgeExpiredFaceImages(db, now);
  await db.deleteFrom('user_id_claims').where('identity_id', 'is', null).where('expires_at', '<=', now.toISOString()).execute();
  const cutoff = new Date(now.getTime() - EXPIRED_FLOW_GRACE_SECONDS * 1000).toISOString();
  const r = await db.deleteFrom('flows').where('expires_at', '<=', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
