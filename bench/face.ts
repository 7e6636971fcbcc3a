/**
 * Face step timings on this machine (tfjs WASM backend):
 * - one face verification: decode + detect + embed both images + compare (chip JP2 vs photo);
 * - one liveness check: FaceVerifier.verify on a 4-frame sequence (chip + 4 frames);
 * median and p95 of each, and the process's peak RSS.
 *
 *   node --import tsx bench/face.ts [iterations]
 */
import { decodeImage } from '../packages/server/src/proofing/face/decode.js';
import { loadFaceEngine } from '../packages/server/src/proofing/face/engine.js';
import { createFaceMatcher } from '../packages/server/src/proofing/face/matcher.js';
import { createFaceVerifier } from '../packages/server/src/proofing/face/port.js';
import { chipPhoto, fixture, hasOpjCompress, placeFace, readPairs } from '../packages/server/test/face-support.js';

const iterations = Number(process.argv[2] ?? 12);

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return `median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms (n=${s.length})`;
}

const t0 = performance.now();
const matcher = await createFaceMatcher();
const verifier = await createFaceVerifier({ liveness: { yawTurn: 0.12 } });
const engine = await loadFaceEngine();
console.log(`model load: ${(performance.now() - t0).toFixed(0)} ms (${matcher.modelVersion})`);

const genuine = readPairs().filter((p) => p.same);
const chips = new Map<string, Uint8Array>();
async function chipOf(name: string): Promise<Uint8Array> {
  let c = chips.get(name);
  if (!c) {
    const bytes = fixture(name);
    if (hasOpjCompress()) {
      const img = await decodeImage(bytes);
      const f = (await engine.analyse(img))[0]!;
      c = await chipPhoto(bytes, { box: f.box, imageWidth: img.width }, { format: 'jp2' });
    } else c = bytes;
    chips.set(name, c);
  }
  return c;
}

// warm-up: the first detection compiles kernels
await matcher.compare(await chipOf(genuine[0]!.a), fixture(genuine[0]!.b));

const compareMs: number[] = [];
for (let i = 0; i < iterations; i++) {
  const p = genuine[(i * 7) % genuine.length]!;
  const chip = await chipOf(p.a);
  const probe = fixture(p.b);
  const t = performance.now();
  await matcher.compare(chip, probe);
  compareMs.push(performance.now() - t);
}
console.log(`face verification (decode + detect + embed ×2 + compare): ${stats(compareMs)}`);

const src = async (name: string) => {
  const img = await decodeImage(fixture(name));
  return { img, face: (await engine.analyse(img))[0]! };
};
const rest = await src('p04/img17.jpg');
const turned = await src('p04/img61.jpg');
const frames = [
  await placeFace(rest.img, rest.face.box, 0.3),
  await placeFace(turned.img, turned.face.box, 0.3, { mirror: true }),
  await placeFace(rest.img, rest.face.box, 0.31),
  await placeFace(turned.img, turned.face.box, 0.3),
];
const chip = await chipOf('p04/img16.jpg');
const challenge = { nonce: Buffer.alloc(16, 1).toString('base64url'), steps: ['turn-left', 'turn-right'] as const, issuedAt: new Date(0).toISOString() };
const liveMs: number[] = [];
let last = '';
for (let i = 0; i < Math.max(3, Math.round(iterations / 2)); i++) {
  const t = performance.now();
  const v = await verifier.verify({ chipPhoto: chip, frames, challenge: { ...challenge, steps: [...challenge.steps] }, nonce: challenge.nonce });
  liveMs.push(performance.now() - t);
  last = `${v.passed ? 'passed' : v.code} (score ${v.score.toFixed(3)})`;
}
console.log(`liveness check + match (chip + 4 frames of 640×480): ${stats(liveMs)}; verdict ${last}`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
