/** The identity's FIDO credentials as stored (one row per security key). */
import type { Kysely, Selectable } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import type { FidoCredentialsTable } from '../../infra/db/schema.js';
import type { AttestationFormatName, ChipSettings } from './settings.js';

/** What the chip engine needs from the server. */
export interface ChipDeps {
  db: Kysely<Database>;
  /** the CSPRNG challenges and ceremony ids come from */
  random: RandomSource;
  settings: ChipSettings;
}

export type FidoStatus = 'active' | 'suspended' | 'revoked';

export interface FidoCredential {
  /** credential id, base64url */
  id: string;
  identityId: string;
  /** COSE_Key */
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  aaguid: string;
  attestationFormat: AttestationFormatName;
  status: FidoStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export type FidoRow = Selectable<FidoCredentialsTable>;

export function toCredential(row: FidoRow): FidoCredential {
  return {
    id: row.id,
    identityId: row.identity_id,
    publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as string[],
    aaguid: row.aaguid,
    attestationFormat: row.attestation_format as AttestationFormatName,
    status: row.status as FidoStatus,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  };
}

/** Every key of the identity that is not revoked, oldest first. */
export async function listChips(db: Kysely<Database>, identityId: string): Promise<FidoCredential[]> {
  const rows = await db
    .selectFrom('fido_credentials')
    .selectAll()
    .where('identity_id', '=', identityId)
    .where('status', '!=', 'revoked')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toCredential);
}

/** Removes a key for good; its row stays (revoked) so the same key cannot be registered again unnoticed. */
export async function removeChip(db: Kysely<Database>, identityId: string, credentialId: string, now: Date): Promise<void> {
  const r = await db
    .updateTable('fido_credentials')
    .set({ status: 'revoked', updated_at: now.toISOString() })
    .where('id', '=', credentialId)
    .where('identity_id', '=', identityId)
    .where('status', '!=', 'revoked')
    .executeTakeFirst();
  if (r.numUpdatedRows !== 1n) throw new ApiError('FIDO_CREDENTIAL_UNKNOWN', 'no such key');
}

/** Lifts a suspension (after a counter regression) once an operator has checked the holder. */
export async function reinstateChip(db: Kysely<Database>, credentialId: string, now: Date): Promise<void> {
  const r = await db
    .updateTable('fido_credentials')
    .set({ status: 'active', updated_at: now.toISOString() })
    .where('id', '=', credentialId)
    .where('status', '=', 'suspended')
    .executeTakeFirst();
  if (r.numUpdatedRows !== 1n) throw new ApiError('FIDO_CREDENTIAL_UNKNOWN', 'no such suspended key');
}

/** A random 16-byte WebAuthn user handle per identity would need a table; the identity id is already random and holds no personal data. */
export function userHandleOf(identityId: string): Uint8Array {
  return new TextEncoder().encode(identityId);
}
