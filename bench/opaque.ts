/**
 * OPAQUE PIN checks per second on the server (the app authenticator, issue 4 §1).
 * Only server time is counted; the device's half (including its argon2id) runs between the
 * timed calls, with a tiny argon2id so the run is short — it does not change server work.
 *   1. the bare protocol: server login start + finish (@serenity-kit/opaque, in memory);
 *   2. the same through AppPins: the attempt counter update, the login state stored in and
 *      taken from the database, the device-key signature check — on SQLite and, when
 *      reachable, PostgreSQL on 127.0.0.1;
 *   3. a wrong PIN: what the server does for it (start only; the device never finishes).
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import * as opaque from '@serenity-kit/opaque';
import { pinLoginChallenge, pinLoginPurpose, deviceSignedMessage, DEVICE_SIGNATURE_PURPOSES } from '@openmitid/api';
import { appAuthenticatorEngines, appAuthenticatorSettings } from '../packages/server/src/authenticators/app/index.ts';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../packages/server/src/infra/db/index.ts';
import { createPgDatabase, tempDir } from '../packages/server/test/support/db.ts';

const STRETCH = { 'argon2id-custom': { iterations: 1, memory: 8, parallelism: 1 } } as const;
const PIN = '482916';
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

console.log(`one request at a time; ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} (figures shrink under load)`);
await opaque.ready;
const serverSetup = opaque.server.createSetup();

function perSecond(ns: bigint, n: number): string {
  return (n / (Number(ns) / 1e9)).toFixed(0).padStart(7);
}

// 1. bare protocol
{
  const reg = opaque.client.startRegistration({ password: PIN });
  const { registrationResponse } = opaque.server.createRegistrationResponse({ serverSetup, userIdentifier: 'bench', registrationRequest: reg.registrationRequest });
  const { registrationRecord } = opaque.client.finishRegistration({ clientRegistrationState: reg.clientRegistrationState, registrationResponse, password: PIN, keyStretching: STRETCH });
  let server = 0n;
  for (let i = 0; i < RUNS; i++) {
    const c = opaque.client.startLogin({ password: PIN });
    let t = process.hrtime.bigint();
    const s = opaque.server.startLogin({ serverSetup, userIdentifier: 'bench', registrationRecord, startLoginRequest: c.startLoginRequest });
    server += process.hrtime.bigint() - t;
    const f = opaque.client.finishLogin({ clientLoginState: c.clientLoginState, loginResponse: s.loginResponse, password: PIN, keyStretching: STRETCH });
    if (!f) throw new Error('login failed');
    t = process.hrtime.bigint();
    opaque.server.finishLogin({ serverLoginState: s.serverLoginState, finishLoginRequest: f.finishLoginRequest });
    server += process.hrtime.bigint() - t;
  }
  console.log(`OPAQUE server start + finish, in memory          ${perSecond(server, RUNS)} /s`);
}

async function withCounter(label: string, opened: OpenedDatabase): Promise<void> {
  await migrateToLatest(opened.db);
  const e = appAuthenticatorEngines(opened.db, appAuthenticatorSettings({ opaqueServerSetup: serverSetup, tempPinKey: randomBytes(32) }));
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const sign = async (purpose: string, challenge: Uint8Array) =>
    new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, deviceSignedMessage(purpose, challenge) as Uint8Array<ArrayBuffer>));
  const now = new Date('2026-11-25T12:00:00.000Z');
  const app = await e.apps.register({ identityId: 'bench', publicKeySpki: new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey)), now });
  const reg = opaque.client.startRegistration({ password: PIN });
  const response = await e.pins.registrationResponse(app.id, reg.registrationRequest);
  const record = opaque.client.finishRegistration({ clientRegistrationState: reg.clientRegistrationState, registrationResponse: response, password: PIN, keyStretching: STRETCH });
  await e.pins.setPin(app.id, record.registrationRecord, now);
  const challenge = randomBytes(32);
  await e.apps.activate({ appId: app.id, challenge, signature: await sign(DEVICE_SIGNATURE_PURPOSES.register, challenge), biometrics: false, pushSubscription: null, now });

  let good = 0n;
  for (let i = 0; i < RUNS; i++) {
    const c = opaque.client.startLogin({ password: PIN });
    let t = process.hrtime.bigint();
    const s = await e.pins.startLogin({ appId: app.id, startLoginRequest: c.startLoginRequest, purpose: 'approve', now });
    good += process.hrtime.bigint() - t;
    const f = opaque.client.finishLogin({ clientLoginState: c.clientLoginState, loginResponse: s.loginResponse, password: PIN, keyStretching: STRETCH });
    if (!f) throw new Error('login failed');
    const signature = Buffer.from(await sign(pinLoginPurpose(s.purpose), pinLoginChallenge(s.loginId, Buffer.from(s.nonce, 'base64url'), f.finishLoginRequest))).toString('base64url');
    t = process.hrtime.bigint();
    await e.pins.finishLogin({ loginId: s.loginId, finishLoginRequest: f.finishLoginRequest, signature, now });
    good += process.hrtime.bigint() - t;
  }
  console.log(`${label.padEnd(48)} ${perSecond(good, RUNS)} /s`);

  // wrong PINs: the server's start only; reset the counter every 4 so the app stays usable
  let wrong = 0n;
  for (let i = 0; i < RUNS; i++) {
    if (i % 4 === 0) await opened.db.updateTable('app_authenticators').set({ pin_failures: 0, pin_locked_until: null }).where('id', '=', app.id).execute();
    const c = opaque.client.startLogin({ password: '000000' });
    const t = process.hrtime.bigint();
    await e.pins.startLogin({ appId: app.id, startLoginRequest: c.startLoginRequest, purpose: 'approve', now });
    wrong += process.hrtime.bigint() - t;
  }
  console.log(`${`  wrong PIN (start + count), ${label.split(',')[1]?.trim() ?? ''}`.padEnd(48)} ${perSecond(wrong, RUNS)} /s`);
}

const tmp = tempDir('openmitid-bench-');
try {
  const sqlite = await openDatabase({ dataDir: tmp.dir });
  try {
    await withCounter('PIN check with DB counter + signature, SQLite', sqlite);
  } finally {
    await sqlite.close();
  }
  let pgdb: Awaited<ReturnType<typeof createPgDatabase>> | undefined;
  try {
    pgdb = await createPgDatabase();
  } catch {
    console.log('PostgreSQL on 127.0.0.1 not reachable: skipped');
  }
  if (pgdb) {
    const pg = await openDatabase({ databaseUrl: pgdb.url, dataDir: tmp.dir, poolSize: 4 });
    try {
      await withCounter('PIN check with DB counter + signature, PostgreSQL', pg);
    } finally {
      await pg.close();
      await pgdb.drop();
    }
  }
} finally {
  tmp.remove();
}
