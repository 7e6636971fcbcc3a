/**
 * Chip activation (a FIDO security key with the password, issue 4 §5) end to end over HTTP
 * with the app SDK in Node and a software key, on SQLite and PostgreSQL: options with the
 * flow's ceremony challenge → the key's answer ('fido-u2f', 'packed', 'none') with the new
 * password twice; the refusals, each with its own code and nothing half-activated; and a login
 * with password + chip (login/chip-routes.ts) using the chip activated this way.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRandom } from '@openmitid/mrtd';
import { ActivationClient, createSecurityKeyCredential, type CredentialCreator } from '../../app/src/activation/index.js';
import { DeviceError } from '../../app/src/device/index.js';
import { chipSettings, listChips } from '../src/authenticators/chip/index.js';
import { Passwords, passwordSettings } from '../src/authenticators/password/index.js';
import { enginesOf } from '../src/flows/activation/engines.js';
import { isApiError } from '../src/errors.js';
import { NSIS_SUBSTANTIAL } from '../src/login/index.js';
import { stores, type TestStore } from './support/db.js';
import { SoftFido, type CeremonyTweaks, type SoftAttestation } from './support/soft-fido.js';
import { startTestServer, testKit, type Kit, type TestServer } from './support/enrolment.js';
import { expectCode } from './support/client.js';
import { deviceOptions, enrol, type Enrolled } from './activation-support.js';
import { Browser, exchange, relyingParty, ShiftedClock, startLogin } from './login-support.js';
import { LoginPage, startLoginServer } from './login-approval-support.js';

const ORIGIN = 'https://mitid.test';
const PASSWORD = 'Blå nøgle på bordet 7';
type Options = Parameters<SoftFido['create']>[0];

/** navigator.credentials over a software key: the SDK's binary options go in, a PublicKeyCredential-like object comes out. */
function softCredentials(key: SoftFido, format: SoftAttestation, tweaks: CeremonyTweaks): CredentialCreator {
  const b64u = (b: BufferSource): string => Buffer.from(b instanceof ArrayBuffer ? b : (b as ArrayBufferView).buffer).toString('base64url');
  const buf = (t: string): ArrayBuffer => new Uint8Array(Buffer.from(t, 'base64url')).buffer;
  return {
    async create({ publicKey: o }) {
      const json = {
        rp: o.rp,
        user: { id: b64u(o.user.id), name: o.user.name, displayName: o.user.displayName },
        challenge: b64u(o.challenge),
        pubKeyCredParams: o.pubKeyCredParams,
        excludeCredentials: (o.excludeCredentials ?? []).map((c) => ({ id: b64u(c.id), type: c.type })),
      } as Options;
      const r = key.create(json, format, tweaks);
      return {
        id: r.id,
        rawId: buf(r.rawId),
        type: 'public-key',
        authenticatorAttachment: 'cross-platform',
        response: { clientDataJSON: buf(r.response.clientDataJSON), attestationObject: buf(r.response.attestationObject), getTransports: () => ['usb', 'nfc'] },
        getClientExtensionResults: () => ({}),
      } as unknown as Credential;
    },
  };
}

