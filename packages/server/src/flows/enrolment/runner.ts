/**
 * How every enrolment step runs (design.md "A flow is a stored object"): load the flow,
 * refuse if expired or out of order, do the step's slow work outside any transaction,
 * then in ONE transaction apply its writes, save the flow with the version check and
 * append the audit event. A refusal is audited and changes nothing, unless the step says
 * what a refusal must still record (a wrong code counts as a try).
 */
import type { Kysely } from 'kysely';
import type { EnrolmentStep } from '@openmitid/api';
import type { Database } from '../../infra/db/schema.js';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { checkStep, type EnrolmentData, type EnrolmentFlow } from './flow.js';
import { loadFlow, saveFlow } from './store.js';

export interface StepOutcome {
  /** the flow to save (state and data); absent when the step changes nothing */
  next?: EnrolmentFlow;
  /** writes of the step, inside the transaction; may add data to the flow being saved */
  write?: (trx: Kysely<Database>, next: EnrolmentFlow) => Promise<Partial<EnrolmentData> | void>;
  /** after the commit (e.g. sending the SMS, which must not hold the transaction open) */
  afterCommit?: (saved: EnrolmentFlow) => Promise<void>;
  /** refuse after committing `next` */
  refuse?: ApiError;
  /** the success event type (default 'enrolment.step') */
  event?: string;
  identityId?: string;
}

/** A unique key another request took first (PostgreSQL 23505, SQLite constraint errors): the step lost a race. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export type StepWork = (flow: EnrolmentFlow, now: Date) => Promise<StepOutcome>;

export async function runStep(s: Services, id: string, step: EnrolmentStep, work: StepWork): Promise<EnrolmentFlow> {
  const now = s.clock.now();
  const flow = await loadFlow(s.db, id);
  if (!flow) throw new ApiError('FLOW_NOT_FOUND');
  let audited = false;
  try {
    checkStep(flow, step, now);
    const outcome = await work(flow, now);
    const commit = async (trx: Kysely<Database>): Promise<EnrolmentFlow> => {
      let next = outcome.next;
      const extra = next && outcome.write ? await outcome.write(trx, next) : undefined;
      if (next && extra) next = { ...next, data: { ...next.data, ...extra } };
      const result = next ? await saveFlow(trx, next) : flow;
      const identityId = result.data.identityId ?? outcome.identityId;
      // last statement: the audit head lock is held only until the commit
      await s.audit.append(
        trx,
        {
          type: outcome.refuse ? 'enrolment.step' : (outcome.event ?? 'enrolment.step'),
          outcome: outcome.refuse ? 'refused' : 'ok',
          ...(outcome.refuse ? { code: outcome.refuse.code } : {}),
          flowId: id,
          ...(identityId ? { identityId } : {}),
          details: { step, state: result.state },
        },
        now,
      );
      return result;
    };
    const saved = await s.db
      .transaction()
      .execute(commit)
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? new ApiError('FLOW_CONFLICT', 'another request took the same key first') : e;
      });
    audited = true;
    if (outcome.refuse) throw outcome.refuse;
    await outcome.afterCommit?.(saved);
    return saved;
  } catch (e) {
    if (!audited && e instanceof ApiError) {
      await s.audit.append(s.db, { type: 'enrolment.step', outcome: 'refused', code: e.code, flowId: id, details: { step } }, now);
    }
    throw e;
  }
}
