/**
 * Compares face-embedding models and scoring variants on ../shared/fixtures/faces (pairs.csv) and
 * prints, per configuration, the equal error rate, the threshold that gives no false match on this
 * set and the false non-match rate it costs, and FMR/FNMR at fixed thresholds.
 *
 *   node --import tsx bench/face-calibrate.ts [model ...]
 *
 * human keeps one embedding model per process, so each model runs in a forked worker that sends its
 * descriptors back over IPC. Nothing is written to disk except opj_compress's temporary files.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { decodeImage } from '../packages/server/src/proofing/face/decode.js';
import { embeddingModels, loadFaceEngine, type EmbeddingModel } from '../packages/server/src/proofing/face/engine.js';
import { cosine, humanSimilarity, meanEmbedding } from '../packages/server/src/proofing/face/similarity.js';
import { chipPhoto, fixture, readPairs, type Pair } from '../packages/server/test/face-support.js';

interface ImageRecord {
  name: string;
  emb?: number[];
  raw?: number[];
  flip?: number[];
  /** mean of original, mirror and two zoomed crops: stands in for averaging a capture's frames */
  frames?: number[];
  jp2?: number[];
  jp2flip?: number[];
}

async function worker(model: EmbeddingModel): Promise<void> {
  const engine = await loadFaceEngine(model);
  const names = [...new Set(readPairs().flatMap((p) => [p.a, p.b]))];
  const out: ImageRecord[] = [];
  for (const name of names) {
    const bytes = fixture(name);
    const img = await decodeImage(bytes);
    const rec: ImageRecord = { name };
    const faces = await engine.analyse(img);
    const f = faces[0];
    if (f) {
      rec.emb = [...f.embedding];
      rec.raw = [...f.rawEmbedding];
      const flipped = (await engine.analyse(img, { flip: true }))[0];
      if (flipped) rec.flip = [...flipped.embedding];
      const crops = [f.embedding, flipped?.embedding ?? f.embedding];
      for (const zoom of [0.92, 0.85]) {
        const cw = Math.round(img.width * zoom);
        const ch = Math.round(img.height * zoom);
        const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
          .extract({ left: Math.round((img.width - cw) / 2), top: Math.round((img.height - ch) / 2), width: cw, height: ch })
          .raw()
          .toBuffer({ resolveWithObject: true });
        const c = (await engine.analyse({ width: info.width, height: info.height, data: new Uint8Array(data) }))[0];
        if (c) crops.push(c.embedding);
      }
      rec.frames = [...meanEmbedding(crops)];
      const chip = await decodeImage(await chipPhoto(bytes, { box: f.box, imageWidth: img.width }, { format: 'jp2' }));
      const cf = (await engine.analyse(chip))[0];
      if (cf) rec.jp2 = [...cf.embedding];
      const cff = (await engine.analyse(chip, { flip: true }))[0];
      if (cff) rec.jp2flip = [...cff.embedding];
    }
    out.push(rec);
  }
  process.send!({ model, version: engine.modelVersion, records: out });
}

type Records = Map<string, ImageRecord>;

function runWorker(model: EmbeddingModel): Promise<{ model: EmbeddingModel; version: string; records: Records }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--worker', model], { execArgv: ['--import', 'tsx'] });
    child.on('message', (m: { model: EmbeddingModel; version: string; records: ImageRecord[] }) =>
      resolve({ model: m.model, version: m.version, records: new Map(m.records.map((r) => [r.name, r])) }),
    );
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`worker ${model} exited ${code}`)));
  });
}

interface Scored {
  score: number;
  same: boolean;
}

