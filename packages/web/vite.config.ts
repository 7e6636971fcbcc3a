/**
 * Builds the PWA into packages/web/dist. JSX goes through Vite's own transform (no React
 * plugin needed); the service worker is a second entry written to dist/sw.js with the
 * shell's file list filled in once the bundle is known.
 *
 * Dev against a running server: OPENMITID_SERVER=http://127.0.0.1:8080 npx vite --config packages/web/vite.config.ts
 */
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.OPENMITID_SERVER ?? 'http://127.0.0.1:8080';

function precacheManifest(): Plugin {
  return {
    name: 'openmitid-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const publicFiles = readdirSync(new URL('./public', import.meta.url));
      const files = ['./', './index.html', ...publicFiles.map((f) => `./${f}`)];
      for (const name of Object.keys(bundle)) if (name !== 'sw.js' && !name.endsWith('.map')) files.push(`./${name}`);
      const unique = [...new Set(files)].sort();
      const version = createHash('sha256').update(unique.join('\n')).digest('hex').slice(0, 16);
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('sw.js missing from the bundle');
      sw.code = sw.code
        .replaceAll('__OPENMITID_PRECACHE__', JSON.stringify(unique))
        .replaceAll('__OPENMITID_CACHE_VERSION__', JSON.stringify(version));
    },
  };
}

export default defineConfig(({ command }) => ({
  root,
  // vitest sets NODE_ENV=test; a build is a production build whoever starts it
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  base: './',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', development: command !== 'build' } },
  resolve: {
    alias: {
      // @openmitid/mrtd needs node:crypto; the page never reads a chip itself yet
      '@openmitid/mrtd': fileURLToPath(new URL('./src/enrolment/mrtd-browser-stub.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        sw: fileURLToPath(new URL('./src/pwa/service-worker.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  plugins: [precacheManifest()],
  server: {
    host: '127.0.0.1',
    proxy: { '/v1': { target: server, ws: true } },
  },
  preview: {
    host: '127.0.0.1',
    proxy: { '/v1': { target: server, ws: true } },
  },
}));
