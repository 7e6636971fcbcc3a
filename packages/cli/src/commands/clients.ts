import { loadConfig } from '../../../server/src/config.js';
import type { PiiCipher } from '../../../server/src/infra/pii/index.js';
import { createAuditLog } from '../../../server/src/infra/audit/index.js';
import { systemClock } from '../../../server/src/infra/clock.js';
import { createClientRegistry, SIGNING_ALGS, type RegisteredClient } from '../../../server/src/login/index.js';
import { oneOf, parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { existingPiiCipher, withConfiguredDatabase } from './configured-database.js';


function describe(c: RegisteredClient): string[] {
  return [
    `client_id: ${c.clientId}`,
    `name: ${c.name}`,
    `type: ${c.confidential ? 'confidential (client_secret_basic)' : 'public (PKCE only)'}`,
    `subject: ${c.subjectType}`,
    `id_token alg: ${c.idTokenAlg}`,
    ...c.redirectUris.map((u) => `redirect_uri: ${u}`),
    ...c.postLogoutRedirectUris.map((u) => `post_logout_redirect_uri: ${u}`),
  ];
}

const refuse = (): never => {
  throw new Error('this command does not open sealed values');
};
/** list and remove never open a secret, so they need no PII key: a cipher that refuses is enough. */
const SEALED_ONLY: PiiCipher = { encrypt: refuse, decrypt: refuse, lookupHash: refuse, needsRotation: refuse };

export const clientsAdd: Command = {
  path: ['clients', 'add'],
  usage:
    'openmitid clients add --name N --redirect-uri U [--redirect-uri U2] [--post-logout-redirect-uri U] ' +
    '[--subject public|pairwise] [--public] [--id-token-alg ES256|RS256] [--json]',
  summary: 'registers a service provider; prints its client_id and, for a confidential client, its secret (shown only this once)',
  async run(args, io) {
    const { values } = parse(args, {
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      subject: { type: 'string' },
      public: { type: 'boolean' },
      'id-token-alg': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.name) throw new UsageError('--name is required');
    const redirectUris = values['redirect-uri'] ?? [];
    if (redirectUris.length === 0) throw new UsageError('at least one --redirect-uri is required');
    const subjectType = oneOf(values.subject, ['public', 'pairwise'] as const, 'subject');
    const idTokenAlg = oneOf(values['id-token-alg'], SIGNING_ALGS, 'id-token-alg');
    const config = loadConfig(process.env);
    const pii = existingPiiCipher(config);
    const now = systemClock.now();
    const added = await withConfiguredDatabase(async (db) => {
      const r = await createClientRegistry({ db, pii, clock: systemClock }).add({
        name: values.name!,
        redirectUris,
        postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
        ...(subjectType ? { subjectType } : {}),
        ...(idTokenAlg ? { idTokenAlg } : {}),
        public: values.public ?? false,
      });
      await createAuditLog().append(
        db,
        { type: 'oidc.client.added', outcome: 'info', details: { clientId: r.client.clientId, confidential: r.client.confidential, subject: r.client.subjectType } },
        now,
      );
      return r;
    });
    if (values.json) {
      io.out(JSON.stringify({ ...added.client, ...(added.clientSecret ? { clientSecret: added.clientSecret } : {}) }, null, 2));
    } else {
      for (const line of describe(added.client)) io.out(line);
      if (added.clientSecret) {
        io.out(`client_secret: ${added.clientSecret}`);
        io.err('the client secret is shown only now: hand it to the service provider over a safe channel');
      }
    }
    return 0;
  },
};

export const clientsList: Command = {
  path: ['clients', 'list'],
  usage: 'openmitid clients list [--json]',
  summary: 'lists the registered service providers (never their secrets)',
  async run(args, io) {
    const { values } = parse(args, { json: { type: 'boolean' } });
    const clients = await withConfiguredDatabase((db) => createClientRegistry({ db, pii: SEALED_ONLY, clock: systemClock }).list());
    if (values.json) io.out(JSON.stringify(clients, null, 2));
    else if (clients.length === 0) io.out('no clients');
    else
      for (const c of clients) {
        io.out(describe(c).join('\n  '));
      }
    return 0;
  },
};

export const clientsRemove: Command = {
  path: ['clients', 'remove'],
  usage: 'openmitid clients remove CLIENT_ID',
  summary: 'removes a service provider: its logins and token requests are refused from the next request on',
  async run(args, io) {
    const { positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one client id');
    const clientId = positionals[0]!;
    const removed = await withConfiguredDatabase(async (db) => {
      const ok = await createClientRegistry({ db, pii: SEALED_ONLY, clock: systemClock }).remove(clientId);
      if (ok && /^[A-Za-z0-9_-]{1,128}$/.test(clientId)) {
        await createAuditLog().append(db, { type: 'oidc.client.removed', outcome: 'info', details: { clientId } }, systemClock.now());
      }
      return ok;
    });
    if (!removed) {
      io.err(`error OIDC_CLIENT_NOT_FOUND: no client ${clientId}`);
      return 1;
    }
    io.out(`removed ${clientId}`);
    return 0;
  },
};

