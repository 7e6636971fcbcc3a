/**
 * The whole seed flow walked in one go, as a citizen would, in the built web app against the
 * real server (issue #6's acceptance test). Each Chromium is one device whose camera plays one
 * .y4m file, rewritten just before each camera use (Chromium opens the file when the page starts
 * the camera):
 *
 * - phone 1: Kom i gang → Pas/ID-kort → overview → terms → privacy → country → "Scan passets
 *   kode" filming the rendered data page of person 1's passport → the virtual passport's chip
 *   through the reader companion (`openmitid reader --virtual`, in-process) → the face scan,
 *   a REAL verification of p04 (the fixtures) against that passport's JPEG 2000 chip photo →
 *   Verificerer → user-ID (live rule feedback) → phone and the SMS code from the outbox →
 *   "Hvordan vil du godkende": På denne telefon (temporary PIN from the SMS, PIN twice,
 *   biometrics, notifications) → the app.
 * - phone 2: Kom i gang → "Kopier fra anden MitID app", its camera filming the live QR phone 1
 *   shows → user-ID → temporary PIN, PIN twice, … → the identity has two apps.
 * - the other activation paths (one identity holds one code display): three more people, on a
 *   second live system with the face bypass (their enrolment is done by the device SDK, as
 *   activation-support.ts does), each choosing "Kodeviser, kodeoplæser eller chip" on the method
 *   screen: a code display (PSKC in stock, TOTP computed here), a code reader ordered, a chip
 *   (Chromium's virtual security key).
 * - a login at the demo service provider (phone 2's browser, another profile): user-ID → MitID
 *   app → live QR, which phone 1's app films, PIN, approve → the service shows the claims.
 *
 * Every screen: axe-core finds no serious or critical violation; a screenshot
 * test-artifacts/web/walk-NN-<screen>.png. No page error on any page.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { secureRandom } from '@openmitid/mrtd';
import { codeAt, createSoftwareToken, importPskcFile } from '../../../server/src/authenticators/code-display/index.js';
import { VirtualBackend } from '../../../cli/src/reader/virtual-backend.js';
import { startReaderServer, type ReaderServer } from '../../../cli/src/reader/channel-server.js';
import { launchChromium } from '../support/browser.js';
import { writeCameraVideo, type CameraScene, type CameraVideoOptions } from '../support/camera-video.js';
import { faceScenes, fixtureFaceVerifier, holderChipPhoto } from '../support/face-fixture.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import { PASSPORT_VIDEO, passportScenes } from '../support/passport-camera.js';
import { checkScreen, enrolDemoPerson, finishAppPath, onScreen, readQrOnScreen, serverFlow, startActivationFlow } from './activation-support.js';
import { startDemoLogin } from './login-support.js';

const SMALL = { width: 640, height: 480, fps: 10 };
const LONG = { timeout: 120_000, interval: 250 };
const PHONE = '+4520000001';
const USER_ID = 'Anna.Walk';
const PIN = '135790';

let live: LiveSystem;
/** the people of the other activation paths, with the face bypass (their enrolment runs in the SDK) */
let tokens: LiveSystem;
let backend: VirtualBackend;
let reader: ReaderServer;
let dir: string;
let camera1: string;
let camera2: string;
let faces: CameraScene[];
let passport: CameraScene[];
let phone1: Browser;
let phone2: Browser;
let device1: BrowserContext;
let app1: Page;
const pageErrors: string[] = [];
let shot = 0;

/** axe (no serious/critical) and the screenshot walk-NN-<name>.png of the screen showing now. */
async function walk(page: Page, name: string): Promise<void> {
  await checkScreen(page, `walk-${String(++shot).padStart(2, '0')}-${name}`);
}

const screenOf = (page: Page) => page.locator('main').getAttribute('data-screen');
async function atScreen(page: Page, screen: string): Promise<void> {
  await expect.poll(() => screenOf(page), LONG).toBe(screen);
}

