/**
 * "App på en anden telefon/tablet" chosen on the enrolling device, against the live system:
 * it shows a QR (with the same link as text) that opens this activation flow on another
 * device; the other device registers its own key and goes through the temporary PIN, the
 * PIN twice, biometrics and notifications. The QR drawn on the canvas is decoded here from
 * a screenshot, so what a camera would read is checked, not only the page's attribute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { checkScreen, enrolDemoPerson, finishAppPath, onScreen, readQrOnScreen, serverFlow, startActivationFlow } from './activation-support.js';

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

describe('activation of the app on another device', () => {
  it('hands the flow over by QR; the other device activates with its own key', async () => {
    const person = await enrolDemoPerson(live, 3, '+4520000401', 'anna anden enhed');
    const flowId = await startActivationFlow(live, person);
    const enrolling = await browser.newContext();
    const other = await browser.newContext();
    try {
      const a = await enrolling.newPage();
      await a.goto(`${live.baseUrl}/#/activation/${flowId}/other-device`);
      await onScreen(a, 'handoff');
      await a.getByRole('heading', { name: 'Aktiver ny app med QR-kode' }).waitFor();
      await checkScreen(a, 'activation-handoff-01-intro');
      await a.getByRole('button', { name: 'Vis QR-kode' }).click();
      const canvas = a.locator('canvas.qr');
      await canvas.waitFor();
      await checkScreen(a, 'activation-handoff-02-qr');
      // what a camera would read off the screen
      await expect.poll(() => readQrOnScreen(canvas)).toBe(`${live.baseUrl}/#/activation/${flowId}`);
      const link = `${live.baseUrl}/#/activation/${flowId}`;
      await a.getByRole('link', { name: link }).waitFor();
      expect(await serverFlow(live, flowId)).toMatchObject({ state: 'method_chosen', method: 'other-device' });

      const b = await other.newPage();
      await b.goto(link ?? '');
      await onScreen(b, 'device-key');
      await checkScreen(b, 'activation-handoff-03-other-device');
      await b.getByRole('button', { name: 'Send PIN-kode' }).click();
      await finishAppPath(b, live, person.phone, '864209');

      const flow = await serverFlow(live, flowId);
      expect(flow).toMatchObject({ state: 'completed', method: 'other-device' });
      // the app lives on the other device: its key is there, none on the enrolling one
      const storedOn = (page: typeof a) => page.evaluate(() => new Promise<unknown>((resolve) => {
        const open = indexedDB.open('openmitid-device', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('keys');
          open.result.createObjectStore('meta');
        };
        open.onsuccess = () => {
          const r = open.result.transaction('meta').objectStore('meta').get('app');
          r.onsuccess = () => resolve((r.result as { appId?: string } | undefined)?.appId ?? null);
        };
      }));
      expect(await storedOn(b)).toBe(flow.appId);
      expect(await storedOn(a)).toBeNull();
    } finally {
      await enrolling.close();
      await other.close();
    }
  }, 180_000);
});
