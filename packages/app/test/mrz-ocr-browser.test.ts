/**
 * Guard: the browser entry of the MRZ OCR (`@openmitid/app/mrz-ocr`, which the web app runs in
 * its OCR worker) bundles for platform "browser" with no Node built-in in it, tesseract.js
 * resolved to its browser build. The Node-only parts stay in `@openmitid/app/mrz-ocr/node`.
 */
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ENTRY = new URL('../src/mrz-ocr/index.ts', import.meta.url).pathname;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

describe('MRZ OCR browser entry', () => {
  it('bundles for the browser without any Node built-in', async () => {
    const result = await build({ entryPoints: [ENTRY], platform: 'browser', bundle: true, write: false, format: 'esm', metafile: true, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((path) => BUILTINS.has(path))).toEqual([]);
    // tesseract.js's browser worker adapter, not its Node one; mrtd's browser entry, not its root
    expect(inputs.some((path) => path.includes('tesseract.js/src/worker/browser/'))).toBe(true);
    expect(inputs.some((path) => path.includes('tesseract.js/src/worker/node/'))).toBe(false);
    expect(inputs.some((path) => path.endsWith('mrtd/src/browser.ts'))).toBe(true);
    expect(inputs.some((path) => path.endsWith('mrtd/src/index.ts'))).toBe(false);
  }, 60_000);
});
