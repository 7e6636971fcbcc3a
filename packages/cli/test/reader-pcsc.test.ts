/**
 * The PC/SC backend without a reader: its logic (reader and card coming and going, T=0
 * GET RESPONSE chaining, a fresh card per page) against a simulated binding whose card is
 * @openmitid/mrtd's virtual chip; the daemon check that keeps the native binding from
 * hanging the process; and the real binding on a real pcscd that has no reader attached.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCsca, formatTd3, issuePassport, mrzKeyFromMrz, parseMrz, readPassport, VirtualChip, type IssuedPassport,
} from '@openmitid/mrtd';
import { placeholderPortrait } from '../../server/src/demo/seed.js';
import { checkPcscd, loadPcscBinding, PcscBackend, pcscdSocketPath, type PcscContext, type PcscReader } from '../src/reader/pcsc-backend.js';
import { startReaderServer } from '../src/reader/channel-server.js';
import { connectReader } from './support/reader-client.js';

const MRZ = formatTd3({ issuingState: 'DNK', nationality: 'DNK', surname: 'JENSEN', givenNames: 'ANNA', documentNumber: 'A0000001', dateOfBirth: '800101', sex: 'F', dateOfExpiry: '330101' });
let passport: IssuedPassport;

beforeAll(() => {
  const now = new Date();
  passport = issuePassport({ mrz: MRZ, photo: placeholderPortrait(), csca: createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now }), now });
});

const STATE_PRESENT = 0x20;
const STATE_EMPTY = 0x10;
const T1 = 2;

/** A reader as the binding presents it, holding a virtual chip that answers like a T=0 card: data only through GET RESPONSE. */
class SimReader extends EventEmitter implements PcscReader {
  readonly SCARD_SHARE_SHARED = 2;
  readonly SCARD_PROTOCOL_T0 = 1;
  readonly SCARD_PROTOCOL_T1 = T1;
  readonly SCARD_STATE_PRESENT = STATE_PRESENT;
  readonly SCARD_LEAVE_CARD = 0;
  readonly SCARD_RESET_CARD = 1;
  chip: VirtualChip | undefined;
  connected = false;
  dispositions: number[] = [];
  getResponses = 0;
  #rest: Uint8Array | undefined;

  constructor(readonly name: string) {
    super();
  }

  insert(): void {
    this.chip = new VirtualChip({ files: passport.files, mrzKey: mrzKeyFromMrz(parseMrz(MRZ)), aaPrivateKey: passport.aaPrivateKey });
    this.emit('status', { state: STATE_PRESENT });
  }

  takeOff(): void {
    this.chip = undefined;
    this.connected = false;
    this.emit('status', { state: STATE_EMPTY });
  }

  connect(_o: unknown, cb: (err: unknown, protocol: number) => void): void {
    if (!this.chip) return cb(new Error('SCardConnect error: No smart card inserted'), 0);
    this.connected = true;
    cb(null, T1);
  }

  disconnect(disposition: number, cb: (err: unknown) => void): void {
    this.dispositions.push(disposition);
    // a reset card forgets its secure messaging session: a new chip with the same files
    if (disposition === this.SCARD_RESET_CARD && this.chip) this.insertQuietly();
    this.connected = false;
    cb(null);
  }

  insertQuietly(): void {
    this.chip = new VirtualChip({ files: passport.files, mrzKey: mrzKeyFromMrz(parseMrz(MRZ)), aaPrivateKey: passport.aaPrivateKey });
  }

  transmit(data: Buffer, _len: number, _protocol: number, cb: (err: unknown, response: Buffer) => void): void {
    if (!this.chip || !this.connected) return void setImmediate(() => cb(new Error('SCardTransmit error: card removed'), Buffer.alloc(0)));
    const chip = this.chip;
    void (async () => {
      if (data[1] === 0xc0 && this.#rest) {
        this.getResponses++;
        const le = data[4] === 0 ? 256 : data[4]!;
        const chunk = this.#rest.subarray(0, Math.min(le, this.#rest.length - 2));
        this.#rest = this.#rest.subarray(chunk.length);
        const left = this.#rest.length - 2;
        if (left > 0) return cb(null, Buffer.concat([chunk, Buffer.of(0x61, Math.min(left, 256) & 0xff)]));
        const sw = this.#rest;
        this.#rest = undefined;
        return cb(null, Buffer.concat([chunk, sw]));
      }
      const full = await chip.transceive(new Uint8Array(data));
      if (full.length <= 2) return cb(null, Buffer.from(full));
      this.#rest = full;
      cb(null, Buffer.of(0x61, Math.min(full.length - 2, 256) & 0xff));
    })();
  }

  close(): void {
    this.emit('end');
  }
}

