/**
 * Logging in with the password and a chip (a FIDO security key) in Chromium, the key being
 * Chromium's own virtual authenticator (DevTools protocol WebAuthn.addVirtualAuthenticator):
 * the chip is registered for the identity on the server's ceremony with that key, then the
 * login page runs navigator.credentials.get and the browser lands at the service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot } from '../support/browser.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { finishChipRegistration, startChipRegistration } from '../../../server/src/authenticators/chip/index.js';
import { enginesOf } from '../../../server/src/flows/activation/engines.js';
import { seedIdentity, startDemoLogin } from './login-support.js';

const PASSWORD = 'Korrekt-Hest-Batteri-42';

let sys: LiveSystem;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  sys = await startLiveSystem({ serviceProvider: true });
  const s = sys.server.services;
  const e = await enginesOf(s);
  if (!e.chip) throw new Error('the chip needs a public URL');
  const identityId = await seedIdentity(sys, 'id-chip', 'chip.user');
  await e.passwords.set({ identityId, userId: 'chip.user', password: PASSWORD, repeat: PASSWORD, now: s.clock.now() });

  browser = await launchChromium();
  context = await browser.newContext();
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });

  // the chip's registration, as the activation pages run it: the server's options, the browser's key
  await page.goto(`${sys.baseUrl}/#/`);
  const started = await startChipRegistration(e.chip, { identityId, userName: 'chip.user', now: s.clock.now() });
  const response = await page.evaluate(async (options) => {
    const credential = (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })) as PublicKeyCredential;
    return credential.toJSON();
  }, started.options as unknown as PublicKeyCredentialCreationOptionsJSON);
  await finishChipRegistration(e.chip, { identityId, ceremonyId: started.ceremonyId, response: response as never, now: s.clock.now() });
});

afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

describe('chip login', () => {
  it('logs in with the password and the security key, back at the service', async () => {
    await startDemoLogin(page, sys);
    // the login pages in English too
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Log in with MitID');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login-chip-00-user-id-en');
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByLabel('Bruger-ID').fill('chip.user');
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await page.getByRole('button', { name: 'MitID chip' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Log på med MitID chip');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login-chip-01-form');

    // a wrong password is refused after the key was used, and said so
    await page.getByLabel('Adgangskode').fill('Forkert-Hest-Batteri-42');
    await page.getByRole('button', { name: 'Brug MitID chip' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('PASSWORD_WRONG');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login-chip-02-wrong-password');

    await page.getByLabel('Adgangskode').fill(PASSWORD);
    await page.getByRole('button', { name: 'Brug MitID chip' }).click();
    await page.waitForURL(/\/callback\?/, { timeout: 30_000 });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Logged in');
    expect(await page.locator('table').textContent()).toContain('pwd');
    await screenshot(page, 'login-chip-03-back-at-service');
  });
});
