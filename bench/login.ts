/**
 * Completed logins per second — authorize → user-ID → app approval (QR scan, OPAQUE PIN
 * check, device-key signature) → back at the service → code exchanged for tokens (PKCE) —
 * with the server and the load generator (relying party, browser and app, all in this one
 * process) on this machine. Beside it, measured in the same run: the cryptographic minimum
 * of one login (one ECDSA P-256 signature verification + one ES256 ID token signature), and
 * the ratio of a login's cost to that minimum.
 *
 * Then the time a requester sees for a wrong password (code display) and for the user-ID and
 * app steps, a known user-ID against an unknown one, with the production argon2id cost: the
 * two should differ by little next to their spread (the answers themselves are the same
 * bytes, test/login-privacy.test.ts).
 *
 *   node --import tsx bench/login.ts [--count 60] [--concurrency 6] [--store sqlite|postgres|both] [--probes 20]
 *
 * The device's PIN key stretching is cut to a minimum (FAST_STRETCHING, as in the tests):
 * the real argon2id runs on the phone, not on the server, and would only time the phone.
 */
import { parseArgs } from 'node:util';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { ApprovalClient } from '../packages/app/src/approval/index.js';
import { stores } from '../packages/server/test/support/db.js';
import { Browser, exchange, relyingParty, ShiftedClock, startLogin, testCipher } from '../packages/server/test/login-support.js';
import { activeApp, engines, FAST_STRETCHING } from '../packages/server/test/app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer } from '../packages/server/test/login-approval-support.js';
import { secureRandom } from '@openmitid/mrtd';
import { Passwords, passwordSettings } from '../packages/server/src/authenticators/password/index.js';
import { activateToken, codeAt, createSoftwareToken, importPskcFile, writePskc } from '../packages/server/src/authenticators/code-display/index.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '60' }, concurrency: { type: 'string', default: '6' }, store: { type: 'string', default: 'both' }, probes: { type: 'string', default: '20' } },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const PIN = '482916';
const probes = Number(values.probes);
const PASSWORD = 'Korrekt-Hest-Batteri-42';

