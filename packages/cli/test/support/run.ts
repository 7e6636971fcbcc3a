import { main } from '../../src/main.js';

/**
 * Runs the CLI in-process as the binary would, with `env` applied to process.env for the
 * call (an undefined value unsets the variable) and everything restored afterwards.
 */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((n) => [n, process.env[n]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(env);
  let out = '';
  let err = '';
  try {
    const code = await main(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) });
    return { code, out, err };
  } finally {
    apply(saved);
  }
}
