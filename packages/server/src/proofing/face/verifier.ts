import { FaceError } from './face-error.js';
import { checkSequence, defaultLivenessSettings, newLivenessChallenge, type FrameFace, type LivenessSettings } from './liveness.js';
import { createFaceMatcher, type DescribedFace, type FaceMatcherOptions } from './matcher.js';
import type { FaceFailureCode, FaceVerdict, FaceVerifier, FaceVerifyInput } from './port.js';
import { frameDifference } from './sharpness.js';
import { cosine, meanEmbedding } from './similarity.js';

export interface FaceVerifierOptions extends FaceMatcherOptions {
  liveness?: Partial<LivenessSettings>;
  /** More frames than this are refused before any is decoded (bounds the work per attempt). */
  maxFrames?: number;
}

const retryableCodes: ReadonlySet<FaceFailureCode> = new Set(['FACE_BLURRED', 'FACE_TOO_SMALL', 'FACE_NOT_FOUND']);

/**
 * The face step: the frames must answer this attempt's challenge (nonce, poses in order, one
 * person, not a repeated still) and their frontal frames must match the chip photo.
 */
export async function createFaceVerifier(options: FaceVerifierOptions = {}): Promise<FaceVerifier> {
  const matcher = await createFaceMatcher(options);
  // the same bar as the chip match by default: on the calibration set no two people reach it
  const liveness: LivenessSettings = { ...defaultLivenessSettings, samePerson: matcher.threshold, ...options.liveness };
  const maxFrames = options.maxFrames ?? 12;
  const { threshold, modelVersion } = matcher;

  const verdict = (
    code: FaceFailureCode | undefined,
    score: number,
    live: FaceVerdict['liveness'],
  ): FaceVerdict => ({
    passed: code === undefined,
    ...(code ? { code } : {}),
    score,
    threshold,
    liveness: live,
    modelVersion,
    retryable: code !== undefined && retryableCodes.has(code),
  });
  const refused = (code: FaceFailureCode, live: FaceVerdict['liveness'] = { passed: false, code }): FaceVerdict => verdict(code, 0, live);

  return {
    newChallenge: (random, now) => newLivenessChallenge(random, now),

    async verify(input: FaceVerifyInput): Promise<FaceVerdict> {
      const { challenge, frames } = input;
      if (!sameNonce(input.nonce, challenge.nonce)) return refused('LIVENESS_NONCE_MISMATCH');
      if (frames.length > maxFrames) return refused('FACE_IMAGE_TOO_LARGE');
      if (frames.length < challenge.steps.length + 1) return refused('LIVENESS_WRONG_SEQUENCE');

      let chip: DescribedFace;
      try {
        chip = await matcher.describe(input.chipPhoto, { quality: false });
      } catch (e) {
        if (e instanceof FaceError) return refused('CHIP_PHOTO_INVALID', { passed: false });
        throw e;
      }

      const described: DescribedFace[] = [];
      try {
        for (const f of frames) described.push(await matcher.describe(f));
      } catch (e) {
        if (e instanceof FaceError) return refused(e.code);
        throw e;
      }

      const observed: FrameFace[] = described.map((d, i) => ({
        box: d.face.box,
        frameWidth: d.image.width,
        yaw: d.face.yaw,
        pitch: d.face.pitch,
        embedding: d.face.embedding,
        ...(i > 0 ? { differenceFromPrevious: frameDifference(described[i - 1]!.image, d.image) } : {}),
      }));
      const seq = checkSequence(challenge.steps, observed, liveness);
      const live: FaceVerdict['liveness'] = { passed: seq.passed, ...(seq.code ? { code: seq.code } : {}), ...passiveScores(described) };
      if (!seq.passed) return refused(seq.code ?? 'LIVENESS_WRONG_SEQUENCE', live);

      // frontal frames, averaged: per-frame noise cancels, profile views do not dilute the template
      const probe = meanEmbedding(seq.frontal.map((i) => described[i]!.face.embedding));
      const score = cosine(probe, chip.face.embedding);
      return verdict(score >= threshold ? undefined : 'FACE_NO_MATCH', score, live);
    },
  };
}

/** Mean of human's passive scores over the frames: recorded as a weak signal, never decisive. */
function passiveScores(faces: DescribedFace[]): { antispoof?: number; live?: number } {
  const mean = (xs: number[]): number | undefined => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000 : undefined);
  const antispoof = mean(faces.flatMap((f) => (f.face.antispoof === undefined ? [] : [f.face.antispoof])));
  const live = mean(faces.flatMap((f) => (f.face.live === undefined ? [] : [f.face.live])));
  return { ...(antispoof === undefined ? {} : { antispoof }), ...(live === undefined ? {} : { live }) };
}

/** Constant-time comparison of the echoed nonce (the nonce binds frames to this attempt). */
function sameNonce(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0 && b.length > 0;
}
