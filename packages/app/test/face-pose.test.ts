/**
 * Device-side pose and the liveness walk, on the landmarks human's BlazeFace gave in Chromium for
 * frames made from ../shared/fixtures/faces/p04 (img17 frontal at three distances, img61 turned and
 * its mirror image), as face-supports' placeFace builds them in a 640×480 frame.
 */
import { describe, expect, it } from 'vitest';
import { devicePose, LivenessSession, noseDrop, noseOffset, placementGuidance, type DetectedFace, type FaceChallenge } from '../src/face/index.js';

type Raw = { box: [number, number, number, number]; mesh: [number, number][] };
const seen: Record<'rest' | 'closer' | 'veryClose' | 'further' | 'right' | 'left', Raw> = {
  rest: { box: [237, 162, 158, 157], mesh: [[294, 226], [338, 222], [321, 246], [323, 261], [269, 233], [364, 223]] },
  closer: { box: [217, 140, 201, 201], mesh: [[292, 222], [345, 216], [324, 248], [327, 267], [261, 231], [376, 219]] },
  veryClose: { box: [175, 97, 289, 288], mesh: [[276, 212], [357, 206], [322, 249], [325, 279], [237, 226], [403, 212]] },
  further: { box: [274, 197, 89, 89], mesh: [[303, 234], [330, 231], [318, 245], [321, 253], [291, 237], [347, 230]] },
  right: { box: [239, 164, 164, 164], mesh: [[291, 229], [334, 227], [308, 251], [313, 267], [277, 235], [371, 230]] },
  left: { box: [244, 168, 152, 152], mesh: [[313, 226], [353, 229], [342, 248], [336, 264], [271, 229], [359, 234]] },
};

function face(name: keyof typeof seen): DetectedFace {
  const { box, mesh } = seen[name];
  const [e1, e2, nose, mouth, a1, a2] = mesh as [[number, number], [number, number], [number, number], [number, number], [number, number], [number, number]];
  return { box, frameWidth: 640, frameHeight: 480, landmarks: { eyes: [e1, e2], ears: [a1, a2], nose, mouth } };
}

describe('pose from BlazeFace landmarks', () => {
  it('reads the turned frames on the side the server names them', () => {
    expect(noseOffset(face('rest').landmarks!)).toBeCloseTo(0.047, 2);
    expect(noseOffset(face('left').landmarks!)).toBeGreaterThan(0.25);
    expect(noseOffset(face('right').landmarks!)).toBeLessThan(-0.15);
    // nothing here looks up or down: the nose stays at the same height between eyes and mouth
    for (const name of Object.keys(seen) as (keyof typeof seen)[]) expect(Math.abs(noseDrop(face(name).landmarks!) - 0.59)).toBeLessThan(0.04);
  });

  it('names each frame relative to the frontal reference', () => {
    const ref = face('rest');
    expect(devicePose(face('rest'), ref)).toBe('neutral');
    expect(devicePose(face('closer'), ref)).toBe('closer');
    expect(devicePose(face('veryClose'), ref)).toBe('closer');
    expect(devicePose(face('further'), ref)).toBe('further');
    expect(devicePose(face('left'), ref)).toBe('turn-left');
    expect(devicePose(face('right'), ref)).toBe('turn-right');
  });

  it('offers "Jeg er klar" only for a frontal face placed right', () => {
    expect(placementGuidance(null)).toBe('no-face');
    expect(placementGuidance(face('rest'))).toBe('ok');
    expect(placementGuidance(face('further'))).toBe('move-closer');
    expect(placementGuidance({ ...face('rest'), box: [100, 40, 400, 400] })).toBe('move-further');
    // placed right but turned away: asked to look straight at the camera
    expect(placementGuidance(face('left'))).toBe('centre');
    expect(placementGuidance(face('right'))).toBe('centre');
  });
});

describe('LivenessSession', () => {
  const challenge: FaceChallenge = { nonce: 'n0', steps: ['closer', 'turn-left', 'further'] };
  const image = (n: number) => Uint8Array.of(n);

  it('takes a reference, then each asked pose with a return to the centre between, and builds the request', () => {
    const s = new LivenessSession(challenge);
    // what the camera shows, in order; the session keeps only what it asked for
    const feed: (keyof typeof seen | null)[] = [null, 'further', 'left', 'rest', 'further', 'left', 'closer', 'closer', 'left', 'rest', 'right', 'left', 'further', 'rest', 'further'];
    const kept: string[] = [];
    feed.forEach((name, i) => {
      const f = name ? face(name) : null;
      const wanted = s.wants(f);
      if (f && wanted) {
        s.record(f, { image: image(i), ...wanted });
        kept.push(`${name}:${wanted.prompt}`);
      }
    });
    expect(kept).toEqual(['rest:rest', 'closer:closer', 'rest:rest', 'left:turn-left', 'rest:rest', 'further:further']);
    expect(s.done).toBe(true);
    const request = s.submission();
    expect(request.nonce).toBe('n0');
    expect(request.frames.map((f) => f[0])).toEqual([3, 6, 9, 11, 13, 14]);
  });

  it('shows where it is: the prompt, the step and the count', () => {
    const s = new LivenessSession(challenge);
    expect(s.view).toEqual({ phase: 'reference', prompt: 'rest', stepIndex: 0, stepCount: 3 });
    s.record(face('rest'), { image: image(1), prompt: 'rest', guidance: 'ok' });
    expect(s.view).toEqual({ phase: 'step', prompt: 'closer', stepIndex: 0, stepCount: 3 });
    s.record(face('closer'), { image: image(2), prompt: 'closer' });
    expect(s.view).toEqual({ phase: 'return', prompt: 'rest', stepIndex: 0, stepCount: 3 });
    expect(() => s.submission()).toThrow(expect.objectContaining({ code: 'STEP_MISSING' }) as Error);
  });
});