/** A page whose errors are collected. */
async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** From now on the camera of the Chromium playing `file` shows `scenes`. */
async function cameraShows(file: string, scenes: CameraScene[], size: CameraVideoOptions = SMALL): Promise<void> {
  await writeCameraVideo(file, scenes, { ...size, background: { r: 255, g: 255, b: 255 } });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openmitid-walk-'));
  const holder = await holderChipPhoto();
  live = await startLiveSystem({
    // a copy right after the first activation (otherwise refused for an hour, a documented setting)
    config: { copySecurityWaitSeconds: 0 },
    overrides: { face: await fixtureFaceVerifier() },
    photo: () => holder,
    serviceProvider: true,
  });
  tokens = await startLiveSystem();
  backend = await VirtualBackend.fromDirs(live.people.map((p) => p.chipDir));
  reader = await startReaderServer({ backend, origins: [live.baseUrl], port: 0 });
  passport = await passportScenes(live.people[0]!.mrz);
  faces = (await faceScenes()).scenes;
  camera1 = join(dir, 'phone1.y4m');
  camera2 = join(dir, 'phone2.y4m');
  const blank: CameraScene[] = [{ image: { width: 2, height: 2, data: new Uint8Array(16).fill(200) }, seconds: 1, fit: 'fill' }];
  await cameraShows(camera1, blank);
  await cameraShows(camera2, blank);
  phone1 = await launchChromium({ cameraVideo: camera1 });
  phone2 = await launchChromium({ cameraVideo: camera2 });
  device1 = await phone1.newContext({ viewport: { width: 412, height: 915 }, permissions: ['camera'] });
  await device1.addInitScript((url) => localStorage.setItem('openmitid-reader-url', url), reader.url);
  app1 = await newPage(device1);
}, 300_000);

