/**
 * Enrolments per second through the HTTP API (device client → listening server), on
 * SQLite and on PostgreSQL, face step excluded (development bypass), and the server's CPU
 * time spent verifying the chip (passive + active authentication) per enrolment.
 *
 *   node --import tsx bench/enrolment.ts [--count 60] [--concurrency 8] [--store sqlite|postgres|both]
 *
 * Passports are issued before the clock starts. The device side runs in this same
 * process (it reads the virtual chip), so the rate is a lower bound for the server alone.
 */
import { parseArgs } from 'node:util';
import { EnrolmentClient } from '../packages/app/src/enrolment/index.js';
import { stores } from '../packages/server/test/support/db.js';
import { startTestServer, testKit, testPassport, testPerson, testClock } from '../packages/server/test/support/enrolment.js';
import { createDocumentCheck } from '../packages/server/src/proofing/document.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '60' }, concurrency: { type: 'string', default: '8' }, store: { type: 'string', default: 'both' } },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);

for (const kind of stores.filter((s) => values.store === 'both' || s.name === values.store)) {
  const store = await kind.open();
  const kit = testKit(new Date());
  const inner = createDocumentCheck(kit.trust);
  let chipCpuMicros = 0;
  let checks = 0;
  const t = await startTestServer(store, kit, {
    clock: testClock(new Date()),
    config: { smsResendSeconds: 0, smsPerNumberPerHour: 1_000_000, startsPerMinute: 1_000_000 },
    overrides: {
      // chip verification is synchronous: the CPU time around it is its own
      checkDocument: (input) => {
        const before = process.cpuUsage();
        try {
          return inner(input);
        } finally {
          const d = process.cpuUsage(before);
          chipCpuMicros += d.user + d.system;
          checks++;
        }
      },
    },
  });
  const people = Array.from({ length: count }, (_, i) => testPerson(10_000 + i));
  for (const p of people) await t.seed(p);
  const passports = people.map((p) => testPassport(kit, p, undefined, t.clock.now()));

  let next = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const p = people[i]!;
        const phone = `+4580${String(i).padStart(6, '0')}`;
        const c = await EnrolmentClient.start({ baseUrl: t.baseUrl });
        await c.acceptTerms();
        await c.chooseCountry('DK');
        await c.scanMrz(p.mrz);
        await c.readChip(passports[i]!.chip());
        await c.submitFace([], 'bypass');
        await c.chooseUserId(`bench user ${i}`);
        await c.sendPhoneCode(phone);
        const done = await c.verifyPhoneCode(t.sms.lastCode(phone));
        if (done.state !== 'completed') throw new Error(`enrolment ${i} ended in ${done.state}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  console.log(
    `${kind.name.padEnd(8)} ${count} enrolments, concurrency ${concurrency}: ${(count / seconds).toFixed(1)} enrolments/s ` +
      `(${seconds.toFixed(2)} s; process CPU incl. device side ${((cpu.user + cpu.system) / 1000 / count).toFixed(1)} ms/enrolment); ` +
      `server chip verification ${(chipCpuMicros / 1000 / checks).toFixed(2)} ms CPU/enrolment`,
  );
  await t.close();
  await store.close();
}
