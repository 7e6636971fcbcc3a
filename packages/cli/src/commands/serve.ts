import { isWebBuilt, webDistDir } from '@openmitid/web/node';
import { createServer } from '../../../server/src/server.js';
import type { Command } from '../command.js';
import { configFromArgs, printSettings, untilSignal } from './serve-shared.js';

export const serve: Command = {
  path: ['serve'],
  usage: 'openmitid serve [--host ADDR] [--port N] [--data-dir DIR] [--help]',
  summary: 'runs the identity server: SQLite in the data folder unless DATABASE_URL is set (--help lists every setting)',
  async run(args, io) {
    // the built web app, when there is one (npm run build -w @openmitid/web), unless OPENMITID_WEB_DIR says otherwise
    const { config, help } = configFromArgs(args, isWebBuilt() ? { webDir: webDistDir } : {});
    if (help) {
      printSettings(io);
      return 0;
    }
    const server = await createServer(config);
    const url = await server.listen();
    io.out(`OpenMitID listening on ${url} (${server.services.dialect}${server.services.dialect === 'sqlite' ? ` in ${config.dataDir}` : ''})${config.webDir ? `; web app from ${config.webDir}` : '; no web app (build it: npm run build -w @openmitid/web)'}`);
    await untilSignal();
    await server.close();
    return 0;
  },
};
