/** "Kom i gang" and reading a flow; the steps themselves run through runner.ts. */
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../infra/ids.js';
import { newEnrolmentFlow, viewOf, type EnrolmentFlow } from './flow.js';
import { insertFlow, loadFlow } from './store.js';

/** 192-bit flow ids: the id is what lets a device continue its flow. */
const FLOW_ID_BYTES = 24;

export async function startEnrolment(s: Services, client: string): Promise<EnrolmentFlow> {
  const now = s.clock.now();
  const limit = await s.limiter.hit(s.db, `enrolment-start:${client}`, s.config.startsPerMinute, 60, now);
  if (!limit.allowed) {
    await s.audit.append(s.db, { type: 'limit.reached', outcome: 'refused', code: 'RATE_LIMITED', details: { limit: 'enrolment-start' } }, now);
    throw new ApiError('RATE_LIMITED', 'too many flows started', { retryAfterSeconds: limit.retryAfterSeconds });
  }
  const flow = newEnrolmentFlow(newId(s.random, FLOW_ID_BYTES), now, s.config.flowTtlSeconds);
  await s.db.transaction().execute(async (trx) => {
    await insertFlow(trx, flow);
    await s.audit.append(trx, { type: 'flow.started', outcome: 'ok', flowId: flow.id, details: { kind: 'enrolment' } }, now);
  });
  return flow;
}

export async function getEnrolment(s: Services, id: string): Promise<EnrolmentFlow> {
  const flow = await loadFlow(s.db, id);
  if (!flow) throw new ApiError('FLOW_NOT_FOUND');
  return flow;
}

export function enrolmentView(s: Services, flow: EnrolmentFlow) {
  return viewOf(flow, { termsVersion: s.config.termsVersion, countries: s.config.countries.map((c) => c.code) });
}
