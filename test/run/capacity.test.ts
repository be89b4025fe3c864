// Capacity limits: estimated before the run where possible, and otherwise one line naming the
// scenario field when a run reaches one (exit 2, nothing written), never a stack trace.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacityLine, capacityProblems } from '../../src/run/capacity.js';
import { CapacityExceeded } from '../../src/util/capacity.js';
import { convsim } from '../cli/spawn.js';
import { scenarioOf } from '../traffic/arbitraries.js';

const TRAFFIC = {
  name: 'big',
  start: '2026-01-05T00:00:00Z',
  until: 'P365D',
  traffic: {
    arrivals: [{ duration: 'P365D', ratePerHour: 100_000 }],
    agents: { count: 10 },
    customers: { count: 1_000_000 },
    messages: { perVisit: 1, gap: 'PT1M' },
    timers: [{ inactive: 'PT5M' }],
  },
};

describe('before the run', () => {
  it('refuses traffic that would keep more conversations open at once than convsim holds', () => {
    // No closed timer: everything created stays open, 100,000 an hour for a year.
    expect(capacityProblems(scenarioOf(TRAFFIC), { trace: false })).toEqual([
      'prop.json: traffic.arrivals: about 8.8e+8 conversations would be open at once (the peak arrival rate times how long each stays open, set by traffic.timers); convsim holds at most 134217728 at once: lower the rate or shorten the timers',
    ]);
    const closing = { ...TRAFFIC, traffic: { ...TRAFFIC.traffic, timers: [{ inactive: 'PT5M', closed: 'P1D' }] } };
    expect(capacityProblems(scenarioOf(closing), { trace: false })).toEqual([]);
  });

  it('refuses --trace on a run with more conversations than a trace can hold, and only with --trace', () => {
    const s = scenarioOf({ ...TRAFFIC, until: 'P10D', traffic: { ...TRAFFIC.traffic, arrivals: [{ duration: 'P10D', ratePerHour: 100_000 }] } });
    expect(capacityProblems(s, { trace: false })).toEqual([]);
    expect(capacityProblems(s, { trace: true })).toEqual([
      'prop.json: traffic.arrivals: --trace keeps every conversation until the end, and this run creates about 2.4e+7; at most 5e+6 can be traced: run without --trace (the timeseries and summary need no trace) or shorten "until"',
    ]);
  });

  it('through the command: exit 2 at once, nothing written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-capacity-'));
    writeFileSync(path.join(dir, 'big.json'), JSON.stringify(TRAFFIC));
    const r = convsim(['run', 'big.json', '--out', 'out'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'big.json: traffic.arrivals: about 8.8e+8 conversations would be open at once (the peak arrival rate times how long each stays open, set by traffic.timers); convsim holds at most 134217728 at once: lower the rate or shorten the timers\n',
    );
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('during the run', () => {
  it('names the limit, when it was reached and the field that drives it', () => {
    const s = scenarioOf(TRAFFIC);
    const e = new CapacityExceeded('customers waiting to come back at once', 2 ** 28);
    e.atS = 86_400 + 3_600;
    expect(capacityLine(s, e)).toBe(
      'prop.json: traffic.returns.pause: the run reached 268435456 customers waiting to come back at once, the most convsim holds, after P1DT1H of simulated time; customers wait too long between visits for this arrival rate: shorten the pause or lower traffic.arrivals',
    );
    // The visits exchanging messages have records of their own: their count grows with how long a visit lasts, not with the pause.
    const visits = new CapacityExceeded('visits in progress at once', 2 ** 28);
    visits.atS = 3_600;
    expect(capacityLine(s, visits)).toBe(
      'prop.json: traffic.messages: the run reached 268435456 visits in progress at once, the most convsim holds, after PT1H of simulated time; visits last too long for this arrival rate: fewer messages per visit, shorter gaps, or lower traffic.arrivals',
    );
  });

  it('a script with more distinct timer pairs than convsim holds: one line, exit 2, nothing written', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-capacity-'));
    const script: object[] = [{ at: 'PT0S', do: 'createConversation', conversation: 'c' }];
    for (let i = 0; i < 65_536; i++) script.push({ at: 'PT1S', do: 'updateConversation', conversation: 'c', timers: { inactive: `PT${60 + i}S` } });
    writeFileSync(path.join(dir, 'pairs.json'), JSON.stringify({ name: 'pairs', start: '2026-01-05T00:00:00Z', until: 'PT1H', script }));
    expect(convsim(['run', 'pairs.json', '--out', 'out'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pairs.json: script: the run reached 65536 distinct timer pairs, the most convsim holds, after PT1S of simulated time; use fewer different timer values\n',
    });
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
