/** The passport commands, run in-process through main() exactly as the binary runs them. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTd3 } from '@openmitid/mrtd';
import { main } from '../src/main.js';
import { chipPhoto, FIXTURES } from '../../mrtd/test/support/chip-photo.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) });
  return { code, out, err };
}

const MRZ = formatTd3({
  issuingState: 'DNK', surname: 'LARSEN', givenNames: 'PER', documentNumber: 'P1234567', nationality: 'DNK',
  dateOfBirth: '751224', sex: 'M', dateOfExpiry: '330601',
});
let dir: string;
let photo: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-passport-'));
  photo = join(dir, 'photo.j2k');
  await writeFile(photo, await chipPhoto(`${FIXTURES}faces/p03/img29.jpg`, { format: 'j2k', bytes: 12_000 }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('openmitid passport', () => {
  it('issues a dump that inspect and read accept against its CSCA, and refuse without it', async () => {
    const out = join(dir, 'genuine');
    const issued = await run('passport', 'issue', '--mrz', MRZ[0], '--mrz', MRZ[1], '--photo', photo, '--sig', 'rsa-pss', '--out', out);
    expect(issued.code).toBe(0);

    const inspect = await run('passport', 'inspect', out, '--trust', join(out, 'csca.pem'), '--json');
    expect(inspect.code).toBe(0);
    const report = JSON.parse(inspect.out);
    expect(report.genuine).toBe(true);
    expect(report.mrz.surname).toBe('LARSEN');
    expect(report.files.DG2.faces[0]).toMatchObject({ format: 'j2k', width: 413, height: 531 });

    const read = await run('passport', 'read', '--chip', out, '--trust', join(out, 'csca.pem'), '--json');
    expect(read.code).toBe(0);
    const verdict = JSON.parse(read.out);
    expect(verdict).toMatchObject({ genuine: true, activeAuthentication: 'passed' });
    expect(verdict.link.apdus).toBeGreaterThan(10);

    const untrusted = await run('passport', 'read', '--chip', out);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toContain('PA_CSCA_UNKNOWN');
  });

  it.each([
    ['tampered-dg', 'PA_DG_HASH_MISMATCH'],
    ['expired-signer', 'PA_SIGNER_NOT_VALID_AT_SIGNING'],
    ['clone', 'AA_SIGNATURE_INVALID'],
  ])('read refuses a %s forgery with %s', async (forge, code) => {
    const out = join(dir, forge);
    expect((await run('passport', 'issue', '--mrz', MRZ[0], '--mrz', MRZ[1], '--photo', photo, '--forge', forge, '--out', out)).code).toBe(0);
    const read = await run('passport', 'read', '--chip', out, '--trust', join(out, 'csca.pem'));
    expect(read.code).toBe(1);
    expect(read.out).toContain(code);
  });

  it('reading with the wrong MRZ fails with BAC_FAILED', async () => {
    const out = join(dir, 'genuine');
    const other = formatTd3({
      issuingState: 'DNK', surname: 'LARSEN', givenNames: 'PER', documentNumber: 'P1234567', nationality: 'DNK',
      dateOfBirth: '751225', sex: 'M', dateOfExpiry: '330601',
    });
    const r = await run('passport', 'read', '--chip', out, '--mrz', other[0], '--mrz', other[1]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('BAC_FAILED');
  });

  it('answers usage mistakes with exit 2 and the usage line', async () => {
    const r = await run('passport', 'issue', '--sig', 'dsa', '--mrz', MRZ[0], '--photo', photo, '--out', join(dir, 'x'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('--sig must be one of');
    expect((await run('passport', 'frobnicate')).code).toBe(2);
  });
});
