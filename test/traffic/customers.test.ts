// The customer pool: each arrival picks one of `count` customers uniformly at random, and only
// customers who arrive cost memory (ids are given in order of first arrival).

import { describe, expect, it } from 'vitest';
import { TrafficRun } from '../../src/run/traffic.js';
import { scenarioOf } from './arbitraries.js';

/** `traffic`: fields that replace the defaults below (messages, returns). */
function centre(pool: number, arrivals: number, seed: number, channels: object = { chat: 1 }, traffic: object = {}): TrafficRun {
  const s = scenarioOf({
    name: 'pool',
    start: '2026-01-05T00:00:00Z',
    until: 'PT2H',
    seed,
    traffic: {
      arrivals: [{ duration: 'PT1H', ratePerHour: arrivals, process: 'uniform' }],
      agents: { count: 10 },
      customers: { count: pool, channels },
      messages: { perVisit: { type: 'fixed', value: 1 }, gap: { type: 'fixed', value: 'PT1M' } },
      interval: 'PT1H',
      ...traffic,
    },
  });
  const run = new TrafficRun(s, undefined);
  run.advance(s.untilS);
  return run;
}

describe('the customer pool', () => {
  it('gives as many distinct customers as uniform picks from the pool would: N(1 - (1 - 1/N)^k)', () => {
    const pool = 500;
    const k = 1_000;
    const seen = Array.from({ length: 40 }, (_, seed) => centre(pool, k, seed + 1).customersArrived);
    const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
    const sd = Math.sqrt(seen.reduce((a, b) => a + (b - mean) ** 2, 0) / (seen.length - 1));
    const expected = pool * (1 - (1 - 1 / pool) ** k); // 432.4
    expect(Math.abs(mean - expected)).toBeLessThan(4 * (sd / Math.sqrt(seen.length)) + 0.5);
    // The variance too (occupancy: about 5.8 here), so draws are not merely right on average.
    expect(sd).toBeGreaterThan(3);
    expect(sd).toBeLessThan(10);
  });

  it('every customer of a small pool arrives, and none beyond it', () => {
    expect(centre(5, 1_000, 1).customersArrived).toBe(5);
  });

  it('keeps state for the customers who arrive, not for the whole pool (a pool of 2^28 - 1)', () => {
    const run = centre(2 ** 28 - 1, 2_000, 1, { chat: 1, sms: 1 });
    // With so large a pool, nearly every arrival is a new customer.
    expect(run.customersArrived).toBeGreaterThan(1_990);
    // Per-identity and per-address arrays for about 2,000 customers, not 2^28 (which would be GBs).
    expect(run.engine.bytes.registry).toBeLessThan(64 * 1024);
    expect(run.result().final.created).toBeGreaterThan(1_990);
  });
});

describe('visits and customers waiting to come back', () => {
  it('keep records apart: the visits in progress take few, however many customers wait', () => {
    // 3,000 visits of three messages a minute apart; nearly every visit is followed by a return a
    // day later, after the run: about 100 exchange messages at once, nearly all 3,000 wait at the end.
    const run = centre(1_000_000, 3_000, 3, { chat: 1, sms: 1 }, {
      messages: { perVisit: { type: 'fixed', value: 3 }, gap: { type: 'fixed', value: 'PT1M' } },
      returns: { probability: 0.999, pause: { type: 'fixed', value: 'P1D' } },
    });
    const { visits, waiting } = run.visitRecords;
    expect(waiting).toBeGreaterThan(2_980);
    // 3,000 an hour for the 2 minutes a visit lasts: 100 at once; never one record per visit.
    expect(visits).toBeGreaterThan(90);
    expect(visits).toBeLessThanOrEqual(110);
  });
});
