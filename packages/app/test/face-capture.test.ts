import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capturePrompts,
  FaceCaptureError,
  faceSubmission,
  LIVENESS_STEPS,
  parseFaceChallenge,
  type CapturedFrame,
  type CapturePrompt,
  type FaceChallenge,
} from '../src/face/capture.js';

/** A frame whose single byte names it, so the order that comes out can be read back. */
let next = 0;
const frame = (prompt: CapturePrompt, guidance?: CapturedFrame['guidance']): CapturedFrame => ({ image: Uint8Array.of(next++ & 0xff), prompt, ...(guidance ? { guidance } : {}) });
const ids = (frames: Uint8Array[]) => frames.map((f) => f[0]);

describe('parseFaceChallenge', () => {
  it('accepts the server challenge and keeps its nonce, steps and times', () => {
    expect(parseFaceChallenge({ nonce: 'abc', steps: ['turn-left', 'closer'], issuedAt: '2026-11-25T10:00:00.000Z', extra: 1 })).toEqual({
      nonce: 'abc',
      steps: ['turn-left', 'closer'],
      issuedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(parseFaceChallenge({ nonce: 'abc', steps: ['further'], expiresAt: '2026-11-25T10:02:00.000Z' })).toEqual({ nonce: 'abc', steps: ['further'], expiresAt: '2026-11-25T10:02:00.000Z' });
  });

  it('refuses anything else with CHALLENGE_INVALID', () => {
    for (const bad of [null, 'x', {}, { nonce: '', steps: ['closer'] }, { nonce: 'n', steps: [] }, { nonce: 'n', steps: ['jump'] }, { nonce: 'n', steps: ['closer', 'closer'] }, { nonce: 1, steps: ['closer'] }]) {
      expect(() => parseFaceChallenge(bad)).toThrow(expect.objectContaining({ code: 'CHALLENGE_INVALID' }) as Error);
    }
  });

  it('only ever throws FaceCaptureError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        try {
          parseFaceChallenge(v);
        } catch (e) {
          expect(e).toBeInstanceOf(FaceCaptureError);
        }
      }),
    );
  });
});

describe('faceSubmission', () => {
  const challenge: FaceChallenge = { nonce: 'n0nce', steps: ['turn-left', 'closer', 'turn-right'] };

  it('prompts the reference, then each step with a return to the centre before it', () => {
    expect(capturePrompts(challenge)).toEqual(['rest', 'turn-left', 'rest', 'closer', 'rest', 'turn-right']);
  });

  it('orders the frames as the server reads them: reference, then each step in the challenge order', () => {
    next = 0;
    const captured = [frame('rest', 'move-closer'), frame('rest', 'ok'), frame('turn-left'), frame('turn-left'), frame('rest'), frame('closer'), frame('rest'), frame('turn-right')];
    const out = faceSubmission(challenge, captured);
    expect(out.nonce).toBe('n0nce');
    // the badly placed first frame (0) is not the reference; of a step, its last frame counts
    expect(ids(out.frames)).toEqual([1, 3, 4, 5, 6, 7]);
    expect(ids(faceSubmission(challenge, captured, { framesPerStep: 2 }).frames)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('ignores prompts outside the challenge and a step shown again after the next one started', () => {
    next = 0;
    const captured = [frame('rest'), frame('look-up'), frame('turn-left'), frame('closer'), frame('turn-left'), frame('turn-right')];
    expect(ids(faceSubmission(challenge, captured).frames)).toEqual([0, 2, 3, 5]);
  });

  it('refuses a capture without a placed reference or with a step missing', () => {
    next = 0;
    expect(() => faceSubmission(challenge, [frame('rest', 'centre'), frame('turn-left'), frame('closer'), frame('turn-right')])).toThrow(
      expect.objectContaining({ code: 'REFERENCE_MISSING' }) as Error,
    );
    expect(() => faceSubmission(challenge, [frame('rest'), frame('turn-left'), frame('turn-right')])).toThrow(expect.objectContaining({ code: 'STEP_MISSING', step: 'closer' }) as Error);
  });

  it('drops the returns to the centre before exceeding the frame limit, and refuses what still does not fit', () => {
    next = 0;
    const captured = [frame('rest'), frame('turn-left'), frame('rest'), frame('closer'), frame('rest'), frame('turn-right')];
    expect(ids(faceSubmission(challenge, captured, { maxFrames: 5 }).frames)).toEqual([0, 1, 2, 3, 5]);
    expect(ids(faceSubmission(challenge, captured, { maxFrames: 4 }).frames)).toEqual([0, 1, 3, 5]);
    expect(() => faceSubmission(challenge, captured, { maxFrames: 3 })).toThrow(expect.objectContaining({ code: 'TOO_MANY_FRAMES' }) as Error);
  });

  it('for any challenge and any capture that covers it, keeps the steps in the challenge order', () => {
    const arbChallenge = fc.shuffledSubarray([...LIVENESS_STEPS], { minLength: 2, maxLength: 3 });
    fc.assert(
      fc.property(arbChallenge, fc.integer({ min: 1, max: 3 }), fc.boolean(), (steps, perStep, returns) => {
        const captured: CapturedFrame[] = [{ image: Uint8Array.of(100), prompt: 'rest' }];
        const stepOf = new Map<number, string>();
        let id = 0;
        steps.forEach((s, i) => {
          if (returns && i > 0) captured.push({ image: Uint8Array.of(200 + i), prompt: 'rest' });
          for (let k = 0; k < perStep; k++) {
            stepOf.set(id, s);
            captured.push({ image: Uint8Array.of(id++), prompt: s });
          }
        });
        const out = faceSubmission({ nonce: 'x', steps }, captured, { framesPerStep: perStep });
        expect(out.frames[0]![0]).toBe(100);
        const seen = out.frames.slice(1).flatMap((f) => (stepOf.has(f[0]!) ? [stepOf.get(f[0]!)] : []));
        const merged = seen.filter((s, i) => s !== seen[i - 1]);
        expect(merged).toEqual(steps);
        expect(out.frames.length).toBeLessThanOrEqual(12);
      }),
    );
  });
});
