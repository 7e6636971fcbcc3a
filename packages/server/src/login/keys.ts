/**
 * The provider's keys, kept in the database so every instance signs with the same key and a
 * restart keeps sessions and published keys: ID token signing keys (ES256, and RS256 for
 * relying parties that cannot verify ECDSA), the cookie signing keys and the pairwise salt.
 * Private parts are sealed by the PII cipher (AES-256-GCM bound to the key id), so a database
 * dump alone cannot mint tokens.
 *
 * Rotation adds a generation: the newest generation signs; older ones stay published (and,
 * for cookies, accepted) until their `retires_at`, so tokens signed just before a rotation
 * still verify.
 */
import { generateKeyPair, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { secureRandom, type RandomSource } from '@openmitid/mrtd';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { newId } from '../infra/ids.js';
import { LoginError } from './errors.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export type SigningAlg = 'ES256' | 'RS256';
export const SIGNING_ALGS: readonly SigningAlg[] = ['ES256', 'RS256'];

type KeyKind = { use: 'sig'; alg: SigningAlg } | { use: 'cookie' | 'pairwise'; alg: 'secret' };

export interface KeyStoreDeps {
  db: Kysely<Database>;
  pii: PiiCipher;
  clock: Clock;
  random?: RandomSource;
}

export interface ProviderKeys {
  /** private JWKs for oidc-provider's `jwks`: per algorithm the current key first, then retiring ones */
  signing: JWK[];
  /** Keygrip keys for oidc-provider's `cookies.keys`: the current first (it signs), older ones verify */
  cookieKeys: string[];
  /** the stored pairwise salt (used when no salt is configured) */
  pairwiseSalt: Uint8Array;
}

/** A day: well past the ID token lifetime (1 h) and any sane JWKS cache on the relying party. */
export const DEFAULT_KEY_RETENTION_SECONDS = 24 * 60 * 60;

const sealContext = (kid: string): string => `oidc.key:${kid}`;

async function newSigningKey(alg: SigningAlg): Promise<{ kid: string; privateJwk: JWK; publicJwk: JWK }> {
  const pair =
    alg === 'ES256'
      ? await generateKeyPairAsync('ec', { namedCurve: 'P-256' })
      : await generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const pub = pair.publicKey.export({ format: 'jwk' }) as JsonWebKey as JWK;
  const kid = await calculateJwkThumbprint(pub, 'sha256');
  const meta = { kid, alg, use: 'sig' };
  return { kid, privateJwk: { ...(pair.privateKey.export({ format: 'jwk' }) as JsonWebKey as JWK), ...meta }, publicJwk: { ...pub, ...meta } };
}

/** Inserts one key generation; undefined when another instance inserted that generation first. */
async function insertGeneration(deps: KeyStoreDeps, kind: KeyKind, generation: number): Promise<string | undefined> {
  const random = deps.random ?? secureRandom;
  const createdAt = deps.clock.now().toISOString();
  let kid: string;
  let secret: string;
  let publicJwk: string | null = null;
  if (kind.use === 'sig') {
    const k = await newSigningKey(kind.alg);
    kid = k.kid;
    secret = JSON.stringify(k.privateJwk);
    publicJwk = JSON.stringify(k.publicJwk);
  } else {
    kid = `${kind.use}-${newId(random)}`;
    secret = Buffer.from(random(32)).toString('base64url');
  }
  const result = await deps.db
    .insertInto('oidc_keys')
    .values({
      kid,
      use: kind.use,
      alg: kind.alg,
      generation,
      private_sealed: deps.pii.encrypt(secret, sealContext(kid)),
      public_jwk: publicJwk,
      created_at: createdAt,
      retires_at: null,
    })
    .onConflict((oc) => oc.columns(['use', 'alg', 'generation']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? kid : undefined;
}

const KINDS: KeyKind[] = [
  { use: 'sig', alg: 'ES256' },
  { use: 'sig', alg: 'RS256' },
  { use: 'cookie', alg: 'secret' },
  { use: 'pairwise', alg: 'secret' },
];

/** Creates the first generation of each key that does not exist yet (first start). Safe to run from two instances at once. */
export async function ensureProviderKeys(deps: KeyStoreDeps): Promise<void> {
  const present = await deps.db.selectFrom('oidc_keys').select(['use', 'alg']).distinct().execute();
  for (const kind of KINDS) {
    if (!present.some((p) => p.use === kind.use && p.alg === kind.alg)) await insertGeneration(deps, kind, 1);
  }
}

async function liveRows(deps: KeyStoreDeps) {
  const now = deps.clock.now().toISOString();
  return deps.db
    .selectFrom('oidc_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retires_at', 'is', null), eb('retires_at', '>', now)]))
    .orderBy('generation', 'desc')
    .orderBy('kid')
    .execute();
}

