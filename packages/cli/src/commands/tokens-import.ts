import { readFileSync } from 'node:fs';
import { secureRandom } from '@openmitid/mrtd';
import { loadConfig } from '../../../server/src/config.js';
import { createAuditLog } from '../../../server/src/infra/audit/index.js';
import { systemClock } from '../../../server/src/infra/clock.js';
import { importPskcFile, TOKEN_KINDS, type TokenKind } from '../../../server/src/authenticators/code-display/index.js';
import { oneOf, parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { existingPiiCipher, withConfiguredDatabase } from './configured-database.js';


export const tokensImport: Command = {
  path: ['tokens', 'import'],
  usage: 'openmitid tokens import FILE [--key HEX | --password P] [--kind code-display|code-reader]',
  summary: "puts a maker's PSKC seed file (RFC 6030) into stock; prints how many were imported, skipped (already there) and refused",
  async run(args, io) {
    const { values, positionals } = parse(args, { key: { type: 'string' }, password: { type: 'string' }, kind: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one PSKC file');
    if (values.key !== undefined && values.password !== undefined) throw new UsageError('give --key or --password, not both');
    if (values.key !== undefined && !/^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{48}|[0-9a-fA-F]{64})$/.test(values.key)) {
      throw new UsageError('--key is a 128-, 192- or 256-bit AES key in hex');
    }
    const kind: TokenKind = oneOf(values.kind, TOKEN_KINDS, 'kind') ?? 'code-display';
    const xml = readFileSync(positionals[0]!, 'utf8');
    const config = loadConfig(process.env);
    const pii = existingPiiCipher(config);
    const now = systemClock.now();
    const report = await withConfiguredDatabase(async (db) => {
      const r = await importPskcFile(
        { db, pii, random: secureRandom },
        xml,
        { kind, now, preSharedKey: values.key === undefined ? undefined : new Uint8Array(Buffer.from(values.key, 'hex')), password: values.password },
      );
      await createAuditLog().append(db, { type: 'tokens.imported', outcome: 'info', details: { kind, imported: r.imported, skipped: r.skipped, refused: r.refused.length } }, now);
      return r;
    });
    io.out(`imported ${report.imported}, skipped ${report.skipped}, refused ${report.refused.length}`);
    for (const r of report.refused) io.err(`refused ${r.serial ?? '(no serial)'}: ${r.reason}`);
    return report.refused.length > 0 ? 1 : 0;
  },
};
