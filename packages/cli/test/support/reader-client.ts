/**
 * A page's side of the reader companion's channel, in Node (the `ws` client can set the
 * Origin header a browser would send): every message kept in order, requests answered by id,
 * and an mrtd Transport over the channel's APDUs.
 */
import WebSocket from 'ws';
import type { CardReaderMessage, CardReaderRequest } from '@openmitid/api';
import type { Transport } from '@openmitid/mrtd';

export interface ReaderClient {
  socket: WebSocket;
  /** every message received so far */
  messages: CardReaderMessage[];
  /** the next message of a type (already received or still to come) */
  next<T extends CardReaderMessage['type']>(type: T): Promise<Extract<CardReaderMessage, { type: T }>>;
  request(body: DistributiveOmit<CardReaderRequest, 'id'>): Promise<CardReaderMessage>;
  sendRaw(text: string): void;
  transport: Transport;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Connects; rejects with the HTTP status when the upgrade is refused. */
export function connectReader(url: string, origin: string | undefined, headers: Record<string, string> = {}): Promise<ReaderClient> {
  const socket = new WebSocket(url, { ...(origin ? { origin } : {}), headers });
  const messages: CardReaderMessage[] = [];
  const waiters: { match(m: CardReaderMessage): boolean; resolve(m: CardReaderMessage): void }[] = [];
  const consumed = new Set<CardReaderMessage>();
  let nextId = 1;
  const take = (match: (m: CardReaderMessage) => boolean): Promise<CardReaderMessage> => {
    const found = messages.find((m) => !consumed.has(m) && match(m));
    if (found) {
      consumed.add(found);
      return Promise.resolve(found);
    }
    return new Promise((resolve) => waiters.push({ match, resolve }));
  };
  socket.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as CardReaderMessage;
    messages.push(m);
    const i = waiters.findIndex((w) => w.match(m));
    if (i >= 0) {
      consumed.add(m);
      waiters.splice(i, 1)[0]!.resolve(m);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const client: ReaderClient = {
    socket,
    messages,
    closed,
    next: (type) => take((m) => m.type === type) as never,
    request(body) {
      const id = nextId++;
      socket.send(JSON.stringify({ ...body, id }));
      return take((m) => 'id' in m && m.id === id);
    },
    sendRaw: (text) => socket.send(text),
    transport: {
      async transceive(command) {
        const m = await client.request({ type: 'apdu', hex: Buffer.from(command).toString('hex') });
        if (m.type !== 'response') throw new Error(`reader answered ${JSON.stringify(m)}`);
        return new Uint8Array(Buffer.from(m.hex, 'hex'));
      },
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      // errors after the upgrade end in 'close', which `closed` reports
      socket.on('error', () => {});
      resolve(client);
    });
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    socket.once('error', reject);
  });
}
