/**
 * What the login and self-service browser tests share: an identity in the live system's
 * database, an app activated for it whose key lives in a browser's IndexedDB (as
 * activation/device-store.ts keeps it), and a login started at the demo service provider.
 *
 * The app is activated on the server through its engines (the enrolment needs a passport
 * chip the browser cannot read yet). Its key pair is made in Node, extractable only so it can
 * be handed to the browser, where it is imported NON-extractable; the PIN is registered with
 * the SDK's OPAQUE client and default key stretching, as the browser app runs it.
 */
import { webcrypto } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DEVICE_SIGNATURE_PURPOSES } from '@openmitid/api';
import { finishPinRegistration, signChallenge, startPinRegistration } from '@openmitid/app';
import { insertIdentity } from '../../../server/test/login-approval-support.js';
import { enginesOf } from '../../../server/src/flows/activation/engines.js';
import type { LiveSystem } from '../support/live-system.js';

export const PIN = '482916';

/** An identity with the user-ID `userId`; returns its id. */
export async function seedIdentity(sys: LiveSystem, id: string, userId: string): Promise<string> {
  const { db, pii, clock } = sys.server.services;
  await insertIdentity(db, pii, id, userId, clock.now());
  return id;
}

/**
 * An active app for `identityId` with `pin`, its key stored in the browser of `page` (which
 * must be on the web app's origin). Returns the app id.
 */
export async function activateAppInBrowser(sys: LiveSystem, page: Page, identityId: string, pin = PIN): Promise<string> {
  const s = sys.server.services;
  const e = (await enginesOf(s)).app;
  const now = s.clock.now();
  const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  const app = await e.apps.register({ identityId, publicKeySpki: spki, now });
  const start = await startPinRegistration(pin);
  const response = await e.pins.registrationResponse(app.id, start.registrationRequest);
  const { registrationRecord } = await finishPinRegistration(start, pin, response, {});
  await e.pins.setPin(app.id, registrationRecord, now);
  const challenge = new Uint8Array(webcrypto.getRandomValues(new Uint8Array(32)));
  const signature = await signChallenge(pair.privateKey, DEVICE_SIGNATURE_PURPOSES.register, challenge);
  await e.apps.activate({ appId: app.id, challenge, signature, biometrics: false, pushSubscription: null, now });

  const privateJwk = await webcrypto.subtle.exportKey('jwk', pair.privateKey);
  const publicJwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  // the device store's layout: database openmitid-device v1, stores `keys` and `meta` (record `app`)
  await page.evaluate(
    async ({ privateJwk, publicJwk, appId, activatedAt }) => {
      const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
      const privateKey = await crypto.subtle.importKey('jwk', privateJwk, algorithm, false, ['sign']);
      const publicKey = await crypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('openmitid-device', 1);
        open.onupgradeneeded = () => {
          if (!open.result.objectStoreNames.contains('keys')) open.result.createObjectStore('keys');
          if (!open.result.objectStoreNames.contains('meta')) open.result.createObjectStore('meta');
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const keyId = `e2e:${appId}`;
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['keys', 'meta'], 'readwrite');
        tx.objectStore('keys').put({ privateKey, publicKey }, keyId);
        tx.objectStore('meta').put({ appId, keyId, activatedAt, biometrics: false, notifications: false }, 'app');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { privateJwk, publicJwk, appId: app.id, activatedAt: now.toISOString() },
  );
  return app.id;
}

/** Opens the demo service provider and follows "Log in with OpenMitID" to the login page; returns its uid. */
export async function startDemoLogin(page: Page, sys: LiveSystem): Promise<string> {
  const sp = sys.serviceProvider;
  if (!sp) throw new Error('start the live system with serviceProvider: true');
  await page.goto(sp.url);
  await page.getByRole('link', { name: 'Log in with OpenMitID' }).click();
  await page.waitForURL(/#\/login\/[A-Za-z0-9_-]+$/);
  return /#\/login\/([A-Za-z0-9_-]+)$/.exec(page.url())![1]!;
}
