/**
 * The DES block cipher (FIPS 46-3) in plain TypeScript, so BAC and 3DES secure messaging
 * run in browsers as well as Node (whose OpenSSL 3 no longer ships single DES anyway).
 * All tables below are carried over from FIPS 46-3 (1999), §"Primitive functions" and
 * Appendix 1; the permutations are turned into byte lookup tables once at load.
 *
 * A 64-bit block is held as two 32-bit halves, bit 1 of the standard in the high bit.
 */

// prettier-ignore
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
  62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
  61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];

// prettier-ignore
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];

// prettier-ignore
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];

// prettier-ignore
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];

const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

// prettier-ignore
const S: readonly (readonly number[])[] = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
   4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
   0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
   13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
   10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
   4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
   9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
   1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
   7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];

/** Bit `n` (1 = most significant) of a 32-bit word. */
function bit32(x: number, n: number): number {
  return (x >>> (32 - n)) & 1;
}

/**
 * A 64-bit permutation as 8 × 256 lookups: entry [byte position, byte value] holds the
 * output bits that this input byte contributes, as a (high, low) pair.
 */
function byteTables(table: readonly number[]): Int32Array {
  const out = new Int32Array(8 * 256 * 2);
  for (let j = 0; j < 64; j++) {
    const src = table[j]! - 1;
    const pos = src >> 3;
    const mask = 0x80 >> (src & 7);
    for (let v = 0; v < 256; v++) {
      if ((v & mask) === 0) continue;
      const at = (pos * 256 + v) * 2 + (j < 32 ? 0 : 1);
      out[at] = out[at]! | (1 << (31 - (j & 31)));
    }
  }
  return out;
}

function invert(table: readonly number[]): number[] {
  const inv = new Array<number>(table.length);
  table.forEach((src, j) => (inv[src - 1] = j + 1));
  return inv;
}

const IP_T = byteTables(IP);
const FP_T = byteTables(invert(IP));

/**
 * SP[i][b]: S-box i applied to the 6-bit group b (bit 1 of the group in bit 5 of b),
 * placed at output bits 4i+1..4i+4 and then permuted by P; the round function is the OR
 * of eight of these.
 */
const SP: readonly Int32Array[] = S.map((box, i) => {
  const t = new Int32Array(64);
  for (let b = 0; b < 64; b++) {
    const row = ((b >> 4) & 2) | (b & 1);
    const col = (b >> 1) & 15;
    const placed = box[row * 16 + col]! << (28 - 4 * i);
    let v = 0;
    for (let j = 0; j < 32; j++) v |= bit32(placed, P[j]!) << (31 - j);
    t[b] = v;
  }
  return t;
});
const [SP0, SP1, SP2, SP3, SP4, SP5, SP6, SP7] = SP as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];

/** The 16 round keys, each as eight 6-bit groups; decryption takes the same keys in reverse order. */
export type DesKeySchedule = Int32Array;

export function desKeySchedule(key8: Uint8Array, decrypt = false): DesKeySchedule {
  if (key8.length !== 8) throw new RangeError(`DES key must be 8 bytes, got ${key8.length}`);
  const keyBit = (n: number): number => (key8[(n - 1) >> 3]! >> (7 - ((n - 1) & 7))) & 1;
  const c = PC1.slice(0, 28).map(keyBit);
  const d = PC1.slice(28).map(keyBit);
  const out = new Int32Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    for (let s = 0; s < SHIFTS[round]!; s++) {
      c.push(c.shift()!);
      d.push(d.shift()!);
    }
    const cd = [...c, ...d];
    const slot = decrypt ? 15 - round : round;
    for (let g = 0; g < 8; g++) {
      let v = 0;
      for (let k = 0; k < 6; k++) v = (v << 1) | cd[PC2[g * 6 + k]! - 1]!;
      out[slot * 8 + g] = v;
    }
  }
  return out;
}

/**
 * The 16 rounds on a block already through IP, held in `lr`; leaves the pre-output
 * R16 ‖ L16 there, which is exactly the next DES's post-IP input when stages are chained.
 */
