/**
 * Which requests the service worker answers, and how. Only the built shell (the files
 * listed at build time) is ever cached; everything else, the API above all, goes to the
 * network untouched, so no server answer is ever kept on the device.
 */
export type ShellDecision = 'cache-first' | 'network-then-shell' | 'pass-through';

export function shellDecision(
  request: { url: string; method: string; mode: string },
  scope: string,
  precache: readonly string[],
): ShellDecision {
  if (request.method !== 'GET') return 'pass-through';
  const url = new URL(request.url);
  const base = new URL(scope);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return 'pass-through';
  // ignore query and fragment: the shell's files are content-hashed or the page itself
  const path = url.pathname;
  if (precache.some((entry) => new URL(entry, base).pathname === path)) return 'cache-first';
  // a page load that is not a shell file (e.g. a deep link) gets the shell when offline
  if (request.mode === 'navigate' && !isApiPath(path.slice(base.pathname.length - 1))) return 'network-then-shell';
  return 'pass-through';
}

/** The server's API and protocol paths: never answered from the shell. */
export function isApiPath(path: string): boolean {
  return /^\/(v1|oidc|interaction|\.well-known)(\/|$)/.test(path);
}
