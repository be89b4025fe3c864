// convsim compare: common random numbers, paired differences, verdicts for both sides.

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairFigures } from '../../src/report/comparison.js';
import { figures } from '../../src/report/figures.js';
import { runReplication } from '../../src/run/replication.js';
import { convsim } from '../cli/spawn.js';
import { scenarioOf } from '../traffic/arbitraries.js';

const desk = (closed: string, name = 'desk') =>
  scenarioOf({
    name,
    start: '2026-01-05T00:00:00Z',
    until: 'P3D',
    seed: 5,
    account: { defaultTimers: { inactive: 'PT30M', closed } },
    traffic: {
      arrivals: [{ duration: 'P3D', ratePerHour: 40 }],
      agents: { count: 4, assignment: 'random' },
      customers: { count: 5_000 },
      messages: { perVisit: { type: 'geometric', mean: 4 }, gap: { type: 'exponential', mean: 'PT2M' } },
      interval: 'PT1H',
    },
  });

function side(closed: string, seed: number, n: number) {
  const s = { ...desk(closed), seed };
  return figures(Array.from({ length: n }, (_, i) => runReplication(s, i + 1, 86_400)), 0.95);
}

describe('common random numbers', () => {
  it('the same configuration twice: every difference is exactly zero', () => {
    const a = side('PT6H', 5, 5);
    const b = side('PT6H', 5, 5);
    for (const p of pairFigures(a, b, 0.95)) {
      if (p.difference === undefined) continue;
      expect([p.name, p.difference.low, p.difference.high]).toEqual([p.name, 0, 0]);
      expect(p.significant).toBe(false);
    }
  });

  it('paired intervals are narrower than unpaired ones, and find the change', () => {
    const a = side('PT6H', 5, 10);
    const b = side('PT8H', 5, 10);
    const p = pairFigures(a, b, 0.95).find((x) => x.name === 'open.mean')!;
    const unpaired = Math.hypot(p.base!.halfWidth, p.proposal!.halfWidth);
    expect(p.difference!.halfWidth).toBeLessThan(unpaired / 2);
    expect(p.significant).toBe(true);
    // Two more hours closed at 40 an hour: about 80 more open.
    expect(p.difference!.mean).toBeGreaterThan(60);
    expect(p.difference!.mean).toBeLessThan(100);
  });
});

describe('the command', () => {
  it('writes compare.html, .json and .csv, runs the proposal on the base seeds, and exits 3 when a threshold fails', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-compare-'));
    const json = (closed: string, name: string, seed: number) => ({
      name,
      start: '2026-01-05T00:00:00Z',
      until: 'P2D',
      seed,
      account: { defaultTimers: { inactive: 'PT30M', closed } },
      traffic: { arrivals: [{ duration: 'P2D', ratePerHour: 40 }], agents: { count: 4 }, customers: { count: 5_000 }, messages: { perVisit: 3, gap: 'PT2M' }, interval: 'PT1H' },
      expect: { 'open.mean': '< 300' },
    });
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify(json('PT6H', 'base', 1)));
    writeFileSync(path.join(dir, 'proposal.json'), JSON.stringify(json('P1D', 'proposal', 999)));
    const r = convsim(['compare', 'base.json', 'proposal.json', '--replications', '3', '--warmup', 'PT12H', '--out', 'out'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('expect open.mean < 300 (base): PASS');
    expect(r.stdout).toContain('expect open.mean < 300 (proposal): FAIL');
    expect(readdirSync(path.join(dir, 'out/base-vs-proposal')).sort()).toEqual(['compare.csv', 'compare.html', 'compare.json', 'run.json']);
    const c = JSON.parse(readFileSync(path.join(dir, 'out/base-vs-proposal/compare.json'), 'utf8'));
    expect(c.seed).toBe(1);
    expect(c.figures['open.mean'].significant).toBe(true);
    expect(readFileSync(path.join(dir, 'out/base-vs-proposal/compare.html'), 'utf8')).toContain('<h1>base vs proposal</h1>');
  });
});
