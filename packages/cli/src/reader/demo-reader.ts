/**
 * `openmitid demo`'s virtual reader: the demo's passports behind the companion's channel, so
 * the web app reads a chip with no hardware and no second command. A port already taken (a
 * real `openmitid reader` running) is reported, not fatal.
 */
import { CARD_READER_DEFAULT_PORT } from '@openmitid/api';
import { startReaderServer, type ReaderServer } from './channel-server.js';
import { VirtualBackend } from './virtual-backend.js';

export interface DemoReader {
  server: ReaderServer;
  backend: VirtualBackend;
  close(): Promise<void>;
}

export async function startDemoReader(chipDirs: readonly string[], origins: readonly string[], log: (line: string) => void): Promise<DemoReader | undefined> {
  const backend = await VirtualBackend.fromDirs(chipDirs);
  try {
    const server = await startReaderServer({ backend, origins, port: CARD_READER_DEFAULT_PORT, log: (l) => log(`reader: ${l}`) });
    return {
      server,
      backend,
      async close() {
        await server.close();
        await backend.close();
      },
    };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    log(`reader: port ${CARD_READER_DEFAULT_PORT} is taken (another openmitid reader?); the demo's virtual passports are not offered`);
    await backend.close();
    return undefined;
  }
}
