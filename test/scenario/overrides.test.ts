// --set PATH=VALUE: one-value changes to a scenario, judged as the field would be, blamed on the --set.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOverride, type Override } from '../../src/scenario/overrides.js';
import { parseScenario } from '../../src/scenario/validate.js';
import { convsim } from '../cli/spawn.js';

const DESK = readFileSync('scenarios/traffic-support-desk.json', 'utf8');
const FILE = 'desk.json';

function withSets(...sets: string[]) {
  const overrides = sets.map((s) => {
    const o = parseOverride(s);
    if ('problem' in o) throw new Error(o.problem);
    return o as Override;
  });
  return parseScenario(FILE, DESK, overrides);
}

describe('--set', () => {
  it('changes a value, an array entry, every entry with *, and scales numbers with x', () => {
    const v = withSets('traffic.agents.count=40', 'account.defaultTimers.closed=PT6H', 'traffic.arrivals.*.ratePerHour=x1.5', 'seed=99');
    if (!v.ok || v.scenario.kind !== 'traffic') throw new Error(JSON.stringify(v));
    expect(v.scenario.traffic.agents.count).toBe(40);
    expect(v.scenario.settings.defaultClosedS).toBe(6 * 3_600);
    expect(v.scenario.traffic.arrivals[0]!.ratePerHour).toBe(30);
    expect(v.scenario.seed).toBe(99);
  });

  it('parses VALUE as JSON when it is JSON, else as a string', () => {
    const o = parseOverride('traffic.messages.gap={"type":"exponential","mean":"PT3M"}');
    expect(o).toMatchObject({ value: { kind: 'set', json: { type: 'exponential', mean: 'PT3M' } } });
    expect(parseOverride('until=P30D')).toMatchObject({ path: ['until'], value: { kind: 'set', json: 'P30D' } });
    expect(parseOverride('traffic.timers[0].closed=PT1H')).toMatchObject({ path: ['traffic', 'timers', 0, 'closed'] });
  });

  it('judges each value as its field would be, and names the --set in every problem line', () => {
    const v = withSets('traffic.agents.count=0', 'account.defaultTimers.closed=PT5M', 'traffic.agnets.count=3', 'name=x2');
    expect(v.ok ? [] : v.problems).toEqual([
      'desk.json: traffic.agnets.count: there is no "agnets" to change inside; did you mean "agents"? (--set traffic.agnets.count=3)',
      'desk.json: name: x2 scales a number; the value there is "traffic-support-desk" (--set name=x2)',
      'desk.json: account.defaultTimers.closed: expected "PT0S" (no default) or at least 600 seconds (PT10M); got "PT5M" (--set account.defaultTimers.closed=PT5M)',
      'desk.json: traffic.agents.count: expected a whole number from 1 to 268435456; got 0 (--set traffic.agents.count=0)',
    ]);
  });

  it('refuses what is not PATH=VALUE', () => {
    expect(parseOverride('nope')).toEqual({ problem: 'convsim: --set nope: expected PATH=VALUE, like traffic.agents.count=40' });
    expect(parseOverride('traffic..count=1')).toEqual({ problem: 'convsim: --set traffic..count=1: "traffic..count" is not a field path like traffic.timers[0].closed' });
  });

  it('through the command: the run and the report record the overrides', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-set-'));
    const scenario = path.resolve('scenarios/traffic-support-desk.json');
    const r = convsim(['run', scenario, '--set', 'traffic.agents.count=2', '--set', 'until=P2D', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'out/traffic-support-desk/run.json'), 'utf8')).parameters.overrides).toEqual(['traffic.agents.count=2', 'until=P2D']);
    const rep = convsim(['report', scenario, '--set', 'until=P3D', '--replications', '2', '--warmup', 'PT0S', '--out', 'rep'], dir);
    expect(rep.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'rep/traffic-support-desk/summary.json'), 'utf8')).overrides).toEqual(['until=P3D']);
    expect(convsim(['run', scenario, '--set', 'until=soon'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('until: expected an ISO 8601 duration') });
  });
});
