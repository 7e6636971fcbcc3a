import { UsageError, type Command, type CommandIo } from './command.js';
import { commands } from './commands/index.js';

const stdio: CommandIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

function help(io: CommandIo): void {
  io.out('openmitid — OpenMitID command line\n');
  for (const c of commands) io.out(`  ${c.usage}\n      ${c.summary}`);
}

/** Finds the command whose words are the longest prefix of argv. */
function find(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

export async function main(argv: string[], io: CommandIo = stdio): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    help(io);
    return argv.length === 0 ? 2 : 0;
  }
  const found = find(argv);
  if (!found) {
    io.err(`unknown command: ${argv.join(' ')}`);
    help(io);
    return 2;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nusage: ${found.command.usage}`);
      return 2;
    }
    const code = (e as { code?: unknown }).code;
    io.err(`error${typeof code === 'string' ? ` ${code}` : ''}: ${(e as Error).message}`);
    return 1;
  }
}
