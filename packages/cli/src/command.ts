/** One CLI command: its words (e.g. ['passport', 'issue']), a usage line and a runner returning an exit code. */
export interface Command {
  path: string[];
  usage: string;
  summary: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/** A usage mistake: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {}
