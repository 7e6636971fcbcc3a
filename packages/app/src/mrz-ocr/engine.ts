/**
 * The OCR engine: tesseract.js with its legacy (non-LSTM) recogniser, which reads OCR-B far
 * better than the LSTM model, limited to the MRZ alphabet and without dictionaries. Nothing is
 * fetched from the network: the caller names where the traineddata (with the legacy model, i.e.
 * @tesseract.js-data/eng/4.0.0, not 4.0.0_best_int) and, in a browser, the worker and core live.
 */
import Tesseract from 'tesseract.js';
import type { OcrLine } from './correct.js';
import { encodeBmp, type GrayImage } from './gray-image.js';

export interface MrzOcrEngineOptions {
  /** folder (Node) or URL (browser) holding eng.traineddata.gz with the legacy model */
  langPath: string;
  /** browser: URL of tesseract.js's worker script, served by the app */
  workerPath?: string;
  /** browser: URL of the folder of tesseract.js-core's wasm builds, served by the app */
  corePath?: string;
}

export interface OcrLineBox extends OcrLine {
  /** in pixels of the image given to `recognize` */
  bbox: { x0: number; y0: number; x1: number; y1: number };
  /** the same line as the LSTM recogniser reads it (a second opinion on letters) */
  second?: string;
}

export interface MrzOcrEngine {
  /** Reads a normalised MRZ band (black text on white) as a block of lines, top first. */
  recognize(image: GrayImage): Promise<OcrLineBox[]>;
  terminate(): Promise<void>;
}

export const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

interface TesseractSymbol {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}
interface TesseractLine {
  bbox: { x0: number; y0: number; x1: number; y1: number };
  words: Array<{ symbols: TesseractSymbol[] }>;
}
interface TesseractBlock {
  paragraphs: Array<{ lines: TesseractLine[] }>;
}

async function startWorker(options: MrzOcrEngineOptions, oem: Tesseract.OEM): Promise<Tesseract.Worker> {
  const worker = await Tesseract.createWorker(
    'eng',
    oem,
    {
      langPath: options.langPath,
      cacheMethod: 'none',
      gzip: true,
      // one core build and one traineddata file (with both models) serve both workers
      legacyCore: true,
      legacyLang: true,
      ...(options.workerPath ? { workerPath: options.workerPath } : {}),
      ...(options.corePath ? { corePath: options.corePath } : {}),
    },
    // init-only parameters: word lists would "correct" an MRZ towards English
    { load_system_dawg: '0', load_freq_dawg: '0' },
  );
  await worker.setParameters({
    tessedit_char_whitelist: MRZ_ALPHABET,
    tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK,
  });
  return worker;
}

/**
 * Two recognisers: the legacy one reads the MRZ (it places fillers and digits of OCR-B far
 * better), the LSTM one gives a second opinion on letters, which the legacy one confuses with
 * high confidence (W read as N) where no check digit covers them (names).
 */
export async function createMrzOcrEngine(options: MrzOcrEngineOptions): Promise<MrzOcrEngine> {
  const worker = await startWorker(options, Tesseract.OEM.TESSERACT_ONLY);
  const second = await startWorker(options, Tesseract.OEM.LSTM_ONLY);
  return {
    async recognize(image) {
      // a BMP byte array is read alike by the Node and the browser builds of tesseract.js
      const bytes = encodeBmp(image) as unknown as Buffer;
      const [result, opinion] = await Promise.all([
        worker.recognize(bytes, {}, { blocks: true, text: false }),
        second.recognize(bytes, {}, { blocks: true, text: false }),
      ]);
      const secondLines: Array<{ text: string; y: number }> = [];
      for (const block of (opinion.data.blocks ?? []) as unknown as TesseractBlock[]) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) {
            secondLines.push({ text: line.words.map((w) => w.symbols.map((s) => s.text).join('')).join(''), y: (line.bbox.y0 + line.bbox.y1) / 2 });
          }
        }
      }
      const blocks = (result.data.blocks ?? []) as unknown as TesseractBlock[];
      const lines: OcrLineBox[] = [];
      for (const block of blocks) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) {
            let text = '';
            const confidences: number[] = [];
            const centres: number[] = [];
            for (const word of line.words) {
              for (const symbol of word.symbols) {
                text += symbol.text;
                for (let i = 0; i < symbol.text.length; i++) {
                  confidences.push(symbol.confidence);
                  centres.push((symbol.bbox.x0 + symbol.bbox.x1) / 2);
                }
              }
            }
            const inside = secondLines.find((o) => o.y >= line.bbox.y0 && o.y <= line.bbox.y1);
            lines.push({ text, confidences, centres, bbox: line.bbox, ...(inside ? { second: inside.text } : {}) });
          }
        }
      }
      return lines.sort((a, b) => a.bbox.y0 - b.bbox.y0);
    },
    async terminate() {
      await Promise.all([worker.terminate(), second.terminate()]);
    },
  };
}
