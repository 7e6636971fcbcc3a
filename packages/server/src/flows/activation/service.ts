/**
 * Starting an activation: the last step of a completed enrolment flow. The enrolment flow id
 * is what the device holds; it is accepted only while that flow has not expired.
 */
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../infra/ids.js';
import { loadFlow } from '../enrolment/store.js';
import { newActivationFlow, type ActivationFlow } from './flow.js';
import { requireActiveIdentity } from './identity.js';
import { unblockIdentity } from '../../selfservice/identity-status.js';
import { insertActivationFlow, loadActivationFlow } from './store.js';

const FLOW_ID_BYTES = 24;

export async function startActivation(s: Services, enrolmentFlowId: string): Promise<ActivationFlow> {
  const now = s.clock.now();
  const enrolment = await loadFlow(s.db, enrolmentFlowId);
  if (!enrolment) throw new ApiError('FLOW_NOT_FOUND');
  if (now.getTime() >= enrolment.expiresAt.getTime()) throw new ApiError('FLOW_EXPIRED', 'enrolment flow expired');
  const identityId = enrolment.data.identityId;
  if (enrolment.state !== 'completed' || !identityId) throw new ApiError('FLOW_STEP_OUT_OF_ORDER', 'enrolment not completed', { state: enrolment.state });
  const identity = await s.db.selectFrom('identities').select(['status', 'updated_at']).where('id', '=', identityId).executeTakeFirst();
  // enrolling again after a block (the enrolment completed after the block was set) lifts it
  if (identity?.status === 'blocked' && enrolment.updatedAt.toISOString() >= identity.updated_at) await unblockIdentity(s, identityId, now, 're-enrolment');
  await requireActiveIdentity(s.db, identityId);
  const flow = newActivationFlow(newId(s.random, FLOW_ID_BYTES), { identityId, enrolmentFlowId: enrolment.id }, now, s.config.flowTtlSeconds);
  await s.db.transaction().execute(async (trx) => {
    await insertActivationFlow(trx, flow);
    await s.audit.append(trx, { type: 'flow.started', outcome: 'ok', flowId: flow.id, identityId, details: { kind: 'activation' } }, now);
  });
  return flow;
}

export async function getActivation(s: Services, id: string): Promise<ActivationFlow> {
  const flow = await loadActivationFlow(s.db, id);
  if (!flow) throw new ApiError('FLOW_NOT_FOUND');
  return flow;
}
