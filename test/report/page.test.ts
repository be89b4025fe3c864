// report.html in a real headless browser (Debian's chromium through playwright-core; no browser
// download): no console error, no network request, every chart a non-empty SVG, and a
// screenshot kept in test/artifacts/ for a person to look at.

import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { convsim } from '../cli/spawn.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test/artifacts');

describe('report.html in a headless browser', () => {
  it('renders every chart as SVG, with no console error and no request', { timeout: 120_000 }, async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      // .ci/run installs Debian's chromium; a machine without it says so rather than passing silently.
      console.log(`skipped: no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
      ctx.skip();
    }
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-page-'));
    expect(convsim(['report', 'scenarios/traffic-support-desk.json', '--replications', '3', '--out', out]).code).toBe(0);
    const file = path.join(out, 'traffic-support-desk', 'report.html');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
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
      const charts = await page.$$eval('figure > svg', (svgs) => svgs.map((s) => ({ marks: s.querySelectorAll('path, rect, line').length, width: s.getBoundingClientRect().width })));
      expect(charts).toHaveLength(4);
      for (const c of charts) {
        expect(c.marks).toBeGreaterThan(10);
        expect(c.width).toBeGreaterThan(300);
      }
      expect(await page.locator('ul.answer li').count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator('li.pass').count()).toBe(3);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
      console.log(`screenshot: ${path.join(ARTIFACTS, 'report.png')}`);
    } finally {
      await browser.close();
    }
  });
});
