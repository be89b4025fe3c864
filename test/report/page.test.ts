// report.html, sweep.html and compare.html in a real headless browser (Debian's chromium through playwright-core; no browser
// download): no console error, no network request, every chart a non-empty SVG, and a
// screenshot kept in test/artifacts/ for a person to look at.

import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { convsim } from '../cli/spawn.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test/artifacts');

/** .ci/run installs Debian's chromium; a machine without it says so rather than passing silently. */
function needBrowser(ctx: { skip: () => void }): void {
  if (existsSync(CHROMIUM)) return;
  console.log(`skipped: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  ctx.skip();
}

describe('report.html in a headless browser', () => {
  it('renders every chart as SVG, with no console error and no request', { timeout: 120_000 }, async (ctx) => {
    needBrowser(ctx);
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-page-'));
    expect(convsim(['report', 'scenarios/traffic-support-desk.json', '--replications', '3', '--out', out]).code).toBe(0);
    const file = path.join(out, 'traffic-support-desk', 'report.html');
    await inBrowser(file, 'report.png', async (page) => {
      const charts = await page.$$eval('figure > svg', (svgs) => svgs.map((s) => ({ marks: s.querySelectorAll('path, rect, line').length, width: s.getBoundingClientRect().width })));
      expect(charts).toHaveLength(4);
      for (const c of charts) {
        expect(c.marks).toBeGreaterThan(10);
        expect(c.width).toBeGreaterThan(300);
      }
      expect(await page.locator('ul.answer li').count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator('li.pass').count()).toBe(3);
    });
  });
});

/** Opens a page in the browser; fails on any console error or request; keeps a screenshot. */
async function inBrowser(file: string, screenshot: string, check: (page: Page) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await check(page);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, screenshot), fullPage: true });
    console.log(`screenshot: ${path.join(ARTIFACTS, screenshot)}`);
  } finally {
    await browser.close();
  }
}

describe('sweep.html and compare.html in a headless browser', () => {
  const scenario = (closed: string, name: string) => ({
    name,
    start: '2026-01-05T00:00:00Z',
    until: 'P1D',
    seed: 5,
    account: { defaultTimers: { inactive: 'PT30M', closed } },
    traffic: { arrivals: [{ duration: 'P1D', ratePerHour: 40 }], agents: { count: 4 }, customers: { count: 5_000 }, messages: { perVisit: 3, gap: 'PT2M' }, interval: 'PT1H' },
    expect: { 'open.mean': '< 150' },
  });

  it('sweep.html: the heat map with an interval on every cell, a line chart per dimension, the tables', { timeout: 120_000 }, async (ctx) => {
    needBrowser(ctx);
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-sweep-page-'));
    writeFileSync(path.join(dir, 'desk.json'), JSON.stringify(scenario('PT6H', 'desk')));
    const r = convsim(['sweep', 'desk.json', '--set', 'account.defaultTimers.closed=PT1H,PT2H,PT4H', '--set', 'traffic.arrivals[0].ratePerHour=20,40,60', '--replications', '3', '--warmup', 'PT6H', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    await inBrowser(path.join(dir, 'out/desk/sweep.html'), 'sweep.png', async (page) => {
      const charts = await page.$$eval('figure > svg', (svgs) => svgs.map((s) => ({ marks: s.querySelectorAll('path, rect, line').length, width: s.getBoundingClientRect().width, titles: [...s.querySelectorAll('title')].map((t) => t.textContent ?? '') })));
      expect(charts).toHaveLength(3);
      for (const c of charts) expect(c.marks).toBeGreaterThan(9);
      // Every heat-map cell (and its label) carries its interval as a hover title.
      const heat = charts[0]!.titles;
      expect(heat).toHaveLength(18);
      expect(heat[0]).toMatch(/^account\.defaultTimers\.closed=PT1H, traffic\.arrivals\[0\]\.ratePerHour=20: [\d.]+ \(95% interval [\d.]+ to [\d.]+\)$/);
      expect(await page.locator('td.pass').count()).toBeGreaterThan(0);
      expect(await page.locator('td.fail').count()).toBeGreaterThan(0);
      expect(await page.locator('tr.significant').count()).toBeGreaterThan(0);
    });
  });

  it('compare.html: sentences for what changed, the thresholds, every figure', { timeout: 120_000 }, async (ctx) => {
    needBrowser(ctx);
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-compare-page-'));
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify(scenario('PT2H', 'base')));
    writeFileSync(path.join(dir, 'proposal.json'), JSON.stringify(scenario('PT6H', 'proposal')));
    expect(convsim(['compare', 'base.json', 'proposal.json', '--replications', '3', '--warmup', 'PT6H', '--out', 'out'], dir).code).toBe(3);
    await inBrowser(path.join(dir, 'out/base-vs-proposal/compare.html'), 'compare.png', async (page) => {
      expect(await page.locator('h1').textContent()).toBe('base vs proposal');
      expect(await page.locator('li.pass').count()).toBe(1);
      expect(await page.locator('li.fail').count()).toBe(1);
      expect(await page.locator('tr.significant').count()).toBeGreaterThan(5);
    });
  });
});
