/**
 * Wakes a closed app with a Web Push message (RFC 8030, payload encrypted per RFC 8291,
 * VAPID per RFC 8292, all by the `web-push` library) carrying the pending approval. The
 * library builds the request; it is sent with fetch, so the push service's answer is ours to
 * read and a subscription the push service says is gone (404/410) can be dropped.
 */
import webpush from 'web-push';
import type { PendingApproval } from '@openmitid/api';
import type { AppAuthenticatorEngines } from '../../authenticators/app/index.js';

export interface VapidKeys {
  /** base64url uncompressed P-256 public key (what the app subscribes with) */
  publicKey: string;
  /** base64url 32-byte private key */
  privateKey: string;
  /** mailto: or https: contact of the operator */
  subject: string;
}

interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

function isSubscription(v: unknown): v is Subscription {
  const s = v as Partial<Subscription> | null;
  return (
    typeof s === 'object' && s !== null && typeof s.endpoint === 'string' && /^https?:\/\//.test(s.endpoint) &&
    typeof s.keys?.p256dh === 'string' && typeof s.keys.auth === 'string'
  );
}

export interface PushResult {
  sent: number;
  failed: number;
}

/** A notifier for createApprovals' `notify`: one message to each active app of the identity with a subscription. */
export function createWebPushNotifier(deps: { apps: () => Promise<AppAuthenticatorEngines>; vapid: VapidKeys; ttlSeconds?: number; fetch?: typeof fetch }) {
  const send = deps.fetch ?? fetch;
  return async (identityId: string, event: PendingApproval): Promise<PushResult> => {
    const apps = (await (await deps.apps()).apps.list(identityId)).filter((a) => a.status === 'active' && isSubscription(a.pushSubscription));
    let sent = 0;
    let failed = 0;
    await Promise.all(
      apps.map(async (a) => {
        try {
          const r = webpush.generateRequestDetails(a.pushSubscription as Subscription, JSON.stringify({ type: 'login-approval', ...event }), {
            vapidDetails: deps.vapid,
            // no use delivering it after the request expired
            TTL: deps.ttlSeconds ?? 120,
            urgency: 'high',
          });
          const res = await send(r.endpoint, { method: r.method, headers: r.headers as Record<string, string>, ...(r.body ? { body: new Uint8Array(r.body) } : {}) });
          if (res.ok) sent++;
          else failed++;
        } catch {
          failed++;
        }
      }),
    );
    return { sent, failed };
  };
}

/** New VAPID keys for OPENMITID_VAPID_PUBLIC_KEY / _PRIVATE_KEY. */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}
