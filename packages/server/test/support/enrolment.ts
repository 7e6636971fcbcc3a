/**
 * What the enrolment tests share: a settable clock, a test CSCA the server trusts, test
 * people with virtual passports, an SMS recorder, and a real server listening on
 * 127.0.0.1 (port 0) over a test store.
 */
import { createTestCsca, formatTd3, issuePassport, TrustStore, VirtualChip, type Forgery, type IssuedPassport, type TestAuthority } from '@openmitid/mrtd';
import { loadConfig, type Config } from '../../src/config.js';
import { createServer, type Server, type ServiceOverrides } from '../../src/server.js';
import { seedPerson } from '../../src/identity/person-register.js';
import type { TestStore } from './db.js';

export const TEST_NOW = new Date('2026-11-25T10:00:00.000Z');

export interface TestClock {
  now(): Date;
  advance(seconds: number): void;
}

export function testClock(start = TEST_NOW): TestClock {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (s) => void (t += s * 1000) };
}

/** A minimal baseline JPEG header (SOI, SOF0 120×160, EOI): enough for DG2, the face step is bypassed. */
export function testPhoto(): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0xa0, 0x00, 0x78, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    ...new Array<number>(64).fill(0x55),
    0xff, 0xd9,
  ]);
}

export interface TestPerson {
  personNumber: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  dateOfBirth: string;
  dateOfExpiry: string;
  issuingState: string;
  mrz: string[];
}

export function testPerson(n: number, o: Partial<Omit<TestPerson, 'mrz'>> = {}): TestPerson {
  const p = {
    personNumber: `0101${String(70 + (n % 30)).padStart(2, '0')}-${String(1000 + n).slice(-4)}`,
    surname: 'Jensen',
    givenNames: `Anna ${['Marie', 'Sofie', 'Karen', 'Ida', 'Emma'][n % 5]}`,
    documentNumber: `2${String(n).padStart(8, '0')}`,
    dateOfBirth: `${String(70 + (n % 30)).padStart(2, '0')}0101`,
    dateOfExpiry: '310101',
    issuingState: 'DNK',
    ...o,
  };
  const mrz = formatTd3({
    issuingState: p.issuingState,
    surname: p.surname,
    givenNames: p.givenNames,
    documentNumber: p.documentNumber,
    nationality: 'DNK',
    dateOfBirth: p.dateOfBirth,
    sex: 'F',
    dateOfExpiry: p.dateOfExpiry,
  });
  return { ...p, mrz };
}

export interface Kit {
  csca: TestAuthority;
  trust: TrustStore;
}

export function testKit(now = TEST_NOW): Kit {
  const csca = createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now });
  const trust = new TrustStore();
  trust.addCertificate(csca.certificate);
  return { csca, trust };
}

export interface TestPassport {
  issued: IssuedPassport;
  chip(): VirtualChip;
}

export function testPassport(kit: Kit, person: TestPerson, forge?: Forgery, now = TEST_NOW): TestPassport {
  const issued = issuePassport({ mrz: person.mrz, photo: testPhoto(), csca: kit.csca, now, ...(forge ? { forge } : {}) });
  return {
    issued,
    chip: () =>
      new VirtualChip({ files: issued.files, mrzKey: issued.mrzKey, ...(issued.aaPrivateKey ? { aaPrivateKey: issued.aaPrivateKey } : {}) }),
  };
}

export class SmsRecorder {
  readonly messages: { to: string; text: string }[] = [];
  async send(m: { to: string; text: string }): Promise<void> {
    this.messages.push(m);
  }
  lastCode(to: string): string {
    const m = [...this.messages].reverse().find((x) => x.to === to);
    const code = m && /(\d{6})/.exec(m.text)?.[1];
    if (!code) throw new Error(`no code sent to ${to}`);
    return code;
  }
}

export interface TestServer {
  server: Server;
  baseUrl: string;
  sms: SmsRecorder;
  clock: TestClock;
  config: Config;
  seed(person: TestPerson): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PII_KEYS = `t1:${Buffer.alloc(32, 7).toString('base64')}`;

export async function startTestServer(
  store: TestStore,
  kit: Kit,
  o: { config?: Partial<Config>; overrides?: ServiceOverrides; clock?: TestClock } = {},
): Promise<TestServer> {
  const clock = o.clock ?? testClock();
  const sms = new SmsRecorder();
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      port: 0,
      dataDir: store.dataDir,
      databaseUrl: store.url,
      databasePoolSize: 4,
      logLevel: 'silent',
      piiKeys: TEST_PII_KEYS,
      faceDevBypass: true,
      smsResendSeconds: 30,
      startsPerMinute: 10_000,
      ...o.config,
    },
  );
  const server = await createServer(config, { clock, trust: kit.trust, sms, ...o.overrides });
  const baseUrl = await server.listen();
  return {
    server,
    baseUrl,
    sms,
    clock,
    config,
    seed: (p) =>
      seedPerson(
        server.services.db,
        server.services.pii,
        { personNumber: p.personNumber, documents: [{ documentNumber: p.documentNumber, dateOfBirth: p.dateOfBirth, surname: p.surname, givenNames: p.givenNames }] },
        clock.now(),
        server.services.random,
      ),
    close: () => server.close(),
  };
}
