/**
 * The live system the browser tests run against: the real server serves the built web app
 * at its root, the page talks to the real API, and the demo service provider sends the
 * browser to the provider, which hands the login to the web app's login pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';

let live: LiveSystem;
let browser: Browser;

beforeAll(async () => {
  live = await startLiveSystem({ serviceProvider: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await live?.close();
});

describe('live system', () => {
  it('serves the web app from the server, and the page starts a real enrolment flow', async () => {
    const page = await browser.newPage();
    try {
      const res = await page.goto(live.baseUrl);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['x-content-type-options']).toBe('nosniff');
      await page.getByRole('button', { name: 'Kom i gang' }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
      const started = page.waitForResponse((r) => r.url().endsWith('/v1/enrolment') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Næste' }).click();
      expect((await started).status()).toBe(201);
    } finally {
      await page.close();
    }
  });

  it('seeds the demo people with virtual passports whose MRZ the server accepts', async () => {
    expect(live.people.map((p) => p.person.surname)).toEqual(['Jensen', 'Nielsen', 'Ærøe', 'Kleist']);
    expect(live.people[0]?.mrz[0]).toMatch(/^P<DNKJENSEN<<ANNA<MARIE/);
  });

  it('sends a login from the demo service provider to the login pages at #/login/<uid>', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(live.serviceProvider!.url);
      await page.getByRole('link').or(page.getByRole('button')).first().click();
      await expect.poll(() => new URL(page.url()).hash, { timeout: 15_000 }).toMatch(/^#\/login\/[A-Za-z0-9_-]+$/);
      expect(new URL(page.url()).origin).toBe(live.baseUrl);
    } finally {
      await page.close();
    }
  });
});
