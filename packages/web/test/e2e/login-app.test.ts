/**
 * A login at the demo service provider through the login pages, approved in the app: one
 * browser logs in (user-ID, "MitID app", the live QR code), a second browser runs the
 * activated app ('#/app'): the request arrives over the signed stream, the app's camera sees
 * the login page's QR code (Chromium's fake camera playing a .y4m made from a screenshot of
 * it), then the PIN; the first browser lands back at the service with the claims. Then a
 * denial. Every screen is checked with axe-core and saved in test-artifacts/web/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot } from '../support/browser.js';
import { writeCameraVideo } from '../support/camera-video.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { blockIdentity } from '../../../server/src/selfservice/identity-status.js';
import { activateAppInBrowser, PIN, seedIdentity, startDemoLogin } from './login-support.js';

const CAMERA = { width: 640, height: 480, fps: 10 };

let sys: LiveSystem;
let dir: string;
let camera: string;
let loginBrowser: Browser;
let appBrowser: Browser;
let appContext: BrowserContext;
let app: Page;

async function check(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

/** The camera shows `png` from now on (Chromium opens the file when the page starts the camera). */
async function cameraSees(png: Uint8Array): Promise<void> {
  await writeCameraVideo(camera, [{ image: png, seconds: 1 }], { ...CAMERA, background: { r: 255, g: 255, b: 255 } });
}

beforeAll(async () => {
  sys = await startLiveSystem({ serviceProvider: true });
  dir = await mkdtemp(join(tmpdir(), 'openmitid-login-e2e-'));
  camera = join(dir, 'camera.y4m');
  // a blank desk until the QR code is known: the file must exist when Chromium starts
  await writeCameraVideo(camera, [{ image: { width: 2, height: 2, data: new Uint8Array(16).fill(200) }, seconds: 1 }], CAMERA);
  loginBrowser = await launchChromium();
  appBrowser = await launchChromium({ cameraVideo: camera });
  appContext = await appBrowser.newContext({ permissions: ['camera'] });
  app = await appContext.newPage();
  await app.goto(`${sys.baseUrl}/#/`);
  const identityId = await seedIdentity(sys, 'id-karen', 'karen.hansen');
  await activateAppInBrowser(sys, app, identityId);
  await app.goto(`${sys.baseUrl}/#/app`);
});

