/**
 * One code typed from one device: the verdict and the row change it causes. Pure (row in,
 * outcome and patch out); the caller saves the patch in its transaction and only then answers,
 * so a wrong code is counted even though the request is refused.
 */
import { ApiError } from '../../errors.js';
import type { PiiCipher } from '../../infra/pii/index.js';
import { checkTotp } from './totp.js';
import { MAX_WRONG_CODES, openSeed, paramsOf, type DevicePatch, type DeviceRow } from './token-store.js';

export type AttemptOutcome =
  | { kind: 'accepted'; step: number }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'replayed' }
  /** this attempt was the last wrong code: the device is now suspended */
  | { kind: 'suspended-now' }
  | { kind: 'suspended' };

export interface Attempt {
  outcome: AttemptOutcome;
  patch: DevicePatch | undefined;
}

export function attemptCode(pii: PiiCipher, row: DeviceRow, code: string, now: Date): Attempt {
  if (row.status === 'suspended') return { outcome: { kind: 'suspended' }, patch: undefined };
  const params = paramsOf(row);
  // a malformed code is refused before it is counted: it is a typing slip, not a guess
  if (code.length !== params.digits || !/^\d+$/.test(code)) throw new ApiError('VALIDATION_FAILED', `a code is ${params.digits} digits`);
  const verdict = checkTotp(openSeed(pii, row), code, now, params, {
    drift: row.drift,
    lastStep: row.last_step === null ? null : Number(row.last_step),
  });
  switch (verdict.kind) {
    case 'accepted':
      return {
        outcome: { kind: 'accepted', step: verdict.step },
        patch: { drift: verdict.state.drift, last_step: verdict.step, failures: 0 },
      };
    case 'replayed':
      // neither a guess nor a success: the run of wrong codes is left as it is
      return { outcome: { kind: 'replayed' }, patch: undefined };
    case 'wrong': {
      const failures = row.failures + 1;
      if (failures >= MAX_WRONG_CODES) return { outcome: { kind: 'suspended-now' }, patch: { failures, status: 'suspended' } };
      return { outcome: { kind: 'wrong', attemptsLeft: MAX_WRONG_CODES - failures }, patch: { failures } };
    }
  }
}

/** The refusal for an outcome other than accepted (thrown after the transaction has committed). */
export function refusal(outcome: Exclude<AttemptOutcome, { kind: 'accepted' }>): ApiError {
  switch (outcome.kind) {
    case 'wrong':
      return new ApiError('TOKEN_CODE_WRONG', 'wrong code', { attemptsLeft: outcome.attemptsLeft });
    case 'replayed':
      return new ApiError('TOKEN_CODE_REPLAYED', 'code already used');
    case 'suspended-now':
    case 'suspended':
      return new ApiError('TOKEN_SUSPENDED', 'device suspended after wrong codes');
  }
}
