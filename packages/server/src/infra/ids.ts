import type { RandomSource } from '@openmitid/mrtd';

/** An unguessable identifier: `bytes` CSPRNG bytes (default 16 = 128 bits), base64url. */
export function newId(random: RandomSource, bytes = 16): string {
  return Buffer.from(random(bytes)).toString('base64url');
}
