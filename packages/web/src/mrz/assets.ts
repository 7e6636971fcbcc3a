/**
 * Where the OCR's files live: on the app's own origin, in the folder vite.config.ts copies them
 * to from node_modules (nothing is fetched from a CDN). Absolute URLs, because tesseract.js
 * loads its worker through a blob: URL, against which relative paths mean nothing.
 */

/** Set by vite.config.ts: e.g. 'assets/tesseract-0123456789ab/'. */
declare const __OPENMITID_TESSERACT_DIR__: string | undefined;

export interface OcrAssetUrls {
  /** tesseract.js's worker script */
  workerPath: string;
  /** folder of the wasm cores with the legacy engine; the worker picks one by SIMD support */
  corePath: string;
  /** folder of eng.traineddata.gz (with the legacy model) */
  langPath: string;
}

/** The asset URLs for an app served at `base` (the page's document.baseURI). */
export function ocrAssetUrls(base: string, dir: string = typeof __OPENMITID_TESSERACT_DIR__ === 'string' ? __OPENMITID_TESSERACT_DIR__ : 'tesseract/'): OcrAssetUrls {
  const at = (path: string) => new URL(`${dir}${path}`, base).href;
  return { workerPath: at('worker.min.js'), corePath: at('core/'), langPath: at('lang') };
}
