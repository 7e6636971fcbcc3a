import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { FaceError } from './face-error.js';

/** The parts of @cornerstonejs/codec-openjpeg's Emscripten module that are used here. */
interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}
type Factory = (opts: { wasmBinary: Uint8Array; print: () => void; printErr: () => void }) => Promise<OpenJpegModule>;

export interface Rgb8 {
  width: number;
  height: number;
  /** Interleaved RGB, 3 bytes per pixel. */
  data: Uint8Array;
}

const require = createRequire(import.meta.url);
let modulePromise: Promise<OpenJpegModule> | undefined;

function openjpeg(): Promise<OpenJpegModule> {
  modulePromise ??= (async () => {
    const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as Factory;
    const wasmBinary = await readFile(require.resolve('@cornerstonejs/codec-openjpeg/decodewasm'));
    // The decoder prints progress to stdout; keep it quiet.
    return factory({ wasmBinary, print: () => {}, printErr: () => {} });
  })();
  return modulePromise;
}

/**
 * Decodes a JP2 file or raw J2K codestream (OpenJPEG compiled to WASM) to 8-bit RGB. The caller has
 * already bounded width × height from the header, so the decoder's allocation is bounded too.
 */
export async function decodeJpeg2000(bytes: Uint8Array): Promise<Rgb8> {
  let mod: OpenJpegModule;
  try {
    mod = await openjpeg();
  } catch (cause) {
    modulePromise = undefined;
    throw new FaceError('FACE_IMAGE_INVALID', 'JPEG 2000 decoder unavailable', { cause });
  }
  let dec: J2KDecoder | undefined;
  try {
    dec = new mod.J2KDecoder();
    dec.getEncodedBuffer(bytes.length).set(bytes);
    dec.decode();
    const fi = dec.getFrameInfo();
    const px = dec.getDecodedBuffer();
    return toRgb8(px, fi.width, fi.height, fi.componentCount, fi.bitsPerSample, fi.isSigned);
  } catch (cause) {
    if (cause instanceof FaceError) throw cause;
    // An Emscripten abort leaves the instance unusable: start a fresh one next time.
    modulePromise = undefined;
    throw new FaceError('FACE_IMAGE_INVALID', 'JPEG 2000 data does not decode', { cause });
  } finally {
    try {
      dec?.delete();
    } catch {
      // the module may already be aborted
    }
  }
}

function toRgb8(px: Uint8Array, width: number, height: number, comps: number, bits: number, signed: boolean): Rgb8 {
  const n = width * height;
  const bytesPer = bits > 8 ? 2 : 1;
  if (n <= 0 || (comps !== 1 && comps !== 3 && comps !== 4) || px.length < n * comps * bytesPer) {
    throw new FaceError('FACE_IMAGE_INVALID', `unsupported JPEG 2000 layout (${comps} components, ${bits} bits)`);
  }
  const view = new DataView(px.buffer, px.byteOffset, px.byteLength);
  const shift = Math.max(0, bits - 8);
  const sample = (i: number): number => {
    let v = bytesPer === 2 ? (signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true)) : signed ? (px[i]! << 24) >> 24 : px[i]!;
    if (signed) v += 1 << (bits - 1);
    return Math.max(0, Math.min(255, v >> shift));
  };
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    if (comps === 1) {
      const g = sample(p);
      out[p * 3] = g;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = g;
    } else {
      for (let c = 0; c < 3; c++) out[p * 3 + c] = sample(p * comps + c);
    }
  }
  return { width, height, data: out };
}
