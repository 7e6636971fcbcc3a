/**
 * The camera screen's walk through the server's liveness challenge, one analysed camera frame at a
 * time: first a well-placed frontal reference, then for each step the first frame whose pose (read
 * on the device, pose.ts) is the asked one, with a frame back at the centre between steps. The
 * screen takes the picture when told to; faceSubmission then orders the frames for the server.
 * Pure: no camera, no clock.
 */
import { faceSubmission, type CapturedFrame, type CapturePrompt, type CaptureOptions, type FaceChallenge } from './capture.js';
import { defaultPoseSettings, devicePose, placementGuidance, type DetectedFace, type PoseSettings } from './pose.js';
import type { FaceGuidance } from './guidance.js';

export type SessionPhase = 'reference' | 'step' | 'return' | 'done';

export interface SessionView {
  phase: SessionPhase;
  /** what the screen asks for now: 'rest' (face the camera) or the current step */
  prompt: CapturePrompt;
  /** 0-based index of the current (or, while returning, the next) step */
  stepIndex: number;
  stepCount: number;
}

export class LivenessSession {
  #phase: SessionPhase = 'reference';
  #step = 0;
  #reference: DetectedFace | undefined;
  readonly #frames: CapturedFrame[] = [];

  constructor(
    readonly challenge: FaceChallenge,
    private readonly settings: PoseSettings = defaultPoseSettings,
  ) {}

  get view(): SessionView {
    return { phase: this.#phase, prompt: this.prompt, stepIndex: this.#step, stepCount: this.challenge.steps.length };
  }

  get prompt(): CapturePrompt {
    return this.#phase === 'step' ? this.challenge.steps[this.#step]! : 'rest';
  }

  get done(): boolean {
    return this.#phase === 'done';
  }

  /**
   * Looks at one analysed frame: the prompt to take it under, or null to keep waiting. The screen
   * encodes the frame and hands it to `record` before showing the next one.
   */
  wants(face: DetectedFace | null): { prompt: CapturePrompt; guidance?: FaceGuidance } | null {
    if (!face) return null;
    switch (this.#phase) {
      case 'reference': {
        const guidance = placementGuidance(face, { pose: this.settings });
        return guidance === 'ok' ? { prompt: 'rest', guidance } : null;
      }
      case 'step':
        return devicePose(face, this.#reference!, this.settings) === this.prompt ? { prompt: this.prompt } : null;
      // back at the rest position, placed as the reference was (not merely between two poses)
      case 'return':
        return devicePose(face, this.#reference!, this.settings) === 'neutral' && placementGuidance(face, { pose: this.settings }) === 'ok' ? { prompt: 'rest' } : null;
      case 'done':
        return null;
    }
  }

  /** Keeps the frame `wants` asked for and moves on. */
  record(face: DetectedFace, frame: CapturedFrame): void {
    this.#frames.push(frame);
    switch (this.#phase) {
      case 'reference':
        this.#reference = face;
        this.#phase = 'step';
        return;
      case 'step':
        this.#phase = this.#step + 1 < this.challenge.steps.length ? 'return' : 'done';
        return;
      case 'return':
        this.#step++;
        this.#phase = 'step';
        return;
      case 'done':
        return;
    }
  }

  /** The face step's request (throws FaceCaptureError when the walk is not complete). */
  submission(options: Partial<CaptureOptions> = {}): { frames: Uint8Array[]; nonce: string } {
    return faceSubmission(this.challenge, this.#frames, options);
  }
}
