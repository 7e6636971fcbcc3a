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
import { chipPhoto, fixture, placeFace, readPairs } from '../packages/server/test/face-support.js';

const iterations = Number(process.argv[2] ?? 12);

/** Wall-clock quantiles, and the median CPU time of this process (steadier on a shared machine). */
function stats(ms: number[], cpu: number[]): string {
  const q = (xs: number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  };
  return `median ${q(ms, 0.5).toFixed(0)} ms, p95 ${q(ms, 0.95).toFixed(0)} ms wall; median ${q(cpu, 0.5).toFixed(0)} ms CPU (n=${ms.length})`;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
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
    const img = await decodeImage(bytes);
    const f = (await engine.analyse(img))[0]!;
    c = await chipPhoto(bytes, { box: f.box, imageWidth: img.width }, { format: 'jp2' });
    chips.set(name, c);
  }
  return c;
}

// warm-up: the first detection compiles kernels
await matcher.compare(await chipOf(genuine[0]!.a), fixture(genuine[0]!.b));

const compareMs: number[] = [];
const compareCpu: number[] = [];
for (let i = 0; i < iterations; i++) {
  const p = genuine[(i * 7) % genuine.length]!;
  const chip = await chipOf(p.a);
  const probe = fixture(p.b);
  const t = performance.now();
  const c = process.cpuUsage();
  await matcher.compare(chip, probe);
  compareMs.push(performance.now() - t);
  compareCpu.push(cpuMs(c));
}
console.log(`face verification (decode + detect + embed ×2 + compare): ${stats(compareMs, compareCpu)}`);

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
const liveCpu: number[] = [];
let last = '';
for (let i = 0; i < Math.max(3, Math.round(iterations / 2)); i++) {
  const t = performance.now();
  const c = process.cpuUsage();
  const v = await verifier.verify({ chipPhoto: chip, frames, challenge: { ...challenge, steps: [...challenge.steps] }, nonce: challenge.nonce });
  liveMs.push(performance.now() - t);
  liveCpu.push(cpuMs(c));
  last = `${v.passed ? 'passed' : v.code} (score ${v.score.toFixed(3)})`;
}
console.log(`liveness check + match (chip + 4 frames of 640×480): ${stats(liveMs, liveCpu)}; verdict ${last}`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
