// convsim report: replications, confidence intervals, warm-up, theory, thresholds.

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { figures } from '../../src/report/figures.js';
import { compareWithTheory } from '../../src/report/theory.js';
import { judge } from '../../src/report/verdicts.js';
import { replicationSeed, runReplication } from '../../src/run/replication.js';
import { runTraffic } from '../../src/run/traffic.js';
import { parseBound } from '../../src/scenario/report.js';
import { erlangB } from '../../src/stats/queueing.js';
import { convsim } from '../cli/spawn.js';
import { scenarioOf } from '../traffic/arbitraries.js';

/** An M/G/infinity system: Poisson arrivals, one message, open 60 s + 600 s: E[D] = 660 s. */
function mgInfinity(seed: number, ratePerHour = 360, extra: object = {}, until = 'PT6H') {
  return scenarioOf({
    name: 'mginf',
    start: '2026-01-05T00:00:00Z',
    until,
    seed,
    traffic: {
      arrivals: [{ duration: until, ratePerHour }],
      agents: { count: 10, assignment: 'random' },
      customers: { count: 1_000_000 },
      messages: { perVisit: 1, gap: 'PT1M' },
      timers: [{ inactive: 'PT1M', closed: 'PT10M' }],
      interval: 'PT10M',
      ...extra,
    },
  });
}

function report(seed: number, n: number, ratePerHour = 360, extra: object = {}) {
  const s = mgInfinity(seed, ratePerHour, extra);
  const reps = Array.from({ length: n }, (_, i) => runReplication(s, i + 1, 3_600));
  return { s, reps, figs: figures(reps, 0.95) };
}

describe('replications', () => {
  it('replication 1 is the scenario seed itself: its counts and timeseries equal convsim run', () => {
    const s = mgInfinity(42);
    const r1 = runReplication(s, 1, 0);
    const run = runTraffic(s, { trace: undefined });
    expect(r1.seed).toBe(42);
    expect(r1.intervals.map((x) => x.openAverage)).toEqual(run.intervals.map((x) => x.openAverage));
    expect(r1.totals['created']).toBe(run.totals[3]);
    expect(r1.events).toBe(run.events);
  });

  it('derives the other seeds by a documented rule', () => {
    expect([1, 2, 3].map((i) => replicationSeed(7, i))).toEqual([7, 2_654_435_776, 1_013_904_249]);
  });

  it('M/G/infinity: the 95% interval of the mean open count covers lambda E[D] in at least 88% of 50 seeds', { timeout: 120_000 }, () => {
    const expected = (360 / 3_600) * 660; // 66
    let covered = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const e = report(seed, 10).figs.find((f) => f.name === 'open.mean')!.estimate!;
      if (e.low <= expected && expected <= e.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(44);
  });

  it('the interval narrows like 1/sqrt(N): 40 replications about halve the width of 10', { timeout: 120_000 }, () => {
    let ratio = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const w10 = report(seed, 10).figs.find((f) => f.name === 'open.mean')!.estimate!.halfWidth;
      const w40 = report(seed, 40).figs.find((f) => f.name === 'open.mean')!.estimate!.halfWidth;
      ratio += w10 / w40 / 5;
    }
    // sqrt(40/10) = 2, and the t quantile shrinks a little too (2.26 against 2.02).
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.8);
  });

  it('theory: M/G/infinity mean and Little agree with the simulation and are covered', () => {
    const { s, figs } = report(3, 10);
    const theory = compareWithTheory(s, figs);
    const mg = theory.find((t) => t.model === 'M/G/infinity' && t.figure === 'open.mean')!;
    expect(mg.value).toBeCloseTo(66, 6);
    expect(mg.covered).toBe(true);
    const little = theory.find((t) => t.model === "Little's law")!;
    expect(Math.abs(little.relativeError!)).toBeLessThan(0.05);
  });

  it('theory says why it does not apply: round-robin agents for Erlang B, ramps for M/G/infinity', () => {
    const s = mgInfinity(1, 360, { agents: { count: 10 }, arrivals: [{ duration: 'PT6H', ratePerHour: 100, rampTo: 200 }] });
    const theory = compareWithTheory(s, figures([runReplication(s, 1, 0), runReplication(s, 2, 0)], 0.95));
    expect(theory.find((t) => t.model === 'M/G/infinity')!.unavailable).toBe('the arrival rate ramps (not stationary)');
    expect(theory.find((t) => t.model === 'Erlang B')!.unavailable).toBe('the arrival rate ramps (not stationary)');
    const rr = mgInfinity(1, 360, { agents: { count: 10 } });
    expect(compareWithTheory(rr, figures([runReplication(rr, 1, 0), runReplication(rr, 2, 0)], 0.95)).find((t) => t.model === 'Erlang B')!.unavailable).toBe(
      "agents are assigned round-robin (an agent's arrivals are not Poisson)",
    );
  });

  it('Erlang B: a small team driven into the 1000 limit (random assignment) refuses at the Erlang B rate', { timeout: 60_000 }, () => {
    // Two agents, each offered a = 1000 conversations: B(1000, 1000) is about 2.5%.
    const perAgentPerHour = (1_000 / 660) * 3_600;
    const s = mgInfinity(11, 2 * perAgentPerHour, { agents: { count: 2, assignment: 'random' } }, 'PT8H');
    const reps = Array.from({ length: 10 }, (_, i) => runReplication(s, i + 1, 3_600));
    const share = figures(reps, 0.95).find((f) => f.name === 'identityOpen.refusedShare')!.estimate!;
    const b = erlangB(1_000, 1_000);
    expect(b).toBeCloseTo(0.0245, 3);
    expect(share.low).toBeLessThanOrEqual(b);
    expect(share.high).toBeGreaterThanOrEqual(b);
  });
});

