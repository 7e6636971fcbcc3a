/**
 * "Scan passets kode" with a camera, end to end: Chromium's fake camera films a rendered
 * passport data page (OCR-B MRZ, packages/app/test/support/render-mrz.ts) from a .y4m file,
 * the built web app reads it in its OCR worker (tesseract.js and its files from the app's own
 * origin), shows the check mark and the read data, and the confirmed lines go to the real
 * server, which moves the flow on. Also: camera access refused → the message and the manual
 * entry, whose typed key the server takes too. axe on every screen state; screenshots in
 * test-artifacts/web/. Needs /usr/bin/chromium and fonts-ocr-b.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { parseMrz } from '@openmitid/mrtd';
import { axeViolations, launchChromium, screenshot } from '../support/browser.js';
import { writeCameraVideo } from '../support/camera-video.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { PASSPORT_VIDEO, passportScenes } from '../support/passport-camera.js';

let dir: string;
let system: LiveSystem;
let browser: Browser;
/** what the page sent to the server (and which of the page's requests left the origin) */
const mrzBodies: unknown[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openmitid-mrz-camera-'));
  system = await startLiveSystem();
  const video = await writeCameraVideo(join(dir, 'passport.y4m'), await passportScenes(system.people[0]!.mrz), PASSPORT_VIDEO);
  browser = await launchChromium({ cameraVideo: video.path });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function check(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

/** Kom i gang → … → "Hvor er dit pas fra?" Danmark → the MRZ screen. */
async function toMrzScreen(page: Page): Promise<void> {
  page.on('request', (r: Request) => {
    if (!r.url().startsWith(system.baseUrl) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreignRequests.push(r.url());
    if (r.method() === 'POST' && r.url().endsWith('/mrz')) mrzBodies.push(r.postDataJSON());
  });
  await page.goto(system.baseUrl);
  await page.getByRole('button', { name: 'Kom i gang' }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('radio', { name: 'Danmark' }).check();
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('mrz-scan');
}

describe('MRZ camera scan in Chromium against the real server', () => {
  it('reads the filmed passport, shows the check mark and the data, and the confirmed lines move the flow on', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // navigator.vibrate is called on the read (seed step 8); headless Chromium has no motor, so count the calls
    await page.addInitScript(() => {
      const w = window as unknown as { vibrations: unknown[] };
      w.vibrations = [];
      navigator.vibrate = (pattern: VibratePattern) => (w.vibrations.push(pattern), true);
    });
    try {
      await toMrzScreen(page);
      // seed steps 2–8, word for word
      for (const text of [
        'Åbn passet på siden med dit pasfoto. Find koden med dine pasoplysninger. Den står i den nederste del af passet og begynder med \'P\'.',
        'Vend telefonen vandret.',
        'Placer telefonen, indtil koden fra passet er i det nederste felt. Der skal være ca. 12 cm afstand.',
        'Hold telefonen stille, når pilene på skærmen passer med passets nederste kode.',
        'Når koden er scannet, vil den vibrere, og du vil se et flueben.',
      ]) {
        expect(await page.getByText(text, { exact: true }).count(), text).toBe(1);
      }
      await check(page, 'da-mrz-01-intro');

      await page.getByRole('button', { name: 'Scan koden' }).click();
      // the preview shows the camera with the guide, and the status speaks while frames are read
      await expect.poll(() => page.locator('video.mrz-video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 30_000 }).toBe(1280);
      expect(await page.locator('.mrz-guide').count()).toBe(1);
      await check(page, 'da-mrz-02-camera');

      // the OCR (two tesseract workers on a shared 2-core machine) takes its time; no timing is asserted
      await expect.poll(() => page.locator('.mrz-check').count(), { timeout: 150_000, interval: 500 }).toBe(1);
      expect(await page.locator('.mrz-status[role=status]').textContent()).toBe('Koden er scannet.');
      expect(await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations)).toEqual([200]);
      const lines = system.people[0]!.mrz;
      expect(await page.locator('pre.mrz-lines').textContent()).toBe(lines.join('\n'));
      // the data to compare with the page: name, number, dates in Danish
      const summary = await page.locator('dl.mrz-summary dd').allTextContents();
      expect(summary).toEqual(['ANNA MARIE JENSEN', '200000001', '1. januar 1980', expect.stringMatching(/^\d{1,2}\. [a-z]+ 20\d\d$/)]);
      await check(page, 'da-mrz-03-read');

      await page.getByRole('button', { name: 'Næste' }).click();
      await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 30_000 }).toBe('chip');
      await check(page, 'da-mrz-04-chip');
      expect(mrzBodies.at(-1)).toEqual({ mrz: lines });
      expect(foreignRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('says so when the camera is refused, and the typed passport data goes to the server as the access key', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // the person answers "Bloker" to the browser's camera question
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    try {
      await toMrzScreen(page);
      await page.getByRole('button', { name: 'Scan koden' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe(
        'Du har ikke givet adgang til kameraet. Giv adgang i browserens indstillinger, eller indtast oplysningerne selv.',
      );
      await check(page, 'da-mrz-05-camera-denied');

      await page.getByRole('button', { name: 'Indtast oplysningerne selv' }).click();
      await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('mrz-manual');
      const person = system.people[1]!.person;
      const mrz = parseMrz(system.people[1]!.mrz);
      const iso = (yymmdd: string, century: number) => `${century + Number(yymmdd.slice(0, 2))}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
      await page.getByLabel('Pasnummer').fill(person.documentNumber.toLowerCase());
      await page.getByLabel('Fødselsdato').fill(iso(person.dateOfBirth, 1900));
      await page.getByLabel('Udløbsdato').fill(iso(mrz.dateOfExpiry, 2000));
      await check(page, 'da-mrz-06-manual');
      await page.getByRole('button', { name: 'Næste' }).click();
      await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 30_000 }).toBe('chip');
      expect(mrzBodies.at(-1)).toEqual({ key: { documentNumber: person.documentNumber, dateOfBirth: person.dateOfBirth, dateOfExpiry: mrz.dateOfExpiry } });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
