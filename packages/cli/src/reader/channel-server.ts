/**
 * The companion's card channel: a WebSocket on the loopback that lets one page of an allowed
 * origin talk to the card (wire contract: @openmitid/api card-reader.ts).
 *
 * Who may connect is decided at the HTTP upgrade: the Origin header must be one of the
 * allowed origins (any other web page the person visits is refused with 403), and the Host
 * header must name the loopback (a DNS-rebinding page reaches 127.0.0.1 under its own
 * host name). The companion never learns the passport's key: the page runs BAC through it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CARD_READER_PROTOCOL_VERSION,
  type CardReaderErrorCode,
  type CardReaderMessage,
  type CardReaderRequest,
} from '@openmitid/api';
import { ReaderError, type CardBackend } from './backend.js';

export interface ReaderServerOptions {
  backend: CardBackend;
  /** the pages allowed to use the reader, e.g. http://localhost:8080 */
  origins: readonly string[];
  /** 0 picks a free port */
  port: number;
  /** a loopback address (default 127.0.0.1) */
  host?: string;
  /** one line per refusal or connection, for the console */
  log?: (line: string) => void;
}

export interface ReaderServer {
  /** ws://127.0.0.1:<port> */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Largest extended APDU (4 + 3 + 65535 + 3 bytes) as hex, with room for the JSON around it. */
const MAX_MESSAGE = 2 * 65_545 + 256;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Allowed origins in the form browsers send them (scheme://host[:port], no path). */
export function normaliseOrigins(origins: readonly string[]): Set<string> {
  return new Set(origins.map((o) => new URL(o).origin));
}

export async function startReaderServer(o: ReaderServerOptions): Promise<ReaderServer> {
  const host = o.host ?? '127.0.0.1';
  const origins = normaliseOrigins(o.origins);
  const log = o.log ?? (() => {});
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('openmitid reader: WebSocket only\n');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  let current: WebSocket | undefined;
  let port = 0;

  const refuse = (socket: Duplex, why: string) => {
    log(`refused a connection: ${why}`);
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const origin = req.headers.origin;
    if (!origin || !origins.has(origin)) return refuse(socket, `origin ${origin ?? '(none)'} is not allowed (--origin)`);
    const hostHeader = req.headers.host ?? '';
    if (!LOOPBACK_HOSTS.some((h) => hostHeader === `${h}:${port}`)) return refuse(socket, `host ${hostHeader} is not the loopback`);
    wss.handleUpgrade(req, socket, head, (ws) => void attach(ws, origin));
  });

  const unsubscribe = o.backend.onChange((event) => {
    send(current, { type: 'status', event, status: o.backend.status() });
  });

  async function attach(ws: WebSocket, origin: string): Promise<void> {
    // one page holds the card; the newest wins (a reloaded page must not be locked out by its old self)
    if (current) {
      send(current, { type: 'error', code: 'READER_TAKEN_OVER' });
      current.close(4000, 'READER_TAKEN_OVER');
    }
    current = ws;
    log(`page connected from ${origin}`);
    // requests are answered strictly in order: the card takes one APDU at a time
    let queue = Promise.resolve();
    ws.on('message', (raw, isBinary) => {
      queue = queue.then(() => answer(ws, isBinary ? undefined : String(raw)));
    });
    ws.on('close', () => {
      if (current === ws) current = undefined;
    });
    ws.on('error', () => ws.terminate());
    try {
      await o.backend.reset();
    } catch {
      // no card to power: the status says so
    }
    send(ws, { type: 'hello', version: CARD_READER_PROTOCOL_VERSION, status: o.backend.status() });
  }

  async function answer(ws: WebSocket, text: string | undefined): Promise<void> {
    const request = parseRequest(text);
    if (!request) return send(ws, { type: 'error', code: 'READER_BAD_REQUEST' });
    if (ws !== current) return send(ws, { type: 'error', id: request.id, code: 'READER_TAKEN_OVER' });
    try {
      switch (request.type) {
        case 'status':
          return send(ws, { type: 'status', id: request.id, status: o.backend.status() });
        case 'apdu': {
          const response = await o.backend.transmit(Buffer.from(request.hex, 'hex'));
          return send(ws, { type: 'response', id: request.id, hex: Buffer.from(response).toString('hex') });
        }
        case 'insert':
          if (!o.backend.insert) throw new ReaderError('READER_UNKNOWN_CARD', 'not a virtual reader');
          await o.backend.insert(request.card);
          return send(ws, { type: 'status', id: request.id, status: o.backend.status() });
      }
    } catch (e) {
      const code: CardReaderErrorCode = e instanceof ReaderError && !e.code.startsWith('PCSC_') ? (e.code as CardReaderErrorCode) : 'READER_TRANSMIT_FAILED';
      send(ws, { type: 'error', id: request.id, code });
    }
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `ws://${host}:${port}`,
    port,
    async close() {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function send(ws: WebSocket | undefined, message: CardReaderMessage): void {
  if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function parseRequest(text: string | undefined): CardReaderRequest | undefined {
  if (text === undefined) return undefined;
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) return undefined;
  if (r.type === 'status') return { type: 'status', id: r.id };
  if (r.type === 'apdu' && typeof r.hex === 'string' && HEX.test(r.hex)) return { type: 'apdu', id: r.id, hex: r.hex };
  if (r.type === 'insert' && typeof r.card === 'string' && r.card.length <= 64) return { type: 'insert', id: r.id, card: r.card };
  return undefined;
}
