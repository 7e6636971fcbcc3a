/**
 * A real reader over PC/SC (pcsc-lite's pcscd on Linux) through the optional native binding
 * @pokusew/pcsclite, loaded only when asked for.
 *
 * The binding's constructor calls SCardEstablishContext in a loop while pcscd is missing,
 * which blocks the whole event loop forever (a worker thread does not help: it cannot be
 * terminated while stuck in native code). So before loading it we check that something
 * answers on pcscd's socket, and report PCSC_UNAVAILABLE otherwise.
 *
 * The first reader the binding reports is used; a card in its field is connected shared
 * (other programs may still see the reader) with T=0 or T=1, and a page's session starts
 * with a reset card.
 */
import { connect } from 'node:net';
import type { CardReaderEvent, CardReaderStatus } from '@openmitid/api';
import { ChangeListeners, ReaderError, type CardBackend } from './backend.js';

/** The part of @pokusew/pcsclite's CardReader used here (its own types are not needed to build without it). */
export interface PcscReader {
  name: string;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_STATE_PRESENT: number;
  SCARD_LEAVE_CARD: number;
  SCARD_RESET_CARD: number;
  on(type: 'status', listener: (status: { state: number; atr?: Buffer }) => void): unknown;
  on(type: 'end', listener: () => void): unknown;
  on(type: 'error', listener: (error: unknown) => void): unknown;
  connect(options: { share_mode?: number; protocol?: number }, cb: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: unknown, response: Buffer) => void): void;
  close(): void;
}

export interface PcscContext {
  on(type: 'reader', listener: (reader: PcscReader) => void): unknown;
  on(type: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

export type PcscFactory = () => PcscContext;

/** pcsc-lite's client socket: PCSCLITE_CSOCK_NAME overrides the compiled-in path, as libpcsclite does. */
export function pcscdSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
}

/** Resolves when something accepts a connection on pcscd's socket; PCSC_UNAVAILABLE otherwise. */
export function checkPcscd(path = pcscdSocketPath(), timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path });
    const fail = (why: string) => {
      socket.destroy();
      reject(new ReaderError('PCSC_UNAVAILABLE', `pcscd is not running (${why} at ${path}); start it (pcscd, or systemctl start pcscd) and try again`));
    };
    const timer = setTimeout(() => fail('no answer'), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(e.code === 'ENOENT' ? 'no socket' : (e.code ?? 'socket error'));
    });
  });
}

/** Loads the optional binding; PCSC_NOT_INSTALLED when it is absent or its native part did not build. */
export async function loadPcscBinding(): Promise<PcscFactory> {
  try {
    const mod = (await import('@pokusew/pcsclite' as string)) as { default: PcscFactory };
    return mod.default;
  } catch (e) {
    throw new ReaderError(
      'PCSC_NOT_INSTALLED',
      'the PC/SC binding @pokusew/pcsclite is not installed or did not build (it needs the Debian package libpcsclite-dev, then npm install)',
      { cause: e },
    );
  }
}

const call = <T>(f: (cb: (err: unknown, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value))));

/** SW1 61: more response bytes wait (T=0); GET RESPONSE fetches them (ISO/IEC 7816-4 §5.3.4). */
const SW1_MORE = 0x61;
/** SW1 6C: wrong Le, SW2 is the right one: repeat the command with it. */
const SW1_WRONG_LE = 0x6c;

export class PcscBackend implements CardBackend {
  readonly #context: PcscContext;
  readonly #changes = new ChangeListeners();
  #reader: PcscReader | undefined;
  #present = false;
  #protocol: number | undefined;
  #removed = false;
  /** transmissions and (re)connections run one after another */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(factory: PcscFactory, private readonly log: (line: string) => void = () => {}) {
    this.#context = factory();
    this.#context.on('error', (e) => log(`PC/SC error: ${String((e as Error)?.message ?? e)}`));
    this.#context.on('reader', (reader) => this.#adopt(reader));
  }

  /** Checks pcscd, loads the binding, starts watching readers. */
  static async open(log?: (line: string) => void, socketPath?: string): Promise<PcscBackend> {
    await checkPcscd(socketPath);
    return new PcscBackend(await loadPcscBinding(), log);
  }

