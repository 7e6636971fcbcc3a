/**
 * What the activation browser tests share: a demo person of the live system enrolled to the
 * end through the device SDK in Node, an
 * activation flow started for it, and a page opened on that flow ('#/activation/<id>…', the
 * same resume the web app offers after a reload). Also the axe + screenshot check every
 * screen gets.
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { decodeQr } from '../../src/activation/qr.js';
import { mrzKeyFromMrz, parseMrz, readChipDump, readChipPrivateKey, VirtualChip } from '@openmitid/mrtd';
import { ActivationClient, EnrolmentClient, MemoryKeyStore } from '@openmitid/app';
import { axeViolations, screenshot } from '../support/browser.js';
import type { LiveSystem } from '../support/live-system.js';

export interface EnrolledPerson {
  enrolmentFlowId: string;
  identityId: string;
  phone: string;
  userId: string;
}

/** Enrols the live system's demo person `index` (0–3) with `phone` and `userId`, all steps real (face step: the development bypass). */
export async function enrolDemoPerson(live: LiveSystem, index: number, phone: string, userId: string): Promise<EnrolledPerson> {
  const seeded = live.people[index];
  if (!seeded) throw new Error(`no demo person ${index}`);
  const aaPrivateKey = await readChipPrivateKey(seeded.chipDir);
  const chip = new VirtualChip({ files: await readChipDump(seeded.chipDir), mrzKey: mrzKeyFromMrz(parseMrz(seeded.mrz)), ...(aaPrivateKey ? { aaPrivateKey } : {}) });
  const client = await EnrolmentClient.start({ baseUrl: live.baseUrl });
  await client.acceptTerms();
  await client.chooseCountry('DK');
  await client.scanMrz(seeded.mrz);
  await client.readChip(chip);
  await client.submitFace([], 'bypass');
  await client.chooseUserId(userId);
  await client.sendPhoneCode(phone);
  const done = await client.verifyPhoneCode(await live.lastSmsCode(phone));
  expect(done.state).toBe('completed');
  return { enrolmentFlowId: done.id, identityId: done.identityId ?? '', phone, userId };
}

/** "Hvordan vil du godkende med MitID?" reached: the activation flow of a completed enrolment (state `started`). */
export async function startActivationFlow(live: LiveSystem, person: EnrolledPerson): Promise<string> {
  const a = await ActivationClient.start({ baseUrl: live.baseUrl, keys: new MemoryKeyStore() }, person.enrolmentFlowId);
  return a.flow.id;
}

/** No serious/critical axe finding on the screen showing now, and its screenshot in test-artifacts/web/. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

/** Waits for the activation screen `screen` (the data-screen attribute of the activation pages). */
export async function onScreen(page: Page, screen: string): Promise<void> {
  await page.locator(`[data-screen="${screen}"]`).waitFor({ timeout: 30_000 });
}

/** The activation flow as the server has it. */
export async function serverFlow(live: LiveSystem, flowId: string) {
  return (await ActivationClient.resume({ baseUrl: live.baseUrl, keys: new MemoryKeyStore() }, flowId)).flow;
}

/**
 * The app path from the temporary PIN screen to the end, on `page` (the browser has no
 * platform authenticator, so biometrics is only explained; notifications: "Ikke nu").
 * `shots`: a name prefix for the temporary PIN, biometrics and done screens' checks, or a
 * function called on every screen of the path with its name.
 */
export async function finishAppPath(page: Page, live: LiveSystem, phone: string, pin: string, shots?: string | ((screen: string) => Promise<void>)): Promise<void> {
  const every = typeof shots === 'function';
  const shot = async (screen: string, always: boolean) => {
    if (typeof shots === 'function') await shots(screen);
    else if (shots && always) await checkScreen(page, `${shots}-${screen}`);
  };
  await onScreen(page, 'temp-pin');
  await shot('temp-pin', true);
  await page.getByRole('textbox', { name: 'Midlertidig PIN-kode' }).fill(await live.lastSmsCode(phone));
  await page.getByRole('button', { name: 'Næste' }).click();
  await onScreen(page, 'pin-intro');
  if (every) await shot('pin-intro', false);
  await page.getByRole('button', { name: 'Næste' }).click();
  await onScreen(page, 'pin');
  await page.locator('#pin').fill(pin);
  if (every) await shot('pin', false);
  await page.getByRole('button', { name: 'Næste' }).click();
  await onScreen(page, 'pin-repeat');
  await page.locator('#pin-repeat').fill(pin);
  if (every) await shot('pin-repeat', false);
  await page.getByRole('button', { name: 'Næste' }).click();
  await onScreen(page, 'biometrics');
  await page.getByText('Denne enhed har ikke fingeraftryk eller ansigtsgenkendelse', { exact: false }).waitFor();
  await shot('biometrics-unavailable', true);
  await page.getByRole('button', { name: 'Næste' }).click();
  await onScreen(page, 'notifications');
  if (every) await shot('notifications', false);
  await page.getByRole('button', { name: 'Ikke nu' }).click();
  await onScreen(page, 'app-done');
  await shot('done', true);
}

/** The text a camera reads off a QR drawn on the page (a screenshot of the element, decoded). */
export async function readQrOnScreen(qr: Locator): Promise<string | undefined> {
  const { data, info } = await sharp(await qr.screenshot()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return decodeQr({ data: new Uint8ClampedArray(data), width: info.width, height: info.height });
}
