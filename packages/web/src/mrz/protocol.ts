/** The messages between the scan screen and the OCR worker (ocr-worker.ts). */
import type { OcrAssetUrls } from './assets.js';

export type ToOcrWorker =
  | { type: 'init'; assets: OcrAssetUrls }
  /** one camera frame as RGBA (ImageData's layout); `rgba` is transferred, the worker makes it grey */
  | { type: 'frame'; width: number; height: number; rgba: Uint8ClampedArray };

export type FromOcrWorker =
  | { type: 'ready' }
  /** a frame was read without a result yet; `found` tells whether an MRZ was seen in it */
  | { type: 'frame'; found: boolean }
  /** the frames agreed on an MRZ whose every check digit passes */
  | { type: 'read'; lines: string[] }
  | { type: 'error'; message: string };
