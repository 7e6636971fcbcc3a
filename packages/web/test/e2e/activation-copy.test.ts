/**
 * "Kopier fra anden MitID app" between two browsers against the live system. The old device
 * (an app activated on its pages) proves key and PIN at '#/app/copy' and shows the live QR;
 * the new device is a second Chromium whose camera films that QR: a screenshot of the old
 * page's canvas is written as the camera's video just before the new page opens the camera,
 * so what it decodes is the frame of that second, inside the server's few seconds of
 * tolerance (the tolerance is not loosened). Then the user-ID, the temporary PIN, the PIN
 * twice, biometrics, notifications, done — and the identity has two active apps.
 *
 * The live system runs with OPENMITID_COPY_SECURITY_WAIT_SECONDS=0 (copySecurityWaitSeconds,
 * a documented setting): otherwise a copy is refused for an hour after the first activation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { writeCameraVideo } from '../support/camera-video.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { checkScreen, enrolDemoPerson, finishAppPath, onScreen, startActivationFlow } from './activation-support.js';

const VIDEO = { width: 640, height: 480, fps: 10 };

let live: LiveSystem;
let oldBrowser: Browser;
let newBrowser: Browser;
let dir: string;
let camera: string;

beforeAll(async () => {
  live = await startLiveSystem({ config: { copySecurityWaitSeconds: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'openmitid-copy-'));
  camera = join(dir, 'camera.y4m');
  // a grey picture until the QR is filmed
  await writeCameraVideo(camera, [{ image: { width: 64, height: 48, data: new Uint8Array(64 * 48 * 4).fill(128) }, seconds: 1 }], VIDEO);
  oldBrowser = await launchChromium();
  newBrowser = await launchChromium({ cameraVideo: camera });
}, 240_000);

afterAll(async () => {
  await newBrowser?.close();
  await oldBrowser?.close();
  await live?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('copy the app to another device', () => {
  it('the new device scans the old app’s live QR and becomes a second active app', async () => {
    const person = await enrolDemoPerson(live, 2, '+4520000301', 'anna kopi');
    const flowId = await startActivationFlow(live, person);
    const oldContext = await oldBrowser.newContext();
    const newContext = await newBrowser.newContext();
    const oldPage = await oldContext.newPage();
    const newPage = await newContext.newPage();
    try {
      // the old device: an activated app
      await oldPage.goto(`${live.baseUrl}/#/activation/${flowId}/this-phone`);
      await finishAppPath(oldPage, live, person.phone, '135790');

      // the new device: "Kopier fra anden MitID app"
      await newPage.goto(`${live.baseUrl}/#/activation/copy`);
      await onScreen(newPage, 'copy-intro');
      await newPage.getByRole('heading', { name: 'Kopier fra anden MitID app' }).waitFor();
      await newPage.getByRole('button', { name: 'Scan QR-kode' }).click();
      await newPage.locator('#copy-shown-error').waitFor();
      expect(await newPage.getByLabel('QR-koden er vist på den gamle app').getAttribute('aria-describedby')).toBe('copy-shown-error');
      await checkScreen(newPage, 'activation-copy-01-intro');
      await newPage.getByLabel('QR-koden er vist på den gamle app').check();

      // the old device: PIN, then the live QR
      await oldPage.goto(`${live.baseUrl}/#/app/copy`);
      await oldPage.getByRole('heading', { name: 'Aktiver ny app med QR-kode' }).waitFor();
      await checkScreen(oldPage, 'activation-copy-02-old-pin');
      await oldPage.locator('#copy-pin').fill('000000');
      await oldPage.getByRole('button', { name: 'Vis QR-kode' }).click();
      await oldPage.locator('#copy-pin-error').getByText('Forkert PIN-kode.').waitFor();
      await oldPage.locator('#copy-pin').fill('135790');
      await oldPage.getByRole('button', { name: 'Vis QR-kode' }).click();
      const qr = oldPage.locator('canvas.qr');
      await qr.waitFor();
      const first = await qr.getAttribute('data-qr');
      await expect.poll(() => qr.getAttribute('data-qr'), { timeout: 5_000 }).not.toBe(first);
      expect(await qr.getAttribute('aria-describedby')).toBe('copy-qr-instructions');
      await checkScreen(oldPage, 'activation-copy-03-old-live-qr');

      // the camera films this second's frame; the new page opens the camera right after. On a
      // machine so loaded that the frame is older than the server's tolerance when it arrives,
      // the server refuses it (COPY_QR_STALE) and the person films the live QR again, as in life.
      let status = 0;
      for (let attempt = 0; attempt < 3 && status !== 201; attempt++) {
        await writeCameraVideo(camera, [{ image: await qr.screenshot(), seconds: 1 }], VIDEO);
        const answer = newPage.waitForResponse((r) => r.url().endsWith('/v1/copy-app') && r.request().method() === 'POST');
        await newPage.getByRole('button', { name: attempt === 0 ? 'Scan QR-kode' : 'Prøv igen' }).click();
        const res = await answer;
        status = res.status();
        if (status !== 201) expect(((await res.json()) as { code: string }).code).toBe('COPY_QR_STALE');
      }
      expect(status).toBe(201);

      await onScreen(newPage, 'copy-user-id');
      await newPage.getByText('Indtast dit bruger-ID for at bekræfte din identitet.').waitFor();
      await newPage.getByRole('textbox', { name: 'Bruger-ID' }).fill('someone else');
      await newPage.getByRole('button', { name: 'Næste' }).click();
      await newPage.locator('[data-error-code="COPY_USER_ID_WRONG"]').waitFor({ state: 'attached' });
      await checkScreen(newPage, 'activation-copy-04-user-id-wrong');
      await newPage.getByRole('textbox', { name: 'Bruger-ID' }).fill('ANNA KOPI');
      await newPage.getByRole('button', { name: 'Næste' }).click();
      await finishAppPath(newPage, live, person.phone, '246801', 'activation-copy-05');

      const apps = await live.server.services.db.selectFrom('app_authenticators').select('status').where('identity_id', '=', person.identityId).execute();
      expect(apps.filter((a) => a.status === 'active')).toHaveLength(2);
    } finally {
      await oldContext.close();
      await newContext.close();
    }
  }, 240_000);
});
