/**
 * Activation of a code display or code reader (issue 4 §4): the serial number and a code from
 * the device tie an in-stock device to an identity; and the later check of a code from the
 * identity's device. Each runs as one transaction that re-runs if another server changed the
 * device meanwhile, so a code can never be accepted twice, not even by two servers at once.
 */
import type { Transaction } from 'kysely';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/schema.js';
import { attemptCode, refusal, type AttemptOutcome } from './code-attempt.js';
import { markOrderActivated } from './orders.js';
import { inDeviceTransaction, isUniqueViolation, normaliseSerial, saveDevice, toDevice, type TokenDeps, type TokenDevice } from './token-store.js';

export interface ActivateTokenInput {
  identityId: string;
  serial: string;
  code: string;
  now: Date;
}

export interface CodeAccepted {
  device: TokenDevice;
  /** the time step the code belonged to (now remembered as used) */
  step: number;
}

async function deviceOf(trx: Transaction<Database>, identityId: string) {
  return trx
    .selectFrom('token_devices')
    .selectAll()
    .where('identity_id', '=', identityId)
    .where('status', '<>', 'revoked')
    .executeTakeFirst();
}

type Result = { outcome: AttemptOutcome; device: TokenDevice };

function finish(result: Result): CodeAccepted {
  if (result.outcome.kind !== 'accepted') throw refusal(result.outcome);
  return { device: result.device, step: result.outcome.step };
}

/**
 * Assigns the device with `serial` to the identity if `code` is right. Refusals:
 * TOKEN_UNKNOWN_SERIAL, TOKEN_ALREADY_HAS_ONE, TOKEN_NOT_AVAILABLE, TOKEN_SUSPENDED,
 * TOKEN_CODE_WRONG (counted; the third in a row suspends the device), TOKEN_CODE_REPLAYED.
 */
export async function activateToken(deps: TokenDeps, input: ActivateTokenInput): Promise<CodeAccepted> {
  let result: TokenAttempt;
  try {
    result = await inDeviceTransaction(deps.db, (trx) => attemptTokenActivation(trx, deps, input));
  } catch (e) {
    // another activation for the same identity won the race: the one-per-identity index refused this one
    if (isUniqueViolation(e)) throw new ApiError('TOKEN_ALREADY_HAS_ONE', 'identity already has a code display or code reader');
    throw e;
  }
  return finish(result);
}

export type TokenAttempt = Result;

/**
 * One activation attempt inside the caller's transaction (an activation step, so the device
 * and the flow change together). Serial and device refusals are thrown (nothing written); the
 * code's verdict is returned, with its row change (a counted wrong code, a suspension) already
 * written, so the caller commits it before refusing with `refusal(outcome)`. A device changed
 * by another server meanwhile throws VersionConflict (run the transaction again); a second
 * device won by a racing request makes the one-per-identity index refuse the write.
 */
export async function attemptTokenActivation(trx: Transaction<Database>, deps: TokenDeps, input: ActivateTokenInput): Promise<TokenAttempt> {
  const serial = normaliseSerial(input.serial);
  const row = await trx.selectFrom('token_devices').selectAll().where('serial', '=', serial).executeTakeFirst();
  if (!row) throw new ApiError('TOKEN_UNKNOWN_SERIAL', 'no device with that serial');
  if (await deviceOf(trx, input.identityId)) throw new ApiError('TOKEN_ALREADY_HAS_ONE', 'identity already has a code display or code reader');
  if (row.identity_id !== null || (row.status !== 'in-stock' && row.status !== 'suspended')) throw new ApiError('TOKEN_NOT_AVAILABLE', 'device is not in stock');
  const { outcome, patch } = attemptCode(deps.pii, row, input.code, input.now);
  const at = input.now.toISOString();
  const activation = outcome.kind === 'accepted' ? { status: 'assigned', identity_id: input.identityId, activated_at: at } : {};
  const full = patch && { ...patch, ...activation };
  if (full) await saveDevice(trx, row, full, input.now);
  if (outcome.kind === 'accepted') await markOrderActivated(trx, input.identityId, serial, input.now);
  return { outcome, device: toDevice({ ...row, ...full, updated_at: full ? at : row.updated_at }) };
}

export interface VerifyTokenCodeInput {
  identityId: string;
  code: string;
  now: Date;
}

/**
 * Checks a code from the identity's own device (login, approvals). Refusals: TOKEN_NOT_FOUND,
 * TOKEN_SUSPENDED, TOKEN_CODE_WRONG (counted), TOKEN_CODE_REPLAYED.
 */
export async function verifyTokenCode(deps: TokenDeps, input: VerifyTokenCodeInput): Promise<CodeAccepted> {
  const result = await inDeviceTransaction(deps.db, async (trx): Promise<Result> => {
    const row = await deviceOf(trx, input.identityId);
    if (!row) throw new ApiError('TOKEN_NOT_FOUND', 'identity has no code display or code reader');
    const { outcome, patch } = attemptCode(deps.pii, row, input.code, input.now);
    if (patch) await saveDevice(trx, row, patch, input.now);
    return { outcome, device: toDevice({ ...row, ...patch, updated_at: patch ? input.now.toISOString() : row.updated_at }) };
  });
  return finish(result);
}
