/**
 * The code display / code reader path: "Nej, bestil" (an order with a delivery address) or
 * "Ja, aktivér": a new password twice → the serial and a code from the device.
 */
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { activateToken, placeOrder, type DeliveryAddress, type TokenKind } from '../../authenticators/code-display/index.js';
import { enginesOf } from './engines.js';
import { advance, type ActivationFlow } from './flow.js';
import { requireActiveIdentity } from './identity.js';
import type { ActivationOutcome } from './runner.js';

function kindOf(flow: ActivationFlow): TokenKind {
  const m = flow.data.method;
  if (m !== 'code-display' && m !== 'code-reader') throw new ApiError('FLOW_STEP_OUT_OF_ORDER', 'not a code display activation');
  return m;
}

export function orderStep(s: Services, address: DeliveryAddress) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    await requireActiveIdentity(s.db, flow.data.identityId);
    const order = await placeOrder(e.tokens, { identityId: flow.data.identityId, kind: kindOf(flow), address, now });
    return { next: advance(flow, 'token_ordered', { orderId: order.id }, now), event: 'token.ordered' };
  };
}

export function passwordStep(s: Services, password: string, repeat: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    const identity = await requireActiveIdentity(s.db, flow.data.identityId);
    await e.passwords.set({ identityId: flow.data.identityId, userId: identity.userId, password, repeat, now });
    return { next: advance(flow, 'password_set', {}, now) };
  };
}

/** Serial and code: the engine counts wrong codes (three in a row suspend the device) in its own transaction. */
export function tokenStep(s: Services, serial: string, code: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    await requireActiveIdentity(s.db, flow.data.identityId);
    kindOf(flow);
    await activateToken(e.tokens, { identityId: flow.data.identityId, serial, code, now });
    return { next: advance(flow, 'completed', {}, now), event: 'authenticator.activated' };
  };
}
