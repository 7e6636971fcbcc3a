import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { openDatabase } from '../src/infra/db/index.js';
import { createPiiCipher } from '../src/infra/pii/index.js';
import { isApiError } from '../src/errors.js';
import {
  activateToken,
  codeAt,
  createSoftwareToken,
  exportOrders,
  getOrder,
  getToken,
  importPskcFile,
  importTokens,
  listOrders,
  markOrderSent,
  parsePskc,
  placeOrder,
  reinstateToken,
  revokeToken,
  timeStep,
  totpAtStep,
  verifyTokenCode,
  writePskc,
  DEFAULT_TOTP,
  type SoftwareToken,
  type TokenDeps,
} from '../src/authenticators/code-display/index.js';
import { openSeed, saveDevice, VersionConflict } from '../src/authenticators/code-display/token-store.js';
import { FIGURE_6, FIGURE_6_KEY } from './code-display-vectors.js';
import { stores, type TestStore } from './support/db.js';

const T = new Date('2026-11-25T10:00:05.000Z');
const at = (seconds: number): Date => new Date(T.getTime() + seconds * 1000);
const pii = createPiiCipher({ current: { id: 'k1', key: new Uint8Array(randomBytes(32)) } });

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e.code;
    throw e;
  }
  return 'OK';
}

const address = { name: 'Mette Hansen', street: 'Nørregade 1, 2. th', postalCode: '1165', city: 'København K', country: 'dk' };

