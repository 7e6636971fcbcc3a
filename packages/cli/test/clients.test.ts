import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { stores, type TestStore } from '../../server/test/support/db.js';
import { createPiiCipher, parsePiiKeys } from '../../server/src/infra/pii/index.js';
import { systemClock } from '../../server/src/infra/clock.js';
import { createClientRegistry } from '../../server/src/login/index.js';

async function run(argv: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  const names = ['DATABASE_URL', 'OPENMITID_DATA_DIR', 'OPENMITID_PII_KEYS'];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) {
    if (env[n] === undefined) delete process.env[n];
    else process.env[n] = env[n];
  }
  let out = '';
  let err = '';
  try {
    const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe.each(stores)('openmitid clients on $name', (kind) => {
  let store: TestStore;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    store = await kind.open();
    env = { DATABASE_URL: store.url, OPENMITID_DATA_DIR: store.dataDir, OPENMITID_PII_KEYS: `k1:${randomBytes(32).toString('base64')}` };
  });
  afterAll(async () => {
    await store.close();
  });

  it('adds a confidential client, prints the secret once; the server opens the same secret', async () => {
    const r = await run(['clients', 'add', '--name', 'Borger.dk', '--redirect-uri', 'https://borger.example/cb', '--post-logout-redirect-uri', 'https://borger.example/bye'], env);
    expect(r.code).toBe(0);
    const clientId = /^client_id: (\S+)$/m.exec(r.out)?.[1];
    const secret = /^client_secret: (\S+)$/m.exec(r.out)?.[1];
    expect(clientId).toBeDefined();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(r.out).toMatch(/subject: pairwise/);
    expect(r.err).toMatch(/shown only now/);
    const { current } = parsePiiKeys(env.OPENMITID_PII_KEYS!);
    const meta = await createClientRegistry({ db: store.db, pii: createPiiCipher({ current }), clock: systemClock }).metadata(clientId!);
    expect(meta?.client_secret).toBe(secret);

    const list = await run(['clients', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.out).toContain(clientId);
    expect(list.out).not.toContain(secret);
  });

  it('adds a public client with a public subject: no secret', async () => {
    const r = await run(['clients', 'add', '--name', 'App', '--redirect-uri', 'http://localhost:5173/cb', '--subject', 'public', '--public', '--json'], env);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out) as { clientId: string; confidential: boolean; subjectType: string; clientSecret?: string };
    expect(c).toMatchObject({ confidential: false, subjectType: 'public' });
    expect(c.clientSecret).toBeUndefined();

    expect(await run(['clients', 'remove', c.clientId], env)).toMatchObject({ code: 0, out: `removed ${c.clientId}\n` });
    const again = await run(['clients', 'remove', c.clientId], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/OIDC_CLIENT_NOT_FOUND/);
    const list = JSON.parse((await run(['clients', 'list', '--json'], env)).out) as { clientId: string }[];
    expect(list.map((x) => x.clientId)).not.toContain(c.clientId);
  });

  it('refuses bad input', async () => {
    expect((await run(['clients', 'add', '--redirect-uri', 'https://x.example/cb'], env)).code).toBe(2);
    expect((await run(['clients', 'add', '--name', 'x'], env)).code).toBe(2);
    expect((await run(['clients', 'add', '--name', 'x', '--redirect-uri', 'https://x.example/cb', '--subject', 'odd'], env)).code).toBe(2);
    const bad = await run(['clients', 'add', '--name', 'x', '--redirect-uri', 'http://x.example/cb'], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/OIDC_CLIENT_INVALID/);
  });
});
