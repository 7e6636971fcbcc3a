/**
 * "Kodeviser, kodeoplæser eller chip" in Chromium against the live system. "Ja, aktivér": a
 * code display from the maker's PSKC file in stock (a software code display), the password
 * twice with the rules said at the fields, the serial, the TOTP code it shows now, done.
 * "Nej, bestil": a code reader ordered to a delivery address (the form's own checks first),
 * the order's status shown and stored. "Vælg chip": the password twice and a security key
 * (Chromium's virtual authenticator over CDP, a USB CTAP2 key) registered with the server's
 * WebAuthn options.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { secureRandom } from '@openmitid/mrtd';
import { codeAt, createSoftwareToken, importPskcFile } from '../../../server/src/authenticators/code-display/index.js';
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

describe('activation of a code display or code reader', () => {
  it('"Ja, aktivér": password twice, serial, the code the code display shows', async () => {
    const s = live.server.services;
    const psk = new Uint8Array(randomBytes(32));
    const token = createSoftwareToken(secureRandom, { preSharedKey: psk });
    expect(await importPskcFile({ db: s.db, pii: s.pii, random: secureRandom }, token.pskcXml, { kind: 'code-display', now: s.clock.now(), preSharedKey: psk })).toMatchObject({ imported: 1 });
    const person = await enrolDemoPerson(live, 0, '+4520000201', 'anna kodeviser');
    const flowId = await startActivationFlow(live, person);
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${live.baseUrl}/#/activation/${flowId}/token`);
      await onScreen(page, 'token-kind');
      await page.getByRole('heading', { name: 'Hvad vil du aktivere/bestille?' }).waitFor();
      await checkScreen(page, 'activation-token-01-kind');
      await page.getByLabel('Vælg kodeviser').check();
      await page.getByRole('button', { name: 'Næste' }).click();

      await onScreen(page, 'token-have');
      await page.getByRole('heading', { name: 'Har du en kodeviser?' }).waitFor();
      await checkScreen(page, 'activation-token-02-have');
      await page.getByRole('button', { name: 'Ja, aktivér' }).click();

      await onScreen(page, 'token-intro');
      await page.getByRole('heading', { name: 'MitID aktivering' }).waitFor();
      await checkScreen(page, 'activation-token-03-intro');
      await page.getByRole('button', { name: 'Næste' }).click();

      await onScreen(page, 'password');
      await page.getByRole('heading', { name: 'Opret din nye adgangskode' }).waitFor();
      const password = page.locator('#password');
      const repeat = page.locator('#password-repeat');
      await password.fill('kort');
      await page.getByText('4 tegn af 8–64').waitFor();
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('#password-error').getByText('Adgangskoden skal være mindst 8 tegn.').waitFor();
      expect(await password.getAttribute('aria-describedby')).toContain('password-error');
      await password.fill('Grøn tekop 2026!');
      await repeat.fill('Grøn tekop 2027!');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('#password-repeat-error').getByText('De to adgangskoder er ikke ens.').waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('password-repeat');
      await checkScreen(page, 'activation-token-04-password-mismatch');
      // a rule only the server knows the data for: the password contains the user-ID
      await password.fill('anna kodeviser 1');
      await repeat.fill('anna kodeviser 1');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('[data-error-code="PASSWORD_WEAK"]').waitFor({ state: 'attached' });
      await password.fill('Grøn tekop 2026!');
      await repeat.fill('Grøn tekop 2026!');
      await page.getByRole('button', { name: 'Næste' }).click();

      await onScreen(page, 'serial');
      await page.getByRole('heading', { name: 'Indtast serienummer' }).waitFor();
      await checkScreen(page, 'activation-token-05-serial');
      await page.getByRole('textbox', { name: 'Serienummer' }).fill(token.serial);
      await page.getByRole('button', { name: 'Næste' }).click();

      await onScreen(page, 'token-code');
      await page.getByRole('heading', { name: 'Indtast engangskode fra din kodeviser' }).waitFor();
      await checkScreen(page, 'activation-token-06-code');
      await page.getByRole('textbox', { name: 'Engangskode' }).fill(codeAt(token.secret, s.clock.now()));
      await page.getByRole('button', { name: 'Næste' }).click();

      await onScreen(page, 'token-done');
      await page.getByRole('heading', { name: 'Aktiveringen er gennemført' }).waitFor();
      await checkScreen(page, 'activation-token-07-done');
      expect(await serverFlow(live, flowId)).toMatchObject({ state: 'completed', method: 'code-display' });
      const device = await s.db.selectFrom('token_devices').select(['status', 'identity_id']).where('serial', '=', token.serial).executeTakeFirstOrThrow();
      expect(device).toEqual({ status: 'assigned', identity_id: person.identityId });
      await page.getByRole('link', { name: 'Afslut' }).waitFor();
    } finally {
      await context.close();
    }
  }, 180_000);

  it('"Nej, bestil": a code reader ordered to a delivery address', async () => {
    const person = await enrolDemoPerson(live, 1, '+4520000202', 'anna kodeoplaeser');
    const flowId = await startActivationFlow(live, person);
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${live.baseUrl}/#/activation/${flowId}/token`);
      await onScreen(page, 'token-kind');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.locator('#token-kind-error').waitFor();
      await page.getByLabel('Vælg kodeoplæser').check();
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.getByRole('heading', { name: 'Har du en kodeoplæser?' }).waitFor();
      await page.getByRole('button', { name: 'Nej, bestil' }).click();

      await onScreen(page, 'order-address');
      await page.getByRole('heading', { name: 'Bestil kodeoplæser' }).waitFor();
      await page.getByRole('button', { name: 'Bestil' }).click();
      await page.locator('#order-name-error').waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('order-name');
      await checkScreen(page, 'activation-token-08-order-errors');
      await page.getByRole('textbox', { name: 'Navn' }).fill('Anna Jensen');
      await page.getByRole('textbox', { name: 'Adresse' }).fill('Nørregade 1');
      await page.getByRole('textbox', { name: 'Postnummer' }).fill('11');
      await page.getByRole('textbox', { name: 'By' }).fill('København K');
      await page.getByRole('button', { name: 'Bestil' }).click();
      await page.locator('#order-postalCode-error').getByText('Skriv et postnummer på 3 eller 4 cifre.').waitFor();
      await page.getByRole('textbox', { name: 'Postnummer' }).fill('1165');
      await page.getByRole('button', { name: 'Bestil' }).click();

      await onScreen(page, 'order-done');
      await page.getByRole('heading', { name: 'Din bestilling er modtaget' }).waitFor();
      await checkScreen(page, 'activation-token-09-ordered');
      const flow = await serverFlow(live, flowId);
      expect(flow).toMatchObject({ state: 'token_ordered', method: 'code-reader', orderId: expect.any(String) });
      await page.getByText(`Ordrenummer: ${flow.orderId}`).waitFor();
      const order = await live.server.services.db.selectFrom('token_orders').selectAll().where('id', '=', flow.orderId ?? '').executeTakeFirstOrThrow();
      expect(order).toMatchObject({ identity_id: person.identityId, kind: 'code-reader' });
    } finally {
      await context.close();
    }
  }, 180_000);

  it('"Vælg chip": the password twice and a security key, registered with the server’s options', async () => {
    const person = await enrolDemoPerson(live, 2, '+4520000203', 'anna chip');
    const flowId = await startActivationFlow(live, person);
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    try {
      await page.goto(`${live.baseUrl}/#/activation/${flowId}/token`);
      await onScreen(page, 'token-kind');
      await page.getByLabel('Vælg chip').check();
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'chip');
      await page.getByRole('heading', { name: 'Aktiver din MitID chip' }).waitFor();
      await checkScreen(page, 'activation-token-10-chip');
      await page.locator('#password').fill('Grøn tekop 2026!');
      await page.locator('#password-repeat').fill('Grøn tekop 2026!');
      await page.getByRole('button', { name: 'Aktiver chip' }).click();
      await onScreen(page, 'token-done');
      await page.getByRole('heading', { name: 'Aktiveringen er gennemført' }).waitFor();
      await page.getByText('Du kan nu godkende med din adgangskode og din chip.').waitFor();
      await checkScreen(page, 'activation-token-11-chip-done');
      expect(await serverFlow(live, flowId)).toMatchObject({ state: 'completed', method: 'chip' });
      const keys = await live.server.services.db.selectFrom('fido_credentials').select(['status', 'id']).where('identity_id', '=', person.identityId).execute();
      // the server holds the credential the key made
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      expect(keys).toEqual([{ status: 'active', id: Buffer.from(credentials[0]?.credentialId ?? '', 'base64').toString('base64url') }]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
