/**
 * The face step's port: what the enrolment flow calls. The implementation lives beside it
 * (verifier.ts); the flow depends only on these names.
 */
export type LivenessStep = 'turn-left' | 'turn-right' | 'look-up' | 'look-down' | 'closer' | 'further';

export interface LivenessChallenge {
  /** base64url of 16 random bytes; the device echoes it with its frames. */
  nonce: string;
  /** 2–3 distinct steps in random order. */
  steps: LivenessStep[];
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 8601; set by the flow that issued it (its lifetime is a setting), shown to the device for a countdown. */
  expiresAt?: string;
}

export type FaceFailureCode =
  | 'FACE_IMAGE_INVALID'
  | 'FACE_IMAGE_TOO_LARGE'
  | 'FACE_NOT_FOUND'
  | 'FACE_MULTIPLE'
  | 'FACE_TOO_SMALL'
  | 'FACE_BLURRED'
  | 'FACE_NO_MATCH'
  | 'LIVENESS_WRONG_SEQUENCE'
  | 'LIVENESS_STATIC'
  | 'LIVENESS_PERSON_CHANGED'
  | 'LIVENESS_NONCE_MISMATCH'
  | 'CHIP_PHOTO_INVALID';

export interface FaceVerdict {
  passed: boolean;
  code?: FaceFailureCode;
  /** Cosine similarity of the live face to the chip photo (0 when not reached). */
  score: number;
  threshold: number;
  liveness: { passed: boolean; code?: FaceFailureCode; antispoof?: number; live?: number };
  modelVersion: string;
  /** True for blurred / too small / not found: the user should simply try again. */
  retryable: boolean;
}

export interface FaceVerifyInput {
  /** DG2 image bytes: JPEG, JP2 or raw J2K codestream. */
  chipPhoto: Uint8Array;
  /** JPEG/PNG camera frames in capture order: frame 0 frontal, then frames for each step. */
  frames: Uint8Array[];
  challenge: LivenessChallenge;
  /** The nonce the device says it answered. */
  nonce: string;
}

export interface FaceVerifier {
  newChallenge(random: (n: number) => Uint8Array, now: Date): LivenessChallenge;
  verify(input: FaceVerifyInput): Promise<FaceVerdict>;
}

export type { FaceVerifierOptions } from './verifier.js';
export { createFaceVerifier } from './verifier.js';
