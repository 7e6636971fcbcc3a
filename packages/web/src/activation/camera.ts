/**
 * The camera as a QR scanner for the copy (the new device looks at the old app's live QR):
 * getUserMedia on the back camera, frames grabbed a few times a second and decoded on the
 * page; nothing leaves the device but the decoded text.
 */
import type { QrScanner } from '@openmitid/app';
import { decodeQr } from './qr.js';

export class CameraError extends Error {
  readonly code = 'CAMERA';
}

export interface CameraScan {
  scan: QrScanner;
  stop(): void;
}

/** Starts the camera into `video`; `scan()` resolves with the next QR text seen. */
export async function startCameraScan(video: HTMLVideoElement, signal: AbortSignal, intervalMs = 200): Promise<CameraScan> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false });
  } catch (e) {
    throw new CameraError('camera refused or missing', { cause: e });
  }
  video.srcObject = stream;
  video.muted = true;
  await video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  const stop = () => stream.getTracks().forEach((t) => t.stop());
  signal.addEventListener('abort', stop, { once: true });

  const grab = (): string | undefined => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return undefined;
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return undefined;
    ctx.drawImage(video, 0, 0, w, h);
    return decodeQr(ctx.getImageData(0, 0, w, h));
  };

  const scan: QrScanner = () =>
    new Promise((resolve, reject) => {
      const tick = () => {
        if (signal.aborted) return reject(new CameraError('scan stopped'));
        const text = grab();
        if (text !== undefined) return resolve(text);
        setTimeout(tick, intervalMs);
      };
      tick();
    });
  return { scan, stop };
}
