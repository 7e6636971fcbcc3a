/**
 * `openmitid demo`: the server with test people in its register and a virtual passport for
 * each (written to <data dir>/demo/passports/<n>/, MRZ printed), trusting its own test CSCA.
 * Development conveniences are on: SMS outbox at /dev/sms-outbox, the face-step bypass.
 */
import { join } from 'node:path';
import { createTestCsca, TrustStore } from '@openmitid/mrtd';
import { buildWeb, webDistDir } from '@openmitid/web/node';
import { createServer } from '../../../server/src/server.js';
import { seedDemoPeople } from '../../../server/src/demo/seed.js';
import { systemClock } from '../../../server/src/infra/clock.js';
import { startDemoServiceProviderFor } from '../../../server/src/login/demo-sp.js';
import type { Command } from '../command.js';
import { configFromArgs, printSettings, untilSignal } from './serve-shared.js';
import { startDemoReader } from '../reader/demo-reader.js';

export const demo: Command = {
  path: ['demo'],
  usage: 'openmitid demo [--host ADDR] [--port N] [--data-dir DIR] [--help]',
  summary: 'serve + test people and a virtual passport for each (printed with their MRZs); trusts its own test CSCA; development only',
  async run(args, io) {
    const { config, help } = configFromArgs(args, { faceDevBypass: true, devEndpoints: true, smsAdapter: 'outbox', dataDir: './data/demo', webDir: webDistDir });
    if (help) {
      printSettings(io);
      return 0;
    }
    // a security key (WebAuthn) needs a host name, not an address: the demo is reached at localhost
    if (!config.publicUrl && config.port !== 0) config.publicUrl = `http://localhost:${config.port}`;
    if (config.webDir === webDistDir) {
      io.out('Building the web app …');
      await buildWeb({ silent: true });
    }
    const now = systemClock.now();
    const csca = createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now });
    const trust = new TrustStore();
    trust.addCertificate(csca.certificate);
    const server = await createServer(config, { trust });
    const { db, pii, random } = server.services;
    io.out('Test people (register seeded; passports are virtual chips):');
    const seeded = await seedDemoPeople({ db, pii, random, csca, now, dir: join(config.dataDir, 'demo', 'passports') });
    for (const [i, { person: p, mrz, chipDir }] of seeded.entries()) {
      io.out(`  ${i + 1}. ${p.givenNames} ${p.surname}  (personal number ${p.personNumber.slice(0, 6)}-****)\n     ${mrz[0]}\n     ${mrz[1]}\n     chip: ${chipDir}`);
    }
    const url = await server.listen();
    io.out(`\nOpenMitID demo listening on ${config.publicUrl || url}  (the web app: open it in a browser)  — SMS codes: ${url}/dev/sms-outbox  — face step BYPASSED (identities unverified)`);
    const sp = config.oidcEnabled ? await startDemoServiceProviderFor(server.services) : undefined;
    if (sp) io.out(`Demo service provider (log in with OpenMitID, shows the claims): ${sp.url}`);
    const reader = await startDemoReader(seeded.map((s) => s.chipDir), [url, ...(config.publicUrl ? [config.publicUrl] : [])], (l) => io.err(l));
    if (reader) io.out(`Virtual passport reader (the web app's "Aflæs chip" reads these chips): ${reader.server.url}`);
    await untilSignal();
    await reader?.close();
    await sp?.close();
    await server.close();
    return 0;
  },
};
