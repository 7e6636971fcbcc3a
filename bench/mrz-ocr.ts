/**
 * MRZ OCR on rendered passport pages with camera-like damage.
 * For each damage level: N random TD3 identities (OCR-B, Debian fonts-ocr-b), each shown as up
 * to F independently damaged frames fed to the voter (two frames must agree, or a per-position
 * vote must pass every check digit). Prints the share of single frames read exactly and
 * confidently, the share of documents read within F frames, the mean frames needed, wrong reads
 * (a result that is not the printed MRZ; must be 0) and OCR time per frame.
 * MRZ_BENCH_N (default 6) and MRZ_BENCH_FRAMES (default 4) change the sizes.
 */
import { MrzVoter, readMrzFrame } from '@openmitid/app/mrz-ocr';
import { createNodeMrzOcrEngine } from '@openmitid/app/mrz-ocr/node';
import { damage, randomTd3, renderPage, seededRandom, type Damage } from '../packages/app/test/support/render-mrz.ts';

const N = Number(process.env.MRZ_BENCH_N ?? 6);
const FRAMES = Number(process.env.MRZ_BENCH_FRAMES ?? 4);

const LEVELS: Array<{ label: string; damage: Damage }> = [
  { label: 'clean (1250 px page)', damage: {} },
  { label: 'blur σ 1.5', damage: { blur: 1.5 } },
  { label: 'blur σ 2.5', damage: { blur: 2.5 } },
  { label: 'skew 4°', damage: { skew: 4 } },
  { label: 'skew -9°', damage: { skew: -9 } },
  { label: 'glare 0.7', damage: { glare: 0.7 } },
  { label: 'glare 0.9', damage: { glare: 0.9 } },
  { label: 'noise σ 15', damage: { noise: 15 } },
  { label: 'noise σ 30', damage: { noise: 30 } },
  { label: 'low res 700 px', damage: { width: 700 } },
  { label: 'low res 500 px', damage: { width: 500 } },
  { label: 'all: blur 1.2 skew 3 glare 0.6 noise 10 800 px', damage: { blur: 1.2, skew: 3, glare: 0.6, noise: 10, width: 800 } },
];

const engine = await createNodeMrzOcrEngine();
console.log(`${N} documents per level, up to ${FRAMES} frames each; voting: 2 frames agree or a per-position vote passes\n`);
console.log('damage                                           frame ok  doc read  frames/doc  wrong  ms/frame');
let totalWrong = 0;
for (const [levelIndex, level] of LEVELS.entries()) {
  const rng = seededRandom(1000 + levelIndex);
  let framesRead = 0;
  let framesSeen = 0;
  let docsRead = 0;
  let framesNeeded = 0;
  let wrong = 0;
  let ms = 0;
  for (let doc = 0; doc < N; doc++) {
    const { fields, lines } = randomTd3(rng);
    const page = await renderPage(lines, fields, { seed: doc });
    const voter = new MrzVoter({ agree: 2 });
    for (let f = 0; f < FRAMES; f++) {
      const frame = await damage(page, { ...level.damage, seed: doc * 97 + f * 13 + levelIndex });
      const t = performance.now();
      const read = await readMrzFrame(engine, frame);
      ms += performance.now() - t;
      framesSeen++;
      const exact = read.ok && read.lines!.join('\n') === lines.join('\n');
      if (exact && read.uncertain.length === 0) framesRead++;
      // a single frame that claims to be sure and is not is a wrong read too
      if (read.ok && read.uncertain.length === 0 && !exact) wrong++;
      const vote = voter.add(read);
      if (vote.done) {
        if (vote.lines!.join('\n') === lines.join('\n')) {
          docsRead++;
          framesNeeded += vote.frames;
        } else {
          wrong++;
          console.log(`  WRONG READ: ${vote.lines!.join(' ')} for ${lines.join(' ')}`);
        }
        break;
      }
    }
  }
  totalWrong += wrong;
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(0)}%`.padStart(8);
  console.log(
    `${level.label.padEnd(48)} ${pct(framesRead, framesSeen)}  ${pct(docsRead, N)}  ${(docsRead ? framesNeeded / docsRead : NaN).toFixed(2).padStart(10)}  ${String(wrong).padStart(5)}  ${(ms / framesSeen).toFixed(0).padStart(8)}`,
  );
}
await engine.terminate();
console.log(`\nwrong reads in total: ${totalWrong} (must be 0)`);
if (totalWrong > 0) process.exitCode = 1;
