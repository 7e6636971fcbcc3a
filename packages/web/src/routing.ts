/**
 * The page's routes, kept in the URL fragment so one static index.html serves every page
 * (the server and `vite preview` need no rewrite rules, and relative asset paths hold):
 *
 *   #/                  enrolment, ending in activation (the seed's flow)
 *   #/login/<uid>       the OpenID Connect login interaction <uid>
 *   #/app[/<page>]      the activated app: approvals, copy to another device, self-service
 *   #/activation/<id>[/<choice>]  an activation flow, after the method choice or resumed (a reload, a hand-off QR)
 *   #/activation/copy   the new device of "Kopier fra anden MitID app"
 */
import { useEffect, useState } from 'react';

export type ActivationChoice = 'this-phone' | 'other-device' | 'token';
const CHOICES: readonly string[] = ['this-phone', 'other-device', 'token'] satisfies ActivationChoice[];

export type Route =
  | { name: 'enrolment' }
  | { name: 'login'; uid: string }
  | { name: 'device'; page: string }
  | { name: 'activation'; flowId: string; choice?: ActivationChoice };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const [head, ...rest] = path.split('/');
  if (head === 'login' && rest[0] && /^[A-Za-z0-9_-]{1,128}$/.test(rest[0])) return { name: 'login', uid: rest[0] };
  if (head === 'app') return { name: 'device', page: rest.join('/') };
  if (head === 'activation' && rest[0] && /^[A-Za-z0-9_-]{4,64}$/.test(rest[0])) {
    const choice = rest[1];
    return choice && CHOICES.includes(choice) ? { name: 'activation', flowId: rest[0], choice: choice as ActivationChoice } : { name: 'activation', flowId: rest[0] };
  }
  return { name: 'enrolment' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'login':
      return `#/login/${route.uid}`;
    case 'device':
      return route.page ? `#/app/${route.page}` : '#/app';
    case 'activation':
      return route.choice ? `#/activation/${route.flowId}/${route.choice}` : `#/activation/${route.flowId}`;
    default:
      return '#/';
  }
}

/** The current route, following hash changes. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(globalThis.location?.hash ?? ''));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(globalThis.location.hash));
    globalThis.addEventListener('hashchange', onChange);
    return () => globalThis.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
