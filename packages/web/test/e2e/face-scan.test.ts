/**
 * "Scan dit ansigt" end to end: Chromium's fake camera films photos of one person from
 * ../shared/fixtures/faces (a .y4m made by camera-video.ts), the built web app finds the face with
 * human's BlazeFace on the tfjs WASM backend (model and WASM from the app's own origin), guides,
 * walks the server's liveness challenge and sends the frames to the real server with the real face
 * verifier, which compares them with the chip photo.
 *
 * The video is made as packages/server/test/face-liveness.test.ts makes its frames (face-support's
 * placeDetected): p04/img17 frontal at rest, closer and further away; p04/img61 (head turned) and
 * its mirror image as the two head turns; it loops through them, so whichever step the screen asks
 * for comes round. Like that test, the server's head-turn threshold is lowered to 0.12 rad (the
 * fixtures' largest turn is ≈ 0.17 rad), and since no fixture looks up or down, the test server
 * draws its (random) challenges from the four steps the photos can act out.
 *
 * The flow is brought to "chip verified" by the device SDK with the seeded person's virtual
 * passport (the chip screens are tested elsewhere); the page's "start" answer is that flow (a
 * Playwright route), and every later call of the page goes to the real server unchanged.
 *
 * What this shows: a real pass against a JPEG 2000 chip photo of the same person (p04/img16), the
 * refusal FACE_NO_MATCH with the attempts left against another person's chip photo (p05), the
 * last attempt ending the flow, "Jeg er klar" staying disabled on a scene with no face, the
 * guidance texts (closer, further, face the camera, more light), a challenge running out before
 * the steps are done (no attempt used), and the demo bypass said on screen. axe on every state;
 * screenshots in test-artifacts/web/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { EnrolmentFlowView } from '@openmitid/api';
import { decodeDg1, mrzKeyFromMrz, parseMrz, readChipDump, readChipPrivateKey, VirtualChip } from '@openmitid/mrtd';
import { EnrolmentClient } from '@openmitid/app/enrolment';
import { axeViolations, launchChromium, screenshot } from '../support/browser.js';
import { writeCameraVideo } from '../support/camera-video.js';
import { startLiveSystem, type LiveSystem } from '../support/live-system.js';
import type { LivenessStep } from '../../../server/src/proofing/face/port.js';
import { ACTABLE, faceScenes, fixtureFaceVerifier, holderChipPhoto, strangerChipPhoto } from '../support/face-fixture.js';

const LONG = { timeout: 120_000, interval: 250 };

let dir: string;
let checked: LiveSystem;
/** the same, with the shortest challenge lifetime the server allows (15 s) */
let hurried: LiveSystem;
let bypassed: LiveSystem;
let faceBrowser: Browser;
let emptyBrowser: Browser;
let stillBrowser: Browser;
const foreignRequests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openmitid-face-scan-'));
  const { rest, scenes: acted } = await faceScenes();
  const scenes = [
    ...acted,
    // the rest picture in a dim room: found, but too dark to match
    { image: new Uint8Array(await sharp(rest).linear(0.4, 0).jpeg({ quality: 90 }).toBuffer()), seconds: 1.5 },
  ];
  const faceVideo = await writeCameraVideo(join(dir, 'face.y4m'), scenes, { width: 640, height: 480, fps: 10 });
  // a wall with some texture and no one in front of it
  const wall = new Uint8Array(64 * 48 * 4).map((_, i) => (i % 4 === 3 ? 255 : 90 + ((i * 37) % 60)));
  // someone who faces the camera and never moves
  const stillVideo = await writeCameraVideo(join(dir, 'still.y4m'), [{ image: rest, seconds: 2 }], { width: 640, height: 480, fps: 10 });
  const emptyVideo = await writeCameraVideo(join(dir, 'empty.y4m'), [{ image: { width: 64, height: 48, data: wall }, seconds: 2, fit: 'fill' }], { width: 640, height: 480, fps: 10 });

  const holder = await holderChipPhoto();
  const stranger = await strangerChipPhoto();
  const face = await fixtureFaceVerifier();
  checked = await startLiveSystem({ config: { faceMaxAttempts: 2 }, overrides: { face }, photo: (_person, i) => (i === 1 ? stranger : holder) });
  hurried = await startLiveSystem({ config: { faceChallengeTtlSeconds: 15 }, overrides: { face }, photo: () => holder });
  bypassed = await startLiveSystem();
  faceBrowser = await launchChromium({ cameraVideo: faceVideo.path });
  emptyBrowser = await launchChromium({ cameraVideo: emptyVideo.path });
  stillBrowser = await launchChromium({ cameraVideo: stillVideo.path });
}, 300_000);

