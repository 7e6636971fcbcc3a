import { it } from 'vitest';
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../src/node/web-dist.js';
import { fakeEnrolmentApi } from '../support/fake-enrolment-api.js';
import { serveBuiltApp } from '../support/static-server.js';
import { AxeBuilder } from '@axe-core/playwright';

it('debug', async () => {
  let t = performance.now();
  const lap = (l: string) => { const n = performance.now(); console.log(l, Math.round(n - t)); t = n; };
  const outDir = await mkdtemp(join(tmpdir(), 'owd-'));
  await buildWeb({ outDir, silent: true }); lap('build');
  const server = await serveBuiltApp(outDir, fakeEnrolmentApi());
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  lap('launch');
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => console.log('console', m.text()));
  await page.goto(server.baseUrl); lap('goto');
  
  await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze(); lap('axe2');
  await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze(); lap('axe3');
  const { default: axe } = await import('axe-core');
  await page.evaluate(axe.source); lap('inject');
  await page.evaluate(() => (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then((r: any) => r.violations.length)); lap('run1');
  await page.evaluate(() => (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then((r: any) => r.violations.length)); lap('run2');
  console.log(await page.evaluate(async () => { const r = await navigator.serviceWorker.getRegistrations(); return JSON.stringify({ n: r.length, sec: isSecureContext, ctl: !!navigator.serviceWorker.controller, st: r.map(x => [x.installing?.state, x.waiting?.state, x.active?.state]) }); }));
  console.log(await page.evaluate(async () => { try { const r = await navigator.serviceWorker.register('./sw.js'); return 'ok ' + r.scope; } catch (e) { return 'err ' + String(e); } }));
  console.log(await page.evaluate(() => document.querySelector('script')?.src + ' ' + document.readyState));
  await page.waitForTimeout(2000);
  console.log(await page.evaluate(async () => { const r = await navigator.serviceWorker.getRegistrations(); return JSON.stringify({ n: r.length, st: r.map(x => [x.installing?.state, x.waiting?.state, x.active?.state]) }); }));
  await browser.close(); await server.close();
}, 120000);
