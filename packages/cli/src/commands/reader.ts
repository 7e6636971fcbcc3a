/**
 * `openmitid reader`: the local companion that lets the web app use a passport reader, the way
 * national eID clients do: a WebSocket on the loopback offering a PC/SC reader (or, with
 * --virtual, virtual passports) to pages of the allowed origins only.
 */
import { CARD_READER_DEFAULT_PORT } from '@openmitid/api';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import type { CardBackend } from '../reader/backend.js';
import { ReaderError } from '../reader/backend.js';
import { startReaderServer } from '../reader/channel-server.js';
import { PcscBackend } from '../reader/pcsc-backend.js';
import { VirtualBackend } from '../reader/virtual-backend.js';
import { untilSignal } from './serve-shared.js';

/** The demo server's web app (`openmitid demo` serves it at localhost). */
export const DEFAULT_READER_ORIGINS = ['http://localhost:8080', 'http://127.0.0.1:8080'];

export const reader: Command = {
  path: ['reader'],
  usage: 'openmitid reader [--port N] [--origin URL …] [--virtual DIR …]',
  summary: `offers a PC/SC passport reader (or --virtual chip dumps) to the web app over ws://127.0.0.1:${CARD_READER_DEFAULT_PORT}; only pages of --origin (default the demo's) may use it`,
  async run(args, io) {
    const { values } = parse(args, {
      port: { type: 'string' },
      origin: { type: 'string', multiple: true },
      virtual: { type: 'string', multiple: true },
    });
    const port = values.port === undefined ? CARD_READER_DEFAULT_PORT : Number(values.port);
    if (!/^\d+$/.test(values.port ?? '0') || port > 65535) throw new UsageError('--port takes a port number');
    const origins = values.origin?.length ? values.origin : DEFAULT_READER_ORIGINS;
    for (const o of origins) {
      if (!URL.canParse(o) || !/^https?:$/.test(new URL(o).protocol)) throw new UsageError(`--origin ${o} is not an http(s) origin`);
    }
    const log = (line: string) => io.err(`reader: ${line}`);
    let backend: CardBackend;
    try {
      backend = values.virtual?.length ? await VirtualBackend.fromDirs(values.virtual) : await PcscBackend.open(log);
    } catch (e) {
      if (e instanceof ReaderError) {
        io.err(`${e.code}: ${e.message}`);
        return 1;
      }
      throw e;
    }
    const server = await startReaderServer({ backend, origins, port, log });
    const what = values.virtual?.length ? `virtual passports: ${backend.status().virtualCards?.map((c) => `${c.id} (${c.label})`).join(', ')}` : 'PC/SC';
    io.out(`openmitid reader on ${server.url} for ${origins.join(', ')} — ${what}`);
    await untilSignal();
    await server.close();
    await backend.close();
    return 0;
  },
};