describe.each(stores)('activation of a chip on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let n = 1500;

  const toOptions = async (e: Enrolled) => {
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await a.chooseMethod('chip');
    const options = (await a.chipOptions()) as Options;
    return { a, options };
  };
  const chips = (e: Enrolled) => listChips(store.db, e.identityId);
  const passwordRow = (e: Enrolled) => store.db.selectFrom('identity_passwords').select('hash').where('identity_id', '=', e.identityId).executeTakeFirst();
  const passwords = () => new Passwords(store.db, secureRandom, passwordSettings());

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit, { config: { publicUrl: ORIGIN, oidcEnabled: false } });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('activates a U2F-era key through the browser helper, then logs in with password + chip', async () => {
    const key = new SoftFido();
    const e = await enrol(t, kit, n++);
    const { a, options } = await toOptions(e);
    expect(a.flow.state).toBe('method_chosen');
    expect(options.rp).toEqual({ id: 'mitid.test', name: 'OpenMitID' });
    expect(options.attestation).toBe('direct');
    expect(Buffer.from(options.challenge, 'base64url')).toHaveLength(32);
    const credential = await createSecurityKeyCredential(options, softCredentials(key, 'fido-u2f', { origin: ORIGIN }));
    expect(credential.response.transports).toEqual(['usb', 'nfc']);
    const done = await a.activateChip(credential, PASSWORD, PASSWORD);
    expect(done.state).toBe('completed');
    expect(await chips(e)).toMatchObject([{ id: credential.id, attestationFormat: 'fido-u2f', status: 'active' }]);
    expect((await passwordRow(e))?.hash.startsWith('$argon2id$')).toBe(true);

    // the login of login/chip-routes.ts, over HTTP, with the key and password activated above
    const clock = new ShiftedClock();
    const engines = await enginesOf(t.server.services);
    const srv = await startLoginServer(store.db, {
      pii: t.server.services.pii,
      clock,
      apps: engines.app,
      codes: { passwords: engines.passwords, tokens: engines.tokens },
      chip: chipSettings({ rpId: 'mitid.test', origins: [ORIGIN] }),
    });
    try {
      const party = await relyingParty(srv, { name: 'Sundhed', redirectUri: 'https://sundhed.example/cb' });
      const browser = new Browser();
      const started = await startLogin(srv, party, browser);
      const page = new LoginPage(srv.base, started.uid);
      const methods = await page.userId(`anna jensen ${n - 1}`);
      expect(methods.body.methods).toContain('chip');
      const challenge = (await page.call('POST', '/chip/begin', {})).body as { ceremonyId: string; options: Parameters<SoftFido['get']>[0] };
      const r = await page.call('POST', '/chip/finish', { ceremonyId: challenge.ceremonyId, response: key.get(challenge.options, { origin: ORIGIN }), password: PASSWORD });
      expect(r.status).toBe(200);
      const { url } = await browser.follow(String(r.body.returnTo), srv.base);
      const tokens = await exchange(party, new URL(url), started);
      expect(tokens.claims()!.acr).toBe(NSIS_SUBSTANTIAL);
      expect(tokens.claims()!.amr).toEqual(['pwd', 'u2f_token']);
    } finally {
      await srv.close();
    }
  });

  it.each(['packed', 'none'] as const)('activates a key with %s attestation', async (format) => {
    const e = await enrol(t, kit, n++);
    const { a, options } = await toOptions(e);
    const credential = new SoftFido().create(options, format, { origin: ORIGIN });
    expect((await a.activateChip(credential, PASSWORD, PASSWORD)).state).toBe('completed');
    expect((await chips(e)).map((c) => c.attestationFormat)).toEqual([format]);
    expect((await passwords().verify(e.identityId, PASSWORD, t.clock.now())).identityId).toBe(e.identityId);
  });

  it('refuses another challenge, origin or relying party, each with its code, using up the ceremony; new options then work', async () => {
    const key = new SoftFido();
    const e = await enrol(t, kit, n++);
    const { a, options } = await toOptions(e);
    const other = randomBytes(32).toString('base64url');
    expect(await expectCode(a.activateChip(key.create(options, 'packed', { origin: ORIGIN, challenge: other }), PASSWORD, PASSWORD))).toBe('FIDO_CHALLENGE_MISMATCH');
    // that answer used up the ceremony: even a right answer to it is refused now (a replay of an answered ceremony)
    expect(await expectCode(a.activateChip(key.create(options, 'packed', { origin: ORIGIN }), PASSWORD, PASSWORD))).toBe('FIDO_CEREMONY_NOT_FOUND');
    const second = (await a.chipOptions()) as Options;
    expect(second.challenge).not.toBe(options.challenge);
    expect(await expectCode(a.activateChip(key.create(second, 'packed', { origin: 'https://mitid-login.evil' }), PASSWORD, PASSWORD))).toBe('FIDO_ORIGIN_MISMATCH');
    const third = (await a.chipOptions()) as Options;
    expect(await expectCode(a.activateChip(key.create(third, 'packed', { origin: ORIGIN, rpId: 'evil.test' }), PASSWORD, PASSWORD))).toBe('FIDO_RP_ID_MISMATCH');
    // nothing half-activated: no key, no password, the flow where it was
    expect(await chips(e)).toEqual([]);
    expect(await passwordRow(e)).toBeUndefined();
    expect((await a.refresh()).state).toBe('method_chosen');
    const fourth = (await a.chipOptions()) as Options;
    // options asked for again void the earlier ones
    expect(await expectCode(a.activateChip(key.create(third, 'packed', { origin: ORIGIN }), PASSWORD, PASSWORD))).toBe('FIDO_CHALLENGE_MISMATCH');
    const fifth = (await a.chipOptions()) as Options;
    expect(fifth.challenge).not.toBe(fourth.challenge);
    expect((await a.activateChip(key.create(fifth, 'packed', { origin: ORIGIN }), PASSWORD, PASSWORD)).state).toBe('completed');
  });

  it('refuses a password repeated wrongly or too short without using up the ceremony', async () => {
    const e = await enrol(t, kit, n++);
    const { a, options } = await toOptions(e);
    const credential = new SoftFido().create(options, 'packed', { origin: ORIGIN });
    expect(await expectCode(a.activateChip(credential, PASSWORD, `${PASSWORD}!`))).toBe('PASSWORD_MISMATCH');
    expect(await expectCode(a.activateChip(credential, 'kort7', 'kort7'))).toBe('PASSWORD_TOO_SHORT');
    expect(await chips(e)).toEqual([]);
    expect(await passwordRow(e)).toBeUndefined();
    expect((await a.activateChip(credential, PASSWORD, PASSWORD)).state).toBe('completed');
  });

  it('refuses a replayed registration and a second chip', async () => {
    const key = new SoftFido();
    const e = await enrol(t, kit, n++);
    const first = await toOptions(e);
    const stranger = await enrol(t, kit, n++);
    const theirs = await toOptions(stranger);
    const credential = key.create(first.options, 'packed', { origin: ORIGIN });
    await first.a.activateChip(credential, PASSWORD, PASSWORD);
    // the accepted answer sent again
    expect(await expectCode(first.a.activateChip(credential, PASSWORD, PASSWORD))).toBe('FLOW_STEP_REPEATED');
    expect(await expectCode(first.a.chipOptions())).toBe('FLOW_STEP_REPEATED');
    // replayed into another identity's flow, it answers another challenge
    expect(await expectCode(theirs.a.activateChip(credential, PASSWORD, PASSWORD))).toBe('FIDO_CHALLENGE_MISMATCH');
    expect(await chips(stranger)).toEqual([]);
    expect(await passwordRow(stranger)).toBeUndefined();
    // a second chip for the identity: refused when asking for options
    const again = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await again.chooseMethod('chip');
    expect(await expectCode(again.chipOptions())).toBe('FIDO_ALREADY_HAS_ONE');
    expect(await chips(e)).toHaveLength(1);
  });

  it('refuses a second chip answered under options given before the first was stored, keeping the first password', async () => {
    const e = await enrol(t, kit, n++);
    const one = await toOptions(e);
    const two = await toOptions(e);
    await one.a.activateChip(new SoftFido().create(one.options, 'packed', { origin: ORIGIN }), PASSWORD, PASSWORD);
    const otherPassword = 'En helt anden kode 9';
    expect(await expectCode(two.a.activateChip(new SoftFido().create(two.options, 'none', { origin: ORIGIN }), otherPassword, otherPassword))).toBe('FIDO_ALREADY_HAS_ONE');
    expect(await chips(e)).toHaveLength(1);
    expect((await two.a.refresh()).state).toBe('method_chosen');
    expect(isApiError(await passwords().verify(e.identityId, otherPassword, t.clock.now()).catch((x: unknown) => x), 'PASSWORD_WRONG')).toBe(true);
    expect((await passwords().verify(e.identityId, PASSWORD, t.clock.now())).identityId).toBe(e.identityId);
  });

  it('refuses chip steps out of order', async () => {
    const e = await enrol(t, kit, n++);
    const a = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    const credential = new SoftFido().create((await toOptions(e)).options, 'packed', { origin: ORIGIN });
    expect(await expectCode(a.chipOptions())).toBe('FLOW_STEP_OUT_OF_ORDER');
    expect(await expectCode(a.activateChip(credential, PASSWORD, PASSWORD))).toBe('FLOW_STEP_OUT_OF_ORDER');
    await a.chooseMethod('chip');
    // the key's answer before this flow gave options
    expect(await expectCode(a.activateChip(credential, PASSWORD, PASSWORD))).toBe('FLOW_STEP_OUT_OF_ORDER');
    const token = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await token.chooseMethod('code-display');
    expect(await expectCode(token.chipOptions())).toBe('FLOW_STEP_OUT_OF_ORDER');
    const chip = await ActivationClient.start(deviceOptions(t), e.enrolmentFlowId);
    await chip.chooseMethod('chip');
    expect(await expectCode(chip.setPassword(PASSWORD, PASSWORD))).toBe('FLOW_STEP_OUT_OF_ORDER');
    expect(await chips(e)).toEqual([]);
    expect(await passwordRow(e)).toBeUndefined();
  });

  it('says FIDO_NOT_CONFIGURED on a server without a public URL; the browser helper says CHIP_CANCELLED when the key gives nothing', async () => {
    const e = await enrol(t, kit, n++);
    const bare = await startTestServer(store, kit);
    try {
      const a = await ActivationClient.start(deviceOptions(bare), e.enrolmentFlowId);
      await a.chooseMethod('chip');
      expect(await expectCode(a.chipOptions())).toBe('FIDO_NOT_CONFIGURED');
    } finally {
      await bare.close();
    }
    const { options } = await toOptions(e);
    const cancelled = await createSecurityKeyCredential(options, { create: async () => null }).catch((x: unknown) => x);
    expect(cancelled).toBeInstanceOf(DeviceError);
    expect((cancelled as DeviceError).code).toBe('CHIP_CANCELLED');
  });
});
