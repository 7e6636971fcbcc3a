/**
 * Child process of infra-crash.test.ts: counts a rate-limit hit and appends an audit entry in one
 * transaction, over and over, printing each committed number, until it is killed.
 * argv: <dataDir> [databaseUrl]
 */
import { openDatabase } from '../src/infra/db/index.js';
import { createAuditLog } from '../src/infra/audit/index.js';
import { createRateLimiter } from '../src/infra/ratelimit/index.js';

const [dataDir, databaseUrl] = process.argv.slice(2);
const opened = await openDatabase({ dataDir: dataDir!, databaseUrl, poolSize: 4 });
const audit = createAuditLog();
const limiter = createRateLimiter();
const now = new Date('2026-11-25T10:00:00.000Z');

// Several writers at once, as in a server handling several requests.
async function writer(id: number): Promise<never> {
  for (let i = 0; ; i++) {
    await opened.db.transaction().execute(async (trx) => {
      await limiter.hit(trx, 'crash-test', 1_000_000, 3600, now);
      await audit.append(trx, { type: 'crash.test', outcome: 'info', details: { writer: id, i } }, now);
    });
    process.stdout.write('committed\n');
  }
}
await Promise.all([writer(0), writer(1), writer(2)]);
