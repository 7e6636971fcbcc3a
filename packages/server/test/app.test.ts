/** The HTTP shell: OpenAPI document, problem+json for unknown routes, settings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLMENT_PATHS, ERROR_STATUS } from '@openmitid/api';
import { loadConfig, describeSettings, ConfigError } from '../src/config.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, type TestServer } from './support/enrolment.js';

describe('server shell', () => {
  let store: TestStore;
  let t: TestServer;
  beforeAll(async () => {
    store = await stores[0]!.open();
    t = await startTestServer(store, testKit());
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('serves an OpenAPI 3.1 document listing every enrolment endpoint', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const [name, path] of Object.entries(ENROLMENT_PATHS)) {
      if (name === 'chipRelay') continue; // a WebSocket, not an HTTP operation
      expect(Object.keys(doc.paths), name).toContain(path.replace(':id', '{id}'));
    }
  });

  it('answers unknown routes with problem+json NOT_FOUND', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('answers malformed JSON with VALIDATION_FAILED', async () => {
    const res = await t.server.app.inject({ method: 'POST', url: '/v1/enrolment', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('has an HTTP status for every error code', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) expect(status, code).toBeGreaterThanOrEqual(400);
  });
});

describe('settings', () => {
  it('has safe defaults', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.faceDevBypass).toBe(false);
    expect(c.devEndpoints).toBe(false);
    expect(c.allowedIssuers).toEqual(['DNK']);
    expect(c.countries.map((x) => `${x.code}:${x.mrzIssuer}`)).toEqual(['DK:DNK', 'GL:DNK', 'FO:DNK']);
    expect(c.host).toBe('127.0.0.1');
  });

  it('reads and checks the environment', () => {
    const c = loadConfig({ OPENMITID_PORT: '9000', OPENMITID_COUNTRIES: 'dk:dnk,SE:SWE', OPENMITID_FACE_DEV_BYPASS: 'yes' });
    expect(c.port).toBe(9000);
    expect(c.countries).toEqual([{ code: 'DK', mrzIssuer: 'DNK' }, { code: 'SE', mrzIssuer: 'SWE' }]);
    expect(c.faceDevBypass).toBe(true);
    expect(() => loadConfig({ OPENMITID_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPENMITID_FACE_DEV_BYPASS: 'maybe' })).toThrow(/OPENMITID_FACE_DEV_BYPASS/);
  });

  it('documents every setting', () => {
    for (const s of describeSettings()) expect(s.doc.length, s.env).toBeGreaterThan(10);
  });
});

describe('openmitid serve', () => {
  it('lists every setting with --help', async () => {
    const { main } = await import('../../cli/src/main.js');
    let out = '';
    const code = await main(['serve', '--help'], { out: (t) => void (out += `${t}\n`), err: (t) => void (out += `${t}\n`) });
    expect(code).toBe(0);
    for (const s of describeSettings()) expect(out).toContain(s.env);
  });

  it('refuses a bad flag as a usage error', async () => {
    const { main } = await import('../../cli/src/main.js');
    let err = '';
    expect(await main(['serve', '--port', 'x'], { out: () => undefined, err: (t) => void (err += t) })).toBe(2);
    expect(err).toContain('usage: openmitid serve');
  });
});
