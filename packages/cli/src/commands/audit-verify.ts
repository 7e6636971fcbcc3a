import { createAuditLog } from '../../../server/src/infra/audit/index.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { withConfiguredDatabase } from './configured-database.js';

export const auditVerify: Command = {
  path: ['audit', 'verify'],
  usage: 'openmitid audit verify [--json] [--data-dir DIR]',
  summary: 'recomputes the hash chain of the audit log; exit 1 and the first bad entry when it is broken',
  async run(args, io) {
    const { values } = parse(args, { json: { type: 'boolean' }, 'data-dir': { type: 'string' } });
    const result = await withConfiguredDatabase((db) => createAuditLog().verify(db), values['data-dir']);
    if (values.json) {
      io.out(JSON.stringify(result.ok ? result : { ...result, code: 'AUDIT_CHAIN_BROKEN' }));
    } else if (result.ok) {
      io.out(`audit log intact: ${result.count} ${result.count === 1 ? 'entry' : 'entries'}`);
    } else {
      io.err(`error AUDIT_CHAIN_BROKEN: entry ${result.firstBadSeq} is missing, altered or out of place (${result.count} entries checked)`);
    }
    return result.ok ? 0 : 1;
  },
};
