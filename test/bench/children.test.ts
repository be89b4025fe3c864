// The bench's child processes (src/bench/whole-run.ts, hold-model.ts, steady.ts): the whole run
// one times in a process of its own must be the very run this process makes of the scenario, a
// bad scenario must fail loudly, the hold model must print its times, and the steady-state child
// must time the same events as this process.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTraffic } from '../../src/run/traffic.js';
import { parseScenario } from '../../src/scenario/validate.js';
import { steady, type SteadyResult } from '../../src/bench/steady.js';

const CHILD = path.resolve('dist/bench/whole-run.js');

function child(request: unknown): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CHILD], { input: JSON.stringify(request), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bench whole-run child', () => {
  const text = readFileSync('scenarios/traffic-support-desk.json', 'utf8');
  const v = parseScenario('traffic-support-desk.json', text);
  if (!v.ok || v.scenario.kind !== 'traffic') throw new Error('the support desk is a traffic scenario');
  const here = runTraffic(v.scenario, { trace: undefined });

  it.each([true, false])('runs the scenario as this process does (look ahead %s) and prints what it did', (lookAhead) => {
    const r = child({ name: 'traffic-support-desk.json', text, lookAhead });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { ms: number; events: number; created: number; peakOpen: number };
    expect(out).toEqual({ ms: out.ms, events: here.events, created: here.final.created, peakOpen: here.peaks.open, warmUpsMs: [] });
    expect(out.ms).toBeGreaterThan(0);
  });

  it('with warmUps, runs the scenario that many times first and then times one more, which does the same', () => {
    const r = child({ name: 'traffic-support-desk.json', text, lookAhead: true, warmUps: 2 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { ms: number; warmUpsMs: number[] };
    expect(out).toEqual({ ms: out.ms, events: here.events, created: here.final.created, peakOpen: here.peaks.open, warmUpsMs: [expect.any(Number), expect.any(Number)] });
    expect(Math.min(out.ms, ...out.warmUpsMs)).toBeGreaterThan(0);
  });

  it('exits 2 with the scenario problems on stderr for an invalid scenario', () => {
    const r = child({ name: 'bad.json', text: '{"name": "bad"}', lookAhead: true });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^bad\.json: start: missing/m);
  });

  it('exits 2 for a scenario without traffic', () => {
    const script = readFileSync('scenarios/errors.json', 'utf8');
    const r = child({ name: 'errors.json', text: script, lookAhead: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('errors.json: not a traffic scenario\n');
  });
});

describe('bench report-overhead child', () => {
  const OVERHEAD = path.resolve('dist/bench/report-overhead.js');
  const desk = JSON.stringify({ name: 'traffic-support-desk.json', text: readFileSync('scenarios/traffic-support-desk.json', 'utf8') });
  const overhead = (args: string[], input: string): { status: number | null; stdout: string; stderr: string } => spawnSync(process.execPath, [OVERHEAD, ...args], { input, encoding: 'utf8' });

  it('prints one ratio per pair (time with statistics over time without) as JSON', () => {
    const r = overhead(['2'], desk);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ratios = JSON.parse(r.stdout) as number[];
    expect(ratios).toHaveLength(2);
    for (const x of ratios) expect(x).toBeGreaterThan(0);
  });

  it.each([[['0']], [['x']], [[]], [['2', '3']]])('exits 2 with its usage for %j', (args) => {
    const r = overhead(args, desk);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('usage: node report-overhead.js PAIRS < {"name", "text"} (a traffic scenario)\n');
  });

  it('exits 2 with the problems for an invalid scenario, and for one without traffic', () => {
    const bad = overhead(['1'], JSON.stringify({ name: 'bad.json', text: '{"name": "bad"}' }));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.json: start: missing/m);
    const script = overhead(['1'], JSON.stringify({ name: 'errors.json', text: readFileSync('scenarios/errors.json', 'utf8') }));
    expect(script.status).toBe(2);
    expect(script.stderr).toBe('errors.json: not a traffic scenario\n');
  });
});

describe('bench hold-model child', () => {
  it('times the hold model ITERATIONS times and prints the milliseconds as JSON', () => {
    const r = spawnSync(process.execPath, [path.resolve('dist/bench/hold-model.js'), '1000', '3', '2'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ms = JSON.parse(r.stdout) as number[];
    expect(ms).toHaveLength(2);
    for (const x of ms) expect(x).toBeGreaterThan(0);
  });
});

describe('bench steady-state child', () => {
  const STEADY = path.resolve('dist/bench/steady.js');

  it.each(['simulation', 'baseline'] as const)('times the %s as this process does and prints the median, the events and the queues as JSON', async (what) => {
    const r = spawnSync(process.execPath, [STEADY, what, '2000', '1', '2'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as SteadyResult;
    const here = await steady(what, 2_000, 1, 1);
    expect(out.events).toBe(here.events);
    expect(out.events).toBeGreaterThan(10_000);
    expect(out.queue).toEqual(here.queue);
    if (what === 'simulation') expect(out.queue.pending).toBeGreaterThan(0);
    expect(out.seconds).toBeGreaterThan(0);
  });

  it.each([[['simulation', '2000', '1']], [['traffic', '2000', '1', '1']], [['simulation', '0', '1', '1']], [['baseline', '2000', 'x', '1']]])('exits 2 with its usage for %j', (args) => {
    const r = spawnSync(process.execPath, [STEADY, ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('usage: node steady.js simulation|baseline LIVE WINDOW_DAYS ITERATIONS\n');
  });
});
