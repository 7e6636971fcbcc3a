/**
 * The MRZ OCR off the page's thread: locating the band, binarising, tesseract.js (which runs in
 * workers of its own, started from here) and the check-digit correction all happen here, so
 * the camera preview stays smooth. Frames are voted over: two must agree (MrzVoter's default),
 * because a name has no check digit.
 */
import { createMrzOcrEngine, grayFromPixels, MrzVoter, readMrzFrame, type MrzOcrEngine } from '@openmitid/app/mrz-ocr';
import type { FromOcrWorker, ToOcrWorker } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToOcrWorker>) => void) | null;
  postMessage(message: FromOcrWorker): void;
}
const scope = self as unknown as WorkerScope;

let engine: Promise<MrzOcrEngine> | undefined;
const voter = new MrzVoter();
let done = false;

const post = (message: FromOcrWorker) => scope.postMessage(message);

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'init') {
    engine = createMrzOcrEngine(message.assets);
    engine.then(
      () => post({ type: 'ready' }),
      (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  void readFrame(message.width, message.height, message.rgba);
};

async function readFrame(width: number, height: number, rgba: Uint8ClampedArray): Promise<void> {
  try {
    if (!engine) throw new Error('init first');
    if (done) return;
    const frame = await readMrzFrame(await engine, grayFromPixels(width, height, rgba, 4));
    const vote = voter.add(frame);
    if (vote.done && vote.lines) {
      done = true;
      post({ type: 'read', lines: vote.lines });
    } else post({ type: 'frame', found: frame.code !== 'MRZ_NOT_FOUND' });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
