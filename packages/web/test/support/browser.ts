/**
 * What every browser test shares: Debian's Chromium launched headless with the flags this
 * machine needs (and, when asked, a fake camera fed from a .y4m file), the axe-core check
 * (no serious or critical WCAG 2.1 A/AA violation) and the screenshot folder.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'web');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface LaunchOptions {
  /** a .y4m file the page's camera shows (Chromium's fake capture device), looped */
  cameraVideo?: string;
  args?: string[];
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  await mkdir(ARTIFACTS, { recursive: true });
  const camera = options.cameraVideo
    ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.cameraVideo}`]
    : [];
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...camera, ...(options.args ?? [])] });
}

type Violations = { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[];
/** The serious and critical violations, one line each (id: targets). */
export const seriousViolations = (violations: Violations): string[] =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/**
 * axe-core run in the page. The engine is injected once per page (the app never reloads),
 * which keeps a check near 0.2 s where AxeBuilder's per-call injection takes 3–5 s here.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations),
    AXE_TAGS,
  );
  return seriousViolations(violations);
}

/** Saves a full-page screenshot as test-artifacts/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