function rounds(lr: Int32Array, ks: DesKeySchedule): void {
  let l = lr[0]!;
  let r = lr[1]!;
  for (let k = 0; k < 128; k += 8) {
    // E(R) as eight 6-bit groups: R rotated right by one so group i starts at bit 4i+1.
    const t = (r >>> 1) | (r << 31);
    const f =
      SP0[((t >>> 26) ^ ks[k]!) & 63]! |
      SP1[((t >>> 22) ^ ks[k + 1]!) & 63]! |
      SP2[((t >>> 18) ^ ks[k + 2]!) & 63]! |
      SP3[((t >>> 14) ^ ks[k + 3]!) & 63]! |
      SP4[((t >>> 10) ^ ks[k + 4]!) & 63]! |
      SP5[((t >>> 6) ^ ks[k + 5]!) & 63]! |
      SP6[((t >>> 2) ^ ks[k + 6]!) & 63]! |
      SP7[(((t << 2) | (t >>> 30)) ^ ks[k + 7]!) & 63]!;
    const next = l ^ f;
    l = r;
    r = next;
  }
  lr[0] = r;
  lr[1] = l;
}

function permute(table: Int32Array, hi: number, lo: number, lr: Int32Array): void {
  let a = 0;
  let b = 0;
  for (let p = 0; p < 8; p++) {
    const v = p < 4 ? (hi >>> (24 - 8 * p)) & 255 : (lo >>> (56 - 8 * p)) & 255;
    const at = (p * 256 + v) * 2;
    a |= table[at]!;
    b |= table[at + 1]!;
  }
  lr[0] = a;
  lr[1] = b;
}

/**
 * A chain of DES stages on one block (one schedule: DES; three: EDE triple DES), in place
 * on the (high, low) pair in `lr`. IP and FP between stages cancel, so they are skipped.
 */
export function desCryptBlock(lr: Int32Array, stages: readonly DesKeySchedule[]): void {
  permute(IP_T, lr[0]!, lr[1]!, lr);
  for (const ks of stages) rounds(lr, ks);
  permute(FP_T, lr[0]!, lr[1]!, lr);
}

function readBlock(src: Uint8Array, o: number, lr: Int32Array): void {
  lr[0] = (src[o]! << 24) | (src[o + 1]! << 16) | (src[o + 2]! << 8) | src[o + 3]!;
  lr[1] = (src[o + 4]! << 24) | (src[o + 5]! << 16) | (src[o + 6]! << 8) | src[o + 7]!;
}

function writeBlock(dst: Uint8Array, o: number, hi: number, lo: number): void {
  dst[o] = hi >>> 24;
  dst[o + 1] = hi >>> 16;
  dst[o + 2] = hi >>> 8;
  dst[o + 3] = hi;
  dst[o + 4] = lo >>> 24;
  dst[o + 5] = lo >>> 16;
  dst[o + 6] = lo >>> 8;
  dst[o + 7] = lo;
}

/** CBC encryption over whole blocks with the given DES stage chain (no padding). */
export function desChainCbcEncrypt(stages: readonly DesKeySchedule[], data: Uint8Array, iv: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  const lr = new Int32Array(2);
  readBlock(iv, 0, lr);
  let c0 = lr[0]!;
  let c1 = lr[1]!;
  for (let o = 0; o < data.length; o += 8) {
    readBlock(data, o, lr);
    lr[0] = lr[0]! ^ c0;
    lr[1] = lr[1]! ^ c1;
    desCryptBlock(lr, stages);
    c0 = lr[0]!;
    c1 = lr[1]!;
    writeBlock(out, o, c0, c1);
  }
  return out;
}

/** CBC decryption; `stages` must be the decrypting chain (reversed order, decryption schedules). */
export function desChainCbcDecrypt(stages: readonly DesKeySchedule[], data: Uint8Array, iv: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  const lr = new Int32Array(2);
  readBlock(iv, 0, lr);
  let c0 = lr[0]!;
  let c1 = lr[1]!;
  for (let o = 0; o < data.length; o += 8) {
    readBlock(data, o, lr);
    const n0 = lr[0]!;
    const n1 = lr[1]!;
    desCryptBlock(lr, stages);
    writeBlock(out, o, lr[0]! ^ c0, lr[1]! ^ c1);
    c0 = n0;
    c1 = n1;
  }
  return out;
}
