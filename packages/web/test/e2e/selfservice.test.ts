/**
 * Self-service in the app's pages ('#/app/settings') against the live system: opened with the
 * PIN (key + PIN, OPAQUE), the list of the person's authenticators, a new PIN (the old one
 * then fails, the new one opens), a new password, and blocking the identity after a
 * confirmation (after which self-service refuses with IDENTITY_BLOCKED). Every screen is
 * checked with axe-core and saved in test-artifacts/web/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot } from '../support/browser.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { enginesOf } from '../../../server/src/flows/activation/engines.js';
import { activateAppInBrowser, PIN, seedIdentity } from './login-support.js';

const NEW_PIN = '739158';
const PASSWORD = 'Korrekt-Hest-Batteri-42';
const NEW_PASSWORD = 'Ny-Lang-Adgangskode-2026';

let sys: LiveSystem;
let browser: Browser;
let page: Page;
let identityId: string;

async function check(name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

const heading = () => page.locator('h1').textContent();

async function unlock(pin: string): Promise<void> {
  await page.goto(`${sys.baseUrl}/#/app/settings`);
  await page.reload();
  await expect.poll(heading).toBe('Selvbetjening');
  await page.getByLabel('PIN-kode').fill(pin);
  await page.getByRole('button', { name: 'Fortsæt' }).click();
}

beforeAll(async () => {
  sys = await startLiveSystem();
  const s = sys.server.services;
  identityId = await seedIdentity(sys, 'id-self', 'self.user');
  await (await enginesOf(s)).passwords.set({ identityId, userId: 'self.user', password: PASSWORD, repeat: PASSWORD, now: s.clock.now() });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${sys.baseUrl}/#/`);
  await activateAppInBrowser(sys, page, identityId);
});

afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

describe('self-service in the app', () => {
  it('opens from the home with the PIN and lists the authenticators', async () => {
    await page.goto(`${sys.baseUrl}/#/app`);
    await expect.poll(heading).toBe('MitID');
    await check('self-01-home');
    await page.getByRole('link', { name: 'Indstillinger og selvbetjening' }).click();
    await expect.poll(heading).toBe('Selvbetjening');
    await check('self-02-unlock');
    await page.getByLabel('PIN-kode').fill(PIN);
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await page.getByRole('heading', { name: 'Dine enheder' }).waitFor();
    await expect.poll(() => page.locator('.authenticator-list li').count()).toBe(2);
    expect(await page.locator('.authenticator-list li[data-kind="app"]').textContent()).toContain('denne enhed');
    expect(await page.locator('.authenticator-list li[data-kind="password"]').count()).toBe(1);
    await check('self-03-menu');
  });

  it('changes the PIN: the old one is then refused, the new one opens', async () => {
    await page.getByRole('button', { name: 'Skift PIN-kode' }).click();
    await expect.poll(heading).toBe('Skift PIN-kode');
    await check('self-04-change-pin');
    // two different PINs: the device refuses before anything is sent
    await page.getByLabel('Ny PIN-kode', { exact: true }).fill(NEW_PIN);
    await page.getByLabel('Gentag ny PIN-kode').fill('111111');
    await page.getByRole('button', { name: 'Gem' }).click();
    expect(await page.getByRole('alert').getAttribute('data-error-code')).toBe('PIN_MISMATCH');
    await check('self-05-pin-mismatch');
    await page.getByLabel('Ny PIN-kode', { exact: true }).fill(NEW_PIN);
    await page.getByLabel('Gentag ny PIN-kode').fill(NEW_PIN);
    await page.getByRole('button', { name: 'Gem' }).click();
    await page.getByText('Din PIN-kode er skiftet.').waitFor({ timeout: 30_000 });
    await check('self-06-pin-changed');

    await unlock(PIN);
    await page.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').getAttribute('data-error-code')).toBe('APP_PIN_WRONG');
    await check('self-07-old-pin-refused');
    await page.getByLabel('PIN-kode').fill(NEW_PIN);
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await page.getByRole('heading', { name: 'Dine enheder' }).waitFor({ timeout: 30_000 });
  });

  it('changes the password', async () => {
    await page.getByRole('button', { name: 'Skift adgangskode' }).click();
    await expect.poll(heading).toBe('Skift adgangskode');
    await page.getByLabel('Nuværende adgangskode').fill(PASSWORD);
    await page.getByLabel('Ny adgangskode', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Gentag ny adgangskode').fill(NEW_PASSWORD);
    await check('self-08-change-password');
    await page.getByRole('button', { name: 'Gem' }).click();
    await page.getByText('Din adgangskode er skiftet.').waitFor({ timeout: 30_000 });
  });

  it('removes another app after a confirmation', async () => {
    // a second phone's app, activated on the server
    const other = await browser.newPage();
    await other.goto(`${sys.baseUrl}/#/`);
    const otherAppId = await activateAppInBrowser(sys, other, identityId);
    await other.close();
    await unlock(NEW_PIN);
    await expect.poll(() => page.locator('.authenticator-list li[data-kind="app"]').count(), { timeout: 30_000 }).toBe(2);
    await page.getByRole('button', { name: `Fjern MitID app ${otherAppId.slice(0, 8)}` }).click();
    await expect.poll(heading).toBe('Fjern enhed');
    await check('self-09-remove-confirm');
    await page.getByRole('button', { name: 'Ja, fjern' }).click();
    await page.getByText(`MitID app ${otherAppId.slice(0, 8)} er fjernet.`).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.authenticator-list li[data-kind="app"]').count()).toBe(1);
  });

  it('blocks the identity after a confirmation; self-service then refuses', async () => {
    await page.getByRole('button', { name: 'Spær MitID' }).click();
    await expect.poll(heading).toBe('Spær dit MitID');
    await check('self-10-block-confirm');
    // "Fortryd" goes back without blocking
    await page.getByRole('button', { name: 'Fortryd' }).click();
    await page.getByRole('heading', { name: 'Dine enheder' }).waitFor();
    await page.getByRole('button', { name: 'Spær MitID' }).click();
    await page.getByRole('button', { name: 'Ja, spær mit MitID' }).click();
    await expect.poll(heading, { timeout: 30_000 }).toBe('Dit MitID er spærret');
    await check('self-11-blocked');
    const row = await sys.server.services.db.selectFrom('identities').select('status').where('id', '=', identityId).executeTakeFirstOrThrow();
    expect(row.status).toBe('blocked');

    await unlock(NEW_PIN);
    await page.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').getAttribute('data-error-code')).toBe('IDENTITY_BLOCKED');
  });
});
