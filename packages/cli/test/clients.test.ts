import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run.js';
import { stores, type TestStore } from '../../server/test/support/db.js';
import { createPiiCipher, parsePiiKeys } from '../../server/src/infra/pii/index.js';
import { systemClock } from '../../server/src/infra/clock.js';
import { createClientRegistry } from '../../server/src/login/index.js';


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
    const r = await runCli(['clients', 'add', '--name', 'Borger.dk', '--redirect-uri', 'https://borger.example/cb', '--post-logout-redirect-uri', 'https://borger.example/bye'], env);
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

    const list = await runCli(['clients', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.out).toContain(clientId);
    expect(list.out).not.toContain(secret);
  });

  it('adds a public client with a public subject: no secret', async () => {
    const r = await runCli(['clients', 'add', '--name', 'App', '--redirect-uri', 'http://localhost:5173/cb', '--subject', 'public', '--public', '--json'], env);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out) as { clientId: string; confidential: boolean; subjectType: string; clientSecret?: string };
    expect(c).toMatchObject({ confidential: false, subjectType: 'public' });
    expect(c.clientSecret).toBeUndefined();

    expect(await runCli(['clients', 'remove', c.clientId], env)).toMatchObject({ code: 0, out: `removed ${c.clientId}\n` });
    const again = await runCli(['clients', 'remove', c.clientId], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/OIDC_CLIENT_NOT_FOUND/);
    const list = JSON.parse((await runCli(['clients', 'list', '--json'], env)).out) as { clientId: string }[];
    expect(list.map((x) => x.clientId)).not.toContain(c.clientId);
  });

  it('refuses bad input', async () => {
    expect((await runCli(['clients', 'add', '--redirect-uri', 'https://x.example/cb'], env)).code).toBe(2);
    expect((await runCli(['clients', 'add', '--name', 'x'], env)).code).toBe(2);
    expect((await runCli(['clients', 'add', '--name', 'x', '--redirect-uri', 'https://x.example/cb', '--subject', 'odd'], env)).code).toBe(2);
    const bad = await runCli(['clients', 'add', '--name', 'x', '--redirect-uri', 'http://x.example/cb'], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/OIDC_CLIENT_INVALID/);
  });
});
