/**
 * The demo service provider of `openmitid demo`: a browser starts at its page, logs in with
 * OpenMitID (approved in the app) and lands on a page showing the claims; a denial shows
 * the refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalClient } from '@openmitid/app';
import { stores, type TestStore } from './support/db.js';
import { Browser, ShiftedClock, testCipher } from './login-support.js';
import { activeApp, engines, FAST_STRETCHING } from './app-authenticator-support.js';
import { insertIdentity, LoginPage, startLoginServer, type LoginServer } from './login-approval-support.js';
import { startDemoServiceProvider, type DemoServiceProvider } from '../src/login/demo-sp.js';

const PIN = '135790';

describe('demo service provider', () => {
  let store: TestStore;
  let srv: LoginServer;
  let sp: DemoServiceProvider;
  let phone: ApprovalClient;
  const clock = new ShiftedClock();
  const pii = testCipher();

  beforeAll(async () => {
    store = await stores[0]!.open();
    const e = await engines(store.db);
    srv = await startLoginServer(store.db, { pii, clock, apps: e });
    sp = await startDemoServiceProvider({ issuer: srv.issuer, clients: srv.login.clients, text: 'Demo' });
    await insertIdentity(store.db, pii, 'id-demo', 'demo-user', clock.now());
    const a = await activeApp(e, 'id-demo', PIN, clock.now());
    phone = new ApprovalClient({ baseUrl: srv.base, appId: a.appId, privateKey: a.device.keys.privateKey, pin: { keyStretching: FAST_STRETCHING } });
  });

  afterAll(async () => {
    await sp?.close();
    await srv?.close();
    await store?.close();
  });

  /** From the demo page to the login interaction: the page of the login. */
  async function toLogin(browser: Browser): Promise<LoginPage> {
    const start = await browser.request(`${sp.url}/login`);
    expect(start.status).toBe(302);
    const { url } = await browser.follow(start.headers.get('location')!, srv.base);
    // the web app's login page, /#/login/<uid> (provider.ts INTERACTION_PATH)
    const uid = /\/#\/login\/([^/?#]+)$/.exec(new URL(url).href)?.[1];
    expect(uid).toBeDefined();
    const page = new LoginPage(srv.base, uid!);
    await page.userId('demo-user');
    await page.requestApproval();
    return page;
  }

  async function backAtDemo(browser: Browser, returnTo: string): Promise<string> {
    const { url } = await browser.follow(returnTo, srv.base);
    expect(url.startsWith(`${sp.url}/callback`)).toBe(true);
    return (await browser.request(url)).text();
  }

  it('logs in and shows the claims', async () => {
    const browser = new Browser();
    const page = await toLogin(browser);
    const [pending] = await phone.pending();
    expect(pending?.clientName).toBe('Demo service');
    const qr = await page.qr();
    const outcome = await phone.approve(await phone.scan(pending!.approvalId, qr), qr, PIN);
    const html = await backAtDemo(browser, outcome.returnTo!);
    expect(html).toContain('Logged in');
    expect(html).toContain('Karen Margrethe Hansen');
    expect(html).toContain('1990-05-17');
    expect(html).toContain('code_app');
  });

  it('shows a denial as a refusal', async () => {
    const browser = new Browser();
    const page = await toLogin(browser);
    const [pending] = await phone.pending();
    await phone.deny(pending!);
    const html = await backAtDemo(browser, (await page.status()).returnTo!);
    expect(html).toContain('Not logged in');
    expect(html).toContain('access_denied');
  });
});