/** median and spread (interquartile range) in ms */
function summary(ms: number[]): { median: number; iqr: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), iqr: at(0.75) - at(0.25) };
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** µs per (P-256 verify + ES256 JWT sign), the least any login must spend. */
async function cryptoMinimumMicros(n = 400): Promise<number> {
  const device = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const message = Buffer.alloc(200, 7);
  const signature = sign('sha256', message, { key: device.privateKey, dsaEncoding: 'ieee-p1363' });
  const { privateKey } = await generateKeyPair('ES256');
  const claims = { sub: 'x'.repeat(43), acr: 'https://data.gov.dk/concept/core/nsis/Substantial', amr: ['code_app'], aud: 'client', nonce: 'n'.repeat(43) };
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    if (!verify('sha256', message, { key: device.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) throw new Error('verify');
    await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().setExpirationTime('1h').sign(privateKey);
  }
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

for (const kind of stores.filter((s) => values.store === 'both' || s.name === values.store)) {
  const store = await kind.open();
  const clock = new ShiftedClock();
  const pii = testCipher();
  const e = await engines(store.db);
  const tokenDeps = { db: store.db, pii, random: secureRandom };
  // the production argon2id cost: what a requester would time
  const passwords = new Passwords(store.db, secureRandom, passwordSettings({ maxFailures: 1_000_000 }));
  const srv = await startLoginServer(store.db, { pii, clock, apps: e, codes: { passwords, tokens: tokenDeps } });
  try {
    const party = await relyingParty(srv, { name: 'Bench', redirectUri: 'https://bench.example/cb' });
    // one user (and phone) per concurrent lane
    const phones: { userId: string; phone: ApprovalClient }[] = [];
    for (let i = 0; i < concurrency; i++) {
      const identityId = `bench-${i}`;
      await insertIdentity(store.db, pii, identityId, `bench-user-${i}`, clock.now());
      const a = await activeApp(e, identityId, PIN, clock.now());
      phones.push({ userId: `bench-user-${i}`, phone: new ApprovalClient({ baseUrl: srv.base, appId: a.appId, privateKey: a.device.keys.privateKey, pin: { keyStretching: FAST_STRETCHING } }) });
    }

    async function oneLogin(lane: { userId: string; phone: ApprovalClient }): Promise<void> {
      const browser = new Browser();
      const started = await startLogin(srv, party, browser, { openmitid_text: 'Bench login' });
      const page = new LoginPage(srv.base, started.uid);
      await page.userId(lane.userId);
      const approvalId = String((await page.requestApproval()).body.approvalId);
      const qr = await page.qr();
      const outcome = await lane.phone.approve(await lane.phone.scan(approvalId, qr), qr, PIN);
      if (outcome.state !== 'approved') throw new Error(`login not approved: ${outcome.state}`);
      const status = await page.status();
      const { url } = await browser.follow(status.returnTo!, srv.base);
      const tokens = await exchange(party, new URL(url), started);
      if (!tokens.id_token) throw new Error('no ID token');
    }

    await oneLogin(phones[0]!); // warm-up
    let next = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      phones.map(async (lane) => {
        while (next < count) {
          next++;
          await oneLogin(lane);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const perSecond = count / seconds;
    const cryptoMicros = await cryptoMinimumMicros();
    const loginMicros = 1e6 / perSecond;
    console.log(
      `${kind.name.padEnd(8)} logins/s ${perSecond.toFixed(1).padStart(6)}  (${count} logins, ${concurrency} concurrent, ${seconds.toFixed(1)} s)  ` +
        `crypto minimum ${cryptoMicros.toFixed(0)} µs/login = ${(1e6 / cryptoMicros).toFixed(0)}/s on one core  ratio ${(loginMicros / cryptoMicros).toFixed(1)}×`,
    );

    // known (password + code display, and an app) against unknown, interleaved so load drifts hit both
    await insertIdentity(store.db, pii, 'bench-known', 'bench-known', clock.now());
    await passwords.set({ identityId: 'bench-known', userId: 'bench-known', password: PASSWORD, repeat: PASSWORD, now: clock.now() });
    await activeApp(e, 'bench-known', PIN, clock.now());
    const token = createSoftwareToken(secureRandom);
    await importPskcFile(tokenDeps, writePskc([{ serial: token.serial, secret: token.secret, params: token.params }]), { kind: 'code-display', now: clock.now() });
    const earlier = new Date(clock.now().getTime() - 120_000);
    await activateToken(tokenDeps, { identityId: 'bench-known', serial: token.serial, code: codeAt(token.secret, earlier, token.params), now: earlier });
    const times = { known: { password: [] as number[], steps: [] as number[] }, unknown: { password: [] as number[], steps: [] as number[] } };
    for (let i = 0; i < probes; i++) {
      for (const [who, userId] of [['known', 'bench-known'], ['unknown', `bench-nobody-${i}`]] as const) {
        const started = await startLogin(srv, party, new Browser());
        const page = new LoginPage(srv.base, started.uid);
        times[who].steps.push(await timed(async () => {
          await page.userId(userId);
          await page.requestApproval();
        }));
        const wrong = await timed(() => page.call('POST', '/code', { kind: 'code-display', password: 'Forkert-Hest-Batteri-42', code: '123456' }));
        times[who].password.push(wrong);
      }
    }
    for (const what of ['password', 'steps'] as const) {
      const k = summary(times.known[what]);
      const u = summary(times.unknown[what]);
      console.log(
        `${kind.name.padEnd(8)} ${what === 'password' ? 'wrong password      ' : 'user-ID + app steps '} known ${k.median.toFixed(1)} ms (IQR ${k.iqr.toFixed(1)})  ` +
          `unknown ${u.median.toFixed(1)} ms (IQR ${u.iqr.toFixed(1)})  difference ${(u.median - k.median).toFixed(1)} ms  (${probes} each)`,
      );
    }
  } finally {
    await srv.close();
    await store.close();
  }
}
