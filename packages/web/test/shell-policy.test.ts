import { describe, expect, it } from 'vitest';
import { isApiPath, shellDecision } from '../src/pwa/shell-policy.js';

const precache = ['./', './index.html', './assets/index-abc.js', './manifest.webmanifest'];
const get = (url: string, mode = 'no-cors') => ({ url, method: 'GET', mode });

describe('service worker shell policy', () => {
  it('answers the built shell files from the cache', () => {
    const scope = 'http://127.0.0.1:8080/';
    expect(shellDecision(get('http://127.0.0.1:8080/assets/index-abc.js'), scope, precache)).toBe('cache-first');
    expect(shellDecision(get('http://127.0.0.1:8080/', 'navigate'), scope, precache)).toBe('cache-first');
    expect(shellDecision(get('http://127.0.0.1:8080/index.html?x=1'), scope, precache)).toBe('cache-first');
  });

  it('never caches or serves API answers', () => {
    const scope = 'http://127.0.0.1:8080/';
    for (const path of ['/v1/enrolment', '/v1/enrolment/abc/terms', '/oidc/auth', '/interaction/x', '/.well-known/openid-configuration']) {
      expect(shellDecision(get(`http://127.0.0.1:8080${path}`), scope, precache), path).toBe('pass-through');
      expect(shellDecision(get(`http://127.0.0.1:8080${path}`, 'navigate'), scope, precache), path).toBe('pass-through');
    }
    expect(shellDecision({ url: 'http://127.0.0.1:8080/index.html', method: 'POST', mode: 'cors' }, scope, precache)).toBe('pass-through');
  });

  it('passes other origins and paths outside its scope through', () => {
    const scope = 'http://127.0.0.1:8080/app/';
    expect(shellDecision(get('http://example.org/app/index.html'), scope, precache)).toBe('pass-through');
    expect(shellDecision(get('http://127.0.0.1:8080/index.html'), scope, precache)).toBe('pass-through');
    expect(shellDecision(get('http://127.0.0.1:8080/app/index.html'), scope, precache)).toBe('cache-first');
    expect(shellDecision(get('http://127.0.0.1:8080/app/somewhere', 'navigate'), scope, precache)).toBe('network-then-shell');
    expect(shellDecision(get('http://127.0.0.1:8080/app/v1/enrolment', 'navigate'), scope, precache)).toBe('pass-through');
    expect(shellDecision(get('http://127.0.0.1:8080/app/other.js'), scope, precache)).toBe('pass-through');
  });

  it('knows the API paths', () => {
    expect(isApiPath('/v1')).toBe(true);
    expect(isApiPath('/v10')).toBe(false);
    expect(isApiPath('/assets/v1.js')).toBe(false);
  });
});
