/**
 * WebAuthn ceremonies in progress: the challenge the server chose, kept server-side with an
 * expiry and taken (deleted) by the one request that finishes it, so a ceremony answers once.
 */
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import { newId } from '../../infra/ids.js';

export type CeremonyKind = 'registration' | 'authentication';

export interface Ceremony {
  id: string;
  identityId: string;
  kind: CeremonyKind;
  /** 32 CSPRNG bytes */
  challenge: Uint8Array;
  expiresAt: Date;
}

export const CHALLENGE_BYTES = 32;

export async function startCeremony(
  db: Kysely<Database>,
  random: RandomSource,
  input: { identityId: string; kind: CeremonyKind; now: Date; seconds: number },
): Promise<Ceremony> {
  const ceremony: Ceremony = {
    id: newId(random),
    identityId: input.identityId,
    kind: input.kind,
    challenge: random(CHALLENGE_BYTES),
    expiresAt: new Date(input.now.getTime() + input.seconds * 1000),
  };
  await db
    .insertInto('fido_ceremonies')
    .values({
      id: ceremony.id,
      identity_id: ceremony.identityId,
      kind: ceremony.kind,
      challenge: Buffer.from(ceremony.challenge).toString('base64url'),
      expires_at: ceremony.expiresAt.toISOString(),
      created_at: input.now.toISOString(),
    })
    .execute();
  return ceremony;
}

/**
 * Takes the ceremony for good (whatever the outcome of the answer that follows). Refusals:
 * FIDO_CEREMONY_NOT_FOUND (unknown, already used, or another identity's or kind's),
 * FIDO_CEREMONY_EXPIRED.
 */
export async function takeCeremony(db: Kysely<Database>, input: { id: string; identityId: string; kind: CeremonyKind; now: Date }): Promise<Ceremony> {
  if (typeof input.id !== 'string' || input.id.length === 0 || input.id.length > 64) throw new ApiError('FIDO_CEREMONY_NOT_FOUND', 'no such ceremony');
  const row = await db
    .deleteFrom('fido_ceremonies')
    .where('id', '=', input.id)
    .where('identity_id', '=', input.identityId)
    .where('kind', '=', input.kind)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new ApiError('FIDO_CEREMONY_NOT_FOUND', 'no such ceremony, or already used');
  if (row.expires_at <= input.now.toISOString()) throw new ApiError('FIDO_CEREMONY_EXPIRED', 'ceremony expired');
  return {
    id: row.id,
    identityId: row.identity_id,
    kind: row.kind as CeremonyKind,
    challenge: new Uint8Array(Buffer.from(row.challenge, 'base64url')),
    expiresAt: new Date(row.expires_at),
  };
}

/** Deletes ceremonies that were started and never finished. */
export async function purgeExpiredCeremonies(db: Kysely<Database>, now: Date): Promise<number> {
  const r = await db.deleteFrom('fido_ceremonies').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}
