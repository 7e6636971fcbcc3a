/**
 * Head pose on the device, read from a small face detector's landmarks (eyes, nose tip, mouth) and
 * box, relative to the reference frame. It only decides *when* the camera screen takes a frame for
 * a liveness step; whether the steps were done is decided by the server on the frames. Pure.
 */
import { faceGuidance, type FaceGuidance, type GuidanceFace, type GuidanceSettings, defaultGuidanceSettings } from './guidance.js';
import type { LivenessStep } from './capture.js';

export type Point = readonly [number, number];

export interface FaceLandmarks {
  /** the two eye centres, in either order */
  eyes: readonly [Point, Point];
  /** the two ear points (tragion), in either order */
  ears: readonly [Point, Point];
  nose: Point;
  mouth: Point;
}

/** One detected face as the browser's detector gives it. */
export interface DetectedFace extends GuidanceFace {
  landmarks?: FaceLandmarks;
}

export interface PoseSettings {
  /** change of noseOffset from the reference that counts as a head turn */
  turn: number;
  /** change of noseDrop from the reference that counts as looking up/down */
  tilt: number;
  /** face width ratio to the reference that counts as closer (its inverse as further); the server's own default */
  sizeChange: number;
  /** largest |noseOffset| of a face that looks straight at the camera (the reference frame) */
  frontal: number;
}

/**
 * Measured with human's BlazeFace in Chromium on ../shared/fixtures/faces/p04 (img17 frontal,
 * img61 turned ≈ 0.17 rad by the server's mesh model): frontal frames read noseOffset −0.02…0.07,
 * the turned one −0.17 and, mirrored, +0.31; noseDrop stays 0.56…0.61 across them.
 */
export const defaultPoseSettings: PoseSettings = { turn: 0.12, tilt: 0.1, sizeChange: 1.25, frontal: 0.12 };

function eyeMid(l: FaceLandmarks): Point {
  const [a, b] = l.eyes;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/**
 * Where the nose tip sits between the ears, −0.5…0.5 (0 = midway), in the unmirrored camera
 * image: positive when the person turns to their left (as the server reads it, turn-left moves
 * the nose to the image's right). Between the ears rather than the eyes: BlazeFace's eye points
 * barely move with a turn, its ear points move a lot.
 */
export function noseOffset(l: FaceLandmarks): number {
  const left = Math.min(l.ears[0][0], l.ears[1][0]);
  const right = Math.max(l.ears[0][0], l.ears[1][0]);
  return right > left ? (l.nose[0] - left) / (right - left) - 0.5 : 0;
}

/** The nose tip's height between the eye line (0) and the mouth (1): grows as the person looks down. */
export function noseDrop(l: FaceLandmarks): number {
  const eyes = eyeMid(l)[1];
  const span = l.mouth[1] - eyes;
  return span > 0 ? (l.nose[1] - eyes) / span : 0;
}

export type DevicePose = LivenessStep | 'neutral';

/** The pose of `face` relative to `reference`: the largest change in units of its threshold, if it reaches 1. */
export function devicePose(face: DetectedFace, reference: DetectedFace, s: PoseSettings = defaultPoseSettings): DevicePose {
  const candidates: [DevicePose, number][] = [];
  const scale = face.box[2] / face.frameWidth / (reference.box[2] / reference.frameWidth);
  if (Number.isFinite(scale) && scale > 0) candidates.push([scale > 1 ? 'closer' : 'further', Math.abs(Math.log(scale)) / Math.log(s.sizeChange)]);
  if (face.landmarks && reference.landmarks) {
    const dx = noseOffset(face.landmarks) - noseOffset(reference.landmarks);
    const dy = noseDrop(face.landmarks) - noseDrop(reference.landmarks);
    candidates.push([dx > 0 ? 'turn-left' : 'turn-right', Math.abs(dx) / s.turn]);
    candidates.push([dy > 0 ? 'look-down' : 'look-up', Math.abs(dy) / s.tilt]);
  }
  candidates.sort((a, b) => b[1] - a[1]);
  const best = candidates[0];
  return best && best[1] >= 1 ? best[0] : 'neutral';
}

/**
 * faceGuidance plus "look straight at the camera": a face placed right but turned away is asked
 * to face the camera, because the frame taken at "Jeg er klar" is the frontal reference.
 */
export function placementGuidance(
  face: DetectedFace | null,
  settings: { guidance?: GuidanceSettings; pose?: PoseSettings } = {},
): FaceGuidance {
  const g = faceGuidance(face, settings.guidance ?? defaultGuidanceSettings);
  if (g !== 'ok' || !face?.landmarks) return g;
  return Math.abs(noseOffset(face.landmarks)) <= (settings.pose ?? defaultPoseSettings).frontal ? 'ok' : 'centre';
}
