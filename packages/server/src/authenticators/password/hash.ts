/**
 * argon2id (RFC 9106) through @node-rs/argon2: PHC strings in the database, the salt from the
 * injected CSPRNG, and the check whether a stored hash was made with other parameters.
 */
import { hash, parseOptions, verify, type Options } from '@node-rs/argon2';
import type { RandomSource } from '@openmitid/mrtd';
import type { Argon2Params } from './settings.js';

// @node-rs/argon2's Algorithm and Version are ambient const enums, which isolated modules cannot
// import; these are their values (Algorithm.Argon2id, Version.V0x13).
const ARGON2ID = 2;
const V0x13 = 1;
const SALT_BYTES = 16;

function options(params: Argon2Params, salt?: Uint8Array): Options {
  return {
    algorithm: ARGON2ID as Options['algorithm'],
    version: V0x13 as Options['version'],
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: 32,
    ...(salt ? { salt } : {}),
  };
}

/** The PHC string of `password` (already normalised) under `params` with a fresh 16-byte salt. */
export function hashPassword(password: string, params: Argon2Params, random: RandomSource): Promise<string> {
  return hash(password, options(params, random(SALT_BYTES)));
}

/** True when `password` matches `phc`. The comparison inside argon2 is constant time; a malformed hash is a mismatch. */
export async function verifyPasswordHash(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** True when `phc` was not made by argon2id v1.3 with exactly `params` (so it should be rehashed). */
export function needsRehash(phc: string, params: Argon2Params): boolean {
  try {
    const o = parseOptions(phc);
    return (
      (o.algorithm as number) !== ARGON2ID ||
      (o.version as number) !== V0x13 ||
      o.memoryCost !== params.memoryKiB ||
      o.timeCost !== params.iterations ||
      o.parallelism !== params.parallelism ||
      o.saltLen < SALT_BYTES
    );
  } catch {
    return true;
  }
}
