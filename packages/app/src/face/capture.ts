/**
 * Turns what the camera screen captured while it showed the server's liveness prompts into the
 * face step's request: the nonce echoed and the frames in the order the server reads them —
 * frame 0 the frontal reference, then the frames of each step in the challenge's order, with a
 * "back to the centre" frame between steps when one was taken. Pure: no DOM, no camera.
 */
import type { FaceGuidance } from './guidance.js';

export const LIVENESS_STEPS = ['turn-left', 'turn-right', 'look-up', 'look-down', 'closer', 'further'] as const;
export type LivenessStep = (typeof LIVENESS_STEPS)[number];

/** The server's challenge as the device needs it (the API types it loosely: it is checked here). */
export interface FaceChallenge {
  nonce: string;
  steps: LivenessStep[];
  /** ISO 8601: after it the server answers FACE_CHALLENGE_EXPIRED (for the screen's countdown) */
  expiresAt?: string;
  /** ISO 8601, the server's clock: with expiresAt it gives the time allowed, whatever the device's clock says */
  issuedAt?: string;
}

/** What the screen asks for: hold still facing the camera, or one of the challenge's steps. */
export type CapturePrompt = 'rest' | LivenessStep;

export interface CapturedFrame {
  /** JPEG or PNG bytes of the camera frame */
  image: Uint8Array;
  /** the prompt on screen when the frame was taken */
  prompt: CapturePrompt;
  /** capture guidance for this frame; a reference frame is used only when it was 'ok' */
  guidance?: FaceGuidance;
}

export interface CaptureOptions {
  /** frames kept per step, the last ones taken (the end of a movement is its clearest pose) */
  framesPerStep: number;
  /** the server refuses more (its verifier's bound on work per attempt) */
  maxFrames: number;
}

export const defaultCaptureOptions: CaptureOptions = { framesPerStep: 1, maxFrames: 12 };

export type FaceCaptureErrorCode = 'CHALLENGE_INVALID' | 'REFERENCE_MISSING' | 'STEP_MISSING' | 'TOO_MANY_FRAMES';

export class FaceCaptureError extends Error {
  override readonly name = 'FaceCaptureError';
  constructor(
    readonly code: FaceCaptureErrorCode,
    message: string,
    readonly step?: LivenessStep,
  ) {
    super(message);
  }
}

const isStep = (v: unknown): v is LivenessStep => typeof v === 'string' && (LIVENESS_STEPS as readonly string[]).includes(v);

/** Checks the challenge the server sent (FaceChallengeResponse.challenge) before the screen shows its prompts. */
export function parseFaceChallenge(value: unknown): FaceChallenge {
  const c = value as { nonce?: unknown; steps?: unknown; expiresAt?: unknown; issuedAt?: unknown } | null;
  if (!c || typeof c !== 'object' || typeof c.nonce !== 'string' || c.nonce.length === 0 || !Array.isArray(c.steps)) {
    throw new FaceCaptureError('CHALLENGE_INVALID', 'not a liveness challenge');
  }
  const steps: unknown[] = c.steps;
  if (steps.length === 0 || !steps.every(isStep) || new Set(steps).size !== steps.length) {
    throw new FaceCaptureError('CHALLENGE_INVALID', 'the challenge steps are not distinct known steps');
  }
  return {
    nonce: c.nonce,
    steps: [...steps],
    ...(typeof c.expiresAt === 'string' ? { expiresAt: c.expiresAt } : {}),
    ...(typeof c.issuedAt === 'string' ? { issuedAt: c.issuedAt } : {}),
  };
}

/** The prompts to show, in order: the reference, then each step with a return to the centre between. */
/** Milliseconds the server allows for the challenge (server clock on both ends), if it said. */
export function challengeLifetimeMs(challenge: FaceChallenge): number | undefined {
  if (!challenge.expiresAt || !challenge.issuedAt) return undefined;
  const ms = Date.parse(challenge.expiresAt) - Date.parse(challenge.issuedAt);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function capturePrompts(challenge: FaceChallenge): CapturePrompt[] {
  return challenge.steps.flatMap((s): CapturePrompt[] => ['rest', s]);
}

/**
 * The face step's request body (frames as bytes, for EnrolmentClient.submitFace). Frames taken
 * under a prompt not in the challenge are ignored; a step without a frame, or no well-placed
 * reference, is an error the screen answers by asking again.
 */
export function faceSubmission(challenge: FaceChallenge, captured: readonly CapturedFrame[], options: Partial<CaptureOptions> = {}): { frames: Uint8Array[]; nonce: string } {
  const o = { ...defaultCaptureOptions, ...options };
  const steps = challenge.steps;
  // where each step's frames begin: rest frames before the first step are reference candidates,
  // rest frames after step i (and before step i+1) are the return to the centre after it
  const stepIndex = (p: CapturePrompt) => (p === 'rest' ? -1 : steps.indexOf(p));
  const perStep: Uint8Array[][] = steps.map(() => []);
  const restAfter: Uint8Array[][] = steps.map(() => []);
  const references: Uint8Array[] = [];
  let current = -1;
  for (const f of captured) {
    const i = stepIndex(f.prompt);
    if (f.prompt !== 'rest' && i < 0) continue;
    if (f.prompt === 'rest') {
      const placed = f.guidance === undefined || f.guidance === 'ok';
      if (current < 0) {
        if (placed) references.push(f.image);
      } else restAfter[current]!.push(f.image);
      continue;
    }
    // frames of an earlier step taken late (the screen lagged) would put the poses out of order
    if (i < current) continue;
    current = i;
    perStep[i]!.push(f.image);
  }
  const reference = references.at(-1);
  if (!reference) throw new FaceCaptureError('REFERENCE_MISSING', 'no well-placed frame facing the camera before the first step');
  const frames: Uint8Array[] = [reference];
  const between: number[] = [];
  steps.forEach((step, i) => {
    const mine = perStep[i]!.slice(-o.framesPerStep);
    if (mine.length === 0) throw new FaceCaptureError('STEP_MISSING', `no frame for ${step}`, step);
    const back = i > 0 ? restAfter[i - 1]!.at(-1) : undefined;
    if (back) {
      between.push(frames.length);
      frames.push(back);
    }
    frames.push(...mine);
  });
  // the returns to the centre are optional: drop them first when the frames would be too many
  while (frames.length > o.maxFrames && between.length > 0) frames.splice(between.pop()!, 1);
  if (frames.length > o.maxFrames) throw new FaceCaptureError('TOO_MANY_FRAMES', `${frames.length} frames exceed ${o.maxFrames}`);
  return { frames, nonce: challenge.nonce };
}
