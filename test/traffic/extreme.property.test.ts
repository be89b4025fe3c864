// A valid scenario never crashes: draws of any accepted distribution, with extreme but valid
// parameters (sigma up to its maximum, means and values up to the longest duration), for message
// gaps, return pauses, REST delays and arrival phases alike. Events that would fall after
// `until` are not queued, so nothing reaches past what the event core holds.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DURATION_S } from '../../src/engine/duration.js';
import { capacityProblems } from '../../src/run/capacity.js';
import { runTraffic } from '../../src/run/traffic.js';
import { fcParams } from '../fc.js';
import { scenarioOf } from './arbitraries.js';

const seconds = (s: number): string => `PT${s}S`;
/** Large values weigh as much as small ones: the edge is where the trouble was. */
const anyDurationS = fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: MAX_DURATION_S }), fc.constant(MAX_DURATION_S));
const positiveS = fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: MAX_DURATION_S }), fc.constant(MAX_DURATION_S));

const extremeDuration = fc.oneof(
  anyDurationS.map(seconds),
  positiveS.map((mean) => ({ type: 'exponential', mean: seconds(mean) })),
  fc.tuple(anyDurationS, anyDurationS).map(([a, b]) => ({ type: 'uniform', min: seconds(Math.min(a, b)), max: seconds(Math.max(a, b)) })),
  fc.tuple(positiveS, fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(10))).map(([median, sigma]) => ({ type: 'lognormal', median: seconds(median), sigma })),
  fc.array(anyDurationS, { minLength: 1, maxLength: 4 }).map((values) => ({ type: 'empirical', values: values.map(seconds) })),
);

const extremeScenario = fc.record({
  name: fc.constant('extreme'),
  start: fc.constant('2026-01-05T00:00:00Z'),
  until: fc.integer({ min: 1, max: 30 }).map((d) => `P${d}D`),
  seed: fc.nat(1_000_000),
  account: fc.record({ defaultTimers: fc.record({ inactive: fc.constantFrom('PT0S', 'PT5M', 'P365D'), closed: fc.constantFrom('PT0S', 'PT1H', 'P3650D') }) }),
  traffic: fc.record({
    // Phases as long as a duration may be: the run ends at `until` all the same.
    arrivals: fc.array(fc.record({ duration: positiveS.map(seconds), ratePerHour: fc.integer({ min: 0, max: 20 }), rampTo: fc.integer({ min: 0, max: 20 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    agents: fc.record({ count: fc.integer({ min: 1, max: 3 }) }),
    customers: fc.record({ count: fc.integer({ min: 1, max: 50 }), channels: fc.constant({ chat: 1, sms: 1, whatsapp: 1 }) }),
    messages: fc.record({ perVisit: fc.integer({ min: 1, max: 6 }), gap: extremeDuration }),
    returns: fc.record({ probability: fc.oneof(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.constant(0.999)), pause: extremeDuration }),
    afterLastMessage: fc.record({ probability: fc.double({ min: 0, max: 1, noNaN: true }), delay: extremeDuration, state: fc.constantFrom('inactive', 'closed') }),
    interval: fc.constant('P1D'),
  }),
});

describe('extreme but valid traffic', () => {
  it('runs to the end without an exception, whatever the draws (property)', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(extremeScenario, (json) => {
        const s = scenarioOf(json);
        if (capacityProblems(s, { trace: false }).length > 0) return;
        const r = runTraffic(s, { trace: undefined });
        expect(r.intervals[r.intervals.length - 1]!.endS).toBe(s.untilS);
      }),
      fcParams(150),
    );
  });

  it('the reported case: a lognormal return pause with median P2D and sigma 3, over 30 days', () => {
    const s = scenarioOf({
      name: 'heavy-tail',
      start: '2026-01-05T00:00:00Z',
      until: 'P30D',
      traffic: {
        arrivals: [{ duration: 'P30D', ratePerHour: 100 }],
        agents: { count: 10 },
        customers: { count: 10_000, channels: { chat: 1, sms: 1 } },
        messages: { perVisit: { type: 'geometric', mean: 3 }, gap: { type: 'exponential', mean: 'PT2M' } },
        returns: { probability: 0.5, pause: { type: 'lognormal', median: 'P2D', sigma: 3 } },
      },
    });
    const r = runTraffic(s, { trace: undefined });
    expect(r.intervals).toHaveLength(720);
    expect(r.totals[0]).toBeGreaterThan(70_000);
  });
});
