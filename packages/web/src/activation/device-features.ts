/**
 * What the browser offers the app: a platform authenticator (fingerprint/face) and Web Push.
 * The device only reports; the server records the choice (biometrics) or uses the
 * subscription (approval requests).
 */
import type { PushSubscriptionJson } from '@openmitid/app';

/** Whether a user-verifying platform authenticator (Touch ID, Windows Hello, Android fingerprint) is there. */
export async function platformAuthenticatorAvailable(): Promise<boolean> {
  try {
    const pkc = (globalThis as { PublicKeyCredential?: { isUserVerifyingPlatformAuthenticatorAvailable?: () => Promise<boolean> } }).PublicKeyCredential;
    return (await pkc?.isUserVerifyingPlatformAuthenticatorAvailable?.()) ?? false;
  } catch {
    return false;
  }
}

export type PushOutcome = { kind: 'subscribed'; subscription: NonNullable<PushSubscriptionJson> } | { kind: 'denied' } | { kind: 'unsupported' };

/** The server's Web Push (VAPID) public key, written into the page by the server; without it there is no push. */
export function vapidPublicKey(): string | undefined {
  const v = globalThis.document?.querySelector<HTMLMetaElement>('meta[name="openmitid-vapid-public-key"]')?.content;
  return v && /^[A-Za-z0-9_-]{80,100}$/.test(v) ? v : undefined;
}

function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Asks for notification permission and, when granted and the browser can push, subscribes
 * through the service worker. Permission without push (no service worker, no VAPID key, or
 * the push service unreachable) counts as unsupported: approvals still reach the open app.
 */
export async function requestPush(): Promise<PushOutcome> {
  if (typeof Notification === 'undefined') return { kind: 'unsupported' };
  let permission: NotificationPermission;
  try {
    permission = await Notification.requestPermission();
  } catch {
    return { kind: 'unsupported' };
  }
  if (permission !== 'granted') return { kind: 'denied' };
  const key = vapidPublicKey();
  if (!key || !('serviceWorker' in navigator)) return { kind: 'unsupported' };
  try {
    const registration = await navigator.serviceWorker.getRegistration();
    if (!registration?.pushManager) return { kind: 'unsupported' };
    const sub = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlBytes(key) }));
    const json = sub.toJSON();
    if (!json.endpoint || !json.keys) return { kind: 'unsupported' };
    return { kind: 'subscribed', subscription: { endpoint: json.endpoint, expirationTime: json.expirationTime ?? null, keys: json.keys } };
  } catch {
    return { kind: 'unsupported' };
  }
}