afterAll(async () => {
  await phone2?.close();
  await phone1?.close();
  await reader?.close();
  await backend?.close();
  await tokens?.close();
  await live?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the seed flow walked in one go', () => {
  it('enrols person 1 on phone 1: passport by camera, chip, real face check, user-ID, phone, and activates the app there', async () => {
    const page = app1;
    await page.goto(live.baseUrl);
    await atScreen(page, 'welcome');
    await walk(page, 'welcome');
    await page.getByRole('button', { name: 'Kom i gang' }).click();
    await atScreen(page, 'document');
    await walk(page, 'document');
    await page.getByRole('radio', { name: 'Pas/ID-kort' }).check();
    await page.getByRole('button', { name: 'Næste' }).click();
    for (const screen of ['overview', 'terms', 'privacy']) {
      await atScreen(page, screen);
      await walk(page, screen);
      await page.getByRole('button', { name: 'Næste' }).click();
    }
    await atScreen(page, 'country');
    await page.getByRole('radio', { name: 'Danmark' }).check();
    await walk(page, 'country');
    await page.getByRole('button', { name: 'Næste' }).click();

    // "Scan passets kode": the camera films person 1's passport data page
    await atScreen(page, 'mrz-scan');
    await walk(page, 'mrz-intro');
    await cameraShows(camera1, passport, PASSPORT_VIDEO);
    await page.getByRole('button', { name: 'Scan koden' }).click();
    await expect.poll(() => page.locator('video.mrz-video').evaluate((v: HTMLVideoElement) => v.videoWidth), LONG).toBe(PASSPORT_VIDEO.width);
    await walk(page, 'mrz-camera');
    await expect.poll(() => page.locator('.mrz-check').count(), { timeout: 150_000, interval: 500 }).toBe(1);
    expect(await page.locator('pre.mrz-lines').textContent()).toBe(live.people[0]!.mrz.join('\n'));
    await walk(page, 'mrz-read');
    await page.getByRole('button', { name: 'Næste' }).click();

    // the chip of the same passport, through the reader companion
    await atScreen(page, 'chip');
    await walk(page, 'chip');
    const choose = page.getByLabel('Demo-pas på læseren');
    if (await choose.count()) await choose.selectOption('1');
    const chipAnswer = page.waitForResponse((r) => r.url().endsWith('/chip') && r.request().method() === 'POST', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Aflæs chip' }).click();
    expect((await (await chipAnswer).json()).state).toBe('chip_verified');

    // the face: the real verifier compares the filmed p04 with the chip's photo
    await atScreen(page, 'face-intro');
    await walk(page, 'face-intro');
    await cameraShows(camera1, faces);
    await page.getByRole('button', { name: 'Næste' }).click();
    await atScreen(page, 'face-capture');
    const faceCamera = page.locator('.face-camera');
    await expect.poll(() => faceCamera.getAttribute('data-guidance'), LONG).toBe('ok');
    expect(await faceCamera.getAttribute('data-check')).toBe('real');
    await walk(page, 'face-capture');
    const ready = page.getByRole('button', { name: 'Jeg er klar' });
    // pressed once enabled (again if the face moved out of place just before the press)
    await expect
      .poll(async () => {
        if ((await faceCamera.getAttribute('data-phase').catch(() => null)) !== 'position') return true;
        if ((await ready.getAttribute('aria-disabled')) === 'false') await ready.click({ timeout: 2_000 }).catch(() => undefined);
        return false;
      }, LONG)
      .toBe(true);
    // the liveness challenge: the screen asks for a step the video acts out
    await expect.poll(() => faceCamera.getAttribute('data-phase'), LONG).toBe('step');
    await walk(page, 'face-challenge');
    await expect.poll(() => screenOf(page), { timeout: 240_000, interval: 100 }).toBe('verifying');
    await walk(page, 'verifying');
    await expect.poll(() => screenOf(page), { timeout: 240_000, interval: 500 }).toBe('overview');
    expect(await page.locator('li.step-done').count()).toBe(3);
    await walk(page, 'overview-verified');
    const proofings = await live.server.services.db.selectFrom('face_proofings').select(['passed']).execute();
    expect(proofings).toEqual([{ passed: 1 }]);
    await page.getByRole('button', { name: 'Næste' }).click();

    // the user-ID, with the rules said while typing
    await atScreen(page, 'user-id');
    const userId = page.getByLabel('Bruger-ID', { exact: true });
    await userId.fill('ab');
    expect(await page.locator('[data-rule=length]').getAttribute('data-met')).toBe('false');
    await walk(page, 'user-id-rules');
    await userId.fill(USER_ID);
    await expect.poll(() => page.locator('#user-id-availability').getAttribute('data-availability')).toBe('available');
    expect(await page.locator('[data-met=false]').count()).toBe(0);
    await walk(page, 'user-id');
    await page.getByRole('button', { name: 'Næste' }).click();

    // the phone number and the code the outbox holds
    await atScreen(page, 'phone');
    await page.getByLabel('Mobilnummer', { exact: true }).fill('20 00 00 01');
    await walk(page, 'phone');
    await page.getByRole('button', { name: 'Send kode' }).click();
    await atScreen(page, 'phone-code');
    await page.getByLabel('Valideringskode', { exact: true }).fill(await live.lastSmsCode(PHONE));
    await walk(page, 'phone-code');
    await page.getByRole('button', { name: 'Næste' }).click();

    // "Hvordan vil du godkende med MitID?": on this phone
    await atScreen(page, 'method');
    await page.getByRole('radio', { name: 'På denne telefon' }).check();
    await walk(page, 'method');
    await page.getByRole('button', { name: 'Næste' }).click();
    await finishAppPath(page, live, PHONE, PIN, (screen) => walk(page, `app-${screen}`));
    await page.getByRole('link', { name: 'OK' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/app');
    await expect.poll(() => page.locator('h1').textContent()).toBe('MitID');
    await walk(page, 'app-home');

    const identity = await live.server.services.db.selectFrom('app_authenticators').select(['identity_id', 'status']).execute();
    expect(identity).toEqual([{ identity_id: expect.any(String), status: 'active' }]);
  }, 420_000);

  it('copies the app to phone 2, whose camera films the live QR phone 1 shows', async () => {
    const device2 = await phone2.newContext({ viewport: { width: 412, height: 915 }, permissions: ['camera'] });
    const page = await newPage(device2);
    await page.goto(live.baseUrl);
    await page.getByRole('button', { name: 'Kom i gang' }).click();
    await atScreen(page, 'document');
    await page.getByRole('radio', { name: 'Kopier fra anden MitID app' }).check();
    await walk(page, 'copy-document');
    await page.getByRole('button', { name: 'Næste' }).click();
    await onScreen(page, 'copy-intro');
    await page.getByLabel('QR-koden er vist på den gamle app').check();
    await walk(page, 'copy-intro');

    // phone 1: "Aktiver MitID app på en anden telefon/tablet", PIN, the live QR
    await app1.getByRole('link', { name: 'Aktiver MitID app på en anden telefon/tablet' }).click();
    await app1.getByRole('heading', { name: 'Aktiver ny app med QR-kode' }).waitFor();
    await app1.locator('#copy-pin').fill(PIN);
    await walk(app1, 'copy-old-pin');
    await app1.getByRole('button', { name: 'Vis QR-kode' }).click();
    const qr = app1.locator('canvas.qr');
    await qr.waitFor();
    await walk(app1, 'copy-old-qr');

    // the frame of this second before phone 2's camera; on a machine so loaded that it is older
    // than the server's tolerance when it arrives (COPY_QR_STALE), it is filmed again, as in life
    let status = 0;
    for (let attempt = 0; attempt < 3 && status !== 201; attempt++) {
      await cameraShows(camera2, [{ image: await qr.screenshot(), seconds: 1 }]);
      const answer = page.waitForResponse((r) => r.url().endsWith('/v1/copy-app') && r.request().method() === 'POST', { timeout: 60_000 });
      await page.getByRole('button', { name: attempt === 0 ? 'Scan QR-kode' : 'Prøv igen' }).click();
      const res = await answer;
      status = res.status();
      if (status !== 201) expect(((await res.json()) as { code: string }).code).toBe('COPY_QR_STALE');
    }
    expect(status).toBe(201);

    await onScreen(page, 'copy-user-id');
    await page.getByRole('textbox', { name: 'Bruger-ID' }).fill(USER_ID);
    await walk(page, 'copy-user-id');
    await page.getByRole('button', { name: 'Næste' }).click();
    await finishAppPath(page, live, PHONE, '246801', (screen) => walk(page, `copy-${screen}`));

    const apps = await live.server.services.db.selectFrom('app_authenticators').select('status').execute();
    expect(apps.filter((a) => a.status === 'active')).toHaveLength(2);
    await device2.close();
    // phone 1 back at its home screen
    await app1.goto(`${live.baseUrl}/#/app`);
  }, 240_000);

  it('walks the other activation paths for four more people, each from the method screen: another device, code display, code reader, chip', async () => {
    const context = await phone2.newContext({ viewport: { width: 412, height: 915 } });

    // "App på en anden telefon/tablet": the QR on the enrolling device opens the flow on the other one
    {
      const person = await enrolDemoPerson(tokens, 0, '+4520000100', 'alf anden enhed');
      const flowId = await startActivationFlow(tokens, person);
      const page = await newPage(context);
      await page.goto(`${tokens.baseUrl}/#/activation/${flowId}`);
      await onScreen(page, 'method');
      await page.getByRole('radio', { name: 'App på en anden telefon/tablet' }).check();
      await walk(page, 'other-device-method');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'handoff');
      await walk(page, 'other-device-handoff');
      await page.getByRole('button', { name: 'Vis QR-kode' }).click();
      const canvas = page.locator('canvas.qr');
      await canvas.waitFor();
      await walk(page, 'other-device-qr');
      // what a camera reads from the QR as drawn
      await expect.poll(() => readQrOnScreen(canvas)).toBe(`${tokens.baseUrl}/#/activation/${flowId}`);
      const link = `${tokens.baseUrl}/#/activation/${flowId}`;
      const otherContext = await phone2.newContext({ viewport: { width: 412, height: 915 } });
      const other = await newPage(otherContext);
      await other.goto(link ?? '');
      await onScreen(other, 'device-key');
      await walk(other, 'other-device-key');
      await other.getByRole('button', { name: 'Send PIN-kode' }).click();
      await finishAppPath(other, tokens, person.phone, '864209', (screen) => walk(other, `other-device-${screen}`));
      expect(await serverFlow(tokens, flowId)).toMatchObject({ state: 'completed', method: 'other-device' });
      await otherContext.close();
    }

    const cdp = async (page: Page) => {
      const session = await context.newCDPSession(page);
      await session.send('WebAuthn.enable');
      await session.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
    };
    /** person `index` of the token system enrolled, on the method screen with "Kodeviser, kodeoplæser eller chip" chosen */
    const atTokenKind = async (index: number, userId: string, name: string, securityKey = false): Promise<{ page: Page; flowId: string; identityId: string }> => {
      const person = await enrolDemoPerson(tokens, index, `+452000010${index}`, userId);
      const flowId = await startActivationFlow(tokens, person);
      const page = await newPage(context);
      if (securityKey) await cdp(page);
      await page.goto(`${tokens.baseUrl}/#/activation/${flowId}`);
      await onScreen(page, 'method');
      await page.getByRole('radio', { name: 'Kodeviser, kodeoplæser eller chip' }).check();
      await walk(page, `${name}-method`);
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'token-kind');
      return { page, flowId, identityId: person.identityId };
    };

    // a code display from the maker's PSKC file in stock
    const s = tokens.server.services;
    const psk = new Uint8Array(randomBytes(32));
    const token = createSoftwareToken(secureRandom, { preSharedKey: psk });
    await importPskcFile({ db: s.db, pii: s.pii, random: secureRandom }, token.pskcXml, { kind: 'code-display', now: s.clock.now(), preSharedKey: psk });
    {
      const { page, flowId } = await atTokenKind(1, 'bo kodeviser', 'code-display');
      await page.getByLabel('Vælg kodeviser').check();
      await walk(page, 'code-display-kind');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'token-have');
      await walk(page, 'code-display-have');
      await page.getByRole('button', { name: 'Ja, aktivér' }).click();
      await onScreen(page, 'token-intro');
      await walk(page, 'code-display-intro');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'password');
      await page.locator('#password').fill('Grøn tekop 2026!');
      await page.locator('#password-repeat').fill('Grøn tekop 2026!');
      await walk(page, 'code-display-password');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'serial');
      await page.getByRole('textbox', { name: 'Serienummer' }).fill(token.serial);
      await walk(page, 'code-display-serial');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'token-code');
      await page.getByRole('textbox', { name: 'Engangskode' }).fill(codeAt(token.secret, s.clock.now()));
      await walk(page, 'code-display-code');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'token-done');
      await walk(page, 'code-display-done');
      expect(await serverFlow(tokens, flowId)).toMatchObject({ state: 'completed', method: 'code-display' });
    }

    // a code reader, ordered
    {
      const { page, flowId } = await atTokenKind(2, 'cai kodeoplaeser', 'code-reader');
      await page.getByLabel('Vælg kodeoplæser').check();
      await walk(page, 'code-reader-kind');
      await page.getByRole('button', { name: 'Næste' }).click();
      await page.getByRole('heading', { name: 'Har du en kodeoplæser?' }).waitFor();
      await walk(page, 'code-reader-have');
      await page.getByRole('button', { name: 'Nej, bestil' }).click();
      await onScreen(page, 'order-address');
      await page.getByRole('textbox', { name: 'Navn' }).fill('Cai Jensen');
      await page.getByRole('textbox', { name: 'Adresse' }).fill('Nørregade 1');
      await page.getByRole('textbox', { name: 'Postnummer' }).fill('1165');
      await page.getByRole('textbox', { name: 'By' }).fill('København K');
      await walk(page, 'code-reader-address');
      await page.getByRole('button', { name: 'Bestil' }).click();
      await onScreen(page, 'order-done');
      await walk(page, 'code-reader-ordered');
      expect(await serverFlow(tokens, flowId)).toMatchObject({ state: 'token_ordered', method: 'code-reader' });
    }

    // a chip (Chromium's virtual security key)
    {
      const { page, flowId, identityId } = await atTokenKind(3, 'dea chip', 'chip', true);
      await page.getByLabel('Vælg chip').check();
      await walk(page, 'chip-kind');
      await page.getByRole('button', { name: 'Næste' }).click();
      await onScreen(page, 'chip');
      await page.locator('#password').fill('Grøn tekop 2026!');
      await page.locator('#password-repeat').fill('Grøn tekop 2026!');
      await walk(page, 'chip-password');
      await page.getByRole('button', { name: 'Aktiver chip' }).click();
      await onScreen(page, 'token-done');
      await walk(page, 'chip-done');
      expect(await serverFlow(tokens, flowId)).toMatchObject({ state: 'completed', method: 'chip' });
      const keys = await tokens.server.services.db.selectFrom('fido_credentials').select('status').where('identity_id', '=', identityId).execute();
      expect(keys).toEqual([{ status: 'active' }]);
    }
    await context.close();
  }, 240_000);

  it('logs in at the demo service provider, approved in the app on phone 1', async () => {
    const context = await phone2.newContext();
    const login = await newPage(context);
    await startDemoLogin(login, live);
    await expect.poll(() => login.locator('h1').textContent()).toBe('Log på med MitID');
    await login.getByLabel('Bruger-ID').fill(USER_ID);
    await walk(login, 'login-user-id');
    await login.getByRole('button', { name: 'Fortsæt' }).click();
    await expect.poll(() => login.locator('h1').textContent()).toBe('Hvordan vil du godkende?');
    await walk(login, 'login-methods');
    await login.getByRole('button', { name: 'MitID app' }).click();
    const qr = login.getByRole('img', { name: /QR-kode til MitID appen/ });
    await qr.waitFor();
    await walk(login, 'login-app-qr');

    // phone 1: the request arrives, the camera films the login page's QR of this second, the PIN
    const request = app1.getByRole('button', { name: 'Anmodning fra Demo service' });
    await request.waitFor({ timeout: 30_000 });
    await walk(app1, 'app-request');
    await request.click();
    await expect.poll(() => app1.locator('h1').textContent()).toBe('Godkend login');
    await walk(app1, 'app-review');
    // the QR of this second; on a machine so loaded that the frame is older than the server's
    // tolerance when it arrives, the app keeps looking: the person goes back and films it again
    const pin = app1.getByLabel('PIN-kode');
    for (let attempt = 0; ; attempt++) {
      await cameraShows(camera1, [{ image: await qr.screenshot(), seconds: 1 }]);
      await app1.getByRole('button', { name: 'Scan QR-kode' }).click();
      const scanned = await pin.waitFor({ timeout: 20_000 }).then(() => true, () => false);
      if (scanned) break;
      expect(attempt, 'the app never took the login page QR code').toBeLessThan(2);
      await app1.goto(`${live.baseUrl}/#/app`);
      await request.click();
    }
    await pin.fill(PIN);
    await walk(app1, 'app-pin');
    await app1.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => app1.locator('h1').textContent(), { timeout: 30_000 }).toBe('Godkendt');
    await walk(app1, 'app-approved');

    await login.waitForURL(/\/callback\?/, { timeout: 30_000 });
    await expect.poll(() => login.locator('h1').textContent()).toBe('Logged in');
    const claims = (await login.locator('table').textContent()) ?? '';
    expect(claims.toLowerCase()).toContain('anna marie jensen');
    expect(claims).toContain('1980-01-01');
    expect(claims).toContain('"https://data.gov.dk/concept/core/nsis/Substantial"');
    expect(claims).toContain('["code_app"]');
    await walk(login, 'login-back-at-service');
    await context.close();
  }, 180_000);

  it('had no error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