afterAll(async () => {
  await faceBrowser?.close();
  await emptyBrowser?.close();
  await stillBrowser?.close();
  await checked?.close();
  await hurried?.close();
  await bypassed?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A real flow of seeded person `index`, at "chip verified" (terms, country, MRZ and chip done by the SDK). */
async function flowAtFace(system: LiveSystem, index: number): Promise<EnrolmentFlowView> {
  const person = system.people[index]!;
  const files = await readChipDump(person.chipDir);
  const aaPrivateKey = await readChipPrivateKey(person.chipDir);
  const lines = decodeDg1(files.get('DG1')!).lines;
  const client = await EnrolmentClient.start({ baseUrl: system.baseUrl });
  await client.acceptTerms();
  await client.chooseCountry('DK');
  await client.scanMrz(person.mrz);
  await client.readChip(new VirtualChip({ files, mrzKey: mrzKeyFromMrz(parseMrz(lines)), ...(aaPrivateKey ? { aaPrivateKey } : {}) }));
  expect(client.flow.state).toBe('chip_verified');
  return client.flow;
}

/** A page whose enrolment "start" continues `flow`; it walks to the camera screen. */
async function pageAtCamera(browser: Browser, system: LiveSystem, flow: EnrolmentFlowView): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => foreignRequests.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(system.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreignRequests.push(r.url());
  });
  await page.route(`${system.baseUrl}/v1/enrolment`, (route) =>
    route.request().method() === 'POST' ? route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify(flow) }) : route.continue(),
  );
  await page.goto(system.baseUrl);
  await page.getByRole('button', { name: 'Kom i gang' }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('face-intro');
  await check(page, 'face-01-intro');
  await page.getByRole('button', { name: 'Næste' }).click();
  await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('face-capture');
  return page;
}

async function check(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

const camera = (page: Page) => page.locator('.face-camera');
const readyButton = (page: Page) => page.getByRole('button', { name: 'Jeg er klar' });

/** Presses "Jeg er klar" once it is enabled (again, if the face moved out of place just before the press). */
async function pressReady(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      if ((await camera(page).getAttribute('data-phase')) !== 'position') return true;
      if ((await readyButton(page).getAttribute('aria-disabled')) === 'false') await readyButton(page).click({ timeout: 2_000 }).catch(() => undefined);
      return false;
    }, LONG)
    .toBe(true);
}

