import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { isApiError } from '../src/errors.js';
import {
  chipSettings,
  finishChipAuthentication,
  finishChipRegistration,
  listChips,
  reinstateChip,
  removeChip,
  startChipAuthentication,
  startChipRegistration,
  type ChipDeps,
  type ChipSettings,
} from '../src/authenticators/chip/index.js';
import { SoftFido, type SoftAttestation } from './support/soft-fido.js';
import { stores, type TestStore } from './support/db.js';

const T = new Date('2026-11-25T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T.getTime() + seconds * 1000);
const ORIGIN = 'https://mitid.test';
const site = { rpId: 'mitid.test', origins: [ORIGIN] };
const ID = 'identity-1';

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e.code;
    throw e;
  }
  return 'OK';
}

describe.each(stores)('chip (FIDO security key) on $name', (kind) => {
  let store: TestStore;
  let deps: ChipDeps;
  const withSettings = (o: Partial<ChipSettings>): ChipDeps => ({ ...deps, settings: chipSettings(site, o) });

  beforeEach(async () => {
    store = await kind.open();
    deps = { db: store.db, random: secureRandom, settings: chipSettings(site) };
  });
  afterEach(async () => {
    await store.close();
  });

  async function register(key: SoftFido, format: SoftAttestation, identityId = ID, d = deps) {
    const started = await startChipRegistration(d, { identityId, userName: 'mette.hansen', now: T });
    const response = key.create(started.options, format, { origin: ORIGIN });
    return finishChipRegistration(d, { identityId, ceremonyId: started.ceremonyId, response, now: at(5) });
  }

  async function login(key: SoftFido, now = at(10), tweaks: Parameters<SoftFido['get']>[1] = { origin: ORIGIN }) {
    const started = await startChipAuthentication(deps, { identityId: ID, now });
    const response = key.get(started.options, tweaks);
    return finishChipAuthentication(deps, { identityId: ID, ceremonyId: started.ceremonyId, response, now });
  }

  it.each(['none', 'packed', 'fido-u2f'] as const)('registers a key with %s attestation and logs in with it', async (format) => {
    const key = new SoftFido();
    const started = await startChipRegistration(deps, { identityId: ID, userName: 'mette.hansen', now: T });
    expect(started.options.rp).toEqual({ id: 'mitid.test', name: 'OpenMitID' });
    expect(started.options.attestation).toBe('direct');
    expect(Buffer.from(started.options.challenge, 'base64url')).toHaveLength(32);
    expect(started.expiresAt).toEqual(at(300));

    const response = key.create(started.options, format, { origin: ORIGIN });
    const cred = await finishChipRegistration(deps, { identityId: ID, ceremonyId: started.ceremonyId, response, now: at(5) });
    expect(cred).toMatchObject({ id: response.id, identityId: ID, counter: 0, transports: ['usb', 'nfc'], attestationFormat: format, status: 'active' });
    const aaguid = format === 'fido-u2f' ? '00000000-0000-0000-0000-000000000000' : Buffer.from(key.aaguid).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    expect(cred.aaguid).toBe(aaguid);

    const first = await login(key);
    expect(first).toMatchObject({ identityId: ID, credentialId: cred.id, counter: 1, userVerified: false });
    expect(await login(key, at(20), { origin: ORIGIN, userVerified: true })).toMatchObject({ counter: 2, userVerified: true });
    expect((await listChips(store.db, ID))[0]).toMatchObject({ counter: 2, lastUsedAt: at(20) });
  });

  it('refuses an answer to another challenge', async () => {
    const key = new SoftFido();
    const other = Buffer.from(secureRandom(32)).toString('base64url');
    const reg = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    const bad = key.create(reg.options, 'packed', { origin: ORIGIN, challenge: other });
    expect(await outcome(finishChipRegistration(deps, { identityId: ID, ceremonyId: reg.ceremonyId, response: bad, now: T }))).toBe('FIDO_CHALLENGE_MISMATCH');
    expect(await listChips(store.db, ID)).toHaveLength(0);

    await register(key, 'packed');
    const auth = await startChipAuthentication(deps, { identityId: ID, now: T });
    const assertion = key.get(auth.options, { origin: ORIGIN, challenge: other });
    expect(await outcome(finishChipAuthentication(deps, { identityId: ID, ceremonyId: auth.ceremonyId, response: assertion, now: T }))).toBe('FIDO_CHALLENGE_MISMATCH');
  });

  it('answers a ceremony once: a replay of the same answer, or an old answer to a new ceremony, is refused', async () => {
    const key = new SoftFido();
    const reg = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    const response = key.create(reg.options, 'none', { origin: ORIGIN });
    await finishChipRegistration(deps, { identityId: ID, ceremonyId: reg.ceremonyId, response, now: T });
    expect(await outcome(finishChipRegistration(deps, { identityId: ID, ceremonyId: reg.ceremonyId, response, now: T }))).toBe('FIDO_CEREMONY_NOT_FOUND');

    const auth = await startChipAuthentication(deps, { identityId: ID, now: T });
    const assertion = key.get(auth.options, { origin: ORIGIN });
    await finishChipAuthentication(deps, { identityId: ID, ceremonyId: auth.ceremonyId, response: assertion, now: T });
    expect(await outcome(finishChipAuthentication(deps, { identityId: ID, ceremonyId: auth.ceremonyId, response: assertion, now: T }))).toBe('FIDO_CEREMONY_NOT_FOUND');
    const fresh = await startChipAuthentication(deps, { identityId: ID, now: T });
    expect(await outcome(finishChipAuthentication(deps, { identityId: ID, ceremonyId: fresh.ceremonyId, response: assertion, now: T }))).toBe('FIDO_CHALLENGE_MISMATCH');
  });

  it('refuses an expired ceremony, and another identity\'s or kind\'s ceremony', async () => {
    const key = new SoftFido();
    const reg = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    const response = key.create(reg.options, 'none', { origin: ORIGIN });
    expect(await outcome(finishChipRegistration(deps, { identityId: 'identity-2', ceremonyId: reg.ceremonyId, response, now: T }))).toBe('FIDO_CEREMONY_NOT_FOUND');
    const reg2 = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    const response2 = key.create(reg2.options, 'none', { origin: ORIGIN });
    expect(await outcome(finishChipRegistration(deps, { identityId: ID, ceremonyId: reg2.ceremonyId, response: response2, now: at(300) }))).toBe('FIDO_CEREMONY_EXPIRED');

    await register(key, 'none');
    const auth = await startChipAuthentication(deps, { identityId: ID, now: T });
    const assertion = key.get(auth.options, { origin: ORIGIN });
    expect(await outcome(finishChipRegistration(deps, { identityId: ID, ceremonyId: auth.ceremonyId, response: assertion, now: T }))).toBe('VALIDATION_FAILED');
  });

  it('suspends a key whose signature counter goes back (a clone), until reinstated', async () => {
    const key = new SoftFido();
    const cred = await register(key, 'fido-u2f');
    const clone = key.clone();
    await login(key); // 1
    await login(key); // 2
    // the clone still believes the counter is 0 and answers 1
    expect(await outcome(login(clone))).toBe('FIDO_COUNTER_REGRESSED');
    expect((await listChips(store.db, ID))[0]!.status).toBe('suspended');
    // now even the genuine key is refused until an operator reinstates it
    expect(await outcome(login(key))).toBe('FIDO_NOT_REGISTERED');
    await reinstateChip(store.db, cred.id, at(100));
    expect((await login(key, at(110))).counter).toBe(3);
    // equal is a regression too
    expect(await outcome(login(key, at(120), { origin: ORIGIN, counter: 3 }))).toBe('FIDO_COUNTER_REGRESSED');
  });

  it('accepts a key that keeps no counter (always 0) again and again', async () => {
    const key = new SoftFido({ counts: false });
    await register(key, 'packed');
    expect((await login(key)).counter).toBe(0);
    expect((await login(key, at(20))).counter).toBe(0);
  });

  it('refuses another origin and another relying party id', async () => {
    const key = new SoftFido();
    const reg = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    const phished = key.create(reg.options, 'packed', { origin: 'https://mitid.test.evil.example' });
    expect(await outcome(finishChipRegistration(deps, { identityId: ID, ceremonyId: reg.ceremonyId, response: phished, now: T }))).toBe('FIDO_ORIGIN_MISMATCH');
    const reg2 = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    const otherRp = key.create(reg2.options, 'fido-u2f', { origin: ORIGIN, rpId: 'evil.example' });
    expect(await outcome(finishChipRegistration(deps, { identityId: ID, ceremonyId: reg2.ceremonyId, response: otherRp, now: T }))).toBe('FIDO_RP_ID_MISMATCH');

    await register(key, 'packed');
    expect(await outcome(login(key, at(10), { origin: 'http://mitid.test' }))).toBe('FIDO_ORIGIN_MISMATCH');
    expect(await outcome(login(key, at(10), { origin: ORIGIN, rpId: 'test' }))).toBe('FIDO_RP_ID_MISMATCH');
  });

  it('refuses a bad signature, a missing user presence, and a format not accepted', async () => {
    const key = new SoftFido();
    await register(key, 'packed');
    const auth = await startChipAuthentication(deps, { identityId: ID, now: T });
    const assertion = key.get(auth.options, { origin: ORIGIN });
    const sig = Buffer.from(assertion.response.signature, 'base64url');
    sig[sig.length - 1]! ^= 0x01;
    const forged = { ...assertion, response: { ...assertion.response, signature: sig.toString('base64url') } };
    expect(await outcome(finishChipAuthentication(deps, { identityId: ID, ceremonyId: auth.ceremonyId, response: forged, now: T }))).toBe('FIDO_RESPONSE_INVALID');
    expect(await outcome(login(key, at(10), { origin: ORIGIN, noUserPresence: true }))).toBe('FIDO_RESPONSE_INVALID');

    const packedOnly = withSettings({ formats: ['packed'] });
    expect(await outcome(register(new SoftFido(), 'fido-u2f', ID, packedOnly))).toBe('FIDO_RESPONSE_INVALID');
    expect(await outcome(register(new SoftFido(), 'none', ID, packedOnly))).toBe('FIDO_RESPONSE_INVALID');
    expect(await outcome(register(new SoftFido(), 'packed', ID, packedOnly))).toBe('OK');
  });

  it('with attestation roots configured, takes only keys whose certificate chains to one', async () => {
    const trusted = new SoftFido();
    const strict = withSettings({ attestationRoots: [trusted.attestationCertificate] });
    expect((await register(trusted, 'fido-u2f', ID, strict)).attestationFormat).toBe('fido-u2f');
    // another maker's certificate, no certificate at all (none), self attestation (packed without x5c)
    expect(await outcome(register(new SoftFido(), 'fido-u2f', ID, strict))).toBe('FIDO_RESPONSE_INVALID');
    expect(await outcome(register(trusted, 'none', ID, strict))).toBe('FIDO_RESPONSE_INVALID');
    expect(await outcome(register(trusted, 'packed', ID, strict))).toBe('FIDO_RESPONSE_INVALID');
    expect(await listChips(store.db, ID)).toHaveLength(1);
    expect(() => chipSettings(site, { attestationRoots: [trusted.attestationCertificate], attestation: 'none' })).toThrow(RangeError);
  });

  it('keeps keys per identity: another identity\'s key, a removed key, no key', async () => {
    const mine = new SoftFido();
    const theirs = new SoftFido();
    const cred = await register(mine, 'packed');
    await register(theirs, 'packed', 'identity-2');
    expect(await outcome(startChipAuthentication(deps, { identityId: 'identity-3', now: T }))).toBe('FIDO_NOT_REGISTERED');

    // their key answering my ceremony (the options list only my key, so the test sends theirs on purpose)
    const auth = await startChipAuthentication(deps, { identityId: ID, now: T });
    const theirCredential = [...theirs.credentials.keys()][0]!;
    const stolen = theirs.get({ ...auth.options, allowCredentials: [{ id: theirCredential, type: 'public-key' }] }, { origin: ORIGIN });
    expect(await outcome(finishChipAuthentication(deps, { identityId: ID, ceremonyId: auth.ceremonyId, response: stolen, now: T }))).toBe('FIDO_CREDENTIAL_UNKNOWN');

    // registering the same credential again is refused (a replayed registration under a fresh challenge cannot even get this far)
    const reg = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    expect(reg.options.excludeCredentials?.map((c) => c.id)).toEqual([cred.id]);

    await removeChip(store.db, ID, cred.id, at(50));
    expect(await listChips(store.db, ID)).toHaveLength(0);
    expect(await outcome(startChipAuthentication(deps, { identityId: ID, now: at(60) }))).toBe('FIDO_NOT_REGISTERED');
  });

  it('answers malformed input only with coded refusals (fuzz)', async () => {
    const key = new SoftFido();
    await register(key, 'packed');
    const auth = await startChipAuthentication(deps, { identityId: ID, now: T });
    const good = key.get(auth.options, { origin: ORIGIN });
    const reg = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
    const goodReg = new SoftFido().create(reg.options, 'fido-u2f', { origin: ORIGIN });
    const field = fc.oneof(fc.base64String({ maxLength: 300 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')), fc.string({ maxLength: 40 }), fc.constant(undefined), fc.integer());
    const allowed = new Set(['VALIDATION_FAILED', 'FIDO_RESPONSE_INVALID', 'FIDO_CHALLENGE_MISMATCH', 'FIDO_ORIGIN_MISMATCH', 'FIDO_RP_ID_MISMATCH', 'FIDO_CEREMONY_NOT_FOUND', 'FIDO_CREDENTIAL_UNKNOWN']);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('clientDataJSON', 'authenticatorData', 'signature', 'attestationObject', 'id'), field, async (name, value) => {
        // each run gets a fresh ceremony, so refusals come from the mangled field, not a used ceremony
        const a = await startChipAuthentication(deps, { identityId: ID, now: T });
        const r = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
        const mangle = <X extends { id: string; rawId: string; response: object }>(x: X): unknown =>
          name === 'id' ? { ...x, id: value, rawId: value } : { ...x, response: { ...x.response, [name]: value } };
        for (const run of [
          () => finishChipAuthentication(deps, { identityId: ID, ceremonyId: a.ceremonyId, response: mangle(good), now: T }),
          () => finishChipRegistration(deps, { identityId: ID, ceremonyId: r.ceremonyId, response: mangle(goodReg), now: T }),
        ]) {
          const code = await outcome(run());
          expect(allowed.has(code) || code === 'OK').toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('answers flipped bytes in the CBOR and binary fields only with coded refusals (fuzz)', async () => {
    const key = new SoftFido();
    await register(key, 'packed');
    const allowed = new Set(['OK', 'FIDO_RESPONSE_INVALID', 'FIDO_CHALLENGE_MISMATCH', 'FIDO_ORIGIN_MISMATCH', 'FIDO_RP_ID_MISMATCH', 'FIDO_CREDENTIAL_EXISTS']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<SoftAttestation>('none', 'packed', 'fido-u2f'),
        fc.constantFrom('attestationObject', 'clientDataJSON', 'authenticatorData'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (format, field, index, mask) => {
          if (field === 'authenticatorData') {
            const a = await startChipAuthentication(deps, { identityId: ID, now: T });
            const x = key.get(a.options, { origin: ORIGIN });
            const bytes = Buffer.from(x.response.authenticatorData, 'base64url');
            bytes[index % bytes.length]! ^= mask;
            const code = await outcome(finishChipAuthentication(deps, { identityId: ID, ceremonyId: a.ceremonyId, response: { ...x, response: { ...x.response, authenticatorData: bytes.toString('base64url') } }, now: T }));
            expect(['FIDO_RESPONSE_INVALID', 'FIDO_RP_ID_MISMATCH', 'FIDO_COUNTER_REGRESSED']).toContain(code);
            return;
          }
          const r = await startChipRegistration(deps, { identityId: ID, userName: 'u', now: T });
          const x = new SoftFido().create(r.options, format, { origin: ORIGIN });
          const bytes = Buffer.from(x.response[field], 'base64url');
          bytes[index % bytes.length]! ^= mask;
          const code = await outcome(finishChipRegistration(deps, { identityId: ID, ceremonyId: r.ceremonyId, response: { ...x, response: { ...x.response, [field]: bytes.toString('base64url') } }, now: T }));
          expect(allowed).toContain(code);
        },
      ),
      { numRuns: 60 },
    );
  });
});
