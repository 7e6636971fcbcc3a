/** ISO/IEC 9797-1 padding method 2, the padding of every eMRTD cipher and MAC (Doc 9303 Part 11 §9.8.6). */
import { MrtdError } from '../errors.js';

/** Appends 0x80 then zeros up to the next multiple of `blockSize`; always adds at least one byte. */
export function padIso9797M2(data: Uint8Array, blockSize: number): Uint8Array {
  const out = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Strips the padding; throws SM_MALFORMED when the trailing bytes are not 0x80 00…00. */
export function unpadIso9797M2(data: Uint8Array): Uint8Array {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80) throw new MrtdError('SM_MALFORMED', 'ISO/IEC 9797-1 padding method 2 is missing');
  return data.slice(0, i);
}