describe('thresholds', () => {
  const figs = (mean: number, halfWidth: number) => [
    { name: 'x', label: '', unit: 'count' as const, values: [], estimate: { mean, low: mean - halfWidth, high: mean + halfWidth, halfWidth, n: 10 } },
  ];
  const verdict = (mean: number, hw: number, bound: string) => judge(figs(mean, hw), new Map([['x', parseBound(bound)!]]))[0]!;

  it('passes when the whole interval satisfies the bound, fails when none of it does, else is inconclusive', () => {
    expect(verdict(700, 50, '< 800').verdict).toBe('pass');
    expect(verdict(900, 50, '< 800').verdict).toBe('fail');
    expect(verdict(780, 50, '< 800').verdict).toBe('inconclusive');
    expect(verdict(0, 0, '== 0').verdict).toBe('pass');
    expect(verdict(3, 1, '== 0').verdict).toBe('fail');
    expect(verdict(0.5, 1, '== 0').verdict).toBe('inconclusive');
    expect(verdict(10, 1, '>= 9').verdict).toBe('pass');
  });

  it('says how many replications would likely settle an inconclusive one', () => {
    // Half-width 50 at distance 20: (50 / 20)^2 = 6.25 times the 10 replications.
    expect(verdict(780, 50, '< 800').replicationsToSettle).toBe(64);
  });

  it('parses bounds strictly', () => {
    expect(parseBound('< 800')).toEqual({ comparison: '<', value: 800, text: '< 800' });
    expect(parseBound('<=0.01')).toEqual({ comparison: '<=', value: 0.01, text: '<=0.01' });
    for (const bad of ['800', '< ', '<< 1', '< 1 2', '~ 5', '< NaN', `< ${'9'.repeat(200)}`]) expect(parseBound(bad)).toBeUndefined();
  });
});

