/**
 * The code display / code reader path: "Nej, bestil" (an order with a delivery address) or
 * "Ja, aktivér": a new password twice → the serial and a code from the device. Each engine
 * writes through the flow's transaction, so the order, the password or the device changes
 * only together with the flow step.
 */
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { attemptTokenActivation, codeRefusal, placeOrderIn, type DeliveryAddress, type TokenKind } from '../../authenticators/code-display/index.js';
import { enginesOf } from './engines.js';
import { advance, type ActivationFlow } from './flow.js';
import { requireActiveIdentity } from './identity.js';
import { refuseAfterCommit, type ActivationOutcome } from './runner.js';

function kindOf(flow: ActivationFlow): TokenKind {
  const m = flow.data.method;
  if (m !== 'code-display' && m !== 'code-reader') throw new ApiError('FLOW_STEP_OUT_OF_ORDER', 'not a code display activation');
  return m;
}

export function orderStep(s: Services, address: DeliveryAddress) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    await requireActiveIdentity(s.db, flow.data.identityId);
    const input = { identityId: flow.data.identityId, kind: kindOf(flow), address, now };
    return {
      next: advance(flow, 'token_ordered', {}, now),
      write: async (trx) => ({ orderId: (await placeOrderIn(trx, e.tokens, input)).id }),
      taken: new ApiError('TOKEN_ORDER_OPEN', 'an order for this identity is still open'),
      event: 'token.ordered',
    };
  };
}

/** The password rules and argon2id run before the transaction; only the hash is written in it. */
export function passwordStep(s: Services, password: string, repeat: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    const identity = await requireActiveIdentity(s.db, flow.data.identityId);
    const prepared = await e.passwords.prepare({ identityId: flow.data.identityId, userId: identity.userId, password, repeat, now });
    return {
      next: advance(flow, 'password_set', {}, now),
      write: async (trx) => {
        await e.passwords.store(prepared, trx);
      },
    };
  };
}

/** Serial and code: a wrong code is counted (three in a row suspend the device) and that count committed before the refusal. */
export function tokenStep(s: Services, serial: string, code: string) {
  return async (flow: ActivationFlow, now: Date): Promise<ActivationOutcome> => {
    const e = await enginesOf(s);
    await requireActiveIdentity(s.db, flow.data.identityId);
    kindOf(flow);
    return {
      next: advance(flow, 'completed', {}, now),
      write: async (trx) => {
        const attempt = await attemptTokenActivation(trx, e.tokens, { identityId: flow.data.identityId, serial, code, now });
        if (attempt.outcome.kind !== 'accepted') return refuseAfterCommit(codeRefusal(attempt.outcome));
      },
      taken: new ApiError('TOKEN_ALREADY_HAS_ONE', 'identity already has a code display or code reader'),
      event: 'authenticator.activated',
    };
  };
}
