/** What `serve` and `demo` share: settings from the environment and flags, and running until a signal. */
import { ConfigError, describeSettings, loadConfig, SETTINGS, type Config } from '../../../server/src/config.js';
import { parse } from '../args.js';
import { UsageError, type CommandIo } from '../command.js';

/**
 * Flags win over the environment, and the environment over the command's own defaults
 * (`demo` turns on development conveniences unless the environment says otherwise).
 */
export function configFromArgs(args: string[], defaults: Partial<Config> = {}): { config: Config; help: boolean } {
  const { values } = parse(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean' },
  });
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults)) {
    const env = SETTINGS[key as keyof Config].env;
    if (!process.env[env]) overrides[key] = value;
  }
  if (values.host) overrides.host = values.host;
  if (values['data-dir']) overrides.dataDir = values['data-dir'];
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) throw new UsageError('--port takes a port number');
    overrides.port = Number(values.port);
  }
  try {
    return { config: loadConfig(process.env, overrides as Partial<Config>), help: values.help ?? false };
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

export function printSettings(io: CommandIo): void {
  io.out('Settings (environment variables):');
  for (const s of describeSettings()) io.out(`  ${s.env} (default ${s.default})\n      ${s.doc}`);
}

/** Resolves on SIGINT or SIGTERM. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}
