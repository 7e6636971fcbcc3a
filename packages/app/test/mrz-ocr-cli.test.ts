import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mrzScan } from '../../cli/src/commands/mrz-scan.js';
import { letterDisagreements } from '../src/mrz-ocr/second-opinion.js';
import { renderPage } from './support/render-mrz.js';

// ICAO Doc 9303 Part 4 Appendix A specimen
const SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mrz-scan-'));
  await writeFile(join(dir, 'page.png'), await renderPage(SPECIMEN, undefined, { seed: 5 }));
  await writeFile(join(dir, 'blank.png'), await renderPage([], undefined, { seed: 5 }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openmitid mrz scan', () => {
  it('prints the lines and the check digit verdict as JSON', async () => {
    const c = capture();
    const code = await mrzScan.run([join(dir, 'page.png'), '--json'], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const result = JSON.parse(c.out.join('\n'));
    expect(result).toMatchObject({ ok: true, format: 'TD3', lines: SPECIMEN, checkDigits: 'pass', frames: 1 });
  }, 120_000);

  it('says MRZ_NOT_FOUND with exit code 1 when the image has no MRZ', async () => {
    const c = capture();
    const code = await mrzScan.run([join(dir, 'blank.png')], c.io);
    expect(code).toBe(1);
    expect(c.err.join('\n')).toMatch(/^MRZ_NOT_FOUND/);
  }, 120_000);

  it('rejects a call without images or with a missing file as a usage error', async () => {
    await expect(mrzScan.run([], capture().io)).rejects.toThrow(/at least one image/);
    await expect(mrzScan.run([join(dir, 'nope.png')], capture().io)).rejects.toThrow(/cannot read/);
  });
});

describe('second opinion on letters', () => {
  it('finds letters the two recognisers read differently, not fillers read as K or L', () => {
    // legacy read W as N twice; LSTM read the fillers as K and L
    const legacy = 'P<ESPKNUDSEN<<NILLIAM<NILLIAM<<<<<';
    const lstm = 'P<ESPKNUDSENK<WILLIAMKWILLIAMLLKLL';
    expect(letterDisagreements(legacy, lstm)).toEqual([14, 22]);
    expect(letterDisagreements(legacy, legacy)).toEqual([]);
  });
});
