/**
 * ECDSA signatures in the two encodings eMRTDs meet: plain r ‖ s (BSI TR-03111 §5.2.1,
 * used by Active Authentication) and the DER SEQUENCE { r INTEGER, s INTEGER } of X.509/CMS.
 */
import { concat } from '../bytes.js';
import { MrtdError } from '../errors.js';
import { encodeTlv, readSingle, readTlv } from '../tlv.js';

function stripZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function derInteger(unsigned: Uint8Array): Uint8Array {
  const v = stripZeros(unsigned);
  return encodeTlv(0x02, (v[0]! & 0x80) !== 0 ? concat(Uint8Array.of(0), v) : v);
}

/** Plain r ‖ s (two equal halves) to DER. */
export function ecdsaPlainToDer(plain: Uint8Array): Uint8Array {
  if (plain.length === 0 || plain.length % 2 !== 0) throw new MrtdError('AA_SIGNATURE_INVALID', 'plain ECDSA signature must have two equal halves');
  const n = plain.length / 2;
  return encodeTlv(0x30, derInteger(plain.subarray(0, n)), derInteger(plain.subarray(n)));
}

/** DER to plain r ‖ s, each left-padded to `orderBytes`. Throws TLV errors on bad DER. */
export function ecdsaDerToPlain(der: Uint8Array, orderBytes: number): Uint8Array {
  const seq = readSingle(der, 0x30, 'ECDSA signature');
  const r = readTlv(seq.value, 0);
  const s = readTlv(seq.value, r.end);
  if (r.tag !== 0x02 || s.tag !== 0x02 || s.end !== seq.value.length) throw new MrtdError('TLV_MALFORMED', 'ECDSA signature is not SEQUENCE { INTEGER, INTEGER }');
  const out = new Uint8Array(orderBytes * 2);
  for (const [i, part] of [r.value, s.value].entries()) {
    const v = stripZeros(part);
    if (v.length > orderBytes) throw new MrtdError('TLV_MALFORMED', 'ECDSA integer longer than the group order');
    out.set(v, (i + 1) * orderBytes - v.length);
  }
  return out;
}