class SimContext extends EventEmitter implements PcscContext {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

const asTransport = (backend: PcscBackend) => ({ transceive: (command: Uint8Array) => backend.transmit(command) });

function simulated(): { context: SimContext; backend: PcscBackend; events: string[] } {
  const context = new SimContext();
  const backend = new PcscBackend(() => context);
  const events: string[] = [];
  backend.onChange((e) => events.push(e));
  return { context, backend, events };
}

describe('PC/SC backend logic (simulated binding)', () => {
  it('follows the reader and the card, and reads a passport through GET RESPONSE chaining', async () => {
    const { context, backend, events } = simulated();
    expect(backend.status()).toEqual({ backend: 'pcsc', reader: null, card: false });
    await expect(backend.transmit(Uint8Array.of(0, 0xa4, 4, 0x0c))).rejects.toMatchObject({ code: 'READER_NO_READER' });

    const reader = new SimReader('ACS ACR1252 1S CL Reader PICC 00 00');
    context.emit('reader', reader);
    expect(backend.status()).toEqual({ backend: 'pcsc', reader: reader.name, card: false });
    await expect(backend.transmit(Uint8Array.of(0, 0xa4, 4, 0x0c))).rejects.toMatchObject({ code: 'READER_NO_CARD' });

    reader.insert();
    await expect.poll(() => events).toEqual(['reader-added', 'card-inserted']);
    expect(backend.status().card).toBe(true);
    const read = await readPassport(asTransport(backend), { key: mrzKeyFromMrz(parseMrz(MRZ)), activeAuthenticationChallenge: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) });
    expect(read.files.get('DG2')).toEqual(passport.files.get('DG2'));
    expect(read.activeAuthentication?.signature.length).toBeGreaterThan(0);
    expect(reader.getResponses).toBeGreaterThan(read.apdus / 2);
    await backend.close();
    expect(context.closed).toBe(true);
  });

  it('gives each page a reset card, and tells a card taken off mid-use from no card at all', async () => {
    const { context, backend, events } = simulated();
    const reader = new SimReader('Reader A');
    context.emit('reader', reader);
    reader.insert();
    await expect.poll(() => backend.status().card).toBe(true);
    await readPassport(asTransport(backend), { key: mrzKeyFromMrz(parseMrz(MRZ)), files: ['COM'] });
    await backend.reset();
    expect(reader.dispositions).toEqual([reader.SCARD_RESET_CARD]);
    // after the reset the chip answers BAC again from the start
    await readPassport(asTransport(backend), { key: mrzKeyFromMrz(parseMrz(MRZ)), files: ['COM'] });

    reader.takeOff();
    expect(events.at(-1)).toBe('card-removed');
    expect(backend.status().card).toBe(false);
    await expect(backend.transmit(Uint8Array.of(0, 0xb0, 0, 0, 8))).rejects.toMatchObject({ code: 'READER_CARD_REMOVED' });

    reader.close();
    expect(events.at(-1)).toBe('reader-removed');
    expect(backend.status()).toEqual({ backend: 'pcsc', reader: null, card: false });
    await backend.close();
  });
});

describe('pcscd check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pcscd-check-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the socket the way libpcsclite does', () => {
    expect(pcscdSocketPath({})).toBe('/run/pcscd/pcscd.comm');
    expect(pcscdSocketPath({ PCSCLITE_CSOCK_NAME: '/tmp/x.comm' })).toBe('/tmp/x.comm');
  });

  it('reports PCSC_UNAVAILABLE for a missing socket and a stale file, and passes when something listens', async () => {
    await expect(checkPcscd(join(dir, 'missing.comm'))).rejects.toMatchObject({ code: 'PCSC_UNAVAILABLE', message: expect.stringContaining('no socket') });
    await writeFile(join(dir, 'stale.comm'), '');
    await expect(checkPcscd(join(dir, 'stale.comm'))).rejects.toMatchObject({ code: 'PCSC_UNAVAILABLE' });
    const listening = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => listening.listen(join(dir, 'live.comm'), resolve));
    try {
      await expect(checkPcscd(join(dir, 'live.comm'))).resolves.toBeUndefined();
    } finally {
      listening.close();
    }
  });

  it('loads the native binding (built from @pokusew/pcsclite against libpcsclite-dev)', async () => {
    expect(typeof (await loadPcscBinding())).toBe('function');
  });
});

describe('PC/SC backend on a real pcscd', () => {
  let daemon: ChildProcess | undefined;

  beforeAll(async () => {
    const running = await checkPcscd().then(
      () => true,
      () => false,
    );
    if (running) return;
    if (!existsSync('/usr/sbin/pcscd')) throw new Error('pcscd is missing: apt-get install -y pcscd');
    // our own daemon, in the foreground so that it ends with the test
    daemon = spawn('/usr/sbin/pcscd', ['--foreground', '--error'], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      if (await checkPcscd().then(() => true, () => false)) break;
      if (i === 100) throw new Error('pcscd did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (!daemon) return;
    const exited = new Promise((resolve) => daemon!.once('exit', resolve));
    daemon.kill('SIGTERM');
    await exited;
  });

  it('opens, reports the readers pcscd has, and refuses an APDU with no reader (no hang)', async () => {
    const log: string[] = [];
    const backend = await PcscBackend.open((l) => log.push(l));
    const server = await startReaderServer({ backend, origins: ['http://localhost:8080'], port: 0 });
    try {
      const page = await connectReader(server.url, 'http://localhost:8080');
      const hello = await page.next('hello');
      expect(hello.status.backend).toBe('pcsc');
      if (daemon) {
        // the daemon started here sees no reader on this machine
        expect(hello.status).toEqual({ backend: 'pcsc', reader: null, card: false });
        expect(await page.request({ type: 'apdu', hex: '00a4040c07a0000002471001' })).toMatchObject({ type: 'error', code: 'READER_NO_READER' });
      }
      page.close();
    } finally {
      await server.close();
      await backend.close();
    }
  });
});
