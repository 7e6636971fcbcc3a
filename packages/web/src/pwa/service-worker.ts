/**
 * The service worker: caches the app shell at install and serves it offline. The list of
 * files and the cache version are written in at build time (vite.config.ts).
 */
import { shellDecision } from './shell-policy.js';

declare const __OPENMITID_PRECACHE__: string[];
declare const __OPENMITID_CACHE_VERSION__: string;

// The DOM lib has no service-worker types; these are the few members used here.
interface SwExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SwFetchEvent extends SwExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface SwPushEvent extends SwExtendableEvent {
  data: { json(): unknown } | null;
}
interface SwNotificationEvent extends SwExtendableEvent {
  notification: { close(): void; data: unknown };
}
interface SwWindowClient {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
interface SwScope {
  registration: { scope: string; showNotification(title: string, options: { body?: string; tag?: string; data?: unknown; icon?: string }): Promise<void> };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(o: { type: 'window'; includeUncontrolled?: boolean }): Promise<SwWindowClient[]>; openWindow(url: string): Promise<unknown> };
  addEventListener(type: 'install' | 'activate', listener: (event: SwExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: SwFetchEvent) => void): void;
  addEventListener(type: 'push', listener: (event: SwPushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: SwNotificationEvent) => void): void;
}

const sw = self as unknown as SwScope;
const PREFIX = 'openmitid-shell-';
const CACHE = `${PREFIX}${__OPENMITID_CACHE_VERSION__}`;
const PRECACHE = __OPENMITID_PRECACHE__;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((p) => new URL(p, sw.registration.scope).href)))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const decision = shellDecision(request, sw.registration.scope, PRECACHE);
  if (decision === 'cache-first') {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? fetch(request)));
  } else if (decision === 'network-then-shell') {
    const shell = new URL('./index.html', sw.registration.scope).href;
    event.respondWith(fetch(request).catch(() => caches.match(shell).then((hit) => hit ?? Response.error())));
  }
});

/**
 * Web Push (the subscription is made at activation, src/activation/device-features.ts): the
 * server wakes a closed app with a pending login approval ({ type: 'login-approval',
 * clientName, text, … }). The notification only says who is asking; approving happens in
 * the app ('#/app'), with the PIN and the device key.
 */
sw.addEventListener('push', (event) => {
  let payload: { type?: unknown; approvalId?: unknown; clientName?: unknown; text?: unknown } = {};
  try {
    payload = (event.data?.json() ?? {}) as typeof payload;
  } catch {
    // not JSON: show the generic notification
  }
  const title = typeof payload.clientName === 'string' ? payload.clientName : 'MitID';
  const body = typeof payload.text === 'string' ? payload.text : '';
  const tag = typeof payload.approvalId === 'string' ? payload.approvalId : 'openmitid';
  event.waitUntil(sw.registration.showNotification(title, { body, tag, icon: new URL('./icon.svg', sw.registration.scope).href }));
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL('./#/app', sw.registration.scope).href;
  event.waitUntil(
    sw.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(sw.registration.scope));
      return open ? open.navigate(target).then(() => open.focus()) : sw.clients.openWindow(target);
    }),
  );
});
