/**
 * The whole system for browser tests: the real server (SQLite in a temporary folder, the
 * outbox SMS adapter, the OpenID Connect provider) serving the built web app at its root
 * on http://localhost:<port>, the demo's test people with virtual passports issued by a
 * test CSCA it trusts (packages/server/src/demo/seed.ts), and optionally the demo service
 * provider. Everything listens on the loopback only.
 *
 * The web app is built once per content of its sources (a cache folder in the system's
 * temporary directory keyed by a hash of packages/web, app and mrtd sources), so test files
 * running in parallel share one build.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestCsca, TrustStore, type TestAuthority } from '@openmitid/mrtd';
import { buildWeb } from '../../src/node/web-dist.js';
import { loadConfig, type Config } from '../../../server/src/config.js';
import { createServer, type Server, type ServiceOverrides } from '../../../server/src/server.js';
import { seedDemoPeople, type DemoPerson, type SeededDemoPerson } from '../../../server/src/demo/seed.js';
import { createOutboxSms } from '../../../server/src/infra/sms/index.js';
import { startDemoServiceProviderFor, type DemoServiceProvider } from '../../../server/src/login/demo-sp.js';

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'app/src', 'app/package.json', 'mrtd/src', 'api/src'];

async function filesUnder(path: string): Promise<string[]> {
  const s = await stat(path).catch(() => undefined);
  if (!s) return [];
  if (s.isFile()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path)).sort()) out.push(...(await filesUnder(join(path, entry))));
  return out;
}

async function sourceHash(): Promise<string> {
  const h = createHash('sha256');
  for (const source of SOURCES) {
    for (const file of await filesUnder(join(PACKAGES, source))) {
      h.update(relative(PACKAGES, file)).update('\0').update(await readFile(file)).update('\0');
    }
  }
  return h.digest('hex').slice(0, 20);
}

let building: Promise<string> | undefined;

/** The built web app for the current sources (built once, then reused across test files). */
export function builtWebDir(): Promise<string> {
  building ??= (async () => {
    const dir = join(tmpdir(), `openmitid-web-build-${await sourceHash()}`);
    if (existsSync(join(dir, 'index.html'))) return dir;
    const staging = await mkdtemp(join(tmpdir(), 'openmitid-web-staging-'));
    await buildWeb({ outDir: staging, silent: true });
    try {
      await rename(staging, dir);
    } catch {
      // another test file finished the same build first: use that one
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(join(dir, 'index.html'))) throw new Error(`web build missing in ${dir}`);
    }
    return dir;
  })();
  return building;
}

/** A free TCP port on the loopback (the server needs its URL, with the port, before it starts). */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface LiveSystemOptions {
  /** settings beyond the test defaults */
  config?: Partial<Config>;
  /** services to replace (e.g. a face verifier) */
  overrides?: ServiceOverrides;
  /** the people seeded (default: the demo's four) */
  people?: readonly DemoPerson[];
  /** chip photo of each person (default: a placeholder, which only the face bypass accepts) */
  photo?: (person: DemoPerson, index: number) => Uint8Array;
  /** start the demo service provider too */
  serviceProvider?: boolean;
}

export interface LiveSystem {
  /** http://localhost:<port>: the web app at /, the API, the provider at /oidc */
  baseUrl: string;
  server: Server;
  csca: TestAuthority;
  people: SeededDemoPerson[];
  serviceProvider?: DemoServiceProvider;
  /** the texts sent to a phone number so far, oldest first */
  smsTo(phone: string): Promise<string[]>;
  /** the digits of the last SMS to a phone number (a validation code or a temporary PIN) */
  lastSmsCode(phone: string): Promise<string>;
  close(): Promise<void>;
}

export async function startLiveSystem(o: LiveSystemOptions = {}): Promise<LiveSystem> {
  const webDir = await builtWebDir();
  const dataDir = await mkdtemp(join(tmpdir(), 'openmitid-live-'));
  const port = await freePort();
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      port,
      publicUrl: `http://localhost:${port}`,
      dataDir,
      webDir,
      smsAdapter: 'outbox',
      devEndpoints: true,
      faceDevBypass: true,
      logLevel: 'warn',
      ...o.config,
    },
  );
  const now = new Date();
  const csca = createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now });
  const trust = new TrustStore();
  trust.addCertificate(csca.certificate);
  const server = await createServer(config, { trust, ...o.overrides }, { logger: false });
  const { db, pii, random, clock } = server.services;
  const people = await seedDemoPeople({ db, pii, random, csca, now, dir: join(dataDir, 'passports'), ...(o.people ? { people: o.people } : {}), ...(o.photo ? { photo: o.photo } : {}) });
  await server.listen();
  const serviceProvider = o.serviceProvider ? await startDemoServiceProviderFor(server.services) : undefined;
  const outbox = createOutboxSms(db, clock);
  return {
    baseUrl: config.publicUrl,
    server,
    csca,
    people,
    ...(serviceProvider ? { serviceProvider } : {}),
    async smsTo(phone) {
      return (await outbox.list(phone)).map((m) => m.text);
    },
    async lastSmsCode(phone) {
      const texts = await outbox.list(phone);
      const code = /(\d{6,8})/.exec(texts.at(-1)?.text ?? '')?.[1];
      if (!code) throw new Error(`no code sent to ${phone}`);
      return code;
    },
    async close() {
      await serviceProvider?.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
