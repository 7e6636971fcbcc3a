import { createOutboxSms } from '../../../server/src/infra/sms/index.js';
import { systemClock } from '../../../server/src/infra/clock.js';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { withConfiguredDatabase } from './configured-database.js';

export const smsOutbox: Command = {
  path: ['sms', 'outbox'],
  usage: 'openmitid sms outbox [--to NUMBER] [--json] [--data-dir DIR]',
  summary: 'lists the messages in the development SMS outbox, oldest first (the server database, from the same settings)',
  async run(args, io) {
    const { values } = parse(args, { to: { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } });
    if (values.to !== undefined && !/^\+[1-9]\d{6,14}$/.test(values.to)) throw new UsageError('--to takes an E.164 number, e.g. +4512345678');
    const messages = await withConfiguredDatabase((db) => createOutboxSms(db, systemClock).list(values.to), values['data-dir']);
    if (values.json) io.out(JSON.stringify(messages, null, 2));
    else if (messages.length === 0) io.out('no messages');
    else for (const m of messages) io.out(`${m.at}  ${m.to}  ${m.text}`);
    return 0;
  },
};
