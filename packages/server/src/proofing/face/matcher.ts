import { decodeImage, defaultDecodeLimits, type DecodedImage, type DecodeLimits } from './decode.js';
import { embeddingModels, loadFaceEngine, type DetectedFace, type EmbeddingModel, type FaceEngine } from './engine.js';
import { FaceError } from './face-error.js';
import { faceSharpness } from './sharpness.js';
import { cosine } from './similarity.js';

/**
 * Default decision threshold on the cosine of faceres descriptors (human 3.3.6, 1024-d), chosen
 * with bench/face-calibrate.ts on ../shared/fixtures/faces (77 genuine / 451 impostor pairs):
 *   photo vs photo:           highest impostor 0.653; EER 1.3 %; at 0.66 FMR 0/451, FNMR 9/77 (11.7 %)
 *   15 KB JP2 chip vs photo:  highest impostor 0.650; EER 0.2 %; at 0.66 FMR 0/451, FNMR 4/77 (5.2 %)
 *   photo vs 4-frame average: highest impostor 0.656
 * 0.66 is the round value just above every impostor score (the exact FMR-0 points, 0.654 and 0.651,
 * would give FNMR 6/77 and 2/77 but no margin). Flip augmentation lowers the EER (1.3 % → 0.4 %)
 * but not the FNMR at FMR 0, at twice the cost, so it is off by default. faceres-deep,
 * mobilefacenet and mobileface did worse, and fusing them with faceres gained nothing at FMR 0.
 * The set is small (7 people): operators re-calibrate on their own data with the bench or
 * `openmitid face compare`.
 */
export const defaultThreshold = 0.66;

export interface FaceQualitySettings {
  /** Smallest face box side, in pixels of the decoded (≤ maxSide) image. */
  minFacePixels: number;
  /** Smallest Laplacian variance of the face region (see sharpness.ts). */
  minSharpness: number;
  /** A second face at least this fraction of the largest one's width means two people are present. */
  secondFaceRatio: number;
}

/**
 * Sharpness on the fixtures' faces ranges 660–4760; the same photos under a Gaussian blur of σ = 4 px
 * (at ≤ 960 px) fall to 20–320, σ = 8 to below 60. 60 refuses the clearly smeared without refusing
 * a soft webcam.
 */
export const defaultQuality: FaceQualitySettings = {
  minFacePixels: 80,
  minSharpness: 60,
  secondFaceRatio: 0.4,
};

export interface FaceMatcherOptions {
  threshold?: number;
  /** One of `embeddingModels` (default faceres); anything else is refused at creation. */
  model?: string;
  /** Average each descriptor with its mirror image's (costs a second detection per image). */
  flip?: boolean;
  limits?: Partial<DecodeLimits>;
  quality?: Partial<FaceQualitySettings>;
}

export interface DescribedFace {
  image: DecodedImage;
  /** The largest face. */
  face: DetectedFace;
  /** Any further faces, largest first. */
  others: DetectedFace[];
  sharpness: number;
}

export interface FaceComparison {
  score: number;
  threshold: number;
  match: boolean;
  modelVersion: string;
}

export interface FaceMatcher {
  readonly threshold: number;
  readonly modelVersion: string;
  /**
   * Decodes, finds exactly one usable face and describes it; throws FaceError with the reason
   * otherwise. `quality: false` skips the size and focus checks (a chip photo is what it is).
   */
  describe(bytes: Uint8Array, options?: { quality?: boolean }): Promise<DescribedFace>;
  /** The live-capture gates (two faces, too small, blurred) on an already described image. */
  gate(described: DescribedFace): FaceError | undefined;
  compare(a: Uint8Array, b: Uint8Array): Promise<FaceComparison>;
}

export async function createFaceMatcher(options: FaceMatcherOptions = {}): Promise<FaceMatcher> {
  const model = options.model ?? 'faceres';
  if (!(embeddingModels as readonly string[]).includes(model)) throw new RangeError(`unknown face model ${model}; one of ${embeddingModels.join(', ')}`);
  const engine: FaceEngine = await loadFaceEngine(model as EmbeddingModel);
  const threshold = options.threshold ?? defaultThreshold;
  if (!(threshold >= -1 && threshold <= 1)) throw new RangeError(`face threshold ${threshold} is not a cosine`);
  const limits: DecodeLimits = { ...defaultDecodeLimits, ...options.limits };
  const quality: FaceQualitySettings = { ...defaultQuality, ...options.quality };
  const flip = options.flip ?? false;

  /** The live-capture gates: refusals a user can fix by trying again (or by stepping out of frame). */
  const gate = (d: DescribedFace): FaceError | undefined => {
    const { face, sharpness, others } = d;
    if (others.some((f) => f.box[2] >= face.box[2] * quality.secondFaceRatio)) {
      return new FaceError('FACE_MULTIPLE', `${others.length + 1} faces in the image`);
    }
    if (Math.min(face.box[2], face.box[3]) < quality.minFacePixels) {
      return new FaceError('FACE_TOO_SMALL', `face is ${Math.round(face.box[2])} px wide (minimum ${quality.minFacePixels})`);
    }
    if (sharpness < quality.minSharpness) return new FaceError('FACE_BLURRED', `face sharpness ${sharpness.toFixed(1)} < ${quality.minSharpness}`);
    return undefined;
  };

  const describe = async (bytes: Uint8Array, opts?: { quality?: boolean }): Promise<DescribedFace> => {
    const image = await decodeImage(bytes, limits);
    const [face, ...others] = await engine.analyse(image, { flip });
    if (!face) throw new FaceError('FACE_NOT_FOUND', 'no face in the image');
    const d: DescribedFace = { image, face, others, sharpness: faceSharpness(image, face.box) };
    if (opts?.quality !== false) {
      const refusal = gate(d);
      if (refusal) throw refusal;
    }
    return d;
  };

  return {
    threshold,
    modelVersion: engine.modelVersion,
    describe,
    gate,
    async compare(a, b) {
      // the first image is the reference (e.g. a chip photo): no quality gate on it
      const [fa, fb] = [await describe(a, { quality: false }), await describe(b)];
      const score = cosine(fa.face.embedding, fb.face.embedding);
      return { score, threshold, match: score >= threshold, modelVersion: engine.modelVersion };
    },
  };
}
