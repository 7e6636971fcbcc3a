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
interface SwScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: SwExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: SwFetchEvent) => void): void;
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
