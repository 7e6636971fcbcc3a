import { createServer } from '../../../server/src/server.js';
import type { Command } from '../command.js';
import { configFromArgs, printSettings, untilSignal } from './serve-shared.js';

export const serve: Command = {
  path: ['serve'],
  usage: 'openmitid serve [--host ADDR] [--port N] [--data-dir DIR] [--help]',
  summary: 'runs the identity server: SQLite in the data folder unless DATABASE_URL is set (--help lists every setting)',
  async run(args, io) {
    const { config, help } = configFromArgs(args);
    if (help) {
      printSettings(io);
      return 0;
    }
    const server = await createServer(config);
    const url = await server.listen();
    io.out(`OpenMitID listening on ${url} (${server.services.dialect}${server.services.dialect === 'sqlite' ? ` in ${config.dataDir}` : ''})`);
    await untilSignal();
    await server.close();
    return 0;
  },
};
