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

export async function createMrzOcrEngine(options: MrzOcrEngineOptions): Promise<MrzOcrEngine> {
  const worker = await Tesseract.createWorker(
    'eng',
    Tesseract.OEM.TESSERACT_ONLY,
    {
      langPath: options.langPath,
      cacheMethod: 'none',
      gzip: true,
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
  return {
    async recognize(image) {
      // a BMP byte array is read alike by the Node and the browser builds of tesseract.js
      const bytes = encodeBmp(image) as unknown as Buffer;
      const result = await worker.recognize(bytes, {}, { blocks: true, text: false });
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
            lines.push({ text, confidences, centres, bbox: line.bbox });
          }
        }
      }
      return lines.sort((a, b) => a.bbox.y0 - b.bbox.y0);
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
