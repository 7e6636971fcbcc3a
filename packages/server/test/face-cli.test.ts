/** `openmitid face compare`: chip dump folder / DG2.bin / JPEG 2000 / JPEG as the reference. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeDg2 } from '@openmitid/mrtd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceCompare } from '../../cli/src/commands/face-compare.js';
import { decodeImage } from '../src/proofing/face/decode.js';
import { loadFaceEngine } from '../src/proofing/face/engine.js';
import { defaultThreshold } from '../src/proofing/face/matcher.js';
import { chipPhoto, facesDir, fixture } from './face-support.js';

const dir = mkdtempSync(path.join(tmpdir(), 'openmitid-face-cli-'));
const dump = path.join(dir, 'dump');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await faceCompare.run(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

beforeAll(async () => {
  const engine = await loadFaceEngine();
  const bytes = fixture('p02/img8.jpg');
  const img = await decodeImage(bytes);
  const f = (await engine.analyse(img))[0]!;
  const chip = await chipPhoto(bytes, { box: f.box, imageWidth: img.width }, { format: 'jp2' });
  mkdirSync(dump);
  writeFileSync(path.join(dump, 'DG2.bin'), encodeDg2({ faces: [{ image: chip, width: 420, height: 560, imageDataType: 1 }] }));
  writeFileSync(path.join(dir, 'chip.jp2'), chip);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openmitid face compare', { timeout: 180_000 }, () => {
  it('compares a chip dump folder (DG2) with a photo of the same person', async () => {
    const r = await run([dump, path.join(facesDir, 'p02/img9.jpg'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { similarity: number; threshold: number; match: boolean; modelVersion: string; reference: string };
    expect(j).toMatchObject({ threshold: defaultThreshold, match: true });
    expect(j.similarity).toBeGreaterThanOrEqual(defaultThreshold);
    expect(j.reference).toMatch(/^DG2/);
    expect(j.modelVersion).toMatch(/faceres/);
  });

  it('says NO MATCH for another person, in text, with the reference as a DG2.bin or a JP2 file', async () => {
    const viaFile = await run([path.join(dump, 'DG2.bin'), path.join(facesDir, 'p03/img30.jpg')]);
    expect(viaFile.code).toBe(0);
    expect(viaFile.out).toMatch(/^similarity -?0\.\d{3} {2}threshold 0\.660 {2}NO MATCH/);
    const viaJp2 = await run([path.join(dir, 'chip.jp2'), path.join(facesDir, 'p03/img30.jpg'), '--json']);
    expect(JSON.parse(viaJp2.out)).toMatchObject({ match: false, reference: 'image file' });
  });

  it('takes a threshold and refuses bad usage', async () => {
    const r = await run([dump, path.join(facesDir, 'p02/img9.jpg'), '--json', '--threshold', '0.99']);
    expect(JSON.parse(r.out)).toMatchObject({ threshold: 0.99, match: false });
    await expect(run([dump])).rejects.toThrow(/two images/);
    await expect(run([dump, dump, '--threshold', 'x'])).rejects.toThrow(/threshold/);
  });

  it('reports a probe without a face by its code', async () => {
    writeFileSync(path.join(dir, 'text.jpg'), 'not an image');
    await expect(run([dump, path.join(dir, 'text.jpg')])).rejects.toMatchObject({ code: 'FACE_IMAGE_INVALID' });
  });
});
