/**
 * "På denne telefon" in Chromium against the live system: the method choice, the temporary
 * PIN from the SMS (format error, a wrong PIN refused by the server, the right one), the
 * personal PIN twice (a mismatch said at the field), biometrics offered because a platform
 * authenticator is present (CDP virtual authenticator), notifications declined by the
 * browser, done. The server has the app active with the choices; the browser keeps a
 * non-extractable key and the app's id in IndexedDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { checkScreen, enrolDemoPerson, onScreen, serverFlow, startActivationFlow } from './activation-support.js';

let live: LiveSystem;
let browser: Browser;

beforeAll(async () => {
  live = await startLiveSystem();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await live?.close();
});

describe('activation on this phone', () => {
  it('activates the app in the browser, step by step, with the refusals said where they belong', async () => {
    const person = await enrolDemoPerson(live, 0, '+4520000101', 'anna this phone');
    const flowId = await startActivationFlow(live, person);
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    // a platform authenticator (fingerprint/face) for isUserVerifyingPlatformAuthenticatorAvailable()
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    try {
      await page.goto(`${live.baseUrl}/#/activation/${flowId}`);
      await onScreen(page, 'method');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Hvordan vil du godkende med MitID?');
      await checkScreen(page, 'activation-01-method');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('#method-error').getByText('Vælg, hvordan du vil godkende.').waitFor();
      // by keyboard: the refusal took the focus to the first choice; Space picks it, Enter goes on
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('method-this-phone');
      await page.keyboard.press('Space');
      await page.keyboard.press('Enter');

      await onScreen(page, 'temp-pin');
      await page.getByText('Indtast den midlertidige PIN-kode, som du modtager i en SMS.').waitFor();
      const field = page.getByRole('textbox', { name: 'Midlertidig PIN-kode' });
      expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
      await checkScreen(page, 'activation-02-temp-pin');
      await field.fill('123');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('#temp-pin-error').getByText('Den midlertidige PIN-kode er 8 cifre.').waitFor();
      expect(await field.getAttribute('aria-describedby')).toContain('temp-pin-error');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const tempPin = await live.lastSmsCode(person.phone);
      expect(tempPin).toMatch(/^\d{8}$/);
      await field.fill(String((Number(tempPin) + 1) % 100_000_000).padStart(8, '0'));
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('[data-error-code="TEMP_PIN_WRONG"]').waitFor({ state: 'attached' });
      await checkScreen(page, 'activation-03-temp-pin-wrong');
      await field.fill('');
      await field.pressSequentially(tempPin);
      await page.keyboard.press('Enter');

      await onScreen(page, 'pin-intro');
      await page.getByRole('heading', { name: 'Vælg din personlige PIN-kode' }).waitFor();
      await checkScreen(page, 'activation-04-pin-intro');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'pin');
      await checkScreen(page, 'activation-05-pin');
      await page.locator('#pin').fill('135790');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'pin-repeat');
      await page.getByRole('heading', { name: 'Gentag din personlige PIN-kode' }).waitFor();
      await page.locator('#pin-repeat').fill('135791');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('#pin-repeat-error').getByText('De to PIN-koder er ikke ens.', { exact: false }).waitFor();
      expect(await page.locator('#pin-repeat').getAttribute('aria-describedby')).toContain('pin-repeat-error');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('pin-repeat');
      await checkScreen(page, 'activation-06-pin-mismatch');
      await page.locator('#pin-repeat').fill('135790');
      await page.getByRole('button', { name: 'Næste' }).click();

      await onScreen(page, 'biometrics');
      await page.getByRole('button', { name: 'Ja, brug biometri' }).waitFor();
      await checkScreen(page, 'activation-07-biometrics');
      await page.getByRole('button', { name: 'Ja, brug biometri' }).click();

      await onScreen(page, 'notifications');
      await page.getByText('Accepter notifikationer for at kunne modtage vigtige beskeder om MitID.').waitFor();
      await checkScreen(page, 'activation-08-notifications');
      // the context grants no permission: the browser answers "denied" and the page says so
      await page.getByRole('button', { name: 'Accepter notifikationer' }).click();
      await page.getByRole('button', { name: 'Fortsæt uden notifikationer' }).waitFor();
      await checkScreen(page, 'activation-09-notifications-denied');
      await page.getByRole('button', { name: 'Fortsæt uden notifikationer' }).click();

      await onScreen(page, 'app-done');
      await page.getByText('Denne app er nu aktiveret og klar til brug.').waitFor();
      await checkScreen(page, 'activation-10-done');

      const flow = await serverFlow(live, flowId);
      expect(flow).toMatchObject({ state: 'completed', method: 'this-phone' });
      const row = await live.server.services.db.selectFrom('app_authenticators').selectAll().where('id', '=', flow.appId ?? '').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ identity_id: person.identityId, status: 'active' });
      expect(Boolean((row as { biometrics?: unknown }).biometrics)).toBe(true);

      // the device store: the app's id, and a key the page can use but never read out
      const stored = await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('openmitid-device', 1);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const get = (store: string, key: string) =>
          new Promise<unknown>((resolve, reject) => {
            const r = db.transaction(store).objectStore(store).get(key);
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const app = (await get('meta', 'app')) as { appId: string; keyId: string; biometrics: boolean; notifications: boolean };
        const pair = (await get('keys', app.keyId)) as CryptoKeyPair;
        let exported = 'refused';
        try {
          await crypto.subtle.exportKey('pkcs8', pair.privateKey);
          exported = 'exported';
        } catch {
          // a non-extractable key cannot be exported
        }
        return { app, extractable: pair.privateKey.extractable, exported, curve: (pair.privateKey.algorithm as EcKeyAlgorithm).namedCurve };
      });
      expect(stored).toEqual({
        app: { appId: flow.appId, keyId: `activation:${flowId}`, activatedAt: expect.any(String), biometrics: true, notifications: false },
        extractable: false,
        exported: 'refused',
        curve: 'P-256',
      });

      await page.getByRole('link', { name: 'OK' }).click();
      await expect.poll(() => new URL(page.url()).hash).toBe('#/app');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('resumes the flow after a reload where the server has it', async () => {
    const person = await enrolDemoPerson(live, 1, '+4520000102', 'anna reload');
    const flowId = await startActivationFlow(live, person);
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${live.baseUrl}/#/activation/${flowId}/this-phone`);
      await onScreen(page, 'temp-pin');
      await page.reload();
      await onScreen(page, 'temp-pin');
      // "Send en ny PIN-kode": a second SMS, and the new temporary PIN is the one that counts
      const sent = (await live.smsTo(person.phone)).length;
      await page.getByRole('button', { name: 'Send en ny PIN-kode' }).click();
      await expect.poll(async () => (await live.smsTo(person.phone)).length).toBe(sent + 1);
      await page.getByRole('status').filter({ hasText: 'Vi har sendt en ny midlertidig PIN-kode.' }).waitFor();
      await page.getByRole('textbox', { name: 'Midlertidig PIN-kode' }).fill(await live.lastSmsCode(person.phone));
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'pin-intro');
      await page.reload();
      await onScreen(page, 'pin-intro');
      expect((await serverFlow(live, flowId)).state).toBe('temp_pin_verified');
      // English texts
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Choose your personal PIN' }).waitFor();
      await checkScreen(page, 'activation-11-pin-intro-en');
    } finally {
      await context.close();
    }
  }, 120_000);
});
