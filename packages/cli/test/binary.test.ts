/** The installed binary must work from any folder, not only from the workspace root. */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/openmitid.js', import.meta.url));

describe('bin/openmitid.js', () => {
  it('loads every command when started outside the repository', () => {
    const r = spawnSync(process.execPath, [bin, 'help'], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toContain('TypeError');
    expect(r.status).toBe(0);
    for (const words of ['passport issue', 'passport inspect', 'passport read', 'serve', 'demo']) {
      expect(r.stdout).toContain(`openmitid ${words}`);
    }
  });
});
