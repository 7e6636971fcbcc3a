/**
 * The scan session's life cycle (src/mrz/scan-session.ts, camera.ts) with the browser's parts
 * played by small fakes: getUserMedia's refusals sorted into what the screen says, the OCR
 * worker's answers turned into statuses, the time limit, and that every ending turns the camera
 * off and stops the worker. The real camera and OCR run in test/e2e/mrz-camera.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CameraError, openBackCamera } from '../src/mrz/camera.js';
import { MrzScanSession, type ScanStatus } from '../src/mrz/scan-session.js';
import type { FromOcrWorker, ToOcrWorker } from '../src/mrz/protocol.js';

const ASSETS = { workerPath: 'http://x/w.js', corePath: 'http://x/core/', langPath: 'http://x/lang' };

function fakes() {
  const stopped: string[] = [];
  const posted: ToOcrWorker[] = [];
  const worker = {
    onmessage: null as ((e: MessageEvent<FromOcrWorker>) => void) | null,
    onerror: null as (() => void) | null,
    terminated: false,
    postMessage: (m: ToOcrWorker) => posted.push(m),
    terminate() {
      this.terminated = true;
    },
    answer(m: FromOcrWorker) {
      this.onmessage?.({ data: m } as MessageEvent<FromOcrWorker>);
    },
  };
  // a video that never has a picture: the session waits for one without sending frames
  const video = { srcObject: null as unknown, muted: false, playsInline: false, readyState: 0, HAVE_CURRENT_DATA: 2, videoWidth: 0, play: () => Promise.resolve() };
  const stream = { getTracks: () => [{ stop: () => stopped.push('video') }] };
  const statuses: ScanStatus[] = [];
  const reads: string[][] = [];
  const session = (o: { timeoutMs?: number; camera?: () => Promise<MediaStream> } = {}) =>
    new MrzScanSession({
      video: video as unknown as HTMLVideoElement,
      onStatus: (s) => statuses.push(s),
      onRead: (lines) => reads.push(lines),
      assets: ASSETS,
      createWorker: () => worker as unknown as Worker,
      openCamera: o.camera ?? (() => Promise.resolve(stream as unknown as MediaStream)),
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    });
  return { worker, video, stopped, posted, statuses, reads, session };
}

describe('openBackCamera', () => {
  const media = (fail?: string) =>
    ({
      getUserMedia: (c: MediaStreamConstraints) => (fail ? Promise.reject(new DOMException('no', fail)) : Promise.resolve(c as unknown as MediaStream)),
    }) as unknown as MediaDevices;
  const problem = (p: Promise<unknown>) => p.then(() => 'none', (e: unknown) => (e instanceof CameraError ? e.problem : 'other'));

  it('asks for the back camera without sound', async () => {
    const constraints = (await openBackCamera(media())) as unknown as MediaStreamConstraints;
    expect(constraints.audio).toBe(false);
    expect((constraints.video as MediaTrackConstraints).facingMode).toEqual({ ideal: 'environment' });
  });

  it('sorts the refusals into denied and unavailable', async () => {
    expect(await problem(openBackCamera(media('NotAllowedError')))).toBe('denied');
    expect(await problem(openBackCamera(media('SecurityError')))).toBe('denied');
    expect(await problem(openBackCamera(media('NotFoundError')))).toBe('unavailable');
    expect(await problem(openBackCamera(media('NotReadableError')))).toBe('unavailable');
    // an insecure origin has no navigator.mediaDevices at all
    expect(await problem(openBackCamera(undefined))).toBe('unavailable');
  });
});

describe('MrzScanSession', () => {
  it('starts the OCR with the assets, scans once it is ready, and ends on a read', async () => {
    const f = fakes();
    await f.session().start();
    expect(f.video.srcObject).not.toBeNull();
    expect(f.posted).toEqual([{ type: 'init', assets: ASSETS }]);
    expect(f.statuses).toEqual(['starting']);
    f.worker.answer({ type: 'ready' });
    f.worker.answer({ type: 'frame', found: true });
    f.worker.answer({ type: 'read', lines: ['P<A', 'B'] });
    expect(f.statuses).toEqual(['starting', 'scanning', 'scanning', 'read']);
    expect(f.reads).toEqual([['P<A', 'B']]);
    expect(f.stopped).toEqual(['video']);
    expect(f.worker.terminated).toBe(true);
    expect(f.video.srcObject).toBeNull();
    // a late answer after the end changes nothing
    f.worker.answer({ type: 'read', lines: ['X'] });
    expect(f.reads).toHaveLength(1);
  });

  it('gives up after the time allowed, and on an OCR failure', async () => {
    const f = fakes();
    await f.session({ timeoutMs: 20 }).start();
    f.worker.answer({ type: 'ready' });
    await expect.poll(() => f.statuses.at(-1)).toBe('timeout');
    expect(f.stopped).toEqual(['video']);
    expect(f.worker.terminated).toBe(true);

    const g = fakes();
    await g.session().start();
    g.worker.answer({ type: 'error', message: 'no wasm' });
    expect(g.statuses).toEqual(['starting', 'failed']);
    expect(g.stopped).toEqual(['video']);
  });

  it('reports a refused camera and starts no OCR', async () => {
    const f = fakes();
    await f.session({ camera: () => Promise.reject(new CameraError('denied', 'NotAllowedError')) }).start();
    expect(f.statuses).toEqual(['starting', 'denied']);
    expect(f.posted).toEqual([]);
  });
});
