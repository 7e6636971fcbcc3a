/** The built web app served at the root beside the API (OPENMITID_WEB_DIR). */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, type TestServer } from './support/enrolment.js';

// a P-256 public point, base64url (any valid key does: the page only passes it to pushManager.subscribe)
const VAPID_PUBLIC = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

describe('web app at the root', () => {
  let store: TestStore;
  let t: TestServer;
  let dir: string;
  let outside: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openmitid-webdir-'));
    outside = await mkdtemp(join(tmpdir(), 'openmitid-outside-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><meta name="openmitid-demo" content="true" /><title>shell</title></head></html>');
    await writeFile(join(dir, 'sw.js'), 'self.x = 1;');
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(dir, 'assets', 'core.wasm'), Uint8Array.from([0, 0x61, 0x73, 0x6d]));
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await symlink(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    store = await stores[0]!.open();
    t = await startTestServer(store, testKit(), { config: { webDir: dir, vapidPublicKey: VAPID_PUBLIC, faceDevBypass: false } });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('serves the shell at / with security headers and revalidation, hashed assets as immutable', async () => {
    const root = await t.server.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toContain('text/html');
    expect(root.body).toContain('<title>shell</title>');
    expect(root.headers['cache-control']).toBe('no-cache');
    expect(root.headers['x-content-type-options']).toBe('nosniff');
    expect(root.headers['x-frame-options']).toBe('DENY');
    // not a demo server: the shell says so, whatever the build says
    expect(root.body).toContain('<meta name="openmitid-demo" content="false" />');
    // the push key the pages subscribe with comes from the server's settings
    expect(root.body).toContain(`<meta name="openmitid-vapid-public-key" content="${VAPID_PUBLIC}"></head>`);
    const sw = await t.server.app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.headers['content-type']).toContain('text/javascript');
    expect(sw.headers['cache-control']).toBe('no-cache');
    const asset = await t.server.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    const wasm = await t.server.app.inject({ method: 'GET', url: '/assets/core.wasm' });
    expect(wasm.headers['content-type']).toBe('application/wasm');
  });

  it('serves nothing outside its folder: no traversal, no symlink out, no directories', async () => {
    for (const url of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc%2fpasswd', '/link.txt', '/assets', '/nope.js', '/%00']) {
      const res = await t.server.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('root:');
      expect(res.body, url).not.toContain('secret');
    }
  });

  it('leaves the API its own answers: problem+json for unknown API paths, the API routes first', async () => {
    const unknown = await t.server.app.inject({ method: 'GET', url: '/v1/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const health = await t.server.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ ok: true });
  });
});
