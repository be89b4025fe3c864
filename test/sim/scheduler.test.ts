import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NORMAL, Scheduler, URGENT } from '../../src/sim/scheduler.js';

function drain(q: Scheduler, until = 10 ** 9): [number, number, number][] {
  const seen: [number, number, number][] = [];
  q.run(until, (kind, payload) => seen.push([q.nowS, kind, payload]));
  return seen;
}

describe('Scheduler', () => {
  it('runs events by time, then priority, then the order they were scheduled', () => {
    const q = new Scheduler();
    q.schedule(5, NORMAL, 1, 10);
    q.schedule(5, NORMAL, 1, 11);
    q.schedule(3, NORMAL, 1, 12);
    q.schedule(5, URGENT, 0, 13);
    q.schedule(5, URGENT, 0, 14);
    expect(drain(q)).toEqual([
      [3, 1, 12],
      [5, 0, 13],
      [5, 0, 14],
      [5, 1, 10],
      [5, 1, 11],
    ]);
  });

  it('runs events scheduled during a run, and stops at the horizon with the clock on it', () => {
    const q = new Scheduler();
    q.schedule(1, NORMAL, 0, 0);
    const seen: number[] = [];
    q.run(10, (_k, n) => {
      seen.push(q.nowS);
      if (n < 5) q.schedule(q.nowS + 3, NORMAL, 0, n + 1);
    });
    expect(seen).toEqual([1, 4, 7, 10]);
    expect(q.nowS).toBe(10);
    expect(q.pending).toBe(1);
    expect(q.peekTimeS()).toBe(13);
  });

  it('gives the same order whether a run is made in one go or in steps', () => {
    const make = () => {
      const q = new Scheduler();
      for (let i = 0; i < 50; i++) q.schedule((i * 7) % 13, i % 2, i % 8, i);
      return q;
    };
    const whole = drain(make(), 100);
    const q = make();
    const parts = [...drain(q, 3), ...drain(q, 3), ...drain(q, 9), ...drain(q, 100)];
    expect(parts).toEqual(whole);
  });

  it('refuses to schedule in the past, naming the times', () => {
    const q = new Scheduler();
    q.run(10, () => undefined);
    expect(() => q.schedule(5, NORMAL, 0, 0)).toThrow('cannot schedule at 5 s: it is before now (10 s)');
    expect(() => q.schedule(10.5, NORMAL, 0, 0)).toThrow('event time must be a whole number of seconds; got 10.5');
    expect(() => q.schedule(11, 2, 0, 0)).toThrow('priority must be URGENT (0) or NORMAL (1); got 2');
    expect(() => q.schedule(11, 0, 8, 0)).toThrow('event kind must be a whole number from 0 to 7; got 8');
    expect(() => q.schedule(11, 0, 0, 2 ** 28)).toThrow('event payload must be a whole number from 0 to 2^28-1; got 268435456');
    expect(() => q.run(9, () => undefined)).toThrow('cannot run until 9 s: it is before now (10 s)');
  });

  it('keeps the total order for any set of events (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(200_000), fc.integer({ min: 0, max: 1 })), { maxLength: 3000 }), (events) => {
        const q = new Scheduler();
        events.forEach(([t, p], i) => q.schedule(t, p, p, i));
        const order = drain(q).map(([, , i]) => i);
        const expected = events
          .map(([t, p], i) => ({ t, p, i }))
          .sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i)
          .map((e) => e.i);
        expect(order).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