describe('face scan in Chromium', () => {
  it('keeps "Jeg er klar" disabled while no face is in the picture', { timeout: 180_000 }, async () => {
    const page = await pageAtCamera(emptyBrowser, checked, await flowAtFace(checked, 0));
    try {
      // ten analysed frames, none with a face
      await expect.poll(async () => Number(await camera(page).getAttribute('data-analysed')), LONG).toBeGreaterThanOrEqual(10);
      expect(await camera(page).getAttribute('data-check')).toBe('real');
      expect(await camera(page).getAttribute('data-guidance')).toBe('no-face');
      expect(await page.getByRole('status').filter({ hasText: 'Vi kan ikke se dit ansigt.' }).count()).toBe(1);
      expect(await readyButton(page).getAttribute('aria-disabled')).toBe('true');
      // pressed anyway: nothing starts
      await readyButton(page).click({ force: true });
      expect(await page.locator('main').getAttribute('data-screen')).toBe('face-capture');
      expect(await camera(page).getAttribute('data-phase')).toBe('position');
      await check(page, 'face-02-no-face');
    } finally {
      await page.context().close();
    }
  });

  it('guides, runs the liveness challenge and passes against the chip photo of the same person', { timeout: 300_000 }, async () => {
    const flow = await flowAtFace(checked, 0);
    const page = await pageAtCamera(faceBrowser, checked, flow);
    try {
      await expect.poll(() => camera(page).getAttribute('data-guidance'), LONG).toBe('ok');
      expect(await readyButton(page).getAttribute('aria-disabled')).toBe('false');
      await check(page, 'face-03-placed');
      // the guidance also told the face to move or find light (the loop shows it too close, too far, turned away, in the dark)
      const seen = new Set<string>();
      const texts = new Set<string>();
      await expect
        .poll(async () => {
          seen.add((await camera(page).getAttribute('data-guidance')) ?? '');
          texts.add((await page.locator('.face-guidance').textContent()) ?? '');
          return (
            ['move-closer', 'move-further', 'centre', 'more-light'].every((g) => seen.has(g)) &&
            ['Ryk tættere på.', 'Ryk længere væk.', 'Gå et andet sted hen for at få bedre belysning på dit ansigt.'].every((x) => texts.has(x))
          );
        }, LONG)
        .toBe(true);

      await pressReady(page);
      await expect.poll(() => camera(page).getAttribute('data-phase'), LONG).toBe('step');
      const prompt = await camera(page).getAttribute('data-prompt');
      expect(ACTABLE.has(prompt as LivenessStep)).toBe(true);
      await check(page, 'face-04-challenge-step');

      await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 240_000, interval: 100 }).toBe('verifying');
      await check(page, 'face-05-verifying');
      await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 240_000, interval: 500 }).toBe('overview');
      expect(await page.locator('li.step-done').count()).toBe(3);
      await check(page, 'face-06-verified');
      const after = await (await fetch(`${checked.baseUrl}/v1/enrolment/${flow.id}`)).json();
      expect(after).toMatchObject({ state: 'face_verified' });
      const records = await checked.server.services.db.selectFrom('face_proofings').select(['passed', 'code', 'score', 'threshold']).where('flow_id', '=', flow.id).execute();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ passed: 1, code: null });
      expect(records[0]!.score).toBeGreaterThanOrEqual(records[0]!.threshold);
    } finally {
      await page.context().close();
    }
  });

  it('refuses another person with the reason and the attempts left, and the last attempt ends the flow', { timeout: 600_000 }, async () => {
    const page = await pageAtCamera(faceBrowser, checked, await flowAtFace(checked, 1));
    try {
      for (const attempt of [1, 2]) {
        await pressReady(page);
        await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 240_000, interval: 100 }).toBe('verifying');
        if (attempt === 1) {
          await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 240_000, interval: 500 }).toBe('face-capture');
          expect(await page.getByRole('alert').getAttribute('data-error-code')).toBe('FACE_REJECTED');
          const details = page.locator('.face-rejection');
          expect(await details.getAttribute('data-reason')).toBe('FACE_NO_MATCH');
          expect(await details.getAttribute('data-attempts-left')).toBe('1');
          expect(await details.textContent()).toContain('Du har 1 forsøg tilbage.');
          await check(page, 'face-07-rejected');
        }
      }
      // the server ended the flow: the page starts over at the welcome screen and says why
      await expect.poll(() => page.locator('main').getAttribute('data-screen'), { timeout: 240_000, interval: 500 }).toBe('welcome');
      expect(await page.getByRole('alert').getAttribute('data-error-code')).toBe('FACE_ATTEMPTS_EXHAUSTED');
      await check(page, 'face-08-attempts-exhausted');
    } finally {
      await page.context().close();
    }
  });

  it('gives up when the challenge runs out before the steps are done, without using an attempt', { timeout: 180_000 }, async () => {
    const flow = await flowAtFace(hurried, 0);
    const page = await pageAtCamera(stillBrowser, hurried, flow);
    try {
      await pressReady(page);
      await expect.poll(() => camera(page).getAttribute('data-phase'), LONG).toBe('step');
      await expect.poll(() => page.getByRole('alert').getAttribute('data-error-code'), LONG).toBe('FACE_CHALLENGE_EXPIRED');
      expect(await camera(page).getAttribute('data-phase')).toBe('position');
      expect(await page.getByRole('alert').textContent()).toContain('Tiden til ansigtsscanningen er gået. Prøv igen.');
      await check(page, 'face-10-challenge-expired');
      const records = await hurried.server.services.db.selectFrom('face_proofings').select('id').where('flow_id', '=', flow.id).execute();
      expect(records).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('demo: says the face check is bypassed while the camera guidance still runs', { timeout: 180_000 }, async () => {
    const page = await pageAtCamera(faceBrowser, bypassed, await flowAtFace(bypassed, 0));
    try {
      await expect.poll(() => camera(page).getAttribute('data-check'), LONG).toBe('bypass');
      expect(await page.locator('[data-face-bypass]').textContent()).toContain('Demo: ansigtstjekket springes over.');
      await expect.poll(() => camera(page).getAttribute('data-guidance'), LONG).toBe('ok');
      await check(page, 'face-09-demo-bypass');
      await expect.poll(() => readyButton(page).getAttribute('aria-disabled'), LONG).toBe('false');
      await readyButton(page).click();
      await expect.poll(() => page.locator('main').getAttribute('data-screen'), LONG).toBe('overview');
      expect(await page.locator('li.step-done').count()).toBe(3);
    } finally {
      await page.context().close();
    }
  });

  it('loads nothing from outside the app origin', () => {
    expect(foreignRequests).toEqual([]);
  });
});
