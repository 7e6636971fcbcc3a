/**
 * Crash safety: the server (the real `openmitid serve` process) is killed with SIGKILL
 * while enrolments are in flight and started again on the same store. No step the server
 * had confirmed is lost, every flow can be finished, and no identity exists without its
 * completed flow.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLMENT_STATES, type EnrolmentState } from '@openmitid/api';
import { EnrolmentClient } from '../../app/src/enrolment/index.js';
import { createPiiCipher, parsePiiKeys } from '../src/infra/pii/index.js';
import { seedPerson } from '../src/identity/person-register.js';
import { stores, type TestStore } from './support/db.js';
import { TEST_PII_KEYS, testKit, testPassport, testPerson, type Kit, type TestPassport, type TestPerson } from './support/enrolment.js';

const BIN = new URL('../../cli/bin/openmitid.js', import.meta.url).pathname;

interface Running {
  child: ChildProcess;
  url: string;
}

function startServe(store: TestStore, cscaFile: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', store.dataDir], {
    env: {
      ...process.env,
      ...(store.url ? { DATABASE_URL: store.url } : {}),
      OPENMITID_PII_KEYS: TEST_PII_KEYS,
      OPENMITID_TRUST_STORE: cscaFile,
      OPENMITID_FACE_DEV_BYPASS: 'true',
      OPENMITID_DEV_ENDPOINTS: 'true',
      OPENMITID_SMS_RESEND_SECONDS: '0',
      OPENMITID_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

const rank = (s: EnrolmentState) => ENROLMENT_STATES.indexOf(s);

async function lastCode(url: string, phone: string): Promise<string> {
  const r = (await (await fetch(`${url}/dev/sms-outbox?to=${encodeURIComponent(phone)}`)).json()) as { messages: { text: string }[] };
  const text = r.messages.at(-1)?.text ?? '';
  return /(\d{6})/.exec(text)?.[1] ?? '';
}

/** Takes the next step from wherever the server says the flow is. */
async function stepOnce(c: EnrolmentClient, url: string, p: TestPerson, passport: TestPassport, i: number): Promise<void> {
  const phone = `+457000${String(i).padStart(4, '0')}`;
  switch (c.flow.state) {
    case 'started': await c.acceptTerms(); break;
    case 'terms_accepted': await c.chooseCountry('DK'); break;
    case 'country_chosen': await c.scanMrz(p.mrz); break;
    case 'mrz_scanned': await c.readChip(passport.chip(), p.mrz); break;
    case 'chip_verified': await c.submitFace([], 'bypass'); break;
    case 'face_verified': await c.chooseUserId(`restart user ${i}`); break;
    case 'user_id_chosen': await c.sendPhoneCode(phone); break;
    case 'phone_code_sent': {
      const code = await lastCode(url, phone);
      // the kill may have fallen between saving the code and sending it: ask again
      if (!code) await c.sendPhoneCode(phone);
      else await c.verifyPhoneCode(code);
      break;
    }
    default: break;
  }
}

describe.each(stores)('SIGKILL during enrolments on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let server: Running | undefined;

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit(new Date());
    const cscaFile = join(store.dataDir, 'csca.der');
    writeFileSync(cscaFile, kit.csca.certificate);
    server = await startServe(store, cscaFile);
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await store?.close();
  });

  it('loses no confirmed step and leaves no partial identity', async () => {
    const pii = createPiiCipher(parsePiiKeys(TEST_PII_KEYS));
    const N = 6;
    const people = Array.from({ length: N }, (_, i) => testPerson(500 + i));
    for (const p of people) {
      await seedPerson(store.db, pii, { personNumber: p.personNumber, documents: [p] }, new Date(), (n) => new Uint8Array(randomBytes(n)));
    }
    const passports = people.map((p) => testPassport(kit, p, undefined, new Date()));
    const clients = await Promise.all(people.map(() => EnrolmentClient.start({ baseUrl: server!.url })));
    const confirmed = clients.map(() => 'started' as EnrolmentState);

    // drive every flow concurrently; kill the server once a dozen steps have been confirmed
    let steps = 0;
    const first = server!;
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      const drive = async (i: number) => {
        while (!killed && clients[i]!.flow.state !== 'completed') {
          try {
            await stepOnce(clients[i]!, first.url, people[i]!, passports[i]!, i);
            confirmed[i] = clients[i]!.flow.state;
          } catch {
            if (killed) return;
            throw new Error(`step failed before the kill in flow ${i}`);
          }
          if (++steps === 12) {
            killed = true;
            first.child.kill('SIGKILL');
            resolve();
          }
        }
      };
      void Promise.all(clients.map((_, i) => drive(i)));
    });
    await killedAt;
    await new Promise((r) => first.child.once('exit', r));

    server = await startServe(store, join(store.dataDir, 'csca.der'));
    const resumed = await Promise.all(clients.map((c) => EnrolmentClient.resume({ baseUrl: server!.url }, c.flow.id)));
    resumed.forEach((c, i) => expect(rank(c.flow.state)).toBeGreaterThanOrEqual(rank(confirmed[i]!)));
    // no identity without its completed flow, even for flows cut off mid-completion
    const completedBefore = resumed.filter((c) => c.flow.state === 'completed').length;
    const ids = await store.db.selectFrom('identities').select('id').execute();
    expect(ids.length).toBe(completedBefore);

    for (const [i, c] of resumed.entries()) {
      for (let guard = 0; c.flow.state !== 'completed' && guard < 20; guard++) await stepOnce(c, server.url, people[i]!, passports[i]!, i);
      expect(c.flow.state).toBe('completed');
    }
    expect((await store.db.selectFrom('identities').select('id').execute()).length).toBe(N);
  });
});
