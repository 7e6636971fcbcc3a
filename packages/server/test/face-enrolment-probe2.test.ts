import path from 'node:path';
import { it } from 'vitest';
import { chipPhoto } from '../../mrtd/test/support/chip-photo.js';
import { decodeImage } from '../src/proofing/face/decode.js';
import { loadFaceEngine } from '../src/proofing/face/engine.js';
import { createFaceVerifier, type LivenessStep } from '../src/proofing/face/port.js';
import { facesDir, fixture, placeFace } from './face-support.js';
it('probe', async () => {
  const engine = await loadFaceEngine();
  const src = async (n: string) => { const img = await decodeImage(fixture(n)); return { img, face: (await engine.analyse(img))[0]! }; };
  const place = async (s: Awaited<ReturnType<typeof src>>, f: number, mirror = false) => {
    const first = await placeFace(s.img, s.face.box, f, { mirror });
    const seen = (await engine.analyse(await decodeImage(first)))[0]!;
    return placeFace(s.img, s.face.box, (f * f * 640) / seen.box[2], { mirror });
  };
  const v = await createFaceVerifier({ liveness: { yawTurn: 0.12 } });
  const chip = await chipPhoto(path.join(facesDir, 'p04/img16.jpg'), { format: 'jp2' });
  for (const [rest, turn, steps, expect] of [['p04/img17.jpg', 'p04/img61.jpg', ['turn-left', 'turn-right', 'closer', 'further'], undefined], ['p05/img37.jpg', 'p05/img34.jpg', ['turn-left', 'turn-right', 'closer'], 'FACE_NO_MATCH']] as const) {
    const r = await src(rest); const tu = await src(turn);
    const f: Record<string, Uint8Array> = { rest: await place(r, 0.25), rest2: await place(r, 0.26), closer: await place(r, 0.38), further: await place(r, 0.17), 'turn-right': await place(tu, 0.25), 'turn-left': await place(tu, 0.25, true) };
    const seqs: LivenessStep[][] = [];
    for (const a of steps) for (const b of steps) if (a !== b) { seqs.push([a, b]); for (const c of steps) if (c !== a && c !== b) seqs.push([a, b, c]); }
    for (const s of seqs) {
      const frames = [f.rest!]; s.forEach((st, i) => { if (i > 0) frames.push(i % 2 ? f.rest2! : f.rest!); frames.push(f[st]!); });
      const out = await v.verify({ chipPhoto: chip, frames, challenge: { nonce: 'n', steps: s, issuedAt: 'x' }, nonce: 'n' });
      console.log(out.code === expect ? 'OK' : 'BAD', rest, s.join(','), out.code, out.score.toFixed(3));
    }
  }
}, 500000);
