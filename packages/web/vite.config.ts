/**
 * Builds the PWA into packages/web/dist. JSX goes through Vite's own transform (no React
 * plugin needed); the service worker is a second entry written to dist/sw.js with the
 * shell's file list filled in once the bundle is known.
 *
 * Dev against a running server: OPENMITID_SERVER=http://127.0.0.1:8080 npx vite --config packages/web/vite.config.ts
 */
import { fileURLToPath } from 'node:url';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.OPENMITID_SERVER ?? 'http://127.0.0.1:8080';

/**
 * The face scan's detector files, served from the app's own origin under face/ (no CDN): human's
 * small face detector model (BlazeFace, the only model the page loads) and the tfjs WASM binaries,
 * of which tfjs picks one by what the browser supports (threads only when cross-origin isolated).
 */
const FACE_ASSETS: readonly [file: string, pkg: string, inPackage: string][] = [
  ['blazeface.json', '@vladmandic/human', 'models/blazeface.json'],
  ['blazeface.bin', '@vladmandic/human', 'models/blazeface.bin'],
  ['tfjs-backend-wasm.wasm', '@tensorflow/tfjs-backend-wasm', 'dist/tfjs-backend-wasm.wasm'],
  ['tfjs-backend-wasm-simd.wasm', '@tensorflow/tfjs-backend-wasm', 'dist/tfjs-backend-wasm-simd.wasm'],
  ['tfjs-backend-wasm-threaded-simd.wasm', '@tensorflow/tfjs-backend-wasm', 'dist/tfjs-backend-wasm-threaded-simd.wasm'],
];

function faceAssetPath(pkg: string, inPackage: string): string {
  // neither package exports ./package.json: resolve its main entry and walk up to the package folder
  let dir = dirname(createRequire(import.meta.url).resolve(pkg));
  while (!dir.endsWith(pkg.split('/').pop() ?? pkg)) dir = dirname(dir);
  return join(dir, inPackage);
}

function faceAssets(): Plugin {
  let build = false;
  return {
    name: 'openmitid-face-assets',
    configResolved(resolved) {
      build = resolved.command === 'build';
    },
    buildStart() {
      if (!build) return;
      for (const [file, pkg, inPackage] of FACE_ASSETS) this.emitFile({ type: 'asset', fileName: `face/${file}`, source: readFileSync(faceAssetPath(pkg, inPackage)) });
    },
    configureServer(devServer) {
      devServer.middlewares.use((req, res, next) => {
        const asset = FACE_ASSETS.find(([file]) => req.url?.split('?')[0]?.endsWith(`/face/${file}`));
        if (!asset) return next();
        res.setHeader('content-type', asset[0].endsWith('.wasm') ? 'application/wasm' : asset[0].endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.end(readFileSync(faceAssetPath(asset[1], asset[2])));
      });
    },
  };
}

/**
 * The MRZ scan's OCR files, served from the app's own origin (no CDN): tesseract.js's worker
 * script, the wasm cores with the legacy engine (the worker picks one by what the browser
 * supports) and the eng traineddata with the legacy model. They go to
 * assets/tesseract-<hash of the three packages' versions>/, so the server may cache them for
 * good (its rule for assets/) and an upgrade gets a new folder; the app learns the folder
 * through __OPENMITID_TESSERACT_DIR__ (src/mrz/assets.ts). Copied after the bundle is written,
 * so the service worker does not precache ~25 MB at install.
 */
const TESSERACT_ASSETS: readonly [file: string, pkg: string, inPackage: string][] = [
  ['worker.min.js', 'tesseract.js', 'dist/worker.min.js'],
  ['core/tesseract-core.wasm.js', 'tesseract.js-core', 'tesseract-core.wasm.js'],
  ['core/tesseract-core-simd.wasm.js', 'tesseract.js-core', 'tesseract-core-simd.wasm.js'],
  ['core/tesseract-core-relaxedsimd.wasm.js', 'tesseract.js-core', 'tesseract-core-relaxedsimd.wasm.js'],
  ['lang/eng.traineddata.gz', '@tesseract.js-data/eng', '4.0.0/eng.traineddata.gz'],
];

function tesseractPackageDir(pkg: string): string {
  // resolved from @openmitid/app, the package that depends on them
  const fromApp = createRequire(createRequire(import.meta.url).resolve('@openmitid/app/mrz-ocr'));
  return dirname(fromApp.resolve(`${pkg}/package.json`));
}

function tesseractDir(): string {
  const versions = [...new Set(TESSERACT_ASSETS.map(([, pkg]) => pkg))].map(
    (pkg) => `${pkg}@${(JSON.parse(readFileSync(join(tesseractPackageDir(pkg), 'package.json'), 'utf8')) as { version: string }).version}`,
  );
  return `assets/tesseract-${createHash('sha256').update(versions.join('\n')).digest('hex').slice(0, 12)}/`;
}

function tesseractAssets(): Plugin {
  const dir = tesseractDir();
  let outDir = '';
  return {
    name: 'openmitid-tesseract-assets',
    config: () => ({ define: { __OPENMITID_TESSERACT_DIR__: JSON.stringify(dir) } }),
    configResolved(resolved) {
      outDir = resolve(resolved.root, resolved.build.outDir);
    },
    writeBundle() {
      for (const [file, pkg, inPackage] of TESSERACT_ASSETS) {
        mkdirSync(dirname(join(outDir, dir, file)), { recursive: true });
        copyFileSync(join(tesseractPackageDir(pkg), inPackage), join(outDir, dir, file));
      }
    },
    configureServer(devServer) {
      devServer.middlewares.use((req, res, next) => {
        const asset = TESSERACT_ASSETS.find(([file]) => req.url?.split('?')[0]?.endsWith(`/${dir}${file}`));
        if (!asset) return next();
        res.setHeader('content-type', asset[0].endsWith('.gz') ? 'application/gzip' : 'text/javascript');
        res.end(readFileSync(join(tesseractPackageDir(asset[1]), asset[2])));
      });
    },
  };
}

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

/** The server's paths: the API, the login interaction, the provider, the development endpoints. */
const apiProxy = Object.fromEntries(['/v1', '/login', '/oidc', '/dev'].map((path) => [path, { target: server, ws: true }]));

export default defineConfig(({ command }) => ({
  root,
  // vitest sets NODE_ENV=test; a build is a production build whoever starts it
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  base: './',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', development: command !== 'build' } },
  resolve: {
    // @openmitid/app imports the package root, which also holds the Node-only signing and PKI; the
    // page reads chips (and parses MRZs) with the browser entry, which has no node: imports. Exact
    // match only: '@openmitid/mrtd/browser' itself resolves through the package's exports.
    alias: [{ find: /^@openmitid\/mrtd$/, replacement: fileURLToPath(new URL('../mrtd/src/browser.ts', import.meta.url)) }],
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
  plugins: [faceAssets(), tesseractAssets(), precacheManifest()],
  server: {
    host: '127.0.0.1',
    proxy: apiProxy,
  },
  preview: {
    host: '127.0.0.1',
    proxy: apiProxy,
  },
}));
