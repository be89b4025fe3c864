// Golden tests: every shipped scenario, run through the command, must reproduce the reports
// checked in under reports/<name>/ byte for byte. After an intended change, `npm start`
// rewrites them; review the diff before committing. performance.json measures the machine,
// so it is neither checked in nor compared.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/validate.js';
import { convsim } from './cli/spawn.js';

const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.json')).sort();

describe('shipped scenarios', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'convsim-golden-'));
  const run = convsim(['run', ...scenarios.map((f) => path.join('scenarios', f)), '--out', out]);

  it('run without error', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it.each(scenarios)('%s reproduces its checked-in reports byte for byte', (file) => {
    const v = parseScenario(file, readFileSync(path.join('scenarios', file), 'utf8'));
    if (!v.ok) throw new Error(v.problems.join('\n'));
    const expectedDir = path.join('reports', v.scenario.name);
    const deterministic = (names: string[]): string[] => names.filter((n) => n !== 'performance.json' && n !== 'run.json').sort();
    const expected = deterministic(readdirSync(expectedDir));
    expect(deterministic(readdirSync(path.join(out, v.scenario.name)))).toEqual(expected);
    for (const name of expected) {
      expect(readFileSync(path.join(out, v.scenario.name, name), 'utf8'), `${expectedDir}/${name}`).toBe(readFileSync(path.join(expectedDir, name), 'utf8'));
    }
  });
});

describe('the shipped capacity report', () => {
  it('reports/capacity/traffic-support-desk is reproduced byte for byte (npm start writes it)', { timeout: 120_000 }, () => {
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-golden-report-'));
    const r = convsim(['report', 'scenarios/traffic-support-desk.json', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expectedDir = 'reports/capacity/traffic-support-desk';
    const files = readdirSync(expectedDir).filter((n) => n !== 'run.json').sort();
    expect(files).toEqual(['replications.csv', 'report.html', 'summary.json', 'timeseries.csv']);
    for (const name of files) expect(readFileSync(path.join(out, 'traffic-support-desk', name), 'utf8'), name).toBe(readFileSync(path.join(expectedDir, name), 'utf8'));
  });
});

describe('the shipped sweep', () => {
  it('reports/sweep/traffic-support-desk is reproduced byte for byte (npm start writes it)', { timeout: 120_000 }, () => {
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-golden-sweep-'));
    const r = convsim(['sweep', 'scenarios/traffic-support-desk.json', '--set', 'traffic.agents.count=4,5,6,8', '--set', 'account.defaultTimers.closed=PT2H,PT6H,P1D', '--replications', '5', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expectedDir = 'reports/sweep/traffic-support-desk';
    const files = readdirSync(expectedDir).filter((n) => n !== 'run.json').sort();
    expect(files).toEqual(['sweep.csv', 'sweep.html', 'sweep.json']);
    for (const name of files) expect(readFileSync(path.join(out, 'traffic-support-desk', name), 'utf8'), name).toBe(readFileSync(path.join(expectedDir, name), 'utf8'));
  });
});
