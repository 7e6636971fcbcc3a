/**
 * Rows of token_devices as typed objects, the sealed seed, and the one way to save a device:
 * inside a transaction, checking and bumping its version, retried when another server won.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import type { Database, TokenDevicesTable } from '../../infra/db/schema.js';
import type { PiiCipher } from '../../infra/pii/index.js';
import type { OtpHash, TotpParams } from './totp.js';

export type TokenKind = 'code-display' | 'code-reader';
export const TOKEN_KINDS: readonly TokenKind[] = ['code-display', 'code-reader'];

export type TokenStatus = 'in-stock' | 'assigned' | 'suspended' | 'revoked';

export type DeviceRow = Selectable<TokenDevicesTable>;

/** What may be shown about a device: everything but its seed. */
export interface TokenDevice {
  id: string;
  serial: string;
  kind: TokenKind;
  manufacturer: string | null;
  model: string | null;
  params: TotpParams;
  status: TokenStatus;
  drift: number;
  lastStep: number | null;
  failures: number;
  identityId: string | null;
  createdAt: string;
  updatedAt: string;
  activatedAt: string | null;
}

/** What the code-display engine needs from the server. */
export interface TokenDeps {
  db: Kysely<Database>;
  /** seals seeds at rest (infra/pii) */
  pii: PiiCipher;
  random: RandomSource;
}

/** The serial as printed may carry spaces or dashes between digit groups; stored without them, upper-case. */
export function normaliseSerial(serial: string): string {
  return serial.replace(/[\s-]/g, '').toUpperCase();
}

/** Wrong codes in a row that suspend a device (issue 4 §4). */
export const MAX_WRONG_CODES = 3;

// The serial is bound into the seal, so a sealed seed copied onto another device's row does not open.
const seedContext = (serial: string): string => `token.seed:${serial}`;

export function sealSeed(pii: PiiCipher, serial: string, secret: Uint8Array): string {
  return pii.encrypt(Buffer.from(secret).toString('base64'), seedContext(serial));
}

export function openSeed(pii: PiiCipher, row: Pick<DeviceRow, 'serial' | 'seed_sealed'>): Uint8Array {
  return new Uint8Array(Buffer.from(pii.decrypt(row.seed_sealed, seedContext(row.serial)), 'base64'));
}

export function paramsOf(row: DeviceRow): TotpParams {
  return { digits: row.digits, period: row.period, hash: row.hash as OtpHash, t0: Number(row.t0) };
}

export function toDevice(row: DeviceRow): TokenDevice {
  return {
    id: row.id,
    serial: row.serial,
    kind: row.kind as TokenKind,
    manufacturer: row.manufacturer,
    model: row.model,
    params: paramsOf(row),
    status: row.status as TokenStatus,
    drift: row.drift,
    lastStep: row.last_step === null ? null : Number(row.last_step),
    failures: row.failures,
    identityId: row.identity_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    activatedAt: row.activated_at,
  };
}

/** Another transaction saved the row since it was read: the whole attempt is run again. */
export class VersionConflict extends Error {
  override readonly name = 'VersionConflict';
}

export type DevicePatch = Partial<Pick<DeviceRow, 'status' | 'drift' | 'last_step' | 'failures' | 'identity_id' | 'activated_at'>>;

/** Saves `patch` only if the row still has the version that was read; otherwise throws VersionConflict. */
export async function saveDevice(trx: Transaction<Database>, row: DeviceRow, patch: DevicePatch, now: Date): Promise<void> {
  const result = await trx
    .updateTable('token_devices')
    .set({ ...patch, version: row.version + 1, updated_at: now.toISOString() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new VersionConflict('token device changed concurrently');
}

const MAX_ATTEMPTS = 8;

/**
 * Runs `work` in a transaction; when a save finds the row changed (another request or another
 * server got there first) the transaction is rolled back and `work` runs again on fresh rows.
 */
export async function inDeviceTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (e) {
      if (!isWriteConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}

/**
 * A lost race: our version check failed, or (SQLite with a second process, e.g. the CLI) the
 * snapshot we read went stale before we could write. Either way the attempt is re-run.
 */
function isWriteConflict(e: unknown): boolean {
  if (e instanceof VersionConflict) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001';
}

/** PostgreSQL 23505 or SQLite SQLITE_CONSTRAINT_UNIQUE: a unique index refused the write. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
