// The bench's open-loop load: requests start on the schedule whatever the server does, and each
// latency counts from when its request was due. Driven by a fake clock and a fake server.

import FakeTimers from '@sinonjs/fake-timers';
import { describe, expect, it } from 'vitest';
import { paced, quantile, type PacedOptions, type PacedResult } from '../../src/bench/paced.js';

interface Sent {
  readonly step: number;
  readonly atMs: number;
}

/**
 * A fake server on a fake clock: `answerAtMs(sentAtMs, step)` says when each request is answered,
 * `ok(step)` whether it succeeds. Runs the load to the end and returns what it saw.
 */
async function runFake(
  options: Partial<PacedOptions<{ n: number }>> & { answerAtMs: (sentAtMs: number, step: number) => number; ok?: (step: number) => boolean },
): Promise<{ result: PacedResult; sent: Sent[] }> {
  const clock = FakeTimers.createClock(0);
  const sent: Sent[] = [];
  let cycles = 0;
  const done = paced({
    rate: 1_000,
    durationS: 1,
    steps: 3,
    maxInFlight: 1_000,
    clock: { now: () => clock.now, setTimeout: (fn, ms) => clock.setTimeout(fn, ms) },
    newCycle: () => ({ n: cycles++ }),
    send: (step) => {
      const atMs = clock.now;
      sent.push({ step, atMs });
      return new Promise((resolve) => clock.setTimeout(() => resolve(options.ok?.(step) ?? true), options.answerAtMs(atMs, step) - atMs));
    },
    ...options,
  });
  let result: PacedResult | undefined;
  void done.then((r) => (result = r));
  for (let i = 0; i < 10_000 && result === undefined; i++) await clock.tickAsync(10);
  if (result === undefined) throw new Error('the paced load did not finish within 100 s of fake time');
  return { result, sent };
}

describe('paced (open-loop) load', () => {
  it('starts cycles on the schedule and counts each latency from when the request was due', async () => {
    const { result, sent } = await runFake({ answerAtMs: (t) => t + 2 });
    // 1,000 requests/s in cycles of 3: 333 cycles, one every 3 ms, each of 3 requests 2 ms apart.
    expect(result.completed).toBe(999);
    expect(result.errors).toBe(0);
    expect(result.overloaded).toBe(false);
    const firsts = sent.filter((s) => s.step === 0).map((s) => s.atMs);
    expect(firsts).toHaveLength(333);
    expect(firsts.every((t, i) => t === 3 * i)).toBe(true);
    expect([...new Set(result.latenciesMs)]).toEqual([2]);
    // 999 answers between 0 and the last one, at 332 * 3 + 6 ms.
    expect(result.achievedRate).toBeCloseTo(999 / 1.002, 6);
  });

  it('keeps sending through a stall, and the requests due during it show the wait (no coordinated omission)', async () => {
    // The server answers nothing between 300 and 400 ms: whatever arrives then is answered at 400.
    const { result, sent } = await runFake({ answerAtMs: (t) => (t >= 300 && t < 400 ? 400 : t + 1) });
    const firstsDuringStall = sent.filter((s) => s.step === 0 && s.atMs >= 300 && s.atMs < 400);
    // Still one cycle every 3 ms while the server is stalled: 300, 303, ... 399.
    expect(firstsDuringStall).toHaveLength(34);
    // Their first requests waited from when they were due until 400: 100 ms down to 1 ms.
    expect(quantile(result.latenciesMs, 1)).toBe(100);
    const waitedOver50 = result.latenciesMs.filter((l) => l > 50).length;
    expect(waitedOver50).toBe(firstsDuringStall.filter((s) => 400 - s.atMs > 50).length);
    // A closed loop of a few connections would have sent only a few requests in the stall and
    // recorded a few long waits; here about 1.7% of all requests waited over 50 ms, so the p99 does.
    expect(quantile(result.latenciesMs, 0.99)).toBeGreaterThan(50);
    expect(result.completed).toBe(999);
  });

  it('counts the time a late client took to send from when the request was due', async () => {
    // The client's own loop is busy from 501 to 530 ms: its timer fires at 530, and the cycles
    // due at 501 ... 528 all start then. Their wait counts, as it would for a real user.
    const clock = FakeTimers.createClock(0);
    const sent: number[] = [];
    const done = paced({
      rate: 1_000,
      durationS: 1,
      steps: 1,
      maxInFlight: 1_000,
      clock: { now: () => clock.now, setTimeout: (fn, ms) => clock.setTimeout(fn, clock.now + ms > 500 && clock.now + ms < 530 ? 530 - clock.now : ms) },
      newCycle: () => ({}),
      send: () => {
        sent.push(clock.now);
        return new Promise((resolve) => clock.setTimeout(() => resolve(true), 2));
      },
    });
    await clock.tickAsync(2_000);
    const r = await done;
    expect(sent.filter((t) => t === 530)).toHaveLength(30); // due at 501 ... 530
    expect(quantile(r.latenciesMs, 1)).toBe(31); // due at 501, sent at 530, answered at 532
    expect(r.latenciesMs.filter((l) => l > 2)).toHaveLength(29);
  });

  it('stops starting cycles once maxInFlight are under way, and says it was overloaded', async () => {
    // Each answer takes 5 s: 10 cycles fill the limit, the rest are never started.
    const { result, sent } = await runFake({ maxInFlight: 10, answerAtMs: (t) => t + 5_000 });
    expect(result.overloaded).toBe(true);
    expect(sent.filter((s) => s.step === 0)).toHaveLength(10);
    expect(result.completed).toBe(30);
  });

  it('counts failures, and a failed step ends its cycle', async () => {
    const { result, sent } = await runFake({ answerAtMs: (t) => t + 1, ok: (step) => step !== 1 });
    expect(sent.filter((s) => s.step === 2)).toHaveLength(0);
    expect(result.completed).toBe(666);
    expect(result.errors).toBe(333);
  });

  it('counts a rejected send as a failure', async () => {
    // A send of its own, which fails at once (a refused connection), in place of the fake server's.
    const { result: r } = await runFake({ rate: 100, durationS: 0.1, steps: 1, maxInFlight: 10, answerAtMs: (t) => t, send: () => Promise.reject(new Error('connection refused')) });
    expect(r.completed).toBe(10);
    expect(r.errors).toBe(10);
  });

  it('refuses options that make no schedule', () => {
    const base = { durationS: 1, steps: 3, maxInFlight: 10, clock: { now: () => 0, setTimeout: () => 0 }, newCycle: () => ({}), send: () => Promise.resolve(true) };
    expect(() => paced({ ...base, rate: 0 })).toThrow(/paced load needs rate > 0/);
    expect(() => paced({ ...base, rate: 10, steps: 1.5 })).toThrow(RangeError);
    expect(() => paced({ ...base, rate: 10, durationS: -1 })).toThrow(RangeError);
  });
});

describe('quantile', () => {
  it('is the smallest value with at least that share of the values at or below it', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(v, 0.99)).toBe(99);
    expect(quantile(v, 0.5)).toBe(50);
    expect(quantile(v, 1)).toBe(100);
    expect(quantile(v, 0.001)).toBe(1);
    expect(quantile(new Float64Array([7]), 0.99)).toBe(7);
    expect(quantile(new Float64Array(0), 0.5)).toBeNaN();
  });
});
