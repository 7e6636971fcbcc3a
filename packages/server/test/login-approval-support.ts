/**
 * Test support for logins approved in the app: the provider and the login interaction API on
 * a real port of 127.0.0.1, an identity in the identity store, an active app with a PIN, and
 * the page's side of the interaction (user-ID, approval request, QR, status).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../src/infra/db/index.js';
import type { PiiCipher } from '../src/infra/pii/index.js';
import { createAuditLog } from '../src/infra/audit/index.js';
import { createRateLimiter } from '../src/infra/ratelimit/index.js';
import { registerProblemHandlers } from '../src/http/problem.js';
import { registerLogin, type MountedLogin } from '../src/login/index.js';
import type { CodeEngines } from '../src/login/code-routes.js';
import type { ChipSettings } from '../src/authenticators/chip/index.js';
import type { AppAuthenticatorEngines } from '../src/authenticators/app/index.js';
import type { RunningProvider, ShiftedClock } from './login-support.js';

export interface LoginServer extends RunningProvider {
  mounted: MountedLogin;
}

export async function startLoginServer(
  db: Kysely<Database>,
  deps: { pii: PiiCipher; clock: ShiftedClock; apps: AppAuthenticatorEngines; perSourcePerMinute?: number; perUserLimit?: number; vapid?: { publicKey: string; privateKey: string }; redisUrl?: string; codes?: CodeEngines; chip?: ChipSettings },
): Promise<LoginServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => {
      server.on('request', handler);
      return server;
    },
  });
  registerProblemHandlers(app);
  const mounted = await registerLogin(
    app,
    {
      db,
      pii: deps.pii,
      clock: deps.clock,
      random: (n) => new Uint8Array(crypto.getRandomValues(new Uint8Array(n))),
      audit: createAuditLog(),
      limiter: createRateLimiter(),
      apps: deps.apps,
      ...(deps.codes ? { codes: async () => deps.codes! } : {}),
      ...(deps.chip ? { chip: deps.chip } : {}),
      server: { publicUrl: base, host: '127.0.0.1', port, redisUrl: deps.redisUrl },
      perSourcePerMinute: deps.perSourcePerMinute ?? 10_000,
      approval: { perUserLimit: deps.perUserLimit ?? 1000 },
    },
    {
      oidcEnabled: true,
      oidcIssuer: undefined,
      oidcPairwiseSalt: undefined,
      oidcKeyRetentionSeconds: 86_400,
      oidcTrustProxy: false,
      vapidPublicKey: deps.vapid?.publicKey,
      vapidPrivateKey: deps.vapid?.privateKey,
      vapidSubject: 'mailto:test@localhost',
    },
  );
  await app.ready();
  return {
    issuer: `${base}/oidc`,
    base,
    login: mounted.login,
    app,
    mounted,
    async close() {
      await app.close();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An identity as enrolment leaves it (sealed fields), born 17 May 1990 per its MRZ. */
export async function insertIdentity(db: Kysely<Database>, pii: PiiCipher, id: string, userId: string, now: Date): Promise<void> {
  const seal = (field: string, value: string) => pii.encrypt(value, `identities.${field}:${id}`);
  const at = now.toISOString();
  await db
    .insertInto('people')
    .values({ id: `person-${id}`, person_number_sealed: pii.encrypt('1705901234', `people.person_number:person-${id}`), person_number_hash: `pn-${id}`, created_at: at })
    .execute();
  await db
    .insertInto('identities')
    .values({
      id,
      person_id: `person-${id}`,
      user_id: userId,
      user_id_key: userId.toLowerCase(),
      proofing: 'verified',
      given_names_sealed: seal('given_names', 'Karen Margrethe'),
      surname_sealed: seal('surname', 'Hansen'),
      birth_date_sealed: seal('birth_date', '900517'),
      document_number_sealed: seal('document_number', 'X1234567'),
      document_hash: `doc-${id}`,
      nationality: 'DNK',
      phone_sealed: seal('phone', '+4512345678'),
      phone_hash: `phone-${id}`,
      terms_version: '2026-11',
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** The login page's calls. */
export class LoginPage {
  constructor(
    private readonly base: string,
    readonly uid: string,
  ) {}

  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.base}/login/interaction/${this.uid}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  userId(userId: string) {
    return this.call('POST', '/user-id', { userId });
  }

  requestApproval(mode: 'qr' | 'same-device' = 'qr') {
    return this.call('POST', '/app', { mode });
  }

  async qr(): Promise<string> {
    const r = await this.call('GET', '/qr');
    return String(r.body.qr);
  }

  async status(): Promise<{ state: string; returnTo?: string }> {
    return (await this.call('GET', '/status')).body as { state: string; returnTo?: string };
  }
}
