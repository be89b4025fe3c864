// The timer entries due at one instant, in the order their deadlines were set (engine/due.ts):
// each of the three ways it sorts (already in order, insertion, native sort of packed keys) and
// the comparator it falls back on past 2^53, against a plain sort by arm sequence.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DueTimers } from '../../src/engine/due.js';
import { fcParams } from '../fc.js';

/** Arm sequences by slot, as the conversation table keeps them. */
function sequences(bySlot: Map<number, number>) {
  return { armSeq: (slot: number): number => bySlot.get(slot)! };
}

/** Adds `slots`, takes them, and returns what `take` put at slots[0 .. n). */
function taken(due: DueTimers, slots: readonly number[], bySlot: Map<number, number>, arms: number): number[] {
  for (const s of slots) due.add(s);
  const n = due.take(sequences(bySlot), arms);
  return Array.from(due.slots.subarray(0, n));
}

describe('DueTimers', () => {
  it('gives back what was added, by arm sequence, and starts empty again', () => {
    const due = new DueTimers();
    const bySlot = new Map([[7, 30], [3, 10], [9, 20]]);
    expect(taken(due, [7, 3, 9], bySlot, 30)).toEqual([3, 9, 7]);
    expect(due.count).toBe(0);
    expect(due.take(sequences(bySlot), 30)).toBe(0);
    expect(taken(due, [9], bySlot, 30)).toEqual([9]);
  });

  // Up to 32 by insertion, more by packed keys; past 2^53 / 2^bits deadlines set, by comparator.
  const paths: [string, number, number, number][] = [
    ['by insertion', 0, 32, 1_000],
    ['by packed keys', 33, 300, 1_000],
    ['by the comparator, past 2^53', 33, 300, 2 ** 52],
  ];
  it.each(paths)('orders any batch as a sort by arm sequence would: %s', (_path, minLength, maxLength, base) => {
    const due = new DueTimers();
    fc.assert(
      fc.property(
        // Distinct slots, and distinct arm sequences (a deadline set gets the next number).
        fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 20 }), { minLength, maxLength, size: 'max' }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 300, maxLength: 300 }),
        (slots, seqs) => {
          const bySlot = new Map(slots.map((s, i) => [s, base + seqs[i]!]));
          const want = [...slots].sort((a, b) => bySlot.get(a)! - bySlot.get(b)!);
          expect(taken(due, slots, bySlot, base + 1_000_000)).toEqual(want);
          expect(due.count).toBe(0);
        },
      ),
      fcParams(200),
    );
  });

  it('leaves a batch already in order as it is, without reading past it', () => {
    const due = new DueTimers();
    const read: number[] = [];
    const bySlot = new Map([[1, 1], [2, 2], [3, 3]]);
    for (const s of [1, 2, 3]) due.add(s);
    const n = due.take({ armSeq: (slot) => (read.push(slot), bySlot.get(slot)!) }, 3);
    expect(Array.from(due.slots.subarray(0, n))).toEqual([1, 2, 3]);
    expect(read).toEqual([1, 2, 2, 3]);
  });
});
