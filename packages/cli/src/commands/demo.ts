/**
 * `openmitid demo`: the server with test people in its register and a virtual passport for
 * each (written to <data dir>/demo/passports/<n>/, MRZ printed), trusting its own test CSCA.
 * Development conveniences are on: SMS outbox at /dev/sms-outbox, the face-step bypass.
 */
import { join } from 'node:path';
import { createTestCsca, formatTd3, issuePassport, TrustStore, writeIssuedPassport } from '@openmitid/mrtd';
import { createServer } from '../../../server/src/server.js';
import { seedPerson } from '../../../server/src/identity/person-register.js';
import { systemClock } from '../../../server/src/infra/clock.js';
import { startDemoServiceProviderFor } from '../../../server/src/login/demo-sp.js';
import type { Command } from '../command.js';
import { configFromArgs, printSettings, untilSignal } from './serve-shared.js';

interface DemoPerson {
  personNumber: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  dateOfBirth: string;
  sex: 'M' | 'F';
}

const PEOPLE: DemoPerson[] = [
  { personNumber: '010180-1234', surname: 'Jensen', givenNames: 'Anna Marie', documentNumber: '200000001', dateOfBirth: '800101', sex: 'F' },
  { personNumber: '150575-4321', surname: 'Nielsen', givenNames: 'Søren', documentNumber: '200000002', dateOfBirth: '750515', sex: 'M' },
  { personNumber: '240392-2468', surname: 'Ærøe', givenNames: 'Ida', documentNumber: '200000003', dateOfBirth: '920324', sex: 'F' },
  { personNumber: '311265-1357', surname: 'Kleist', givenNames: 'Aputsiaq', documentNumber: '200000004', dateOfBirth: '651231', sex: 'M' },
];

/** A placeholder portrait: a JPEG header (SOI, SOF0 240×320, EOI). Enough for DG2; a real face check needs a photo. */
function placeholderPortrait(): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x40, 0x00, 0xf0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    0xff, 0xd9,
  ]);
}

export const demo: Command = {
  path: ['demo'],
  usage: 'openmitid demo [--host ADDR] [--port N] [--data-dir DIR] [--help]',
  summary: 'serve + test people and a virtual passport for each (printed with their MRZs); trusts its own test CSCA; development only',
  async run(args, io) {
    const { config, help } = configFromArgs(args, { faceDevBypass: true, devEndpoints: true, smsAdapter: 'outbox', dataDir: './data/demo' });
    if (help) {
      printSettings(io);
      return 0;
    }
    const now = systemClock.now();
    const csca = createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now });
    const trust = new TrustStore();
    trust.addCertificate(csca.certificate);
    const server = await createServer(config, { trust });
    const { db, pii, random } = server.services;
    const expiry = new Date(now.getTime() + 5 * 365 * 86_400_000).toISOString();
    const dateOfExpiry = `${expiry.slice(2, 4)}${expiry.slice(5, 7)}${expiry.slice(8, 10)}`;
    io.out('Test people (register seeded; passports are virtual chips):');
    for (const [i, p] of PEOPLE.entries()) {
      const mrz = formatTd3({ issuingState: 'DNK', nationality: 'DNK', surname: p.surname, givenNames: p.givenNames, documentNumber: p.documentNumber, dateOfBirth: p.dateOfBirth, sex: p.sex, dateOfExpiry });
      await seedPerson(db, pii, { personNumber: p.personNumber, documents: [{ documentNumber: p.documentNumber, dateOfBirth: p.dateOfBirth, surname: p.surname, givenNames: p.givenNames }] }, now, random);
      const dir = join(config.dataDir, 'demo', 'passports', String(i + 1));
      await writeIssuedPassport(dir, issuePassport({ mrz, photo: placeholderPortrait(), csca, now }));
      io.out(`  ${i + 1}. ${p.givenNames} ${p.surname}  (personal number ${p.personNumber.slice(0, 6)}-****)\n     ${mrz[0]}\n     ${mrz[1]}\n     chip: ${dir}`);
    }
    const url = await server.listen();
    io.out(`\nOpenMitID demo listening on ${url}  — SMS codes: ${url}/dev/sms-outbox  — face step BYPASSED (identities unverified)`);
    const sp = config.oidcEnabled ? await startDemoServiceProviderFor(server.services) : undefined;
    if (sp) io.out(`Demo service provider (log in with OpenMitID, shows the claims): ${sp.url}`);
    await untilSignal();
    await sp?.close();
    await server.close();
    return 0;
  },
};
