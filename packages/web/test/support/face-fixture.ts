/**
 * A real face check the fixture photos can pass, for browser tests: person p04 of
 * ../shared/fixtures/faces as the passport's chip photo (JPEG 2000) and as the person in front
 * of Chromium's fake camera, and the server's real verifier issuing only the challenge steps
 * those photos can act out.
 *
 * The camera scenes are made as packages/server/test/face-liveness.test.ts makes its frames
 * (face-support's placeDetected): p04/img17 frontal at rest, closer and further away;
 * p04/img61 (head turned) and its mirror image as the two head turns. The video loops, so
 * whichever step the screen asks for comes round. As in that test, the head-turn threshold is
 * lowered to 0.12 rad (the fixtures' largest turn is ≈ 0.17 rad), and since no fixture looks
 * up or down, challenges are redrawn until they hold only turns and distance changes.
 */
import { join } from 'node:path';
import { chipPhoto } from '../../../mrtd/test/support/chip-photo.js';
import { faceSource, facesDir, placeDetected } from '../../../server/test/face-support.js';
import { createFaceVerifier, type FaceVerifier, type LivenessStep } from '../../../server/src/proofing/face/port.js';
import type { CameraScene } from './camera-video.js';

export const ACTABLE: ReadonlySet<LivenessStep> = new Set(['turn-left', 'turn-right', 'closer', 'further']);

/** The real verifier, issuing only challenges the fixture photos can act out. */
export async function fixtureFaceVerifier(): Promise<FaceVerifier> {
  const real = await createFaceVerifier({ liveness: { yawTurn: 0.12 } });
  return {
    verify: (input) => real.verify(input),
    newChallenge(random, now) {
      for (;;) {
        const c = real.newChallenge(random, now);
        if (c.steps.every((s) => ACTABLE.has(s))) return c;
      }
    },
  };
}

/** p04's chip photo as a passport holds it (JPEG 2000). */
export const holderChipPhoto = (): Promise<Uint8Array> => chipPhoto(join(facesDir, 'p04/img16.jpg'), { format: 'jp2' });

/** Another person's chip photo (p05). */
export const strangerChipPhoto = (): Promise<Uint8Array> => chipPhoto(join(facesDir, 'p05/img34.jpg'), { format: 'jp2' });

export interface FaceScenes {
  /** the frontal face at rest, a third of the frame's height (640×480 JPEG) */
  rest: Uint8Array;
  /** rest, closer, rest, further, rest, turned one way, rest, turned the other way: 1.5 s each */
  scenes: CameraScene[];
}

/** p04 acting out every step of a challenge the fixture verifier issues, as 640×480 camera scenes. */
export async function faceScenes(): Promise<FaceScenes> {
  const frontal = await faceSource('p04/img17.jpg');
  const turned = await faceSource('p04/img61.jpg');
  // rest: the face a third of the frame's height ('ok'); closer: beyond the rest zone (the guidance
  // says "further away", so the reference is never taken there); further: too small ('closer')
  const rest = await placeDetected(frontal, 0.27);
  const scenes = [
    { image: rest, seconds: 1.5 },
    { image: await placeDetected(frontal, 0.55), seconds: 1.5 },
    { image: rest, seconds: 1.5 },
    { image: await placeDetected(frontal, 0.17), seconds: 1.5 },
    { image: rest, seconds: 1.5 },
    { image: await placeDetected(turned, 0.27, true), seconds: 1.5 },
    { image: rest, seconds: 1.5 },
    { image: await placeDetected(turned, 0.27), seconds: 1.5 },
  ];
  return { rest, scenes };
}
