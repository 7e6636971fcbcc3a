/**
 * The in-browser face detector: @vladmandic/human's browser build on the tfjs WASM backend with
 * only its small BlazeFace detector (box + six landmarks; no mesh, no embedding: the server does
 * the matching). The model and the WASM binaries come from the app's own origin (face/, copied
 * there by vite.config.ts); human is imported on demand so other screens do not load it.
 */
import type { DetectedFace } from '@openmitid/app/face';

/** The few parts of human's API used here (its own .d.ts pulls in tfjs types this build does not resolve). */
interface HumanFace {
  box: [number, number, number, number];
  score: number;
  /** without the mesh model: BlazeFace's six keypoints (eyes, nose, mouth, ears) */
  mesh: [number, number, number?][];
}
interface HumanInstance {
  load(): Promise<void>;
  init(): Promise<void>;
  detect(input: HTMLCanvasElement): Promise<{ face: HumanFace[]; error?: string | null }>;
  tf: { getBackend(): string };
}
type HumanModule = { Human: new (config: Record<string, unknown>) => HumanInstance };

export interface FaceDetector {
  /** The largest face in the frame, or null; coordinates in the canvas's pixels. */
  detect(frame: HTMLCanvasElement): Promise<DetectedFace | null>;
  readonly backend: string;
}

function humanConfig(assetBase: string): Record<string, unknown> {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: assetBase,
    modelBasePath: assetBase,
    // the service worker caches the files; IndexedDB would keep a second copy
    cacheModels: false,
    // each call is a new frame: never reuse an earlier frame's boxes
    cacheSensitivity: 0,
    skipAllowed: false,
    warmup: 'none',
    debug: false,
    filter: off,
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      detector: { modelPath: 'blazeface.json', rotation: false, maxDetected: 2, minConfidence: 0.5, return: false, skipFrames: 0, skipTime: 0 },
      mesh: off,
      iris: off,
      emotion: off,
      description: off,
      antispoof: off,
      liveness: off,
      attention: off,
      gear: off,
    },
  };
}

let loading: Promise<FaceDetector> | undefined;

/** Loads human, the WASM backend and the model once per page. */
export function loadFaceDetector(assetBase: string = new URL('face/', document.baseURI).href): Promise<FaceDetector> {
  loading ??= (async () => {
    const { Human } = (await import('@vladmandic/human')) as unknown as HumanModule;
    const human = new Human(humanConfig(assetBase));
    await human.init();
    await human.load();
    return {
      backend: human.tf.getBackend(),
      async detect(frame) {
        const result = await human.detect(frame);
        if (result.error) throw new Error(result.error);
        const face = [...result.face].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
        if (!face) return null;
        const [leftEye, rightEye, nose, mouth, leftEar, rightEar] = face.mesh;
        const point = (p: [number, number, number?]): [number, number] => [p[0], p[1]];
        return {
          box: face.box,
          frameWidth: frame.width,
          frameHeight: frame.height,
          ...(leftEye && rightEye && nose && mouth && leftEar && rightEar
            ? { landmarks: { eyes: [point(leftEye), point(rightEye)], ears: [point(leftEar), point(rightEar)], nose: point(nose), mouth: point(mouth) } }
            : {}),
        };
      },
    };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