describe('the command', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'convsim-report-'));
  const scenario = {
    name: 'desk',
    start: '2026-01-05T00:00:00Z',
    until: 'P2D',
    seed: 3,
    account: { defaultTimers: { inactive: 'PT30M', closed: 'PT2H' } },
    traffic: {
      arrivals: [{ duration: 'P2D', ratePerHour: 30 }],
      agents: { count: 3 },
      customers: { count: 5_000, channels: { chat: 1, sms: 1 } },
      messages: { perVisit: { type: 'geometric', mean: 4 }, gap: { type: 'exponential', mean: 'PT2M' } },
      interval: 'PT1H',
    },
    expect: { 'identityOpen.peak': '< 1000', 'rejections.50214': '== 0' },
  };
  writeFileSync(path.join(dir, 'desk.json'), JSON.stringify(scenario));

  it('writes the same bytes whatever --jobs is, and exits 0 when every threshold passes', { timeout: 60_000 }, () => {
    const a = convsim(['report', 'desk.json', '--replications', '6', '--jobs', '1', '--out', 'a'], dir);
    const b = convsim(['report', 'desk.json', '--replications', '6', '--jobs', '2', '--out', 'b'], dir);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toContain('expect identityOpen.peak < 1000: PASS');
    expect(b.code).toBe(0);
    expect(readdirSync(path.join(dir, 'a/desk')).sort()).toEqual(['replications.csv', 'report.html', 'run.json', 'summary.json', 'timeseries.csv']);
    for (const f of ['report.html', 'summary.json', 'replications.csv', 'timeseries.csv']) {
      expect(readFileSync(path.join(dir, 'b/desk', f), 'utf8'), f).toBe(readFileSync(path.join(dir, 'a/desk', f), 'utf8'));
    }
  });

  it('exits 3 when a threshold fails or is inconclusive, with the report written', { timeout: 60_000 }, () => {
    writeFileSync(path.join(dir, 'strict.json'), JSON.stringify({ ...scenario, name: 'strict', expect: { 'open.mean': '< 1' } }));
    const r = convsim(['report', 'strict.json', '--replications', '3', '--out', 'c'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/expect open\.mean < 1: FAIL/);
    expect(JSON.parse(readFileSync(path.join(dir, 'c/strict/summary.json'), 'utf8')).expect).toEqual([{ figure: 'open.mean', bound: '< 1', verdict: 'fail' }]);
  });

  it('refuses bad options, unknown figures and scripts with one line each, exit 2', () => {
    writeFileSync(path.join(dir, 'typo.json'), JSON.stringify({ ...scenario, name: 'typo', expect: { 'identityOpen.p999': '< 800', 'open.mean': 'small' } }));
    expect(convsim(['report', 'typo.json', '--out', 'd'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'typo.json: expect.open.mean: expected a bound like "< 800", "<= 0.01", ">= 5" or "== 0"; got "small"',
        '',
      ].join('\n'),
    });
    writeFileSync(path.join(dir, 'typo2.json'), JSON.stringify({ ...scenario, name: 'typo2', expect: { 'identityOpen.p999': '< 800' } }));
    expect(convsim(['report', 'typo2.json', '--out', 'd'], dir).stderr).toBe(
      'typo2.json: expect.identityOpen.p999: no such figure; did you mean "identityOpen.p99"? (the figures are listed in the README, "Capacity planning")\n',
    );
    expect(convsim(['report', 'desk.json', '--replications', '1', '--warmup', 'soon', '--confidence', '2', '--jobs', '0'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'convsim: --replications: expected a whole number from 2 to 10000; got "1"',
        'convsim: --jobs: expected a whole number from 1 to 64; got "0"',
        'convsim: --warmup: expected "auto" or an ISO 8601 duration like "P1D" or "PT0S"; got "soon"',
        'convsim: --confidence: expected a number from 0.5 to 0.999, like 0.95; got "2"',
        '',
      ].join('\n'),
    });
    const script = convsim(['report', path.resolve('scenarios/scenario-1-both-timers.json'), '--out', 'd'], dir);
    expect(script.code).toBe(2);
    expect(script.stderr).toMatch(/script: convsim report replicates generated traffic; this scenario is a script \(run it with convsim run\)\n$/);
    expect(readdirSync(dir).includes('d')).toBe(false);
  });
});