describe.each(stores)('code display store on $name', (kind) => {
  let store: TestStore;
  let deps: TokenDeps;
  let tokens: SoftwareToken[];

  beforeAll(async () => {
    store = await kind.open();
    deps = { db: store.db, pii, random: secureRandom };
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('token_devices').execute();
    await store.db.deleteFrom('token_orders').execute();
    tokens = [0, 1, 2].map(() => createSoftwareToken(secureRandom));
    const xml = writePskc(tokens.map((t) => ({ serial: t.serial, secret: t.secret, params: t.params })));
    expect(await importPskcFile(deps, xml, { kind: 'code-display', now: T })).toEqual({ imported: 3, skipped: 0, refused: [] });
  });

  describe('import', () => {
    it('stores the seed sealed, never in the clear', async () => {
      const row = await store.db.selectFrom('token_devices').selectAll().where('serial', '=', tokens[0]!.serial).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: 'code-display', status: 'in-stock', digits: 6, period: 30, hash: 'SHA-1', drift: 0, last_step: null, failures: 0, identity_id: null });
      expect(row.seed_sealed).not.toContain(Buffer.from(tokens[0]!.secret).toString('base64'));
      expect(row.seed_sealed).not.toContain(Buffer.from(tokens[0]!.secret).toString('hex'));
      expect(openSeed(pii, row)).toEqual(tokens[0]!.secret);
      // bound to its serial: the sealed seed does not open under another device's name
      expect(() => openSeed(pii, { ...row, serial: tokens[1]!.serial })).toThrow();
    });

    it('is idempotent per serial and refuses a different seed for a known serial', async () => {
      const again = writePskc(tokens.map((t) => ({ serial: t.serial, secret: t.secret, params: t.params })));
      expect(await importPskcFile(deps, again, { kind: 'code-display', now: at(60) })).toEqual({ imported: 0, skipped: 3, refused: [] });
      const fresh = createSoftwareToken(secureRandom);
      const mixed = writePskc([
        { serial: tokens[0]!.serial, secret: fresh.secret, params: DEFAULT_TOTP },
        { serial: fresh.serial, secret: fresh.secret, params: DEFAULT_TOTP },
        { serial: fresh.serial, secret: tokens[0]!.secret, params: DEFAULT_TOTP },
      ]);
      expect(await importPskcFile(deps, mixed, { kind: 'code-reader', now: at(60) })).toEqual({
        imported: 1,
        skipped: 0,
        refused: [
          { serial: tokens[0]!.serial, reason: 'seed-conflict' },
          { serial: fresh.serial, reason: 'seed-conflict' },
        ],
      });
      const kept = await store.db.selectFrom('token_devices').selectAll().where('serial', '=', tokens[0]!.serial).executeTakeFirstOrThrow();
      expect(openSeed(pii, kept)).toEqual(tokens[0]!.secret);
      expect((await getToken(deps, fresh.serial)).kind).toBe('code-reader');
    });

    it('refuses keys without a serial, event-based keys and short secrets, and imports an encrypted file', async () => {
      const report = await importPskcFile(deps, FIGURE_6, { kind: 'code-display', now: T, preSharedKey: Buffer.from(FIGURE_6_KEY, 'hex') });
      expect(report).toEqual({ imported: 0, skipped: 0, refused: [{ serial: '987654321', reason: 'not-time-based' }] });
      const keys = parsePskc(writePskc([{ serial: 'OM-0001', secret: new Uint8Array(10), params: DEFAULT_TOTP }, { serial: ' ', secret: new Uint8Array(20), params: DEFAULT_TOTP }]));
      expect(await importTokens(deps, keys, { kind: 'code-display', now: T })).toEqual({
        imported: 0,
        skipped: 0,
        refused: [
          { serial: 'OM0001', reason: 'weak-secret' },
          { serial: undefined, reason: 'no-serial' },
        ],
      });
      const policy = (p: string, serial: string): string =>
        writePskc([{ serial, secret: new Uint8Array(randomBytes(20)), params: DEFAULT_TOTP }]).replace('</Data>', `</Data><Policy>${p}</Policy>`);
      const refusedBy = async (p: string, serial: string) => (await importPskcFile(deps, policy(p, serial), { kind: 'code-display', now: T })).refused;
      expect(await refusedBy('<KeyUsage>OTP</KeyUsage><ExpiryDate>2030-01-01T00:00:00Z</ExpiryDate>', 'P1')).toEqual([]);
      expect(await refusedBy('<KeyUsage>CR</KeyUsage>', 'P2')).toEqual([{ serial: 'P2', reason: 'policy-not-supported' }]);
      expect(await refusedBy('<NumberOfTransactions>5</NumberOfTransactions>', 'P3')).toEqual([{ serial: 'P3', reason: 'policy-not-supported' }]);
      expect(await refusedBy('<ExpiryDate>2026-11-25T10:00:00Z</ExpiryDate>', 'P4')).toEqual([{ serial: 'P4', reason: 'outside-validity' }]);
      expect(await refusedBy('<StartDate>2027-01-01T00:00:00Z</StartDate>', 'P5')).toEqual([{ serial: 'P5', reason: 'outside-validity' }]);
      const psk = new Uint8Array(randomBytes(32));
      const enc = createSoftwareToken(secureRandom, { preSharedKey: psk });
      expect(await code(importPskcFile(deps, enc.pskcXml, { kind: 'code-display', now: T, preSharedKey: new Uint8Array(32) }))).toBe('PSKC_DECRYPT_FAILED');
      expect(await code(getToken(deps, enc.serial))).toBe('TOKEN_NOT_FOUND');
      expect(await importPskcFile(deps, enc.pskcXml, { kind: 'code-display', now: T, preSharedKey: psk })).toMatchObject({ imported: 1 });
    });
  });

  describe('activation', () => {
    it('assigns an in-stock device on a right code, and remembers the step', async () => {
      const t = tokens[0]!;
      const ok = await activateToken(deps, { identityId: 'id-1', serial: t.serial, code: codeAt(t.secret, T), now: T });
      expect(ok.step).toBe(timeStep(T, DEFAULT_TOTP));
      expect(ok.device).toMatchObject({ status: 'assigned', identityId: 'id-1', drift: 0, lastStep: ok.step, failures: 0, activatedAt: T.toISOString() });
      expect(await getToken(deps, t.serial)).toMatchObject({ status: 'assigned', identityId: 'id-1', lastStep: ok.step });
    });

    it('accepts the serial as printed, with spaces or dashes', async () => {
      const t = tokens[0]!;
      const printed = `${t.serial.slice(0, 4)} ${t.serial.slice(4, 8)}-${t.serial.slice(8)}`.toLowerCase();
      expect((await activateToken(deps, { identityId: 'id-1', serial: printed, code: codeAt(t.secret, T), now: T })).device.serial).toBe(t.serial);
    });

    it('refuses a wrong serial, a taken device and a second device', async () => {
      const [a, b] = tokens as [SoftwareToken, SoftwareToken];
      expect(await code(activateToken(deps, { identityId: 'id-1', serial: 'SW0000000000', code: '123456', now: T }))).toBe('TOKEN_UNKNOWN_SERIAL');
      await activateToken(deps, { identityId: 'id-1', serial: a.serial, code: codeAt(a.secret, T), now: T });
      expect(await code(activateToken(deps, { identityId: 'id-2', serial: a.serial, code: codeAt(a.secret, at(30)), now: at(30) }))).toBe('TOKEN_NOT_AVAILABLE');
      expect(await code(activateToken(deps, { identityId: 'id-1', serial: b.serial, code: codeAt(b.secret, T), now: T }))).toBe('TOKEN_ALREADY_HAS_ONE');
      // nothing half-done: the second device is still in stock and untouched
      expect(await getToken(deps, b.serial)).toMatchObject({ status: 'in-stock', identityId: null, failures: 0, lastStep: null });
    });

    it('suspends after three wrong codes in a row; a right code in between resets the count', async () => {
      const t = tokens[0]!;
      const wrong = (c: string, now = T) => activateToken(deps, { identityId: 'id-1', serial: t.serial, code: c, now });
      const bad = codeAt(t.secret, at(3600)); // a real code, but an hour away
      expect(await code(wrong(bad))).toBe('TOKEN_CODE_WRONG');
      expect(await code(wrong(bad))).toBe('TOKEN_CODE_WRONG');
      expect((await getToken(deps, t.serial)).failures).toBe(2);
      expect(await code(wrong(bad))).toBe('TOKEN_SUSPENDED');
      expect(await getToken(deps, t.serial)).toMatchObject({ status: 'suspended', failures: 3, identityId: null });
      // even the right code does not help now
      expect(await code(wrong(codeAt(t.secret, T)))).toBe('TOKEN_SUSPENDED');
      await reinstateToken(deps, t.serial, at(60));
      expect(await getToken(deps, t.serial)).toMatchObject({ status: 'in-stock', failures: 0 });

      const u = tokens[1]!;
      await activateToken(deps, { identityId: 'id-2', serial: u.serial, code: codeAt(u.secret, T), now: T });
      const login = (c: string, now: Date) => verifyTokenCode(deps, { identityId: 'id-2', code: c, now });
      const far = codeAt(u.secret, at(3600));
      expect(await code(login(far, at(30)))).toBe('TOKEN_CODE_WRONG');
      expect(await code(login(far, at(30)))).toBe('TOKEN_CODE_WRONG');
      expect(await code(login(codeAt(u.secret, at(30)), at(30)))).toBe('OK');
      expect((await getToken(deps, u.serial)).failures).toBe(0);
      expect(await code(login(far, at(60)))).toBe('TOKEN_CODE_WRONG');
      expect(await code(login(far, at(60)))).toBe('TOKEN_CODE_WRONG');
      expect(await code(login(far, at(60)))).toBe('TOKEN_SUSPENDED');
      expect(await getToken(deps, u.serial)).toMatchObject({ status: 'suspended', identityId: 'id-2' });
      expect(await code(login(codeAt(u.secret, at(90)), at(90)))).toBe('TOKEN_SUSPENDED');
      // a suspended device still counts as the identity's one device
      expect(await code(activateToken(deps, { identityId: 'id-2', serial: t.serial, code: codeAt(t.secret, at(90)), now: at(90) }))).toBe('TOKEN_ALREADY_HAS_ONE');
      await reinstateToken(deps, u.serial, at(120));
      expect(await code(login(codeAt(u.secret, at(120)), at(120)))).toBe('OK');
    });

    it('accepts each code once and follows a drifting device clock', async () => {
      const t = tokens[0]!;
      const c0 = codeAt(t.secret, T);
      await activateToken(deps, { identityId: 'id-1', serial: t.serial, code: c0, now: T });
      expect(await code(verifyTokenCode(deps, { identityId: 'id-1', code: c0, now: T }))).toBe('TOKEN_CODE_REPLAYED');
      expect(await code(verifyTokenCode(deps, { identityId: 'id-1', code: c0, now: at(20) }))).toBe('TOKEN_CODE_REPLAYED');
      // a replay is not a wrong guess
      expect((await getToken(deps, t.serial)).failures).toBe(0);
      // the device runs fast: one step ahead, then two (found around the remembered drift), then three
      const s = timeStep(T, DEFAULT_TOTP);
      for (let k = 1; k <= 3; k++) {
        const now = at(300 * k);
        const ahead = timeStep(now, DEFAULT_TOTP) + k;
        const ok = await verifyTokenCode(deps, { identityId: 'id-1', code: totpAtStep(t.secret, ahead, DEFAULT_TOTP), now });
        expect(ok).toMatchObject({ step: ahead, device: { drift: k, lastStep: ahead } });
      }
      // without the remembered drift a code three steps ahead would have been refused
      expect(s).toBeGreaterThan(0);
      expect((await getToken(deps, t.serial)).drift).toBe(3);
      expect(await code(verifyTokenCode(deps, { identityId: 'id-9', code: c0, now: T }))).toBe('TOKEN_NOT_FOUND');
      expect(await code(verifyTokenCode(deps, { identityId: 'id-1', code: '12345', now: T }))).toBe('VALIDATION_FAILED');
    });

    it('revoking frees the identity for another device', async () => {
      const [a, b] = tokens as [SoftwareToken, SoftwareToken];
      await activateToken(deps, { identityId: 'id-1', serial: a.serial, code: codeAt(a.secret, T), now: T });
      await revokeToken(deps, a.serial, at(10));
      expect(await code(verifyTokenCode(deps, { identityId: 'id-1', code: codeAt(a.secret, at(60)), now: at(60) }))).toBe('TOKEN_NOT_FOUND');
      expect(await code(activateToken(deps, { identityId: 'id-2', serial: a.serial, code: codeAt(a.secret, at(60)), now: at(60) }))).toBe('TOKEN_NOT_AVAILABLE');
      expect(await code(activateToken(deps, { identityId: 'id-1', serial: b.serial, code: codeAt(b.secret, at(60)), now: at(60) }))).toBe('OK');
    });
  });

  describe('two servers on one database', () => {
    let other: { deps: TokenDeps; close(): Promise<void> };
    beforeAll(async () => {
      const opened = await openDatabase(kind.name === 'postgres' ? { databaseUrl: store.url, dataDir: store.dataDir, poolSize: 4 } : { dataDir: store.dataDir });
      // SQLite: one connection per server process; the second "server" shares the first handle, as one process does
      other = kind.name === 'postgres' ? { deps: { db: opened.db, pii, random: secureRandom }, close: () => opened.close() } : { deps: { db: store.db, pii, random: secureRandom }, close: () => opened.close() };
    });
    afterAll(async () => {
      await other.close();
    });

    it('never save over a change made since the row was read', async () => {
      const t = tokens[0]!;
      await activateToken(deps, { identityId: 'id-1', serial: t.serial, code: codeAt(t.secret, T), now: T });
      const stale = await store.db.selectFrom('token_devices').selectAll().where('serial', '=', t.serial).executeTakeFirstOrThrow();
      await verifyTokenCode(other.deps, { identityId: 'id-1', code: codeAt(t.secret, at(30)), now: at(30) });
      await expect(store.db.transaction().execute((trx) => saveDevice(trx, stale, { last_step: 0 }, at(31)))).rejects.toBeInstanceOf(VersionConflict);
      expect((await getToken(deps, t.serial)).lastStep).toBe(timeStep(at(30), DEFAULT_TOTP));
    });

    it('accept one code exactly once when both verify it at the same moment', async () => {
      const t = tokens[0]!;
      await activateToken(deps, { identityId: 'id-1', serial: t.serial, code: codeAt(t.secret, T), now: T });
      for (let round = 1; round <= 6; round++) {
        const now = at(60 * round);
        const c = codeAt(t.secret, now);
        const results = await Promise.all([
          code(verifyTokenCode(deps, { identityId: 'id-1', code: c, now })),
          code(verifyTokenCode(other.deps, { identityId: 'id-1', code: c, now })),
          code(verifyTokenCode(round % 2 ? deps : other.deps, { identityId: 'id-1', code: c, now })),
        ]);
        expect(results.sort()).toEqual(['OK', 'TOKEN_CODE_REPLAYED', 'TOKEN_CODE_REPLAYED']);
      }
    });

    it('count wrong codes from both servers towards one suspension', async () => {
      const t = tokens[0]!;
      const bad = codeAt(t.secret, at(7200));
      const results = await Promise.all(
        [deps, other.deps, deps, other.deps].map((d) => code(activateToken(d, { identityId: 'id-1', serial: t.serial, code: bad, now: T }))),
      );
      expect(results.sort()).toEqual(['TOKEN_CODE_WRONG', 'TOKEN_CODE_WRONG', 'TOKEN_SUSPENDED', 'TOKEN_SUSPENDED']);
      expect(await getToken(deps, t.serial)).toMatchObject({ status: 'suspended', failures: 3 });
    });

    it('let only one of two devices be activated for one identity', async () => {
      const [a, b] = tokens as [SoftwareToken, SoftwareToken];
      const results = await Promise.all([
        code(activateToken(deps, { identityId: 'id-1', serial: a.serial, code: codeAt(a.secret, T), now: T })),
        code(activateToken(other.deps, { identityId: 'id-1', serial: b.serial, code: codeAt(b.secret, T), now: T })),
      ]);
      expect(results.sort()).toEqual(['OK', 'TOKEN_ALREADY_HAS_ONE']);
      const assigned = await store.db.selectFrom('token_devices').select('serial').where('identity_id', '=', 'id-1').execute();
      expect(assigned).toHaveLength(1);
    });
  });

  describe('orders ("Nej, bestil")', () => {
    it('moves ordered → sent → activated and exports what is still to ship', async () => {
      const order = await placeOrder(deps, { identityId: 'id-1', kind: 'code-display', address, now: T });
      expect(order).toMatchObject({ status: 'ordered', serial: null, address: { ...address, country: 'DK' } });
      const row = await store.db.selectFrom('token_orders').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
      expect(row.address_sealed).not.toContain('Nørregade');
      expect(await code(placeOrder(deps, { identityId: 'id-1', kind: 'code-reader', address, now: T }))).toBe('TOKEN_ORDER_OPEN');
      await placeOrder(deps, { identityId: 'id-2', kind: 'code-reader', address: { ...address, name: '=HYPERLINK("x")', street: 'Vej "2", 1' }, now: at(1) });

      const csv = await exportOrders(deps, { format: 'csv' });
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe('order_id,ordered_at,kind,name,street,postal_code,city,country');
      expect(lines[1]).toBe(`${order.id},${T.toISOString()},code-display,Mette Hansen,"Nørregade 1, 2. th",1165,København K,DK`);
      expect(lines[2]).toContain(`"'=HYPERLINK(""x"")","Vej ""2"", 1"`);
      expect(lines).toHaveLength(4);
      const json = JSON.parse(await exportOrders(deps, { format: 'json' })) as Record<string, string>[];
      expect(json[0]).toEqual({ order_id: order.id, ordered_at: T.toISOString(), kind: 'code-display', name: 'Mette Hansen', street: 'Nørregade 1, 2. th', postal_code: '1165', city: 'København K', country: 'DK' });
      expect(JSON.stringify(json)).not.toContain('id-1');

      const t = tokens[0]!;
      expect(await markOrderSent(deps, { orderId: order.id, serial: t.serial, now: at(60) })).toMatchObject({ status: 'sent', serial: t.serial, sentAt: at(60).toISOString() });
      expect(await code(markOrderSent(deps, { orderId: order.id, now: at(61) }))).toBe('TOKEN_ORDER_STATE');
      expect(await code(markOrderSent(deps, { orderId: 'nope', now: at(61) }))).toBe('TOKEN_ORDER_NOT_FOUND');
      expect((JSON.parse(await exportOrders(deps, { format: 'json' })) as unknown[]).length).toBe(1);

      await activateToken(deps, { identityId: 'id-1', serial: t.serial, code: codeAt(t.secret, at(120)), now: at(120) });
      expect(await getOrder(deps, order.id)).toMatchObject({ status: 'activated', activatedAt: at(120).toISOString() });
      expect((await listOrders(deps, { status: 'activated' })).map((o) => o.id)).toEqual([order.id]);
      // the identity has its device now: no new order
      expect(await code(placeOrder(deps, { identityId: 'id-1', kind: 'code-display', address, now: at(200) }))).toBe('TOKEN_ALREADY_HAS_ONE');
    });

    it('refuses an incomplete address', async () => {
      expect(await code(placeOrder(deps, { identityId: 'id-1', kind: 'code-display', address: { ...address, city: ' ' }, now: T }))).toBe('VALIDATION_FAILED');
      expect(await code(placeOrder(deps, { identityId: 'id-1', kind: 'code-display', address: { ...address, country: 'DNK' }, now: T }))).toBe('VALIDATION_FAILED');
      expect(await code(placeOrder(deps, { identityId: 'id-1', kind: 'code-display', address: { ...address, street: 'a\nb' }, now: T }))).toBe('VALIDATION_FAILED');
      expect(await listOrders(deps)).toEqual([]);
    });
  });
});
