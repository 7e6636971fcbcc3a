/**
 * One camera scan of the MRZ: opens the back camera into the preview, starts the OCR worker,
 * and hands it one frame at a time (the next only when the last is read, so a slow phone never
 * queues stale frames) until the frames agree on an MRZ, the time runs out, or it is stopped.
 */
import { ocrAssetUrls, type OcrAssetUrls } from './assets.js';
import { CameraError, openBackCamera, stopCamera, type CameraProblem } from './camera.js';
import type { FromOcrWorker, ToOcrWorker } from './protocol.js';

export type ScanStatus =
  /** camera and OCR starting */
  | 'starting'
  /** frames are being read; `found` tells whether the last frame showed an MRZ */
  | 'scanning'
  | 'read'
  | CameraProblem
  /** no agreed reading within the time allowed */
  | 'timeout'
  /** the OCR could not start or failed */
  | 'failed';

export interface ScanSessionOptions {
  video: HTMLVideoElement;
  onStatus(status: ScanStatus, found?: boolean): void;
  onRead(lines: string[]): void;
  /** how long the scan tries once the OCR is ready; default 60 s */
  timeoutMs?: number;
  /** pause between a frame's answer and the next grab; default 100 ms */
  intervalMs?: number;
  /** frames wider than this are scaled down before OCR; default 1600 px */
  maxWidth?: number;
  assets?: OcrAssetUrls;
  createWorker?: () => Worker;
  openCamera?: () => Promise<MediaStream>;
}

const defaultWorker = () => new Worker(new URL('./ocr-worker.ts', import.meta.url), { type: 'module', name: 'mrz-ocr' });

export class MrzScanSession {
  #stream: MediaStream | undefined;
  #worker: Worker | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #canvas: HTMLCanvasElement | undefined;

  constructor(private readonly o: ScanSessionOptions) {}

  async start(): Promise<void> {
    this.o.onStatus('starting');
    try {
      this.#stream = await (this.o.openCamera ?? openBackCamera)();
    } catch (e) {
      if (!this.#stopped) this.o.onStatus(e instanceof CameraError ? e.problem : 'unavailable');
      return;
    }
    if (this.#stopped) return stopCamera(this.#stream);
    const video = this.o.video;
    video.srcObject = this.#stream;
    video.muted = true;
    video.playsInline = true;
    await video.play().catch(() => undefined);

    const worker = (this.o.createWorker ?? defaultWorker)();
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<FromOcrWorker>) => this.#onWorker(event.data);
    worker.onerror = () => this.#fail();
    const init: ToOcrWorker = { type: 'init', assets: this.o.assets ?? ocrAssetUrls(document.baseURI) };
    worker.postMessage(init);
  }

  /** Ends the scan: camera off, OCR stopped. Safe to call more than once. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#deadline);
    this.#worker?.terminate();
    this.#worker = undefined;
    stopCamera(this.#stream);
    this.#stream = undefined;
    if (this.o.video.srcObject) this.o.video.srcObject = null;
  }

  #onWorker(message: FromOcrWorker): void {
    if (this.#stopped) return;
    switch (message.type) {
      case 'ready':
        this.o.onStatus('scanning', false);
        this.#deadline = setTimeout(() => {
          this.stop();
          this.o.onStatus('timeout');
        }, this.o.timeoutMs ?? 60_000);
        this.#next(0);
        return;
      case 'frame':
        this.o.onStatus('scanning', message.found);
        this.#next(this.o.intervalMs ?? 100);
        return;
      case 'read':
        this.stop();
        this.o.onStatus('read');
        this.o.onRead(message.lines);
        return;
      case 'error':
        this.#fail();
    }
  }

  #fail(): void {
    if (this.#stopped) return;
    this.stop();
    this.o.onStatus('failed');
  }

  #next(delayMs: number): void {
    this.#timer = setTimeout(() => this.#grab(), delayMs);
  }

  /** Sends the preview's current picture to the worker, or waits for the video to have one. */
  #grab(): void {
    const video = this.o.video;
    const worker = this.#worker;
    if (this.#stopped || !worker) return;
    if (video.readyState < video.HAVE_CURRENT_DATA || video.videoWidth === 0) return this.#next(100);
    const scale = Math.min(1, (this.o.maxWidth ?? 1600) / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    this.#canvas ??= document.createElement('canvas');
    const canvas = this.#canvas;
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return this.#fail();
    context.drawImage(video, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    const frame: ToOcrWorker = { type: 'frame', width, height, rgba };
    worker.postMessage(frame, [rgba.buffer]);
  }
}
