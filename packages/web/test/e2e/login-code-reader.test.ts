/**
 * Logging in with the password and a code reader (the code display that speaks its code, for
 * people with a visual impairment) using the keyboard alone: Tab and typing and Enter, from
 * the demo service to the claims. Each field is found by its accessible label; a wrong code
 * is announced (role=alert), tied to the field, and focus goes back to that field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { secureRandom } from '@openmitid/mrtd';
import { axeViolations, launchChromium, screenshot } from '../support/browser.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { activateToken, codeAt, createSoftwareToken, importPskcFile, writePskc, type SoftwareToken } from '../../../server/src/authenticators/code-display/index.js';
import { enginesOf } from '../../../server/src/flows/activation/engines.js';
import { seedIdentity } from './login-support.js';

const PASSWORD = 'Korrekt-Hest-Batteri-42';

let sys: LiveSystem;
let browser: Browser;
let token: SoftwareToken;

beforeAll(async () => {
  sys = await startLiveSystem({ serviceProvider: true });
  const s = sys.server.services;
  const e = await enginesOf(s);
  const identityId = await seedIdentity(sys, 'id-reader', 'reader.user');
  await e.passwords.set({ identityId, userId: 'reader.user', password: PASSWORD, repeat: PASSWORD, now: s.clock.now() });
  token = createSoftwareToken(secureRandom);
  await importPskcFile(e.tokens, writePskc([{ serial: token.serial, secret: token.secret, params: token.params }]), { kind: 'code-reader', now: s.clock.now() });
  // activated with an earlier code, so the login's current code is still unused
  const earlier = new Date(s.clock.now().getTime() - 120_000);
  await activateToken(e.tokens, { identityId, serial: token.serial, code: codeAt(token.secret, earlier, token.params), now: earlier });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el?.labels?.[0]?.textContent ?? el?.textContent ?? '';
  });

async function check(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

describe('code reader login with the keyboard only', () => {
  it('reaches the service with Tab, typing and Enter; a wrong code is announced and focus returns to the code field', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(sys.serviceProvider!.url);
    // the service's own page: its one link, by keyboard
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/login\//);

    // user-ID: once the interaction is loaded (the loading screen has a heading of its own),
    // the heading has focus and the field is the next stop
    await page.getByLabel('Bruger-ID').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('screen-title');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Bruger-ID');
    await page.keyboard.type('reader.user');
    await page.keyboard.press('Enter');

    // the choice of method: Tab to "Kodeoplæser" (the third), Enter
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hvordan vil du godkende?');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Kodeoplæser');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.locator('h1').textContent()).toBe('Log på med kodeoplæser');
    await check(page, 'login-reader-01-form');
    // the instructions are tied to the form and the hint to the code field
    expect(await page.locator('form').getAttribute('aria-describedby')).toBe('code-login-intro');
    expect(await page.getByLabel('Engangskode fra din kodeoplæser').getAttribute('aria-describedby')).toBe('login-code-hint');

    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Adgangskode');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Engangskode fra din kodeoplæser');
    const current = codeAt(token.secret, sys.server.services.clock.now(), token.params);
    const wrong = String((Number(current) + 1) % 1_000_000).padStart(current.length, '0');
    await page.keyboard.type(wrong);
    await page.keyboard.press('Enter');

    // announced, described on the field, focus back on the code field
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('TOKEN_CODE_WRONG');
    await expect.poll(() => focusedLabel(page)).toBe('Engangskode fra din kodeoplæser');
    expect(await page.getByLabel('Engangskode fra din kodeoplæser').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'login-reader-02-wrong-code');

    await page.keyboard.type(codeAt(token.secret, sys.server.services.clock.now(), token.params));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/callback\?/, { timeout: 30_000 });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Logged in');
    const claims = await page.locator('table').textContent();
    expect(claims).toContain('code_reader');
    await screenshot(page, 'login-reader-03-back-at-service');
    await context.close();
  });
});