afterAll(async () => {
  await appBrowser?.close();
  await loginBrowser?.close();
  await sys?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('login approved in the app', () => {
  it('logs in at the demo service: user-ID, QR code scanned by the app, PIN, back at the service with the claims', async () => {
    const context = await loginBrowser.newContext();
    const login = await context.newPage();
    await startDemoLogin(login, sys);

    await expect.poll(() => login.locator('h1').textContent()).toBe('Log på med MitID');
    await check(login, 'login-01-user-id');
    await login.getByLabel('Bruger-ID').fill('karen.hansen');
    await login.getByRole('button', { name: 'Fortsæt' }).click();

    await expect.poll(() => login.locator('h1').textContent()).toBe('Hvordan vil du godkende?');
    await check(login, 'login-02-methods');
    await login.getByRole('button', { name: 'MitID app' }).click();

    await expect.poll(() => login.locator('h1').textContent()).toBe('Godkend i MitID appen');
    const qr = login.getByRole('img', { name: /QR-kode til MitID appen/ });
    await qr.waitFor();
    await check(login, 'login-03-app-qr');

    // the app: the request arrives over the stream
    await expect.poll(() => app.locator('h1').textContent()).toBe('MitID');
    const request = app.getByRole('button', { name: 'Anmodning fra Demo service' });
    await request.waitFor();
    await check(app, 'app-01-home-request');
    await request.click();
    await expect.poll(() => app.locator('h1').textContent()).toBe('Godkend login');
    expect(await app.locator('[data-field="service"]').textContent()).toBe('Demo service');
    expect(await app.locator('[data-field="text"]').textContent()).toBe('Log in to the demo service');
    await check(app, 'app-02-approval-review');

    // the QR code as the login page shows it this second, in front of the app's camera
    await cameraSees(await qr.screenshot());
    await app.getByRole('button', { name: 'Scan QR-kode' }).click();

    const pin = app.getByLabel('PIN-kode');
    await pin.waitFor({ timeout: 30_000 });
    await check(app, 'app-03-approval-pin');
    await pin.fill(PIN);
    await app.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => app.locator('h1').textContent(), { timeout: 30_000 }).toBe('Godkendt');
    await check(app, 'app-04-approved');

    // the login page follows the approval back to the service
    await login.waitForURL(/\/callback\?/, { timeout: 30_000 });
    await expect.poll(() => login.locator('h1').textContent()).toBe('Logged in');
    const claims = await login.locator('table').textContent();
    expect(claims).toContain('Karen Margrethe Hansen');
    expect(claims).toContain('code_app');
    await screenshot(login, 'login-04-back-at-service');
    await app.getByRole('button', { name: 'OK' }).click();
    await context.close();
  });

  it('on the phone that holds the app: the "open the app" link opens the request in the app, and the login page follows the approval', async () => {
    // the login page in the app's own browser: the same device
    const login = await appContext.newPage();
    await startDemoLogin(login, sys);
    await login.getByLabel('Bruger-ID').fill('karen.hansen');
    await login.getByRole('button', { name: 'Fortsæt' }).click();
    await login.getByRole('button', { name: 'MitID app' }).click();
    await login.getByRole('button', { name: 'MitID appen er på denne enhed' }).click();
    const open = login.getByRole('link', { name: 'Åbn MitID appen' });
    await open.waitFor();
    await check(login, 'login-06-same-device');

    const [tab] = await Promise.all([appContext.waitForEvent('page'), open.click()]);
    // no camera step: the link's proof stands in for the QR code
    const pin = tab.getByLabel('PIN-kode');
    await pin.waitFor({ timeout: 30_000 });
    expect(await tab.locator('[data-field="service"]').textContent()).toBe('Demo service');
    await pin.fill(PIN);
    await tab.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => tab.locator('h1').textContent(), { timeout: 30_000 }).toBe('Godkendt');
    await tab.close();

    await login.waitForURL(/\/callback\?/, { timeout: 30_000 });
    await expect.poll(() => login.locator('h1').textContent()).toBe('Logged in');
    await login.close();
  });

  it('a blocked identity learns it only after the PIN in the app; the login page says the login was not approved', async () => {
    // another phone (its own browser profile) with the app of an identity that is then blocked
    const phoneContext = await appBrowser.newContext({ permissions: ['camera'] });
    const phone = await phoneContext.newPage();
    await phone.goto(`${sys.baseUrl}/#/`);
    const identityId = await seedIdentity(sys, 'id-blocked', 'blocked.user');
    await activateAppInBrowser(sys, phone, identityId);
    await blockIdentity(sys.server.services, identityId, sys.server.services.clock.now());
    await phone.goto(`${sys.baseUrl}/#/app`);

    const context = await loginBrowser.newContext();
    const login = await context.newPage();
    await startDemoLogin(login, sys);
    await login.getByLabel('Bruger-ID').fill('blocked.user');
    await login.getByRole('button', { name: 'Fortsæt' }).click();
    await login.getByRole('button', { name: 'MitID app' }).click();
    const qr = login.getByRole('img', { name: /QR-kode til MitID appen/ });
    await qr.waitFor();

    await phone.getByRole('button', { name: 'Anmodning fra Demo service' }).click({ timeout: 30_000 });
    await cameraSees(await qr.screenshot());
    await phone.getByRole('button', { name: 'Scan QR-kode' }).click();
    await phone.getByLabel('PIN-kode').fill(PIN, { timeout: 30_000 });
    await phone.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => phone.locator('h1').textContent(), { timeout: 30_000 }).toBe('Login ikke muligt');
    expect(await axeViolations(phone)).toEqual([]);
    await screenshot(phone, 'app-06-refused');

    await expect.poll(() => login.locator('h1').textContent(), { timeout: 30_000 }).toBe('Du kan ikke logge på');
    await check(login, 'login-07-refused');
    await context.close();
    await phoneContext.close();
  });

  it('a denial in the app ends the login with a text and a way back to the service', async () => {
    const context = await loginBrowser.newContext();
    const login = await context.newPage();
    await startDemoLogin(login, sys);
    await login.getByLabel('Bruger-ID').fill('karen.hansen');
    await login.getByRole('button', { name: 'Fortsæt' }).click();
    await login.getByRole('button', { name: 'MitID app' }).click();
    await login.getByRole('img', { name: /QR-kode til MitID appen/ }).waitFor();

    await expect.poll(() => app.locator('h1').textContent()).toBe('MitID');
    // the newest request (the same-device test left its first, QR request pending until it expires)
    await app.getByRole('button', { name: 'Anmodning fra Demo service' }).last().click();
    await app.getByRole('button', { name: 'Afvis' }).click();
    await expect.poll(() => app.locator('h1').textContent()).toBe('Afvist');
    await check(app, 'app-05-denied');

    await expect.poll(() => login.locator('h1').textContent(), { timeout: 30_000 }).toBe('Login afvist');
    await check(login, 'login-05-denied');
    await login.getByRole('link', { name: 'Tilbage til Demo service' }).click();
    await login.waitForURL(/\/callback\?/);
    expect(await login.content()).toContain('access_denied');
    await context.close();
  });
});
