/**
 * The composition root of the PWA: the real clock, the HTTP transport against the server
 * that served this page (or the one named in <meta name="openmitid-api">), the service worker.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { HttpTransport } from './enrolment/http-transport.js';
import { registerServiceWorker } from './pwa/register-sw.js';
import './styles.css';

function apiBaseUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="openmitid-api"]')?.content;
  return meta && meta.length > 0 ? meta : window.location.origin;
}

const demo = document.querySelector<HTMLMetaElement>('meta[name="openmitid-demo"]')?.content !== 'false';
const transport = new HttpTransport({ baseUrl: apiBaseUrl(), ...(demo ? { faceBypassNonce: 'bypass' } : {}) });
// The one place the real clock is read; everything below takes `now`.
const now = () => new Date();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App transport={transport} now={now} demo={demo} apiBaseUrl={apiBaseUrl()} />
    </StrictMode>,
  );
}

// MODE, not PROD: PROD follows NODE_ENV, which a build started from tests sets to 'test'
if (import.meta.env.MODE === 'production') registerServiceWorker();
