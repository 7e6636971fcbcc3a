/**
 * Capture guidance for the enrolment camera screen: runs in the browser on each detected face
 * (from whatever detector the page uses) and says what the person should do, so "Jeg er klar"
 * only turns blue when the face is placed for a usable capture. Pure: no tfjs, no DOM.
 */
export type FaceGuidance = 'no-face' | 'more-light' | 'move-closer' | 'move-further' | 'centre' | 'ok';

export interface GuidanceFace {
  /** [x, y, width, height] of the face in frame pixels. */
  box: [number, number, number, number];
  frameWidth: number;
  frameHeight: number;
  /** Head rotation in radians, if the detector gives it. */
  yaw?: number;
  pitch?: number;
  /** Mean grey level (0–255) inside the face box, if the page measured it. */
  brightness?: number;
}

export interface GuidanceSettings {
  /** Face width as a fraction of the frame's shorter side: below min → closer, above max → further. */
  minFaceFraction: number;
  maxFaceFraction: number;
  /** Largest distance of the face centre from the frame centre, as a fraction of the frame side. */
  maxOffCentre: number;
  /** A head turned or tilted further than this (radians) is asked to face the camera (→ 'centre'). */
  maxRotation: number;
  /** A face darker than this mean grey level asks for more light (the detector still finds faces the matcher cannot use). */
  minBrightness: number;
}

/**
 * The server refuses faces under 80 px in its ≤ 960 px copy and the liveness step's "closer" asks
 * for 25 % more face width, so the resting face must be large enough but leave room to come closer.
 */
export const defaultGuidanceSettings: GuidanceSettings = {
  minFaceFraction: 0.3,
  maxFaceFraction: 0.7,
  maxOffCentre: 0.15,
  maxRotation: 0.35,
  minBrightness: 60,
};

export function faceGuidance(face: GuidanceFace | null, settings: GuidanceSettings = defaultGuidanceSettings): FaceGuidance {
  if (!face) return 'no-face';
  const [x, y, w, h] = face.box;
  const { frameWidth: fw, frameHeight: fh } = face;
  if (!(fw > 0 && fh > 0 && w > 0 && h > 0) || ![x, y, w, h].every(Number.isFinite)) return 'no-face';
  if (face.brightness !== undefined && face.brightness < settings.minBrightness) return 'more-light';
  const fraction = w / Math.min(fw, fh);
  if (fraction < settings.minFaceFraction) return 'move-closer';
  if (fraction > settings.maxFaceFraction) return 'move-further';
  const dx = (x + w / 2) / fw - 0.5;
  const dy = (y + h / 2) / fh - 0.5;
  if (Math.abs(dx) > settings.maxOffCentre || Math.abs(dy) > settings.maxOffCentre) return 'centre';
  // a face cut by the frame's edge cannot be measured whole
  if (x < 0 || y < 0 || x + w > fw || y + h > fh) return 'centre';
  if (Math.abs(face.yaw ?? 0) > settings.maxRotation || Math.abs(face.pitch ?? 0) > settings.maxRotation) return 'centre';
  return 'ok';
}