  status(): CardReaderStatus {
    return { backend: 'pcsc', reader: this.#reader?.name ?? null, card: this.#present && this.#protocol !== undefined };
  }

  reset(): Promise<void> {
    return this.#serial(async () => {
      const r = this.#reader;
      if (!r || !this.#present) return;
      if (this.#protocol !== undefined) {
        await call<void>((cb) => r.disconnect(r.SCARD_RESET_CARD, (err) => cb(err, undefined)));
        this.#protocol = undefined;
      }
      await this.#connect(r);
    });
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.#serial(async () => {
      const r = this.#reader;
      if (!r) throw new ReaderError('READER_NO_READER', 'no PC/SC reader attached');
      if (!this.#present) throw new ReaderError(this.#removed ? 'READER_CARD_REMOVED' : 'READER_NO_CARD', 'no card on the reader');
      if (this.#protocol === undefined) await this.#connect(r);
      return this.#exchange(r, Buffer.from(command));
    });
  }

  onChange(listener: (event: CardReaderEvent) => void): () => void {
    return this.#changes.add(listener);
  }

  async close(): Promise<void> {
    const r = this.#reader;
    if (r && this.#protocol !== undefined) await call<void>((cb) => r.disconnect(r.SCARD_LEAVE_CARD, (err) => cb(err, undefined))).catch(() => {});
    r?.close();
    this.#context.close();
  }

  async #exchange(r: PcscReader, command: Buffer): Promise<Uint8Array> {
    const protocol = this.#protocol!;
    const send = (apdu: Buffer) =>
      call<Buffer>((cb) => r.transmit(apdu, 65_538, protocol, cb)).catch((e: unknown) => {
        throw this.#present ? new ReaderError('READER_TRANSMIT_FAILED', 'the card did not answer', { cause: e }) : new ReaderError('READER_CARD_REMOVED', 'the card left the reader', { cause: e });
      });
    let response = await send(command);
    if (response.length === 2 && response[0] === SW1_WRONG_LE && command.length >= 5) {
      response = await send(Buffer.concat([command.subarray(0, command.length - 1), Buffer.of(response[1]!)]));
    }
    const parts: Buffer[] = [];
    // a bounded loop: a card that keeps saying "more" cannot hold the companion forever
    for (let i = 0; i < 256 && response.length >= 2 && response[response.length - 2] === SW1_MORE; i++) {
      parts.push(response.subarray(0, response.length - 2));
      response = await send(Buffer.of(command[0]! & 0x03, 0xc0, 0x00, 0x00, response[response.length - 1]!));
    }
    return new Uint8Array(Buffer.concat([...parts, response]));
  }

  async #connect(r: PcscReader): Promise<void> {
    try {
      this.#protocol = await call<number>((cb) => r.connect({ share_mode: r.SCARD_SHARE_SHARED, protocol: r.SCARD_PROTOCOL_T0 | r.SCARD_PROTOCOL_T1 }, cb));
    } catch (e) {
      throw new ReaderError('READER_TRANSMIT_FAILED', 'could not connect to the card', { cause: e });
    }
  }

  #adopt(reader: PcscReader): void {
    if (this.#reader) return;
    this.#reader = reader;
    this.log(`reader: ${reader.name}`);
    this.#changes.emit('reader-added');
    reader.on('error', (e) => this.log(`reader error: ${String((e as Error)?.message ?? e)}`));
    reader.on('status', ({ state }) => {
      const present = (state & reader.SCARD_STATE_PRESENT) !== 0;
      if (present === this.#present) return;
      this.#present = present;
      if (present) {
        this.#removed = false;
        void this.#serial(() => this.#connect(reader))
          .then(() => this.#changes.emit('card-inserted'))
          .catch((e: unknown) => this.log(`card: ${(e as Error).message}`));
      } else {
        this.#removed = true;
        this.#protocol = undefined;
        // the card is gone; disconnecting only frees the handle
        reader.disconnect(reader.SCARD_LEAVE_CARD, () => {});
        this.#changes.emit('card-removed');
      }
    });
    reader.on('end', () => {
      if (this.#reader !== reader) return;
      this.#reader = undefined;
      this.#present = false;
      this.#protocol = undefined;
      this.#changes.emit('reader-removed');
    });
  }

  #serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(f, f);
    this.#queue = run.catch(() => {});
    return run;
  }
}
