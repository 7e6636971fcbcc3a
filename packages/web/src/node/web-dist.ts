/**
 * Where the built PWA lives, and how to build it, for Node callers (the CLI's serve/demo,
 * tests). Serve the directory with @fastify/static at any path: the build uses relative
 * URLs (base './'), and sw.js must be served from that same directory.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** packages/web/dist: index.html, sw.js, manifest.webmanifest, icons and assets/. */
export const webDistDir: string = fileURLToPath(new URL('../../dist/', import.meta.url));

export const webConfigFile: string = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

export function isWebBuilt(dir: string = webDistDir): boolean {
  return existsSync(new URL('index.html', `file://${dir.endsWith('/') ? dir : `${dir}/`}`));
}

/** Runs the Vite build (about 2 s); `outDir` defaults to webDistDir. Returns the directory written. */
export async function buildWeb(options: { outDir?: string; silent?: boolean } = {}): Promise<string> {
  const { build } = await import('vite');
  const outDir = options.outDir ?? webDistDir;
  await build({
    configFile: webConfigFile,
    logLevel: options.silent ? 'warn' : 'info',
    build: { outDir },
  });
  return outDir;
}
