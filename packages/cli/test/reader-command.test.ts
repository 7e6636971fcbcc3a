/**
 * The `openmitid reader` command: usage mistakes, a clear PCSC_UNAVAILABLE (not a hang) when
 * pcscd is not running, and the binary serving a virtual passport until it is stopped.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCsca, formatTd3, issuePassport, writeIssuedPassport } from '@openmitid/mrtd';
import { placeholderPortrait } from '../../server/src/demo/seed.js';
import { runCli } from './support/run.js';
import { connectReader } from './support/reader-client.js';

const bin = fileURLToPath(new URL('../bin/openmitid.js', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reader-command-'));
  const now = new Date();
  const mrz = formatTd3({ issuingState: 'DNK', nationality: 'DNK', surname: 'JENSEN', givenNames: 'ANNA', documentNumber: 'A0000001', dateOfBirth: '800101', sex: 'F', dateOfExpiry: '330101' });
  await writeIssuedPassport(join(dir, '1'), issuePassport({ mrz, photo: placeholderPortrait(), csca: createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now }), now }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('openmitid reader', () => {
  it('refuses a bad port or origin as a usage mistake', async () => {
    expect((await runCli(['reader', '--port', 'abc'])).code).toBe(2);
    expect((await runCli(['reader', '--port', '70000'])).code).toBe(2);
    const ftp = await runCli(['reader', '--origin', 'ftp://example.org']);
    expect(ftp.code).toBe(2);
    expect(ftp.err).toContain('is not an http(s) origin');
  });

  it('says PCSC_UNAVAILABLE and exits when pcscd is not running, instead of hanging in the binding', async () => {
    const r = await runCli(['reader'], { PCSCLITE_CSOCK_NAME: join(dir, 'no-pcscd.comm') });
    expect(r.code).toBe(1);
    expect(r.err).toContain('PCSC_UNAVAILABLE: pcscd is not running (no socket at');
  });

  it('serves a virtual passport to the allowed origin until stopped', async () => {
    const child = spawn(process.execPath, [bin, 'reader', '--virtual', join(dir, '1'), '--port', '0', '--origin', 'http://localhost:9999'], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += String(d);
          const m = /openmitid reader on (ws:\/\/127\.0\.0\.1:\d+) for http:\/\/localhost:9999 — virtual passports: 1 \(ANNA JENSEN\)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`reader exited: ${out}`)));
      });
      const page = await connectReader(url, 'http://localhost:9999');
      expect((await page.next('hello')).status).toMatchObject({ backend: 'virtual', card: true, inserted: '1' });
      page.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // the binary compiles the CLI's TypeScript at start: slow on a busy machine
  }, 120_000);
});
