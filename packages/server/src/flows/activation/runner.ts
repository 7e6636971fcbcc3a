/**
 * How every activation step runs, the same pipeline as enrolment (flows/enrolment/runner.ts):
 * load the flow, refuse if expired or out of order, do the step's slow work (argon2id,
 * OPAQUE, reads), then in ONE transaction let the engines write through that transaction,
 * save the flow with the version check and append the audit event. So an engine change and
 * the flow step commit together or not at all: a lost race for the flow (FLOW_CONFLICT)
 * leaves no engine change behind.
 *
 * A refusal normally changes nothing. An attempt counter must still count (a wrong temporary
 * PIN, a wrong code, a used-up WebAuthn ceremony): the step's write then returns
 * `refuseAfterCommit(error)`, the runner commits what the engine wrote and the refusal's audit
 * event, leaves the flow where it was, and throws the refusal.
 */
import type { Transaction } from 'kysely';
import type { ActivationStep } from '@openmitid/api';
import type { Database } from '../../infra/db/schema.js';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { inDeviceTransaction, isUniqueViolation } from '../../authenticators/code-display/token-store.js';
import { checkStep, type ActivationData, type ActivationFlow } from './flow.js';
import { loadActivationFlow, saveActivationFlow } from './store.js';

/** A refusal whose writes (attempt counters) are committed while the flow stays as it was. */
export class RefuseAfterCommit {
  constructor(readonly error: ApiError) {}
}

export const refuseAfterCommit = (error: ApiError): RefuseAfterCommit => new RefuseAfterCommit(error);

export interface ActivationOutcome {
  next?: ActivationFlow;
  /**
   * The step's engine writes, inside the flow's transaction (only through `trx`: SQLite has one
   * connection). May add data to the flow being saved, or refuse after committing.
   */
  write?: (trx: Transaction<Database>, next: ActivationFlow) => Promise<Partial<ActivationData> | RefuseAfterCommit | void>;
  /** the refusal when a unique index refuses one of the step's writes (default FLOW_CONFLICT) */
  taken?: ApiError;
  afterCommit?: (saved: ActivationFlow) => Promise<void>;
  event?: string;
}

export type ActivationWork = (flow: ActivationFlow, now: Date) => Promise<ActivationOutcome>;

type Committed = { saved: ActivationFlow } | { refused: ApiError };

export async function runActivationStep(s: Services, id: string, step: ActivationStep, work: ActivationWork): Promise<ActivationFlow> {
  const now = s.clock.now();
  const flow = await loadActivationFlow(s.db, id);
  if (!flow) throw new ApiError('FLOW_NOT_FOUND');
  const base = { flowId: id, identityId: flow.data.identityId };
  let audited = false;
  try {
    checkStep(flow, step, now);
    const outcome = await work(flow, now);
    const commit = async (trx: Transaction<Database>): Promise<Committed> => {
      let next = outcome.next;
      const written = next && outcome.write ? await outcome.write(trx, next) : undefined;
      if (written instanceof RefuseAfterCommit) {
        await s.audit.append(trx, { type: 'activation.step', outcome: 'refused', code: written.error.code, ...base, details: { step } }, now);
        return { refused: written.error };
      }
      if (next && written) next = { ...next, data: { ...next.data, ...written } };
      const result = next ? await saveActivationFlow(trx, next) : flow;
      // last statement: the audit head lock is held only until the commit
      await s.audit.append(trx, { type: outcome.event ?? 'activation.step', outcome: 'ok', ...base, details: { step, state: result.state } }, now);
      return { saved: result };
    };
    // an engine row changed by another server between read and write (a token device's
    // version, a stale SQLite snapshot) runs the transaction again; a lost flow race does not
    const committed = await inDeviceTransaction(s.db, commit).catch((e: unknown) => {
      throw isUniqueViolation(e) || (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
        ? (outcome.taken ?? new ApiError('FLOW_CONFLICT', 'another request took the same key first'))
        : e;
    });
    if ('refused' in committed) {
      audited = true;
      throw committed.refused;
    }
    await outcome.afterCommit?.(committed.saved);
    return committed.saved;
  } catch (e) {
    if (!audited && e instanceof ApiError) {
      await s.audit.append(s.db, { type: 'activation.step', outcome: 'refused', code: e.code, ...base, details: { step } }, now);
    }
    throw e;
  }
}
