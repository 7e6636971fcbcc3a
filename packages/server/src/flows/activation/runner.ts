/**
 * How every activation step runs, the same pipeline as enrolment (flows/enrolment/runner.ts):
 * load the flow, refuse if expired or out of order, do the step's slow or self-committing
 * work (OPAQUE, argon2id, attempt counters that must survive a refusal), then in ONE
 * transaction apply the step's writes, save the flow with the version check and append the
 * audit event. A refusal is audited and leaves the flow as it was.
 */
import type { Kysely } from 'kysely';
import type { ActivationStep } from '@openmitid/api';
import type { Database } from '../../infra/db/schema.js';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { checkStep, type ActivationData, type ActivationFlow } from './flow.js';
import { loadActivationFlow, saveActivationFlow } from './store.js';

export interface ActivationOutcome {
  next?: ActivationFlow;
  /** writes inside the transaction (only through `trx`: SQLite has one connection) */
  write?: (trx: Kysely<Database>, next: ActivationFlow) => Promise<Partial<ActivationData> | void>;
  afterCommit?: (saved: ActivationFlow) => Promise<void>;
  event?: string;
}

export type ActivationWork = (flow: ActivationFlow, now: Date) => Promise<ActivationOutcome>;

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function runActivationStep(s: Services, id: string, step: ActivationStep, work: ActivationWork): Promise<ActivationFlow> {
  const now = s.clock.now();
  const flow = await loadActivationFlow(s.db, id);
  if (!flow) throw new ApiError('FLOW_NOT_FOUND');
  const base = { flowId: id, identityId: flow.data.identityId };
  try {
    checkStep(flow, step, now);
    const outcome = await work(flow, now);
    const saved = await s.db
      .transaction()
      .execute(async (trx) => {
        let next = outcome.next;
        const extra = next && outcome.write ? await outcome.write(trx, next) : undefined;
        if (next && extra) next = { ...next, data: { ...next.data, ...extra } };
        const result = next ? await saveActivationFlow(trx, next) : flow;
        await s.audit.append(trx, { type: outcome.event ?? 'activation.step', outcome: 'ok', ...base, details: { step, state: result.state } }, now);
        return result;
      })
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? new ApiError('FLOW_CONFLICT', 'another request took the same key first') : e;
      });
    await outcome.afterCommit?.(saved);
    return saved;
  } catch (e) {
    if (e instanceof ApiError) {
      await s.audit.append(s.db, { type: 'activation.step', outcome: 'refused', code: e.code, ...base, details: { step } }, now);
    }
    throw e;
  }
}
