import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeWheel } from '../../src/sim/wheel.js';

function takeAll(w: TimeWheel, until = Infinity): [number, number][] {
  const out: [number, number][] = [];
  for (let t = w.nextS(); t !== Infinity && t <= until; t = w.nextS()) w.drain(t, (v) => out.push([t, v]));
  return out;
}

describe('TimeWheel', () => {
  it('gives values back by second, first in first out within a second', () => {
    const w = new TimeWheel();
    w.add(5, 1);
    w.add(3, 2);
    w.add(5, 3);
    expect(takeAll(w)).toEqual([
      [3, 2],
      [5, 1],
      [5, 3],
    ]);
    expect(w.size).toBe(0);
    expect(w.nextS()).toBe(Infinity);
  });

  it('keeps order across windows, for values far in the future and for many values in a second', () => {
    const w = new TimeWheel();
    const year = 365 * 86_400;
    for (let i = 0; i < 100; i++) w.add(year, i);
    w.add(70_000, -1);
    w.add(65_535, -2);
    const out = takeAll(w);
    expect(out.slice(0, 2)).toEqual([
      [65_535, -2],
      [70_000, -1],
    ]);
    expect(out.slice(2)).toEqual(Array.from({ length: 100 }, (_, i) => [year, i]));
  });

  it('grows a bucket past many chunks and gives every value back in order', () => {
    const w = new TimeWheel();
    for (let i = 0; i < 10_000; i++) w.add(7, i);
    expect(takeAll(w).map(([, v]) => v)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    // Freed chunks are reused: the same again allocates nothing new.
    const bytes = w.bytes;
    for (let i = 0; i < 10_000; i++) w.add(8, i);
    expect(takeAll(w)).toHaveLength(10_000);
    expect(w.bytes).toBe(bytes);
  });

  it('includes values added to the second being drained, after the others', () => {
    const w = new TimeWheel();
    w.add(10, 0);
    const seen: number[] = [];
    w.drain(10, (v) => {
      seen.push(v);
      if (v < 70) w.add(10, v + 1);
    });
    expect(seen).toEqual(Array.from({ length: 71 }, (_, i) => i));
    expect(w.size).toBe(0);
  });

  it('refuses a value before the second it has reached, and a drain of the wrong second', () => {
    const w = new TimeWheel();
    w.add(10, 0);
    expect(() => w.drain(11, () => undefined)).toThrow('drain(11) but the next queued second is 10');
    w.drain(10, () => undefined);
    expect(() => w.add(9, 0)).toThrow('cannot queue at 9 s: the wheel has already passed 10 s');
  });

  it.each([4, 18])('agrees with a sort by (time, insertion order) for any additions interleaved with drains, window 2^%i s (property)', (bits) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(300_000), fc.nat(5)), { maxLength: 2000 }), (ops) => {
        const w = new TimeWheel(bits);
        const model: { t: number; v: number }[] = [];
        const got: [number, number][] = [];
        const want: [number, number][] = [];
        let now = 0;
        ops.forEach(([delay, drains], i) => {
          w.add(now + delay, i);
          model.push({ t: now + delay, v: i });
          for (let d = 0; d < drains % 3 && w.size > 0; d++) {
            now = w.nextS();
            w.drain(now, (v) => got.push([now, v]));
            model.sort((a, b) => a.t - b.t || a.v - b.v);
            while (model.length > 0 && model[0]!.t === now) {
              const e = model.shift()!;
              want.push([e.t, e.v]);
            }
          }
        });
        got.push(...takeAll(w));
        want.push(...model.sort((a, b) => a.t - b.t || a.v - b.v).map((e): [number, number] => [e.t, e.v]));
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('copyAt copies the values of a second in order without taking them, after what the array holds; nothing for an empty second or one past the window', () => {
    const w = new TimeWheel(4); // a 16-second window
    const values = Array.from({ length: 100 }, (_, i) => i * 3); // many chunks in one bucket
    for (const v of values) w.add(7, v);
    w.add(9, 1);
    w.add(40, 2); // past the window: in overflow
    const peek = (t: number): number[] => {
      const n = w.countAt(t);
      const into = new Int32Array(2 + n).fill(-5);
      expect(w.copyAt(t, into, 2)).toBe(2 + n);
      expect([...into.subarray(0, 2)]).toEqual([-5, -5]);
      return [...into.subarray(2)];
    };
    expect(peek(7)).toEqual(values);
    expect(peek(7)).toEqual(values); // nothing was taken
    expect(peek(8)).toEqual([]);
    expect(peek(40)).toEqual([]);
    expect(w.size).toBe(102);
    expect(takeAll(w)).toEqual([...values.map((v) => [7, v]), [9, 1], [40, 2]]);
  });
});
