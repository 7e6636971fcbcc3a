/** Embedding arithmetic. Descriptors are compared by cosine: see bench/face-calibrate.ts for why not human's own score. */

export function l2normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  if (!(n > 0)) return new Float32Array(v.length);
  return v.map((x) => x / n);
}

/** Cosine similarity in [-1, 1]; 0 when either vector is zero or the lengths differ. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  const d = Math.sqrt(na * nb);
  return d > 0 ? dot / d : 0;
}

/** Mean of unit vectors, renormalised: averages out per-frame noise before matching. */
export function meanEmbedding(vs: readonly Float32Array[]): Float32Array {
  const first = vs[0];
  if (!first) throw new RangeError('no embeddings to average');
  const sum = new Float32Array(first.length);
  for (const v of vs) {
    if (v.length !== sum.length) throw new RangeError('embeddings of different lengths');
    const u = l2normalise(v);
    for (let i = 0; i < sum.length; i++) sum[i]! += u[i]!;
  }
  return l2normalise(sum);
}

/**
 * human 3.3.6's `match.similarity` with its defaults (order 2, multiplier 25, min 0.2, max 0.8),
 * restated so the calibration bench can compare it with cosine on the same descriptors.
 */
export function humanSimilarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  const distance = Math.round(100 * 25 * sum) / 100;
  if (distance === 0) return 1;
  const s = (1 - Math.sqrt(distance) / 100 - 0.2) / (0.8 - 0.2);
  return Math.round(100 * Math.max(Math.min(s, 1), 0)) / 100;
}
