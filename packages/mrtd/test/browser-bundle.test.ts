/**
 * Guard: the browser entry bundles for platform "browser" with no Node built-in in it,
 * and the bundled code (not the sources) reads the virtual chip, so the web app's copy
 * interoperates with the Node side byte for byte.
 */
import { generateKeyPairSync } from 'node:crypto';
import { builtinModules } from 'node:module';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { VirtualChip } from '../src/chip/index.js';
import { encodeTlv } from '../src/tlv.js';
import { verifyActiveAuthentication } from '../src/protocols/index.js';
import type { LdsFileName } from '../src/lds/files.js';
import type * as Browser from '../src/browser.js';
import { MRZ_KEY, comListing, expectSameBytes, randomFile } from './chip-test-helpers.js';

const ENTRY = new URL('../src/browser.ts', import.meta.url).pathname;
const NODE_ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

async function bundle(entry: string) {
  return build({ entryPoints: [entry], platform: 'browser', bundle: true, write: false, format: 'esm', metafile: true, logLevel: 'silent' });
}

/** Every import path any bundled module asks for. */
function importPaths(meta: Metafile): string[] {
  return Object.values(meta.inputs).flatMap((input) => input.imports.map((i) => i.path));
}

let bundled: { text: string; meta: Metafile };

beforeAll(async () => {
  const result = await bundle(ENTRY);
  expect(result.errors).toEqual([]);
  bundled = { text: result.outputFiles[0]!.text, meta: result.metafile };
}, 60_000);

describe('browser entry bundle', () => {
  it('resolves no node: module and no Node built-in', () => {
    const paths = importPaths(bundled.meta);
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => p.startsWith('node:') || BUILTINS.has(p))).toEqual([]);
    expect(Object.values(bundled.meta.inputs).flatMap((i) => i.imports.filter((x) => x.external && x.path !== '<runtime>'))).toEqual([]);
    expect(Object.keys(bundled.meta.inputs).filter((k) => k.includes('node:'))).toEqual([]);
    expect(bundled.text).not.toMatch(/from\s*["']node:|require\(["'](node:)?(crypto|buffer|fs|path)["']\)/);
  });

  it('would catch a Node import: the root entry does not bundle for browsers', async () => {
    const e = await bundle(NODE_ENTRY).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(String((e as Error).message)).toMatch(/node:crypto/);
  }, 60_000);

  it('the bundled reader reads the virtual chip: BAC, 3DES secure messaging, a 15 KB DG2 and Active Authentication', async () => {
    const mod = (await import(/* @vite-ignore */ `data:text/javascript;base64,${Buffer.from(bundled.text).toString('base64')}`)) as typeof Browser;
    const aa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = new Uint8Array(aa.publicKey.export({ format: 'der', type: 'spki' }));
    const files = new Map<LdsFileName, Uint8Array>([
      ['COM', comListing('DG1', 'DG2', 'DG15')],
      ['SOD', randomFile('SOD', 1500)],
      ['DG1', randomFile('DG1', 88)],
      ['DG2', randomFile('DG2', 15_000)],
      ['DG15', encodeTlv(0x6f, spki)],
    ]);
    const chip = new VirtualChip({ files, mrzKey: MRZ_KEY, aaPrivateKey: aa.privateKey });
    const challenge = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const result = await mod.readPassport(chip, { key: MRZ_KEY, activeAuthenticationChallenge: challenge });
    expect([...result.files.keys()].sort()).toEqual(['COM', 'DG1', 'DG15', 'DG2', 'SOD']);
    for (const [name, bytes] of files) expectSameBytes(result.files.get(name)!, bytes);
    const signature = result.activeAuthentication!.signature;
    expect(() => verifyActiveAuthentication({ publicKey: spki, challenge, signature })).not.toThrow();

    const fresh = new VirtualChip({ files, mrzKey: MRZ_KEY });
    const wrongKey = await mod.readPassport(fresh, { key: { ...MRZ_KEY, dateOfBirth: '690807' } }).catch((x: unknown) => x);
    expect(mod.isMrtdError(wrongKey) && wrongKey.code).toBe('BAC_FAILED');
  }, 60_000);
});
