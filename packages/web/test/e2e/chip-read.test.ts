/**
 * "Aflæs chip" end to end: the built web app in Debian's Chromium, served by the real server
 * (SQLite, the demo's people and test CSCA), reads a virtual passport through the reader
 * companion's WebSocket channel (`openmitid reader --virtual`, started in-process here) with
 * @openmitid/mrtd's browser entry, uploads what it read and the server decides: the flow
 * reaches chip_verified. On the way, each refusal the person can meet is shown with its code:
 * no companion, no card, the wrong passport (BAC refused), the passport taken off mid-read.
 * Every state is checked with axe-core and saved as a screenshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CardReaderEvent } from '@openmitid/api';
import { parseMrz } from '@openmitid/mrtd';
import { axeViolations, launchChromium, screenshot } from '../support/browser.js';
import { freePort, startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { VirtualBackend } from '../../../cli/src/reader/virtual-backend.js';
import { startReaderServer, type ReaderServer } from '../../../cli/src/reader/channel-server.js';
import type { CardBackend } from '../../../cli/src/reader/backend.js';

/** The virtual reader with a hook before each APDU: the test takes the passport off, or holds the read. */
class ScriptedBackend implements CardBackend {
  apdus = 0;
  beforeApdu: ((n: number) => Promise<void> | void) | undefined;
  constructor(readonly inner: VirtualBackend) {}
  status() {
    return this.inner.status();
  }
  reset() {
    return this.inner.reset();
  }
  async transmit(command: Uint8Array) {
    await this.beforeApdu?.(++this.apdus);
    return this.inner.transmit(command);
  }
  insert(card: string) {
    return this.inner.insert(card);
  }
  onChange(listener: (event: CardReaderEvent) => void) {
    return this.inner.onChange(listener);
  }
  close() {
    return this.inner.close();
  }
}

let live: LiveSystem;
let backend: ScriptedBackend;
let reader: ReaderServer;
let browser: Browser;

beforeAll(async () => {
  live = await startLiveSystem();
  backend = new ScriptedBackend(await VirtualBackend.fromDirs(live.people.map((p) => p.chipDir)));
  reader = await startReaderServer({ backend, origins: [live.baseUrl], port: 0 });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await reader?.close();
  await backend?.close();
  await live?.close();
});

async function check(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

const errorCode = (page: Page) => page.getByRole('alert').getAttribute('data-error-code');

/** YYMMDD of the MRZ → the date field's YYYY-MM-DD (birth in the 1900s for these people, expiry in the 2000s). */
const isoDate = (yymmdd: string, century: string) => `${century}${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;

describe('reading the passport chip in the browser', () => {
  it('reads a virtual passport through the reader companion; the server verifies the chip', async () => {
    const anna = live.people[0]!;
    const line2 = anna.mrz[1];
    const closedPort = await freePort();
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    // a missing element fails the step that waits for it instead of the whole test's timeout
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // first no companion at all: the page is pointed at a port nothing listens on
    await page.addInitScript((url) => {
      if (!localStorage.getItem('openmitid-reader-url')) localStorage.setItem('openmitid-reader-url', url);
    }, `ws://127.0.0.1:${closedPort}`);
    try {
      await page.goto(live.baseUrl);
      await page.getByRole('button', { name: 'Kom i gang' }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
      await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('terms');
      await page.getByRole('button', { name: 'Næste' }).click();
      await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('privacy');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.getByRole('radio', { name: 'Danmark' }).check();
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.getByRole('button', { name: 'Indtast oplysningerne selv' }).click();
      await page.getByLabel('Pasnummer').fill(anna.person.documentNumber);
      await page.getByLabel('Fødselsdato').fill(isoDate(line2.slice(13, 19), '19'));
      await page.getByLabel('Udløbsdato').fill(isoDate(line2.slice(21, 27), '20'));
      await page.getByRole('button', { name: 'Næste' }).click();

      await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('chip');
      expect(await page.locator('h1').textContent()).toBe('Aflæs passets chip');
      expect(await page.locator('.reader-status').textContent()).toBe('På en computer: tilslut en paslæser, og start programmet openmitid reader.');
      await check(page, 'chip-00-start');
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Read the passport chip');
      await check(page, 'chip-00-start-en');
      await page.getByRole('button', { name: 'Dansk' }).click();

      const readChip = page.getByRole('button', { name: 'Aflæs chip' });
      await readChip.click();
      await expect.poll(() => errorCode(page)).toBe('READER_UNREACHABLE');
      await check(page, 'chip-01-no-companion');

      // the companion is started; the reader is empty
      await page.evaluate((url) => localStorage.setItem('openmitid-reader-url', url), reader.url);
      backend.inner.remove();
      await readChip.click();
      await expect.poll(() => errorCode(page)).toBe('READER_NO_CARD');
      expect(await page.locator('.reader-status').textContent()).toBe('Paslæser: OpenMitID virtual reader');
      await check(page, 'chip-02-no-card');

      // another person's passport on the reader: its chip refuses the key typed for Anna
      const choose = page.getByLabel('Demo-pas på læseren');
      // labelled with the names in each chip's MRZ (DG1)
      expect(await choose.locator('option').allTextContents()).toEqual(live.people.map((p, i) => `${i + 1}. ${parseMrz(p.mrz).givenNames} ${parseMrz(p.mrz).surname}`));
      await choose.selectOption('2');
      await readChip.click();
      await expect.poll(() => errorCode(page)).toBe('CHIP_ACCESS_DENIED');
      await check(page, 'chip-03-wrong-passport');

      // Anna's passport, lifted off the reader part-way through
      await choose.selectOption('1');
      const removeAt = backend.apdus + 12;
      backend.beforeApdu = (n) => {
        if (n === removeAt) backend.inner.remove();
      };
      await readChip.click();
      await expect.poll(() => errorCode(page)).toBe('READER_CARD_REMOVED');
      await check(page, 'chip-04-removed');

      // and read whole: held once part-way so the progress can be seen and checked
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holdAt = backend.apdus + 14;
      backend.beforeApdu = (n) => (n === holdAt ? held : undefined);
      await page.evaluate(() => {
        const heard: string[] = [];
        (window as unknown as { heard: string[] }).heard = heard;
        new MutationObserver(() => {
          const text = document.querySelector('.chip-progress [role=status]')?.textContent;
          if (text && heard.at(-1) !== text) heard.push(text);
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      const chipAnswer = page.waitForResponse((r) => r.url().endsWith('/chip') && r.request().method() === 'POST');
      await readChip.click();
      await expect.poll(() => page.locator('progress').count()).toBe(1);
      await expect.poll(() => backend.apdus).toBe(holdAt);
      expect(Number(await page.locator('progress').getAttribute('value'))).toBeGreaterThan(0);
      expect(await page.locator('progress').getAttribute('aria-labelledby')).toBeTruthy();
      await check(page, 'chip-05-reading');
      release();

      const answer = await chipAnswer;
      expect(answer.status()).toBe(200);
      expect((await answer.json()).state).toBe('chip_verified');
      await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('face-intro');
      await check(page, 'chip-06-verified');
      const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
      expect(heard[0]).toBe('0 % af chippen er aflæst');
      expect(heard).toContain('75 % af chippen er aflæst');
      expect(pageErrors).toEqual([]);
    } finally {
      backend.beforeApdu = undefined;
      await context.close();
    }
  }, 180_000);
});
