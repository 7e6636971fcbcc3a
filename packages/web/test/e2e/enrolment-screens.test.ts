/**
 * The built PWA in Debian's Chromium: the first enrolment screens of the seed, in Danish and
 * in English, each checked with axe-core (no serious or critical WCAG 2.1 A/AA violation)
 * and saved as a screenshot in test-artifacts/web/. Needs /usr/bin/chromium
 * (Debian package `chromium`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { AXE_TAGS, axeViolations, launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { buildWeb } from '../../src/node/web-dist.js';
import { fakeEnrolmentApi, type FakeEnrolmentApi } from '../support/fake-enrolment-api.js';
import { serveBuiltApp, type StaticServer } from '../support/static-server.js';


let outDir: string;
let server: StaticServer;
let browser: Browser;
let api: FakeEnrolmentApi;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'openmitid-web-'));
  await buildWeb({ outDir, silent: true });
  api = fakeEnrolmentApi({ takenUserIds: ['taken.one'] });
  server = await serveBuiltApp(outDir, api);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function checkScreen(page: Page, language: string, index: number, screen: string, heading: string, focusOnHeading = index > 0) {
  await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe(screen);
  await expect.poll(() => page.locator('h1').textContent()).toBe(heading);
  // the new screen's heading has focus (WCAG 2.4.3), except on first load
  if (focusOnHeading) expect(await page.evaluate(() => document.activeElement?.id)).toBe('screen-title');
  expect(await axeViolations(page), `${language} ${screen}`).toEqual([]);
  await screenshot(page, `${language}-${String(index).padStart(2, '0')}-${screen}`);
}

const TEXT = {
  da: {
    welcome: 'Aktiver dit MitID', start: 'Kom i gang', document: 'Hvordan vil du komme i gang?', passport: 'Pas/ID-kort', next: 'Næste',
    overview: 'Du skal igennem 4 trin', terms: 'Vilkår og betingelser', privacy: 'Privatlivspolitikken', country: 'Hvor er dit pas fra?',
    greenland: 'Grønland', mrz: 'Scan passets kode', scan: 'Scan koden', manual: 'Indtast oplysningerne selv', manualTitle: 'Indtast pasoplysninger',
    docNo: 'Pasnummer', birth: 'Fødselsdato', expiry: 'Udløbsdato', required: 'Skriv pasnummeret.', expired: 'Passet er udløbet. Du skal bruge et gyldigt pas.',
    countryRequired: 'Vælg, hvor dit pas er fra.',
  },
  en: {
    welcome: 'Activate your MitID', start: 'Get started', document: 'How do you want to get started?', passport: 'Passport/ID card', next: 'Next',
    overview: 'You will go through 4 steps', terms: 'Terms and conditions', privacy: 'Privacy policy', country: 'Where is your passport from?',
    greenland: 'Greenland', mrz: 'Scan the passport code', scan: 'Scan the code', manual: 'Type the data yourself', manualTitle: 'Enter passport data',
    docNo: 'Passport number', birth: 'Date of birth', expiry: 'Expiry date', required: 'Enter the passport number.', expired: 'The passport has expired. You need a valid passport.',
    countryRequired: 'Choose where your passport is from.',
  },
} as const;

describe('enrolment screens in Chromium', () => {
  it.each(['da', 'en'] as const)('walks Kom i gang → … → manual MRZ entry in %s, accessible on every screen', async (language) => {
    const x = TEXT[language];
    const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: language === 'da' ? 'da-DK' : 'en-GB' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const callsBefore = api.calls.length;
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(server.baseUrl);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
      if (language === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
        expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
      }
      let i = 0;
      await checkScreen(page, language, i++, 'welcome', x.welcome);
      await page.getByRole('button', { name: x.start }).click();

      await checkScreen(page, language, i++, 'document', x.document);
      expect(await page.getByRole('radio', { name: x.passport }).isChecked()).toBe(true);
      await page.getByRole('button', { name: x.next }).click();

      await checkScreen(page, language, i++, 'overview', x.overview);
      expect(await page.locator('ol.steps > li').count()).toBe(4);
      await page.getByRole('button', { name: x.next }).click();

      await checkScreen(page, language, i++, 'terms', x.terms);
      // keyboard only from here: Tab to "Næste", Enter
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');

      await checkScreen(page, language, i++, 'privacy', x.privacy);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');

      await checkScreen(page, language, i++, 'country', x.country);
      // "Næste" without a choice names the problem and puts focus on the choices
      await page.getByRole('button', { name: x.next }).click();
      await expect.poll(() => page.getByText(x.countryRequired).count()).toBe(1);
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
      await page.keyboard.press('ArrowDown');
      expect(await page.getByRole('radio', { name: x.greenland }).isChecked()).toBe(true);
      await page.getByRole('button', { name: x.next }).click();

      await checkScreen(page, language, i++, 'mrz-scan', x.mrz);
      await page.getByRole('button', { name: x.scan }).click();
      await page.getByRole('button', { name: x.manual }).click();

      await checkScreen(page, language, i++, 'mrz-manual', x.manualTitle);
      await page.getByRole('button', { name: x.next }).click();
      await expect.poll(() => page.getByText(x.required).count()).toBe(1);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('mrz-document-number');
      expect(await page.getByLabel(x.docNo).getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel(x.docNo).fill('AB1234567');
      await page.getByLabel(x.birth).fill('1990-04-01');
      await page.getByLabel(x.expiry).fill('2001-01-01');
      await page.getByRole('button', { name: x.next }).click();
      await expect.poll(() => page.getByText(x.expired).count()).toBe(1);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('mrz-expiry-date');
      // the screen with its errors shown is checked too
      await checkScreen(page, language, i++, 'mrz-manual', x.manualTitle, false);

      // the server saw exactly the steps taken, in order
      const calls = api.calls.slice(callsBefore).map((c) => `${c.method} ${c.path.split('/').slice(4).join('/') || 'start'}`);
      expect(calls).toEqual([
        'POST start',
        'POST terms',
        'POST country',
      ]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('walks the screens after the chip in Danish: face, user-ID rules, phone, SMS code, the three choices', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      // "Aflæs chip" with no reader companion running (nothing listens on port 1): the screen says so
      await page.addInitScript(() => localStorage.setItem('openmitid-reader-url', 'ws://127.0.0.1:1'));
      api.startState = 'mrz_scanned';
      await page.goto(server.baseUrl);
      await page.getByRole('button', { name: 'Kom i gang' }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
      await checkScreen(page, 'da', 20, 'chip', 'Aflæs passets chip');
      await page.getByRole('button', { name: 'Aflæs chip' }).click();
      await expect.poll(() => page.getByRole('alert').getAttribute('data-error-code')).toBe('READER_UNREACHABLE');
      await checkScreen(page, 'da', 21, 'chip', 'Aflæs passets chip', false);

      // a server flow already past the chip: the screens follow its state
      api.startState = 'chip_verified';
      await page.reload();
      await page.getByRole('button', { name: 'Kom i gang' }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
      let i = 22;
      await checkScreen(page, 'da', i++, 'face-intro', 'Scan dit ansigt');
      await page.getByRole('button', { name: 'Næste' }).click();
      await checkScreen(page, 'da', i++, 'face-capture', 'Placer dit ansigt i rammen');
      expect(await page.getByRole('button', { name: 'Jeg er klar' }).getAttribute('aria-disabled')).toBe('false');
      await page.getByRole('button', { name: 'Jeg er klar' }).click();

      // after "Verificerer" the overview comes back with three steps done
      await checkScreen(page, 'da', i++, 'overview', 'Du skal igennem 4 trin');
      expect(await page.locator('li.step-done').count()).toBe(3);
      await page.getByRole('button', { name: 'Næste' }).click();

      await checkScreen(page, 'da', i++, 'user-id', 'Indtast bruger-ID');
      const input = page.getByLabel('Bruger-ID', { exact: true });
      await input.fill('ab');
      expect(await page.locator('[data-rule=length]').getAttribute('data-met')).toBe('false');
      await input.fill('taken.one');
      await expect.poll(() => page.locator('#user-id-availability').getAttribute('data-availability')).toBe('taken');
      expect(await page.getByRole('button', { name: 'Næste' }).getAttribute('aria-disabled')).toBe('true');
      await input.fill('anna 1234567890');
      expect(await page.locator('[data-rule=digitRun]').getAttribute('data-met')).toBe('false');
      await input.fill('Anna.Æble');
      await expect.poll(() => page.locator('#user-id-availability').getAttribute('data-availability')).toBe('available');
      expect(await page.locator('[data-met=true]').count()).toBe(4);
      await checkScreen(page, 'da', i++, 'user-id', 'Indtast bruger-ID', false);
      await page.getByRole('button', { name: 'Næste' }).click();

      await checkScreen(page, 'da', i++, 'phone', 'Tilknyt dit telefonnummer');
      expect(await page.getByLabel('Mobilnummer', { exact: true }).getAttribute('autocomplete')).toBe('tel');
      await page.getByLabel('Mobilnummer', { exact: true }).fill('12');
      await page.getByRole('button', { name: 'Send kode' }).click();
      await expect.poll(() => page.getByText('Skriv et gyldigt mobilnummer.').count()).toBe(1);
      await page.getByLabel('Mobilnummer', { exact: true }).fill('20 00 00 01');
      await page.getByRole('button', { name: 'Send kode' }).click();

      await checkScreen(page, 'da', i++, 'phone-code', 'Indtast valideringskoden');
      const code = page.getByLabel('Valideringskode', { exact: true });
      expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await code.getAttribute('inputmode')).toBe('numeric');
      await code.fill('000000');
      await page.getByRole('button', { name: 'Næste' }).click();
      await expect.poll(() => page.getByRole('alert').getAttribute('data-error-code')).toBe('PHONE_CODE_WRONG');
      expect(await page.getByRole('alert').textContent()).toContain('Koden er forkert.');
      await code.fill('123456');
      await page.getByRole('button', { name: 'Næste' }).click();

      await checkScreen(page, 'da', i++, 'method', 'Hvordan vil du godkende med MitID?');
      for (const name of ['På denne telefon', 'App på en anden telefon/tablet', 'Kodeviser, kodeoplæser eller chip']) {
        expect(await page.getByRole('radio', { name }).count()).toBe(1);
      }
      await page.getByRole('radio', { name: 'Kodeviser, kodeoplæser eller chip' }).check();
      await page.getByRole('button', { name: 'Næste' }).click();
      // "Næste" starts the activation on the server (src/activation/; its pages are tested against the live system in activation-*.test.ts)
      await expect.poll(() => api.calls.some((c) => c.method === 'POST' && /^\/v1\/enrolment\/[^/]+\/activation$/.test(c.path))).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      api.startState = 'started';
      await context.close();
    }
  });

  it('is an installable PWA whose service worker caches the shell and never the API', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(server.baseUrl);
      // the full @axe-core/playwright wrapper once, as a cross-check of the in-page runs above
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(seriousViolations(results.violations)).toEqual([]);
      const manifest = await page.evaluate(async () => {
        const href = document.querySelector<HTMLLinkElement>('link[rel=manifest]')?.href ?? '';
        return (await fetch(href)).json() as Promise<Record<string, unknown>>;
      });
      expect(manifest).toMatchObject({ lang: 'da', display: 'standalone', name: 'OpenMitID' });
      expect(JSON.stringify(manifest.icons)).toContain('image/svg+xml');
      const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
      expect(scriptUrl).toBe(`${server.baseUrl}/sw.js`);
      // an API call after the worker took over
      await page.reload();
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.evaluate(() => fetch('/v1/enrolment', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
      await page.evaluate(() => fetch('/v1/enrolment/flow-1'));
      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const key of await caches.keys()) for (const req of await (await caches.open(key)).keys()) urls.push(new URL(req.url).pathname);
        return urls;
      });
      expect(cached).toContain('/index.html');
      expect(cached.some((u) => u.startsWith('/assets/') && u.endsWith('.js'))).toBe(true);
      expect(cached.filter((u) => u.startsWith('/v1'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
