import type { FaceFailureCode, LivenessChallenge, LivenessStep } from './port.js';
import { cosine } from './similarity.js';

export const livenessSteps: readonly LivenessStep[] = ['turn-left', 'turn-right', 'look-up', 'look-down', 'closer', 'further'];

/** base64url without padding (RFC 4648 §5). */
export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * A fresh challenge: 16 random bytes of nonce and 2–3 distinct steps in random order, drawn from
 * `random` by rejection sampling so that no step is more likely than another.
 */
export function newLivenessChallenge(random: (n: number) => Uint8Array, now: Date): LivenessChallenge {
  const nonceBytes = random(16);
  if (nonceBytes.length !== 16) throw new RangeError('random source returned the wrong length');
  const pick = (n: number): number => {
    const limit = 256 - (256 % n);
    for (;;) {
      const b = random(1)[0]!;
      if (b < limit) return b % n;
    }
  };
  const pool = [...livenessSteps];
  const count = 2 + pick(2);
  const steps: LivenessStep[] = [];
  for (let i = 0; i < count; i++) steps.push(pool.splice(pick(pool.length), 1)[0]!);
  return { nonce: base64url(nonceBytes), steps, issuedAt: now.toISOString() };
}

/** What the checks need to know about one frame's (single) face. */
export interface FrameFace {
  box: readonly [number, number, number, number];
  frameWidth: number;
  yaw: number;
  pitch: number;
  embedding: Float32Array;
  /** Mean absolute grey difference from the previous frame (0 = the same still); absent for frame 0. */
  differenceFromPrevious?: number;
}

export interface LivenessSettings {
  /** Yaw change from frame 0 that counts as a head turn, radians (0.2 ≈ 11°). */
  yawTurn: number;
  /** Pitch change from frame 0 that counts as looking up/down, radians. */
  pitchTurn: number;
  /** Face width ratio to frame 0 that counts as closer (and its inverse as further). */
  sizeChange: number;
  /** A frame within this yaw and pitch of frame 0 and without size change is frontal (used for matching). */
  frontalTolerance: number;
  /** Cosine every frame's face must reach against frame 0's: the same person throughout (the verifier sets it to its match threshold). */
  samePerson: number;
  /** Below this grey-level difference two consecutive frames are the same still image. */
  staticDifference: number;
}

export const defaultLivenessSettings: LivenessSettings = {
  yawTurn: 0.2,
  pitchTurn: 0.15,
  sizeChange: 1.25,
  frontalTolerance: 0.12,
  samePerson: 0.6,
  staticDifference: 0.75,
};

export type FramePose = LivenessStep | 'neutral';

/**
 * The pose of a frame relative to frame 0. Head turns are read in the camera's own (unmirrored)
 * frame: human's yaw grows as the subject turns to *their* right, so turn-left is a falling yaw.
 * Pitch grows as the subject looks down. When several changes are present the largest, measured in
 * units of its own threshold, names the frame.
 */
export function framePose(frame: FrameFace, base: FrameFace, s: LivenessSettings): FramePose {
  const dyaw = frame.yaw - base.yaw;
  const dpitch = frame.pitch - base.pitch;
  const scale = relativeWidth(frame) / relativeWidth(base);
  const candidates: [FramePose, number][] = [
    [dyaw < 0 ? 'turn-left' : 'turn-right', Math.abs(dyaw) / s.yawTurn],
    [dpitch < 0 ? 'look-up' : 'look-down', Math.abs(dpitch) / s.pitchTurn],
    [scale > 1 ? 'closer' : 'further', Math.abs(Math.log(scale)) / Math.log(s.sizeChange)],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  const [pose, strength] = candidates[0]!;
  return strength >= 1 ? pose : 'neutral';
}

function relativeWidth(f: FrameFace): number {
  return f.box[2] / f.frameWidth;
}

export function isFrontal(frame: FrameFace, base: FrameFace, s: LivenessSettings): boolean {
  const scale = relativeWidth(frame) / relativeWidth(base);
  return (
    Math.abs(frame.yaw - base.yaw) <= s.frontalTolerance &&
    Math.abs(frame.pitch - base.pitch) <= s.frontalTolerance &&
    Math.abs(Math.log(scale)) < Math.log(s.sizeChange)
  );
}

export interface SequenceResult {
  passed: boolean;
  code?: FaceFailureCode;
  /** The poses read from frames 1…n (for the record and for diagnosing refusals). */
  poses: FramePose[];
  /** Indices of frames frontal enough to match against the chip photo (always includes 0). */
  frontal: number[];
}

/**
 * The active challenge: frame 0 is the frontal reference; the poses of the later frames, with
 * neutral frames dropped and repeats merged, must be exactly the challenge's steps in order. Every
 * frame must show the same person as frame 0, and no two consecutive frames may be the same still.
 */
export function checkSequence(steps: readonly LivenessStep[], frames: readonly FrameFace[], s: LivenessSettings = defaultLivenessSettings): SequenceResult {
  const base = frames[0];
  if (!base || frames.length < steps.length + 1) return { passed: false, code: 'LIVENESS_WRONG_SEQUENCE', poses: [], frontal: [] };
  for (const f of frames.slice(1)) {
    if (f.differenceFromPrevious !== undefined && f.differenceFromPrevious < s.staticDifference) {
      return { passed: false, code: 'LIVENESS_STATIC', poses: [], frontal: [] };
    }
  }
  for (const f of frames.slice(1)) {
    if (cosine(f.embedding, base.embedding) < s.samePerson) return { passed: false, code: 'LIVENESS_PERSON_CHANGED', poses: [], frontal: [] };
  }
  const poses = frames.slice(1).map((f) => framePose(f, base, s));
  const seen: LivenessStep[] = [];
  for (const p of poses) if (p !== 'neutral' && seen[seen.length - 1] !== p) seen.push(p);
  const frontal = [0, ...frames.map((f, i) => (i > 0 && isFrontal(f, base, s) ? i : -1)).filter((i) => i > 0)];
  const inOrder = seen.length === steps.length && seen.every((p, i) => p === steps[i]);
  return inOrder ? { passed: true, poses, frontal } : { passed: false, code: 'LIVENESS_WRONG_SEQUENCE', poses, frontal };
}
