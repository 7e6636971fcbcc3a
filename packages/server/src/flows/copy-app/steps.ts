/**
 * "Kopier fra anden MitID app" (issue 4 §3). The old, active app proves key and PIN (a PIN
 * check for purpose `copy`) and opens a copy session; it shows the live QR. The new device
 * hands in a scanned frame, which starts an activation flow (method `copy-app`); the user
 * enters their user-ID there, and the rest is the app path of activation (device key,
 * temporary PIN by SMS, PIN, biometrics, notifications), which enforces the limit again.
 */
import { equalBytes } from '@openmitid/mrtd';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { newId } from '../../infra/ids.js';
import { appAuthenticatorEngines, COPY_PIN_PURPOSE, type CopySessionGrant } from '../../authenticators/app/index.js';
import { userIdKey } from '../../identity/user-id-rules.js';
import { enginesOf } from '../activation/engines.js';
import { advance, newActivationFlow, type ActivationFlow } from '../activation/flow.js';
import { requireActiveIdentity } from '../activation/identity.js';
import type { ActivationOutcome } from '../activation/runner.js';
import { insertActivationFlow } from '../activation/store.js';

const FLOW_ID_BYTES = 24;
/** Wrong user-IDs one copy flow may try. */
const USER_ID_TRIES = 5;

/** The old app: finish a PIN check made for `copy`, then open the session. */
export async function openCopySession(s: Services, finish: { loginId: string; finishLoginRequest: string; signature: string }): Promise<CopySessionGrant> {
  const e = await enginesOf(s);
  const now = s.clock.now();
  const proof = await e.app.pins.finishLogin({ ...finish, now });
  try {
    await requireActiveIdentity(s.db, proof.identityId);
    if (proof.purpose !== COPY_PIN_PURPOSE) throw new ApiError('VALIDATION_FAILED', 'the PIN check was not made for copying');
    const grant = await e.app.copies.open(proof, now);
    await s.audit.append(s.db, { type: 'copy.opened', outcome: 'ok', identityId: proof.identityId, details: { appId: proof.appId } }, now);
    return grant;
  } catch (err) {
    if (err instanceof ApiError) await s.audit.append(s.db, { type: 'copy.opened', outcome: 'refused', code: err.code, identityId: proof.identityId }, now);
    throw err;
  }
}

/**
 * The new device: a scanned frame, accepted once, starts its activation flow. The session is
 * marked used in the same transaction that stores the flow, so a frame is never used up
 * without a flow to show for it.
 */
export async function startCopy(s: Services, qr: string): Promise<ActivationFlow> {
  const e = await enginesOf(s);
  const now = s.clock.now();
  try {
    return await s.db.transaction().execute(async (trx) => {
      const accepted = await appAuthenticatorEngines(trx, e.appSettings, s.random).copies.accept(qr, now);
      await requireActiveIdentity(trx, accepted.identityId);
      const flow = newActivationFlow(
        newId(s.random, FLOW_ID_BYTES),
        { identityId: accepted.identityId, copySessionId: accepted.sessionId, method: 'copy-app' },
        now,
        s.config.flowTtlSeconds,
      );
      await insertActivationFlow(trx, flow);
      await s.audit.append(trx, { type: 'flow.started', outcome: 'ok', flowId: flow.id, identityId: accepted.identityId, details: { kind: 'copy-app' } }, now);
      return flow;
    });
  } catch (err) {
    if (err instanceof ApiError) await s.audit.append(s.db, { type: 'copy.scanned', outcome: 'refused', code: err.code }, now);
    throw err;
  }
}

/** The user-ID entered on the new device must be the identity's (any case); tries are limited per flow. */
export function userIdStep(s: Services, userId: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const tries = await s.limiter.hit(s.db, `copy-user-id:${flow.id}`, USER_ID_TRIES, 3600, now);
    if (!tries.allowed) throw new ApiError('RATE_LIMITED', 'too many user-IDs tried', { retryAfterSeconds: tries.retryAfterSeconds });
    const row = await s.db.selectFrom('identities').select('user_id_key').where('id', '=', flow.data.identityId).executeTakeFirst();
    await requireActiveIdentity(s.db, flow.data.identityId);
    const given = Buffer.from(userIdKey(userId));
    if (!row || !equalBytes(given, Buffer.from(row.user_id_key))) throw new ApiError('COPY_USER_ID_WRONG', 'not this identity’s user-ID');
    return { next: advance(flow, 'method_chosen', {}, now) };
  };
}