describe('summary.json', () => {
  it('follows its JSON Schema (src/report/summary.schema.json), for the shipped report and a failing one', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync('src/report/summary.schema.json', 'utf8')));
    const summary = JSON.parse(readFileSync('reports/capacity/traffic-support-desk/summary.json', 'utf8'));
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(summary.figures).length).toBeGreaterThan(40);
    // A figure beyond the run is null, and the schema says so.
    summary.figures['lifetime.p99'] = { ...summary.figures['lifetime.p99'], mean: null, low: null, high: null };
    expect(validate(summary)).toBe(true);
    expect(validate({ ...summary, version: 2 })).toBe(false);
  });
});

describe('progress', () => {
  it('shows a bar with replications done, events/s and the time left, then clears it; silent with --quiet', { timeout: 60_000 }, async () => {
    const { reportCommand } = await import('../../src/cli/report-command.js');
    const { main } = await import('../../src/cli/main.js');
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-report-progress-'));
    const lines: string[] = [];
    const io = { print: () => undefined, warn: () => undefined, progress: (l: string) => lines.push(l), stdin: async () => Buffer.alloc(0), interrupted: () => undefined, argv: [] };
    // Workers load the built files: run from the source tree, they are found under dist/ by the pool.
    await reportCommand({ file: 'scenarios/traffic-support-desk.json', out, replications: 3, warmup: 0, confidence: 0.95, jobs: 2, overrides: [] }, io);
    const bars = lines.filter((l) => l.includes(' replications, '));
    expect(bars.length).toBeGreaterThanOrEqual(3);
    expect(bars[bars.length - 1]).toMatch(/^traffic-support-desk: \[#{20}\] 3\/3 replications, [\d.]+[kM]? events\/s, about 0 s left$/);
    expect(lines[lines.length - 1]).toBe('');
    const written: string[] = [];
    const quiet = { stdout: { write: () => true }, stderr: { isTTY: true, write: (t: string) => written.push(t) } };
    const ci = process.env['CI'];
    try {
      delete process.env['CI'];
      expect(await main(['report', 'scenarios/traffic-support-desk.json', '--replications', '2', '--warmup', 'PT0S', '--out', out, '--quiet'], quiet)).toBe(0);
    } finally {
      if (ci !== undefined) process.env['CI'] = ci;
    }
    expect(written).toEqual([]);
  });
});

describe('log-linear buckets', () => {
  it('are exact below 1024 and within 1/512 above, up to 2^31 - 1', async () => {
    const { bucketOf, bucketLow } = await import('../../src/stats/histogram.js');
    for (const v of [0, 1, 1023]) expect(bucketLow(bucketOf(v))).toBe(v);
    for (const v of [1024, 1025, 4096, 86_400, 123_456_789, 2 ** 31 - 1]) {
      const b = bucketOf(v);
      expect(bucketLow(b)).toBeLessThanOrEqual(v);
      expect(bucketLow(b + 1)).toBeGreaterThan(v);
      expect((v - bucketLow(b)) / v).toBeLessThan(1 / 512);
    }
  });
});

describe('the command, stopped or misled', () => {
  it('refuses a warm-up that leaves no time for statistics, exit 2', () => {
    expect(convsim(['report', 'scenarios/traffic-support-desk.json', '--warmup', 'P13DT20H', '--out', mkdtempSync(path.join(tmpdir(), 'convsim-report-'))])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'convsim: --warmup: P13DT20H leaves no time for statistics: the run ends at P14D (until), and statistics start at the next PT6H interval boundary\n',
    });
  });

  it('Ctrl-C stops the workers: exit 130, and no folder is left', { timeout: 60_000 }, async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-report-int-'));
    const child = spawn(process.execPath, [path.resolve('dist/cli/bin.js'), 'report', path.resolve('scenarios/traffic-contact-centre.json'), '--replications', '40', '--out', 'out'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const work = path.join(dir, 'out/.traffic-contact-centre.convsim-writing');
    for (let i = 0; i < 500 && !existsSync(work); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(work)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('convsim: interrupted; report folders not yet complete were left as they were\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
