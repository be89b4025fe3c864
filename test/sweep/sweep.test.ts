// convsim sweep, --find, --shard and merge, through the real command.

import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDurationS } from '../../src/engine/duration.js';
import { convsim } from '../cli/spawn.js';

function folder(files: Record<string, object>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'convsim-sweep-'));
  for (const [name, json] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(json, null, 2));
  return dir;
}

/** M/G/infinity: Poisson arrivals, one message, inactive after 1 min, closed 10 min later: E[D] = 660 s. */
const mgInfinity = {
  name: 'mginf',
  start: '2026-01-05T00:00:00Z',
  until: 'PT8H',
  seed: 3,
  traffic: {
    arrivals: [{ duration: 'PT8H', ratePerHour: 360 }],
    agents: { count: 10, assignment: 'random' },
    customers: { count: 1_000_000 },
    messages: { perVisit: 1, gap: 'PT1M' },
    timers: [{ inactive: 'PT1M', closed: 'PT10M' }],
    interval: 'PT10M',
  },
};

/** A desk whose conversations live 4 min + 30 min + the closed timer, at 40 an hour. */
const desk = {
  name: 'desk',
  start: '2026-01-05T00:00:00Z',
  until: 'P2D',
  seed: 5,
  account: { defaultTimers: { inactive: 'PT30M', closed: 'PT6H' } },
  traffic: {
    arrivals: [{ duration: 'P2D', ratePerHour: 40 }],
    agents: { count: 4, assignment: 'random' },
    customers: { count: 5_000 },
    messages: { perVisit: 3, gap: 'PT2M' },
    interval: 'PT1H',
  },
  expect: { 'open.mean': '< 200' },
};

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('convsim sweep', () => {
  it('M/G/infinity over the arrival rate: the mean open count is lambda E[D] in every cell, linear in the rate', { timeout: 60_000 }, () => {
    const dir = folder({ 'mginf.json': mgInfinity });
    const r = convsim(['sweep', 'mginf.json', '--set', 'traffic.arrivals[0].ratePerHour=180,360,720', '--metric', 'open.mean', '--replications', '6', '--warmup', 'PT1H', '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(read(dir, 'out/mginf/sweep.json'));
    expect(s.cells).toHaveLength(3);
    const means = s.cells.map((c: { values: Record<string, string>; figures: Record<string, { mean: number; low: number; high: number }> }) => {
      const rate = Number(c.values['traffic.arrivals[0].ratePerHour']);
      const expected = (rate / 3_600) * 660;
      const f = c.figures['open.mean']!;
      // Within the interval, widened by a third for the 5% a 95% interval misses.
      const half = (f.high - f.low) / 2;
      expect(Math.abs(f.mean - expected)).toBeLessThan(1.33 * half);
      expect(Math.abs(f.mean / expected - 1)).toBeLessThan(0.04);
      return f.mean / rate;
    });
    // Linear: the same open count per unit of rate in every cell (within 4%).
    expect(Math.max(...means) / Math.min(...means)).toBeLessThan(1.04);
    expect(r.stdout).toMatch(/^mginf: 3 cells x 6 replications/);
    expect(readdirSync(path.join(dir, 'out/mginf')).sort()).toEqual(['run.json', 'sweep.csv', 'sweep.html', 'sweep.json']);
    const csv = read(dir, 'out/mginf/sweep.csv').split('\n');
    expect(csv[0]).toMatch(/^traffic\.arrivals\[0\]\.ratePerHour,replications,open\.mean\.mean,open\.mean\.low,open\.mean\.high,/);
    expect(csv.slice(1, 4).map((l) => l.split(',')[0])).toEqual(['180', '360', '720']);
  });

  it('common random numbers: neighbouring cells\' paired intervals are narrower than unpaired ones', { timeout: 60_000 }, () => {
    const dir = folder({ 'desk.json': desk });
    const r = convsim(['sweep', 'desk.json', '--set', 'account.defaultTimers.closed=PT2H,PT4H,PT6H', '--set', 'traffic.agents.count=4,8', '--replications', '5', '--warmup', 'PT12H', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(read(dir, 'out/desk/sweep.json'));
    expect(s.metric).toBe('open.mean');
    const timer = s.neighbours.filter((n: { dimension: string }) => n.dimension === 'account.defaultTimers.closed');
    expect(timer).toHaveLength(4);
    for (const n of timer) {
      expect(n.paired_half_width).toBeLessThan(n.unpaired_half_width / 2);
      expect(n.significant).toBe(true);
    }
    // The open count does not depend on the number of agents: with the same seeds, exactly zero.
    for (const n of s.neighbours.filter((x: { dimension: string }) => x.dimension === 'traffic.agents.count')) expect(n.difference).toEqual({ mean: 0, low: 0, high: 0 });
    // Thresholds per cell: < 200 holds up to a closed timer of 4 h 26 min (40 an hour x 5 h).
    expect(s.cells.map((c: { expect: { verdict: string }[] }) => c.expect[0]!.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'fail', 'fail']);
    expect(r.stdout).toContain('expect: 4 pass, 2 fail, 0 inconclusive, over 6 cells');
  });

  it('outputs are byte-identical whatever --jobs is, and shards merged equal the whole sweep, for several n', { timeout: 120_000 }, () => {
    const dir = folder({ 'desk.json': { ...desk, until: 'P1D' } });
    const sets = ['--set', 'account.defaultTimers.closed=PT2H,PT6H', '--set', 'traffic.arrivals.*.ratePerHour=x0.5,x1,x2'];
    const common = ['sweep', 'desk.json', ...sets, '--replications', '3', '--warmup', 'PT6H'];
    expect(convsim([...common, '--jobs', '1', '--out', 'one'], dir).code).toBe(0);
    expect(convsim([...common, '--jobs', '2', '--out', 'two'], dir).code).toBe(0);
    const files = ['sweep.csv', 'sweep.json', 'sweep.html'];
    for (const f of files) expect(read(dir, `two/desk/${f}`)).toBe(read(dir, `one/desk/${f}`));
    // 18 jobs: equal shards, and unequal ones.
    for (const n of [2, 7]) {
      const dirs: string[] = [];
      for (let i = 1; i <= n; i++) {
        const r = convsim([...common, '--jobs', '1', '--shard', `${i}/${n}`, '--out', `shards${n}`], dir);
        expect(r.code).toBe(0);
        dirs.push(`shards${n}/desk.shard-${i}-of-${n}`);
      }
      expect(readdirSync(path.join(dir, dirs[0]!)).sort()).toEqual(['partial.json', 'run.json']);
      // Given in any order.
      const m = convsim(['merge', ...dirs.reverse(), '--out', `merged${n}`], dir);
      expect(m.stderr).toBe('');
      expect(m.code).toBe(0);
      for (const f of files) expect(read(dir, `merged${n}/desk/${f}`)).toBe(read(dir, `one/desk/${f}`));
    }
  });

  it('merge refuses shards of another version, scenario or sweep, a missing or repeated shard, and a folder that is no shard', { timeout: 60_000 }, () => {
    const dir = folder({ 'desk.json': { ...desk, until: 'P1D' }, 'other.json': { ...desk, until: 'P1D', seed: 6 } });
    const shard = (file: string, i: number, out: string, extra: string[] = []) =>
      expect(convsim(['sweep', file, '--set', 'traffic.agents.count=4,8', '--replications', '2', '--warmup', 'PT6H', '--shard', `${i}/2`, '--out', out, ...extra], dir).code).toBe(0);
    shard('desk.json', 1, 'a');
    shard('desk.json', 2, 'a');
    shard('other.json', 2, 'b');
    shard('desk.json', 2, 'c', ['--confidence', '0.9']);
    const merge = (...dirs: string[]) => convsim(['merge', ...dirs, '--out', 'merged'], dir);
    const other = merge('a/desk.shard-1-of-2', 'b/desk.shard-2-of-2');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^b\/desk\.shard-2-of-2: ran another scenario than a\/desk\.shard-1-of-2 \(other\.json, SHA-256 [0-9a-f]{12}\.\.\., against desk\.json, [0-9a-f]{12}\.\.\.\)\n$/);
    expect(merge('a/desk.shard-1-of-2', 'c/desk.shard-2-of-2').stderr).toBe('c/desk.shard-2-of-2: ran with other settings than a/desk.shard-1-of-2: confidence differ\n');
    expect(merge('a/desk.shard-1-of-2').stderr).toBe('convsim: merge: missing shard 2/2: every shard\'s folder is needed\n');
    expect(merge('a/desk.shard-1-of-2', 'a/desk.shard-1-of-2').stderr).toBe('a/desk.shard-1-of-2: shard 1/2 is also a/desk.shard-1-of-2; give each shard once\nconvsim: merge: missing shard 2/2: every shard\'s folder is needed\n');
    expect(merge('a').stderr).toBe('a: no partial.json: not a shard\'s folder (convsim sweep --shard i/n writes one)\n');
    // A shard from another convsim version.
    cpSync(path.join(dir, 'a/desk.shard-2-of-2'), path.join(dir, 'old'), { recursive: true });
    const partial = JSON.parse(read(dir, 'old/partial.json'));
    writeFileSync(path.join(dir, 'old/partial.json'), JSON.stringify({ ...partial, convsim: '0.0.1' }));
    const version = merge('a/desk.shard-1-of-2', 'old');
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/^old: written by convsim 0\.0\.1; this is convsim \S+: merge with the version that ran the shards/);
    expect(readdirSync(dir)).not.toContain('merged');
    expect(merge('a/desk.shard-2-of-2', 'a/desk.shard-1-of-2').code).toBe(0);
  });
});

describe('convsim sweep --find', () => {
  it('lands within one step of the answer M/G/infinity gives: the largest closed timer with open.mean < 200', { timeout: 120_000 }, () => {
    // open.mean = 40 an hour x (4 min + 30 min + closed): below 200 while closed < 4 h 26 min.
    const dir = folder({ 'desk.json': desk });
    const r = convsim(['sweep', 'desk.json', '--find', 'account.defaultTimers.closed', '--between', 'PT1H', 'PT12H', '--step', 'PT5M', '--largest', '--until', 'open.mean < 200', '--replications', '5', '--max-replications', '40', '--warmup', 'PT12H', '--out', 'out'], dir);
    const s = JSON.parse(read(dir, 'out/desk.find/sweep.json'));
    const truth = 4 * 3600 + 26 * 60;
    const gridAnswer = 4 * 3600 + 25 * 60;
    const answer = parseDurationS(s.find.answer)!;
    expect(Math.abs(answer - gridAnswer)).toBeLessThanOrEqual(300);
    expect(answer).toBeLessThan(truth);
    expect(parseDurationS(s.find.fails_at)!).toBeGreaterThan(truth);
    expect(s.find.monotone).toBe(true);
    expect(s.find.points.length).toBeLessThanOrEqual(16);
    expect(s.find.points.every((p: { replications: number }) => p.replications >= 5 && p.replications <= 40)).toBe(true);
    // found: exit 0; undecided near the boundary after 40 replications: exit 3, and says so.
    if (s.find.status === 'found') expect(r.code).toBe(0);
    else {
      expect(s.find.status).toBe('inconclusive');
      expect(r.code).toBe(3);
      expect(r.stdout).toContain(`largest account.defaultTimers.closed with open.mean < 200: inconclusive between ${s.find.answer} and ${s.find.fails_at}`);
    }
    expect(readFileSync(path.join(dir, 'out/desk.find/sweep.html'), 'utf8')).toContain('<h2>The answer</h2>');
  });

  it('an integer parameter: the smallest team whose busiest agent stays under a bound ends on a whole number', { timeout: 60_000 }, () => {
    const dir = folder({ 'desk.json': { ...desk, until: 'P1D' } });
    const r = convsim(['sweep', 'desk.json', '--find', 'traffic.agents.count', '--between', '1', '64', '--until', 'identityOpen.peak <= 40', '--replications', '3', '--warmup', 'PT6H', '--out', 'out'], dir);
    expect([0, 3]).toContain(r.code);
    const s = JSON.parse(read(dir, 'out/desk.find/sweep.json'));
    expect(Number.isInteger(Number(s.find.answer))).toBe(true);
    expect(s.find.direction).toBe('smallest');
    expect(s.find.points.map((p: { value: string }) => p.value)).toContain('64');
  });
});

describe('bad input changes nothing and says what is wrong (exit 2)', () => {
  const dir = folder({ 'desk.json': desk });
  const bad = (args: string[]) => {
    const r = convsim(['sweep', 'desk.json', ...args, '--out', 'out'], dir);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['desk.json']);
    return r.stderr;
  };

  it('a bad value names its --set and the field', { timeout: 30_000 }, () => {
    expect(bad(['--set', 'traffic.agents.count=4,-1,0'])).toBe(
      'desk.json: traffic.agents.count: expected a whole number from 1 to 268435456; got -1 (--set traffic.agents.count=-1)\ndesk.json: traffic.agents.count: expected a whole number from 1 to 268435456; got 0 (--set traffic.agents.count=0)\n',
    );
    expect(bad(['--set', 'traffic.agent.count=4,8'])).toBe('desk.json: traffic.agent.count: there is no "agent" to change inside; did you mean "agents"? (--set traffic.agent.count=4)\n');
    expect(bad(['--set', 'traffic.agents.count=4,4'])).toBe('convsim: --set traffic.agents.count=4,4: a value is given twice\n');
    expect(bad([])).toBe('convsim: sweep: give at least one --set PATH=v1,v2,... (or --find PATH --between LO HI --until "FIGURE OP VALUE")\n');
  });

  it('the sweep\'s own switches', { timeout: 60_000 }, () => {
    expect(bad(['--set', 'traffic.agents.count=4,8', '--metric', 'open.maen'])).toBe('convsim: --metric open.maen: no such figure; did you mean "open.mean"? (the figures are listed in the README, "Capacity planning")\n');
    expect(bad(['--set', 'traffic.agents.count=4,8', '--shard', '1/2'])).toMatch(/^convsim: --shard: needs a fixed warm-up \(--warmup DURATION/);
    expect(bad(['--set', 'traffic.agents.count=4,8', '--shard', '3/2'])).toBe('convsim: --shard: expected i/n with 1 <= i <= n <= 9999, like 2/4; got "3/2"\n');
    expect(bad(['--set', 'traffic.agents.count=4,8', '--until', 'open.mean < 3'])).toBe('convsim: --until: only with --find PATH\n');
    expect(bad(['--find', 'traffic.agents.count', '--until', 'open.mean < 3'])).toBe('convsim: --find: give the range with --between LO HI\n');
    expect(bad(['--find', 'traffic.agents.count', '--between', '10', '5', '--until', 'open.mean < 3'])).toBe('convsim: --between: the first value must be below the second; got 10 and 5\n');
    expect(bad(['--find', 'traffic.agents.count', '--between', '1', 'PT1H', '--until', 'open.mean < 3'])).toBe('convsim: --between: expected two numbers (like 50 2000) or two durations (like PT1H P30D); got "1" and "PT1H"\n');
    expect(bad(['--find', 'traffic.agents.count', '--between', '1', '9', '--until', 'open.maen < 3'])).toBe('convsim: --until: open.maen: no such figure; did you mean "open.mean"? (the figures are listed in the README, "Capacity planning")\n');
    expect(bad(['--find', 'traffic.agents.count', '--between', '0', '9', '--until', 'open.mean < 3'])).toBe('desk.json: traffic.agents.count: expected a whole number from 1 to 268435456; got 0 (--set traffic.agents.count=0)\n');
    expect(bad(['--find', 'traffic.agents.count', '--between', '1', '9', '--until', 'open.mean < 3', '--set', 'traffic.arrivals[0].ratePerHour=1,2'])).toBe(
      'convsim: --set traffic.arrivals[0].ratePerHour=1,2: --find searches one parameter; give the other --set values one at a time\n',
    );
  });
});
