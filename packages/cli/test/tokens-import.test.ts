import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { runCli } from './support/run.js';
import { createSoftwareToken, writePskc, DEFAULT_TOTP } from '../../server/src/authenticators/code-display/index.js';
import { stores, type TestStore } from '../../server/test/support/db.js';


describe.each(stores)('openmitid tokens import on $name', (kind) => {
  let store: TestStore;
  let env: Record<string, string | undefined>;
  const psk = randomBytes(16);
  const tokens = [0, 1, 2].map(() => createSoftwareToken(secureRandom));
  let plainFile: string;
  let encFile: string;

  beforeAll(async () => {
    store = await kind.open();
    env = { DATABASE_URL: store.url, OPENMITID_DATA_DIR: store.dataDir, OPENMITID_PII_KEYS: `k1:${randomBytes(32).toString('base64')}` };
    plainFile = join(store.dataDir, 'plain.pskcxml');
    encFile = join(store.dataDir, 'encrypted.pskcxml');
    writeFileSync(plainFile, writePskc(tokens.slice(0, 2).map((t) => ({ serial: t.serial, secret: t.secret, params: t.params }))));
    writeFileSync(
      encFile,
      writePskc(
        [tokens[1]!, tokens[2]!].map((t) => ({ serial: t.serial, secret: t.secret, params: t.params })).concat([{ serial: tokens[0]!.serial, secret: randomBytes(20), params: DEFAULT_TOTP }]),
        { preSharedKey: psk, random: secureRandom },
      ),
    );
  });
  afterAll(async () => {
    await store.close();
  });

  it('imports, skips what is there and refuses a conflicting seed, never printing a seed', async () => {
    const first = await runCli(['tokens', 'import', plainFile], env);
    expect(first).toMatchObject({ code: 0, out: 'imported 2, skipped 0, refused 0\n', err: '' });
    const second = await runCli(['tokens', 'import', encFile, '--key', psk.toString('hex'), '--kind', 'code-reader'], env);
    expect(second.code).toBe(1);
    expect(second.out).toBe('imported 1, skipped 1, refused 1\n');
    expect(second.err).toBe(`refused ${tokens[0]!.serial}: seed-conflict\n`);
    for (const t of tokens) {
      for (const shown of [first.out, first.err, second.out, second.err]) {
        expect(shown).not.toContain(Buffer.from(t.secret).toString('hex'));
        expect(shown).not.toContain(Buffer.from(t.secret).toString('base64'));
      }
    }
    const rows = await store.db.selectFrom('token_devices').select(['serial', 'kind', 'status']).orderBy('serial').execute();
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.serial === tokens[2]!.serial)).toMatchObject({ kind: 'code-reader', status: 'in-stock' });
    const audit = await store.db.selectFrom('audit_log').select('event').execute();
    expect(audit.map((a) => JSON.parse(a.event) as { type: string }).filter((e) => e.type === 'tokens.imported')).toHaveLength(2);
  });

  it('answers a wrong key, a missing key and bad usage with a code and no import', async () => {
    const wrong = await runCli(['tokens', 'import', encFile, '--key', '00'.repeat(16)], env);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^error PSKC_DECRYPT_FAILED: /);
    expect((await runCli(['tokens', 'import', encFile], env)).err).toMatch(/^error PSKC_KEY_REQUIRED: /);
    expect((await runCli(['tokens', 'import', encFile, '--key', 'abc'], env)).code).toBe(2);
    expect((await runCli(['tokens', 'import', encFile, '--key', psk.toString('hex'), '--password', 'x'], env)).code).toBe(2);
    expect((await runCli(['tokens', 'import', plainFile, '--kind', 'chip'], env)).code).toBe(2);
    expect((await runCli(['tokens', 'import'], env)).code).toBe(2);
    const malformed = join(store.dataDir, 'bad.xml');
    writeFileSync(malformed, '<KeyContainer');
    expect((await runCli(['tokens', 'import', malformed], env)).err).toMatch(/^error PSKC_MALFORMED: /);
  });
});
