/**
 * The operator's view of the stock: look a device up, list by status, lift a suspension,
 * revoke a lost device (which frees its identity to activate another).
 */
import { ApiError } from '../../errors.js';
import { inDeviceTransaction, normaliseSerial, saveDevice, toDevice, type TokenDeps, type TokenDevice, type TokenStatus } from './token-store.js';

export async function getToken(deps: TokenDeps, serial: string): Promise<TokenDevice> {
  const row = await deps.db.selectFrom('token_devices').selectAll().where('serial', '=', normaliseSerial(serial)).executeTakeFirst();
  if (!row) throw new ApiError('TOKEN_NOT_FOUND', 'no device with that serial');
  return toDevice(row);
}

export async function listTokens(deps: TokenDeps, filter: { status?: TokenStatus; identityId?: string } = {}): Promise<TokenDevice[]> {
  let q = deps.db.selectFrom('token_devices').selectAll().orderBy('serial');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.identityId) q = q.where('identity_id', '=', filter.identityId);
  return (await q.execute()).map(toDevice);
}

async function change(deps: TokenDeps, serial: string, now: Date, decide: (d: TokenDevice) => Parameters<typeof saveDevice>[2]): Promise<TokenDevice> {
  return inDeviceTransaction(deps.db, async (trx) => {
    const row = await trx.selectFrom('token_devices').selectAll().where('serial', '=', normaliseSerial(serial)).executeTakeFirst();
    if (!row) throw new ApiError('TOKEN_NOT_FOUND', 'no device with that serial');
    const patch = decide(toDevice(row));
    await saveDevice(trx, row, patch, now);
    return toDevice({ ...row, ...patch, updated_at: now.toISOString() });
  });
}

/** Lifts a suspension after an operator has checked the holder: back to its owner, or to stock. */
export function reinstateToken(deps: TokenDeps, serial: string, now: Date): Promise<TokenDevice> {
  return change(deps, serial, now, (d) => {
    if (d.status !== 'suspended') throw new ApiError('TOKEN_NOT_AVAILABLE', 'device is not suspended');
    return { status: d.identityId ? 'assigned' : 'in-stock', failures: 0 };
  });
}

/** Revokes a device for good (lost, stolen, returned). Its row stays for the record. */
export function revokeToken(deps: TokenDeps, serial: string, now: Date): Promise<TokenDevice> {
  return change(deps, serial, now, (d) => {
    if (d.status === 'revoked') throw new ApiError('TOKEN_NOT_AVAILABLE', 'device is already revoked');
    return { status: 'revoked' };
  });
}
