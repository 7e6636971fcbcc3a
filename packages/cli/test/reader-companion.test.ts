/**
 * `openmitid reader`'s channel with the virtual backend, over a real WebSocket on the
 * loopback: the page's read of a virtual passport passes passive and active authentication;
 * other origins, a missing Origin and a non-loopback Host are refused at the upgrade; the
 * channel's refusals carry their codes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCsca, formatTd3, issuePassport, mrzKeyFromMrz, parseMrz, readPassport, secureRandom, TrustStore, verifyDocument,
  writeIssuedPassport, isMrtdError,
} from '@openmitid/mrtd';
import { placeholderPortrait } from '../../server/src/demo/seed.js';
import { VirtualBackend } from '../src/reader/virtual-backend.js';
import { startReaderServer, type ReaderServer } from '../src/reader/channel-server.js';
import { connectReader } from './support/reader-client.js';

const ORIGIN = 'http://localhost:8080';
const ANNA = formatTd3({ issuingState: 'DNK', nationality: 'DNK', surname: 'JENSEN', givenNames: 'ANNA', documentNumber: 'A0000001', dateOfBirth: '800101', sex: 'F', dateOfExpiry: '330101' });
const PER = formatTd3({ issuingState: 'DNK', nationality: 'DNK', surname: 'LARSEN', givenNames: 'PER', documentNumber: 'A0000002', dateOfBirth: '751224', sex: 'M', dateOfExpiry: '330601' });

let dir: string;
let trust: TrustStore;
let backend: VirtualBackend;
let server: ReaderServer;
const log: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reader-companion-'));
  const now = new Date();
  const csca = createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now });
  trust = new TrustStore();
  trust.addCertificate(csca.certificate);
  await writeIssuedPassport(join(dir, 'anna'), issuePassport({ mrz: ANNA, photo: placeholderPortrait(), csca, now }));
  await writeIssuedPassport(join(dir, 'per'), issuePassport({ mrz: PER, photo: placeholderPortrait(), csca, now }));
  backend = await VirtualBackend.fromDirs([join(dir, 'anna'), join(dir, 'per')]);
  server = await startReaderServer({ backend, origins: [ORIGIN], port: 0, log: (l) => log.push(l) });
});

afterAll(async () => {
  await server?.close();
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('openmitid reader, virtual backend', () => {
  it('lets an allowed page read the passport on the reader; PA and AA pass on what it read', async () => {
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const page = await connectReader(server.url, ORIGIN);
    try {
      const hello = await page.next('hello');
      expect(hello).toMatchObject({
        version: 1,
        status: { backend: 'virtual', card: true, inserted: 'anna', virtualCards: [{ id: 'anna', label: 'ANNA JENSEN' }, { id: 'per', label: 'PER LARSEN' }] },
      });
      expect(await page.request({ type: 'status' })).toMatchObject({ type: 'status', status: { card: true } });

      const challenge = secureRandom(8);
      const mrz = parseMrz(ANNA);
      const read = await readPassport(page.transport, { key: mrzKeyFromMrz(mrz), activeAuthenticationChallenge: challenge });
      expect([...read.files.keys()]).toEqual(expect.arrayContaining(['COM', 'SOD', 'DG1', 'DG2', 'DG15']));
      const verdict = verifyDocument({ files: read.files, trust, expectedMrz: mrz, activeAuthentication: read.activeAuthentication!, now: new Date() });
      expect(verdict.genuine).toBe(true);
      expect(verdict.activeAuthentication).toBe('passed');
    } finally {
      page.close();
    }
  });

  it('refuses pages of other origins, requests without an Origin and a Host that is not the loopback', async () => {
    await expect(connectReader(server.url, 'http://evil.example')).rejects.toMatchObject({ status: 403 });
    await expect(connectReader(server.url, 'http://localhost:8081')).rejects.toMatchObject({ status: 403 });
    await expect(connectReader(server.url, undefined)).rejects.toMatchObject({ status: 403 });
    // DNS rebinding: an allowed-looking origin reaching the loopback under another host name
    await expect(connectReader(server.url, ORIGIN, { host: `rebound.example:${server.port}` })).rejects.toMatchObject({ status: 403 });
    expect(log.filter((l) => l.startsWith('refused'))).toHaveLength(4);
    expect(log).toContain('refused a connection: origin http://evil.example is not allowed (--origin)');
  });

  it('puts another passport on the reader when asked; the first key is then refused by its chip', async () => {
    const page = await connectReader(server.url, ORIGIN);
    try {
      await page.next('hello');
      expect(await page.request({ type: 'insert', card: 'per' })).toMatchObject({ type: 'status', status: { inserted: 'per', card: true } });
      expect(await page.next('status')).toMatchObject({ event: 'card-inserted' });
      const wrongKey = readPassport(page.transport, { key: mrzKeyFromMrz(parseMrz(ANNA)) });
      await expect(wrongKey).rejects.toSatisfy((e) => isMrtdError(e, 'BAC_FAILED'));
      const read = await readPassport(page.transport, { key: mrzKeyFromMrz(parseMrz(PER)) });
      expect(read.files.has('DG2')).toBe(true);
      expect(await page.request({ type: 'insert', card: 'nobody' })).toMatchObject({ type: 'error', code: 'READER_UNKNOWN_CARD' });
    } finally {
      await backend.insert('anna');
      page.close();
    }
  });

  it('tells the page when the passport leaves the reader, and refuses what it cannot parse', async () => {
    const page = await connectReader(server.url, ORIGIN);
    try {
      await page.next('hello');
      backend.remove();
      expect(await page.next('status')).toMatchObject({ event: 'card-removed', status: { card: false, inserted: null } });
      expect(await page.request({ type: 'apdu', hex: '00a4040c07a0000002471001' })).toMatchObject({ type: 'error', code: 'READER_CARD_REMOVED' });
      page.sendRaw('{"type":"apdu","id":9,"hex":"not hex"}');
      page.sendRaw('{"type":"apdu","id":10,"hex":"abc"}');
      page.sendRaw('nonsense');
      await expect.poll(() => page.messages.filter((m) => m.type === 'error' && m.code === 'READER_BAD_REQUEST').length).toBe(3);
    } finally {
      await backend.insert('anna');
      page.close();
    }
  });

  it('gives the channel to the newest page and starts it with a freshly powered card', async () => {
    const first = await connectReader(server.url, ORIGIN);
    await first.next('hello');
    // the first page opens secure messaging …
    await readPassport(first.transport, { key: mrzKeyFromMrz(parseMrz(ANNA)), files: ['COM'] });
    const second = await connectReader(server.url, ORIGIN);
    try {
      expect(await first.next('error')).toEqual({ type: 'error', code: 'READER_TAKEN_OVER' });
      expect((await first.closed).code).toBe(4000);
      await second.next('hello');
      // … which the second page does not inherit: its BAC starts on a reset chip
      const read = await readPassport(second.transport, { key: mrzKeyFromMrz(parseMrz(ANNA)), files: ['COM', 'DG1'] });
      expect(read.files.has('DG1')).toBe(true);
    } finally {
      second.close();
    }
  });
});
