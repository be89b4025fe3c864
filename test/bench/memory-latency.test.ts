// The bench's memory-latency probe (src/bench/memory-latency.ts): its chain must go through every
// entry before it comes back, or it would measure a smaller span than it says.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependentReadNs, randomCycle } from '../../src/bench/memory-latency.js';
import { Random } from '../../src/sim/random.js';
import { fcParams } from '../fc.js';

describe('memory-latency probe', () => {
  it('builds one cycle through every entry, whatever the size and seed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3_000 }), fc.nat(), (n, seed) => {
        const next = randomCycle(n, new Random(seed));
        const seen = new Uint8Array(n);
        let at = 0;
        for (let i = 0; i < n; i++) {
          expect(seen[at]).toBe(0);
          seen[at] = 1;
          at = next[at]!;
        }
        expect(at).toBe(0);
      }),
      fcParams(200),
    );
  });

  it('refuses a cycle of fewer than 2 entries', () => {
    expect(() => randomCycle(1, new Random(1))).toThrow('a cycle needs a whole number of at least 2 entries; got 1');
  });

  it('gives a time per read for each pass', () => {
    const times = dependentReadNs(64 * 1024, 100_000);
    expect(times).toHaveLength(3);
    for (const ns of times) {
      expect(ns).toBeGreaterThan(0);
      expect(Number.isFinite(ns)).toBe(true);
    }
  });
});