function summarise(label: string, scored: Scored[]): string {
  const gen = scored.filter((s) => s.same).map((s) => s.score);
  const imp = scored.filter((s) => !s.same).map((s) => s.score);
  const candidates = [...new Set(scored.map((s) => s.score))].sort((a, b) => a - b);
  let eer = 1;
  let eerAt = 0;
  for (const t of candidates) {
    const fmr = imp.filter((s) => s >= t).length / imp.length;
    const fnmr = gen.filter((s) => s < t).length / gen.length;
    const e = Math.max(fmr, fnmr);
    if (e < eer) {
      eer = e;
      eerAt = t;
    }
  }
  const maxImp = Math.max(...imp);
  const zeroFmrAt = maxImp + 1e-4;
  const fnmrAtZeroFmr = gen.filter((s) => s < zeroFmrAt).length / gen.length;
  const minGen = Math.min(...gen);
  const fmrAtZeroFnmr = imp.filter((s) => s >= minGen).length / imp.length;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);
  return `${label.padEnd(34)} EER ${pct(eer)} @${eerAt.toFixed(3)}  FMR0: t>${maxImp.toFixed(3)} FNMR ${pct(fnmrAtZeroFmr)}  FNMR0: t≤${minGen.toFixed(3)} FMR ${pct(fmrAtZeroFnmr)}  gen ${median(gen).toFixed(3)} imp ${median(imp).toFixed(3)}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function at(label: string, scored: Scored[], thresholds: number[]): string {
  const gen = scored.filter((s) => s.same);
  const imp = scored.filter((s) => !s.same);
  const cells = thresholds.map((t) => {
    const fm = imp.filter((s) => s.score >= t).length;
    const fnm = gen.filter((s) => s.score < t).length;
    return `${t.toFixed(2)}: FMR ${fm}/${imp.length} FNMR ${fnm}/${gen.length}`;
  });
  return `${label.padEnd(34)} ${cells.join(' | ')}`;
}

const vec = (v: number[] | undefined): Float32Array | undefined => (v ? Float32Array.from(v) : undefined);

function score(pairs: Pair[], rec: Records, aKey: keyof ImageRecord, bKey: keyof ImageRecord, fn = cosine): Scored[] {
  return pairs.map((p) => {
    const a = vec(rec.get(p.a)?.[aKey] as number[] | undefined);
    const b = vec(rec.get(p.b)?.[bKey] as number[] | undefined);
    // a missed face is a non-match: it counts against FNMR, never towards FMR
    return { same: p.same, score: a && b ? fn(a, b) : -1 };
  });
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a) => (embeddingModels as readonly string[]).includes(a)) as EmbeddingModel[];
  const models = requested.length ? requested : [...embeddingModels];
  const pairs = readPairs();
  console.log(`pairs: ${pairs.filter((p) => p.same).length} genuine, ${pairs.filter((p) => !p.same).length} impostor`);
  const results: { model: EmbeddingModel; version: string; records: Records }[] = [];
  for (const m of models) {
    const t0 = performance.now();
    const r = await runWorker(m);
    const missed = [...r.records.values()].filter((x) => !x.emb).map((x) => x.name);
    const missedChip = [...r.records.values()].filter((x) => x.emb && !x.jp2).map((x) => x.name);
    console.log(`\n${r.version}  (${((performance.now() - t0) / 1000).toFixed(0)} s; no face in: ${missed.join(', ') || 'none'}; in JP2 chip: ${missedChip.join(', ') || 'none'})`);
    const rows: [string, Scored[]][] = [
      ['cosine', score(pairs, r.records, 'emb', 'emb')],
      ['human similarity', score(pairs, r.records, 'raw', 'raw', humanSimilarity)],
      ['cosine, flip-augmented', score(pairs, r.records, 'flip', 'flip')],
      ['cosine, b averaged over 4 "frames"', score(pairs, r.records, 'emb', 'frames')],
      ['cosine, a = 15 KB JP2 chip', score(pairs, r.records, 'jp2', 'emb')],
      ['cosine, a = JP2 chip, flip both', score(pairs, r.records, 'jp2flip', 'flip')],
      ['cosine, a = JP2 chip, b 4 "frames"', score(pairs, r.records, 'jp2', 'frames')],
    ];
    // some models' raw vectors share a large common component (every cosine ≈ 1): remove the set's
    // mean first. Optimistic — the mean comes from the very images being scored.
    const all = [...r.records.values()].flatMap((x) => (x.raw ? [x.raw] : []));
    const mean = all[0]!.map((_, i) => all.reduce((s, v) => s + v[i]!, 0) / all.length);
    const centred = new Map([...r.records].map(([k, x]) => [k, { ...x, emb: x.raw?.map((v, i) => v - mean[i]!) }]));
    rows.push(['cosine, centred on the set mean', score(pairs, centred, 'emb', 'emb')]);
    for (const [label, s] of rows) console.log(summarise(label, s));
    const grid = m === 'mobileface' ? [0.3, 0.4, 0.5, 0.6] : [0.4, 0.45, 0.5, 0.55, 0.6];
    console.log(at('cosine', rows[0]![1], grid));
    console.log(at('cosine, a = 15 KB JP2 chip', rows[4]![1], grid));
    results.push(r);
  }
  if (results.length > 1) {
    console.log('\nfusion: mean of the models\' cosines');
    const combos: EmbeddingModel[][] = [];
    for (let i = 0; i < results.length; i++) for (let j = i + 1; j < results.length; j++) combos.push([results[i]!.model, results[j]!.model]);
    combos.push(results.map((r) => r.model));
    for (const combo of combos) {
      for (const [label, aKey] of [['', 'emb'], [', a = JP2 chip', 'jp2']] as const) {
        const per = combo.map((m) => score(pairs, results.find((r) => r.model === m)!.records, aKey, 'emb'));
        const fused = pairs.map((p, i) => ({ same: p.same, score: per.reduce((s, x) => s + x[i]!.score, 0) / per.length }));
        console.log(summarise(`${combo.join('+')}${label}`, fused));
      }
    }
  }
}

if (process.argv[2] === '--worker') {
  await worker(process.argv[3] as EmbeddingModel);
} else {
  await main();
}
