import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NORMAL, Scheduler, URGENT } from '../../src/sim/scheduler.js';
import { fcParams } from '../fc.js';

function drain(q: Scheduler, until = 10 ** 9): [number, number, number][] {
  const seen: [number, number, number][] = [];
  q.run(until, { dispatch: (kind, payload) => seen.push([q.nowS, kind, payload]) });
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
    q.run(10, {
      dispatch: (_k, n) => {
        seen.push(q.nowS);
        if (n < 5) q.schedule(q.nowS + 3, NORMAL, 0, n + 1);
      },
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

  it('runs an URGENT event that a NORMAL one schedules at its own instant before the NORMAL events left there', () => {
    const q = new Scheduler();
    q.schedule(5, NORMAL, 1, 10);
    q.schedule(5, NORMAL, 1, 11);
    q.schedule(5, NORMAL, 1, 12);
    const seen: string[] = [];
    let hooks = 0;
    q.run(10, {
      dispatch: (kind, payload) => {
        seen.push(`${q.nowS}:${kind}:${payload}`);
        if (payload === 10) {
          q.schedule(5, URGENT, 0, 20);
          q.schedule(5, URGENT, 0, 21);
        }
        if (payload === 20) q.schedule(5, URGENT, 0, 22); // an urgent one's urgent follower: still before 11
      },
      afterUrgent: () => hooks++,
    });
    expect(seen).toEqual(['5:1:10', '5:0:20', '5:0:21', '5:0:22', '5:1:11', '5:1:12']);
    // The after-URGENT hook ran once for the nested batch (no URGENT events were due before it).
    expect(hooks).toBe(1);
  });

  it('keeps the total order when events schedule others at their own instant (property)', { timeout: 60_000 }, () => {
    // Each event may schedule one more at the same second, URGENT or NORMAL; the expected order
    // is a sort by (time, priority, scheduling sequence) of everything that was scheduled.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.integer({ min: 0, max: 1 }), fc.integer({ min: -1, max: 1 })), { minLength: 1, maxLength: 100 }), (spec) => {
        const q = new Scheduler();
        const all: { t: number; p: number; seq: number }[] = [];
        const add = (t: number, p: number): void => {
          all.push({ t, p, seq: all.length });
          q.schedule(t, p, p, all.length - 1);
        };
        spec.forEach(([t, p]) => add(t, p));
        const ran: number[] = [];
        q.run(100, {
          dispatch: (_kind, seq) => {
            ran.push(seq);
            const follow = spec[seq % spec.length]![2];
            if (follow >= 0 && all.length < 300) add(q.nowS, follow);
          },
        });
        // The order is a valid one: at each step, nothing scheduled before it and still pending
        // comes earlier in (time, priority, sequence).
        const done = new Set<number>();
        for (const seq of ran) {
          const e = all[seq]!;
          for (const other of all) {
            if (done.has(other.seq) || other.seq === seq || other.seq > seq) continue;
            const earlier = other.t < e.t || (other.t === e.t && other.p < e.p);
            // `other` existed when `e` ran (it was scheduled before e) and ranks ahead of it: it must have run.
            if (earlier) expect.fail(`event ${seq} (t ${e.t}, p ${e.p}) ran before ${other.seq} (t ${other.t}, p ${other.p})`);
          }
          done.add(seq);
        }
        expect(ran).toHaveLength(all.length);
      }),
      fcParams(200),
    );
  });

  it('refuses to schedule in the past, naming the times', () => {
    const q = new Scheduler();
    q.run(10, { dispatch: () => undefined });
    expect(() => q.schedule(5, NORMAL, 0, 0)).toThrow('cannot schedule at 5 s: it is before now (10 s)');
    expect(() => q.schedule(10.5, NORMAL, 0, 0)).toThrow('event time must be a whole number of seconds; got 10.5');
    expect(() => q.schedule(11, 2, 0, 0)).toThrow('priority must be URGENT (0) or NORMAL (1); got 2');
    expect(() => q.schedule(11, 0, 8, 0)).toThrow('event kind must be a whole number from 0 to 7; got 8');
    expect(() => q.schedule(11, 0, 0, 2 ** 28)).toThrow('event payload must be a whole number from 0 to 2^28-1; got 268435456');
    expect(() => q.run(9, { dispatch: () => undefined })).toThrow('cannot run until 9 s: it is before now (10 s)');
    expect(() => q.run(10.5, { dispatch: () => undefined })).toThrow('can run until a whole number of seconds up to 2^31-1; got 10.5');
    expect(() => q.run(Infinity, { dispatch: () => undefined })).toThrow('can run until a whole number of seconds up to 2^31-1; got Infinity');
    expect(q.nowS).toBe(10);
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

  it('looks ahead at each instant: every event queued there is looked at before any of it runs, and the order is the same (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2_000), fc.integer({ min: 0, max: 1 })), { maxLength: 500 }), fc.boolean(), (events, follow) => {
        // The same events twice, once with a look ahead, each event at an even payload scheduling one more (later) when `follow`.
        const runOnce = (ahead: boolean): { ran: [number, number][]; looked: [number, number][] } => {
          const q = new Scheduler();
          events.forEach(([t, p], i) => q.schedule(t, p, p, i));
          const ran: [number, number][] = [];
          const looked: [number, number][] = [];
          q.run(
            10 ** 6,
            {
              dispatch: (_kind, payload) => {
                // Everything this instant had queued when it began was looked at before this ran.
                if (ahead) expect(looked.filter(([t]) => t === q.nowS).length).toBeGreaterThan(0);
                ran.push([q.nowS, payload]);
                if (follow && payload % 2 === 0 && payload < 10_000) q.schedule(q.nowS + 1 + (payload % 7), NORMAL, 1, payload + 10_000);
              },
            },
            ahead
              ? {
                  wanted: () => true,
                  events: (batch, count) => {
                    for (const packed of batch.subarray(0, count)) looked.push([q.nowS, packed >>> 3]);
                  },
                }
              : undefined,
          );
          return { ran, looked };
        };
        const plain = runOnce(false);
        const ahead = runOnce(true);
        expect(ahead.ran).toEqual(plain.ran);
        // Each instant's events were looked at, before its first event ran: the look-ahead log
        // holds, at each instant, at least what ran there, less what was added while it ran
        // (none here: follow-ups go to later seconds).
        const key = ([t, p]: [number, number]): string => `${t}:${p}`;
        expect(ahead.looked.map(key).sort()).toEqual(plain.ran.map(key).sort());
      }),
      fcParams(100),
    );
  });

  it('does not look ahead at an instant where wanted() says no', () => {
    const q = new Scheduler();
    for (let t = 1; t <= 4; t++) q.schedule(t, t % 2, 0, t);
    const looked: number[] = [];
    q.run(10, { dispatch: () => undefined }, {
      wanted: () => q.nowS >= 3,
      events: (batch, count) => {
        for (const packed of batch.subarray(0, count)) looked.push(packed >>> 3);
      },
    });
    expect(looked).toEqual([3, 4]);
  });
});
