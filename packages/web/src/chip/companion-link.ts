/**
 * The page's end of the card channel to `openmitid reader` (wire contract: @openmitid/api
 * card-reader.ts). It is an mrtd Transport, so the enrolment client reads the chip through
 * it exactly as through any reader. Every failure is a TransportError with a stable code.
 */
import { CARD_READER_DEFAULT_PORT, type CardReaderMessage, type CardReaderRequest, type CardReaderStatus } from '@openmitid/api';
import { fromHex, hex, type Transport } from '@openmitid/mrtd/browser';
import { TransportError } from '../enrolment/transport.js';

/** The companion's address: its default port unless this browser was told otherwise (tests, a moved companion). */
export const READER_URL_KEY = 'openmitid-reader-url';
export function companionUrl(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string {
  return storage?.getItem(READER_URL_KEY) ?? `ws://127.0.0.1:${CARD_READER_DEFAULT_PORT}`;
}

type Pending = { resolve(m: CardReaderMessage): void; reject(e: Error): void };
type Request = CardReaderRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class CompanionLink implements Transport {
  #status: CardReaderStatus;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(status: CardReaderStatus) => void>();
  #closedWith: string | undefined;

  private constructor(
    private readonly socket: WebSocket,
    hello: CardReaderStatus,
  ) {
    this.#status = hello;
    socket.addEventListener('message', (ev) => this.#onMessage(ev.data));
    socket.addEventListener('close', () => this.#fail('READER_DISCONNECTED'));
  }

  /**
   * Opens the channel; READER_UNREACHABLE when no companion answers (not running, or this page's
   * origin refused) or none says hello within `helloTimeoutMs` (a hung program).
   */
  static connect(url = companionUrl(), helloTimeoutMs = 10_000): Promise<CompanionLink> {
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(url);
      } catch {
        return reject(new TransportError('READER_UNREACHABLE'));
      }
      const timer = setTimeout(() => {
        socket.close();
        reject(new TransportError('READER_UNREACHABLE'));
      }, helloTimeoutMs);
      const onHello = (ev: MessageEvent) => {
        const m = parse(ev.data);
        clearTimeout(timer);
        socket.removeEventListener('message', onHello);
        if (m?.type !== 'hello') {
          socket.close();
          return reject(new TransportError('READER_PROTOCOL'));
        }
        resolve(new CompanionLink(socket, m.status));
      };
      socket.addEventListener('message', onHello);
      // a refused upgrade and a closed port look the same to a page: both are "no companion here"
      socket.addEventListener('close', () => {
        clearTimeout(timer);
        reject(new TransportError('READER_UNREACHABLE'));
      });
    });
  }

  /** false once the companion closed the channel or gave it to another page */
  get open(): boolean {
    return this.#closedWith === undefined;
  }

  get status(): CardReaderStatus {
    return this.#status;
  }

  /** Called with every status the companion pushes (a card or reader came or went). */
  onStatus(listener: (status: CardReaderStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async refresh(): Promise<CardReaderStatus> {
    const m = await this.#request({ type: 'status' });
    if (m.type !== 'status') throw new TransportError('READER_PROTOCOL');
    return m.status;
  }

  /** Virtual reader: puts demo passport `card` on the reader. */
  async insert(card: string): Promise<CardReaderStatus> {
    const m = await this.#request({ type: 'insert', card });
    if (m.type !== 'status') throw new TransportError('READER_PROTOCOL');
    return m.status;
  }

  async transceive(command: Uint8Array): Promise<Uint8Array> {
    const m = await this.#request({ type: 'apdu', hex: hex(command) });
    if (m.type !== 'response') throw new TransportError('READER_PROTOCOL');
    return fromHex(m.hex);
  }

  close(): void {
    this.#fail('READER_DISCONNECTED');
    this.socket.close();
  }

  #request(request: Request): Promise<CardReaderMessage> {
    if (this.#closedWith) return Promise.reject(new TransportError(this.#closedWith));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ ...request, id }));
    });
  }

  #onMessage(data: unknown): void {
    const m = parse(data);
    if (!m) return this.#fail('READER_PROTOCOL');
    if (m.type === 'status' || m.type === 'hello') {
      this.#status = m.status;
      for (const l of this.#listeners) l(m.status);
    }
    if (m.type === 'error' && m.id === undefined) {
      // not an answer: the channel itself ended (another page took it)
      return this.#fail(m.code);
    }
    const id = 'id' in m ? m.id : undefined;
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (!pending || id === undefined) return;
    this.#pending.delete(id);
    if (m.type === 'error') pending.reject(new TransportError(m.code));
    else pending.resolve(m);
  }

  #fail(code: string): void {
    this.#closedWith ??= code;
    for (const p of this.#pending.values()) p.reject(new TransportError(this.#closedWith));
    this.#pending.clear();
  }
}

function parse(data: unknown): CardReaderMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const m = JSON.parse(data) as CardReaderMessage;
    return typeof m === 'object' && m !== null && typeof m.type === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}