/** Loads (creating on first start) every key the provider needs, opened with the PII cipher. */
export async function loadProviderKeys(deps: KeyStoreDeps): Promise<ProviderKeys> {
  await ensureProviderKeys(deps);
  const rows = await liveRows(deps);
  const open = (r: (typeof rows)[number]): string => deps.pii.decrypt(r.private_sealed, sealContext(r.kid));
  const signing: JWK[] = [];
  for (const alg of SIGNING_ALGS) {
    for (const r of rows.filter((x) => x.use === 'sig' && x.alg === alg)) signing.push(JSON.parse(open(r)) as JWK);
  }
  const cookieKeys = rows.filter((r) => r.use === 'cookie').map(open);
  const salt = rows.find((r) => r.use === 'pairwise');
  if (!salt) throw new Error('the pairwise salt is missing from oidc_keys');
  return { signing, cookieKeys, pairwiseSalt: new Uint8Array(Buffer.from(open(salt), 'base64url')) };
}

/** The ids of the live keys, as one string: it changes when a key is added or retires. */
export async function liveKeyIds(deps: KeyStoreDeps): Promise<string> {
  return (await liveRows(deps)).map((r) => r.kid).sort().join(' ');
}

/** The public JWK set as published: every live signing key. */
export async function publishedJwks(deps: KeyStoreDeps): Promise<{ keys: JWK[] }> {
  const rows = await liveRows(deps);
  return { keys: rows.filter((r) => r.use === 'sig' && r.public_jwk !== null).map((r) => JSON.parse(r.public_jwk!) as JWK) };
}

async function rotate(deps: KeyStoreDeps, kind: KeyKind, retentionSeconds: number): Promise<string> {
  await ensureProviderKeys(deps);
  const top = await deps.db
    .selectFrom('oidc_keys')
    .select((eb) => eb.fn.max('generation').as('g'))
    .where('use', '=', kind.use)
    .where('alg', '=', kind.alg)
    .executeTakeFirst();
  const generation = Number(top?.g ?? 0) + 1;
  const kid = await insertGeneration(deps, kind, generation);
  if (kid === undefined) throw new LoginError('OIDC_KEY_ROTATION_RACE', `another rotation of ${kind.use}/${kind.alg} keys ran at the same time`);
  const retiresAt = new Date(deps.clock.now().getTime() + retentionSeconds * 1000).toISOString();
  // only the rows that were current until now get a retirement date; an older date is never pushed back
  await deps.db
    .updateTable('oidc_keys')
    .set({ retires_at: retiresAt })
    .where('use', '=', kind.use)
    .where('alg', '=', kind.alg)
    .where('generation', '<', generation)
    .where('retires_at', 'is', null)
    .execute();
  return kid;
}

/**
 * Makes a new signing key per algorithm current; the previous ones stay published for
 * `retentionSeconds`. Running instances pick the new keys up when they reload their provider.
 */
export async function rotateSigningKeys(deps: KeyStoreDeps, retentionSeconds = DEFAULT_KEY_RETENTION_SECONDS): Promise<string[]> {
  const kids: string[] = [];
  for (const alg of SIGNING_ALGS) kids.push(await rotate(deps, { use: 'sig', alg }, retentionSeconds));
  return kids;
}

/** A new cookie key signs from now on; older ones keep verifying cookies until they retire. */
export async function rotateCookieKeys(deps: KeyStoreDeps, retentionSeconds = DEFAULT_KEY_RETENTION_SECONDS): Promise<string> {
  return rotate(deps, { use: 'cookie', alg: 'secret' }, retentionSeconds);
}

/** Deletes keys whose retirement date has passed. */
export async function deleteRetiredKeys(deps: KeyStoreDeps): Promise<number> {
  const r = await deps.db.deleteFrom('oidc_keys').where('retires_at', '<=', deps.clock.now().toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}
