/**
 * The front camera and the face detector running on its frames at a modest rate (about 5 per
 * second, one at a time), so the page stays responsive on a slow phone. Each analysed frame is
 * drawn on a canvas first: the frame the detector saw is the frame a liveness step keeps.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { DetectedFace } from '@openmitid/app/face';
import { loadFaceDetector } from './detector.js';

export type CameraState = 'starting' | 'live' | 'unavailable' | 'detector-failed';

export interface AnalysedFrame {
  face: DetectedFace | null;
  /** the analysed picture; valid until onFrame's promise settles */
  canvas: HTMLCanvasElement;
}

export interface FaceCamera {
  camera: CameraState;
  /** the last analysed frame's face (undefined before the first) */
  face: DetectedFace | null | undefined;
  /** frames analysed so far (tests wait on it instead of on time) */
  analysed: number;
}

const FRAME_INTERVAL_MS = 200;
/** frames are analysed at most this wide: enough for the server's 80 px minimum face */
const MAX_WIDTH = 640;

export function useFaceCamera(video: RefObject<HTMLVideoElement | null>, onFrame?: (frame: AnalysedFrame) => Promise<void> | void): FaceCamera {
  const [state, setState] = useState<FaceCamera>({ camera: 'starting', face: undefined, analysed: 0 });
  const onFrameRef = useRef(onFrame);
  onFrameRef.current = onFrame;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement('canvas');
    const update = (patch: Partial<FaceCamera>) => {
      if (!stopped) setState((s) => ({ ...s, ...patch }));
    };

    const run = async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera API');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
        const el = video.current;
        if (stopped || !el) return;
        el.srcObject = stream;
        await el.play();
      } catch {
        update({ camera: 'unavailable' });
        return;
      }
      let detector;
      try {
        detector = await loadFaceDetector();
      } catch {
        update({ camera: 'detector-failed' });
        return;
      }
      update({ camera: 'live' });
      let analysed = 0;
      const tick = async () => {
        const el = video.current;
        if (stopped || !el) return;
        const started = performance.now();
        if (el.videoWidth > 0) {
          const scale = Math.min(1, MAX_WIDTH / el.videoWidth);
          canvas.width = Math.round(el.videoWidth * scale);
          canvas.height = Math.round(el.videoHeight * scale);
          canvas.getContext('2d')?.drawImage(el, 0, 0, canvas.width, canvas.height);
          try {
            const found = await detector.detect(canvas);
            const face = found ? { ...found, brightness: faceBrightness(canvas, found.box) } : null;
            if (stopped) return;
            update({ face, analysed: ++analysed });
            await onFrameRef.current?.({ face, canvas });
          } catch {
            update({ camera: 'detector-failed' });
            return;
          }
        }
        if (!stopped) timer = setTimeout(() => void tick(), Math.max(0, FRAME_INTERVAL_MS - (performance.now() - started)));
      };
      void tick();
    };
    void run();

    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [video]);

  return state;
}

/** Mean grey level (0–255) inside the face box, on a sparse grid of pixels (cheap at 5 frames a second). */
function faceBrightness(canvas: HTMLCanvasElement, box: readonly [number, number, number, number]): number | undefined {
  const x = Math.max(0, Math.floor(box[0]));
  const y = Math.max(0, Math.floor(box[1]));
  const w = Math.min(canvas.width - x, Math.floor(box[2]));
  const h = Math.min(canvas.height - y, Math.floor(box[3]));
  if (w <= 0 || h <= 0) return undefined;
  const data = canvas.getContext('2d')?.getImageData(x, y, w, h).data;
  if (!data) return undefined;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < data.length; i += 4 * 7) {
    sum += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    n++;
  }
  return n > 0 ? sum / n : undefined;
}

/** The canvas as JPEG bytes, as the server's face step takes them. */
export function encodeFrame(canvas: HTMLCanvasElement, quality = 0.92): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => {
        if (!blob) return reject(new Error('the frame could not be encoded'));
        blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), reject);
      },
      'image/jpeg',
      quality,
    );
  });
}
