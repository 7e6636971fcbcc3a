/** How long a file is, learned from the first bytes of its outer TLV. */
import { MrtdError } from '../errors.js';

/** The number of bytes the TLV starting `prefix` occupies, tag and length included. */
export function tlvExtent(prefix: Uint8Array, what: string): number {
  let p = 0;
  const next = (): number => {
    const b = prefix[p++];
    if (b === undefined) throw new MrtdError('TLV_TRUNCATED', `${what}: file shorter than its TLV header`);
    return b;
  };
  const first = next();
  if ((first & 0x1f) === 0x1f) {
    let count = 0;
    while (next() & 0x80) {
      if (++count >= 2) throw new MrtdError('TLV_MALFORMED', `${what}: tag longer than 3 bytes`);
    }
  }
  let length = next();
  if (length === 0x80) throw new MrtdError('TLV_MALFORMED', `${what}: indefinite length`);
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > 3) throw new MrtdError('TLV_MALFORMED', `${what}: length of ${n} bytes is beyond any LDS file`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + next();
  }
  return p + length;
}
