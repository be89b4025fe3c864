// Queueing-theory oracles for generated traffic. Open conversations form an M/G/inf system
// (Poisson arrivals, each open for a while), and one agent's 1000-conversation limit an
// M/G/c/c loss system. Tolerances come from each run's own variance (batch means over
// timeseries rows longer than the open time), not from guesses.

import { describe, expect, it } from 'vitest';
import { COUNTERS } from '../../src/run/metrics.js';
import { runTraffic, type TrafficResult } from '../../src/run/traffic.js';
import type { Engine, EngineListener } from '../../src/engine/engine.js';
import { CLOSED } from '../../src/engine/states.js';
import { RunLoop } from '../../src/run/loop.js';
import { Random } from '../../src/sim/random.js';
import { TrafficGenerator } from '../../src/traffic/generator.js';
import { scenarioOf } from '../traffic/arbitraries.js';

const column = (name: (typeof COUNTERS)[number]): number => COUNTERS.indexOf(name);

/** Mean and standard error of per-batch values (batches assumed nearly independent). */
function batchMeans(values: number[]): { mean: number; se: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** Erlang's loss formula B(c, a), by the stable recursion. */
function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

function scenario(traffic: object, until: string, seed = 1) {
  return scenarioOf({ name: 'q', start: '2026-01-05T00:00:00Z', until, seed, traffic: { agents: { count: 1_000 }, customers: { count: 1_000_000 }, ...traffic } });
}

function run(traffic: object, until: string): TrafficResult {
  const s = scenario(traffic, until);
  return runTraffic(s, { trace: undefined });
}

/** Rows after the warm-up, as batches. */
function steadyRows(r: TrafficResult, warmupS: number) {
  return r.intervals.filter((row) => row.startS >= warmupS);
}

describe('queueing-theory oracles', () => {
  it("Little's law: the time-averaged open count equals arrivals times mean open time, in the same run", () => {
    const s = scenario(
      {
        arrivals: [{ duration: 'P3D', ratePerHour: 300 }],
        messages: { perVisit: { type: 'geometric', mean: 4 }, gap: { type: 'exponential', mean: 'PT3M' } },
        returns: { probability: 0.3, pause: { type: 'exponential', mean: 'PT2H' } },
        timers: [{ inactive: 'PT20M', closed: 'PT2H' }],
        afterLastMessage: { probability: 0.3, delay: 'PT5M', state: 'closed' },
      },
      'P3D',
    );
    // Open and close times of every conversation, straight from the engine.
    let queue: RunLoop;
    const openedAt = new Map<number, number>();
    let openTime = 0;
    let engine: Engine;
    const listener: EngineListener = {
      transition(h, _from, to) {
        if (to === CLOSED) {
          const serial = engine.view(h)!.serial;
          openTime += queue.nowS - openedAt.get(serial)!;
          openedAt.delete(serial);
        }
      },
      autoCreated(h) {
        openedAt.set(engine.view(h)!.serial, queue.nowS);
      },
      inboundDropped() {},
    };
    queue = new RunLoop(s.settings, listener, { horizonS: s.untilS });
    engine = queue.engine;
    const observer = { arrival() {}, message() {}, restUpdate() {}, rejected() {}, created: (h: number) => openedAt.set(engine.view(h)!.serial, queue.nowS) };
    const generator = new TrafficGenerator(s.traffic, engine, queue, new Random(s.seed), observer);
    queue.drive(generator);
    generator.start();
    queue.runUntil(s.untilS);
    for (const at of openedAt.values()) openTime += s.untilS - at; // still open: count up to the end
    // L = lambda W over the run, with open times cut at the horizon: an identity, to rounding.
    expect(engine.counters.openSeconds(s.untilS) / s.untilS).toBeCloseTo(openTime / s.untilS, 6);
    expect(openTime).toBeGreaterThan(0);
  });

  it('M/G/inf: the mean number open is the arrival rate times the mean open time', () => {
    // Each conversation: geometric messages (mean 6) with exponential gaps (mean 120 s), then
    // 1800 s to inactive and 3600 s to closed: mean open time 5 * 120 + 1800 + 3600 = 6000 s.
    const ratePerHour = 600;
    const meanOpenS = 5 * 120 + 1_800 + 3_600;
    const result = run(
      {
        arrivals: [{ duration: 'P10D', ratePerHour }],
        messages: { perVisit: { type: 'geometric', mean: 6 }, gap: { type: 'exponential', mean: 'PT120S' } },
        timers: [{ inactive: 'PT1800S', closed: 'PT3600S' }],
        interval: 'PT6H',
      },
      'P10D',
    );
    const expected = (ratePerHour / 3_600) * meanOpenS; // 1000
    const { mean, se } = batchMeans(steadyRows(result, 6 * 3_600).map((row) => row.openAverage));
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se + 1e-9);
    // And the check has teeth: 4 standard errors is a few percent here.
    expect(4 * se).toBeLessThan(0.05 * expected);
  });

  it('Erlang B: one agent with a 1000-conversation limit refuses the fraction B(1000, a) of arrivals', () => {
    // Only the closed timer (1 h, from creation, whatever the messages): each conversation holds
    // its agent place exactly an hour. Offered load a = 1000 / h * 1 h = 1000 on c = 1000 places.
    const result = run(
      {
        arrivals: [{ duration: 'PT200H', ratePerHour: 1_000 }],
        agents: { count: 1 },
        messages: { perVisit: 1, gap: 'PT0S' },
        timers: [{ inactive: 'PT0S', closed: 'PT1H' }],
        interval: 'PT5H',
      },
      'PT200H',
    );
    const rows = steadyRows(result, 5 * 3_600);
    const refused = rows.map((row) => row.counts[column('rejected_50214')]! / row.counts[column('arrivals')]!);
    const { mean, se } = batchMeans(refused);
    const b = erlangB(1_000, 1_000);
    expect(b).toBeCloseTo(0.0248, 4);
    expect(Math.abs(mean - b)).toBeLessThan(4 * se + 1e-9);
    expect(4 * se).toBeLessThan(0.35 * b);
  });
});
