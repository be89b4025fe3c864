// The timer entries due at one instant, put in the order their deadlines were set (SPEC 2.2): the
// order one setTimeout per clock would fire them in. The timer queue hands them over in its own
// order, in which an entry re-armed lazily (its clock restarted after it was queued) comes late;
// the arm sequence number each deadline got when it was set gives the order back.

import { grown } from '../util/typed-arrays.js';

/** Where a slot's arm sequence is read: the conversation table (engine/table.ts). */
export interface ArmSequences {
  armSeq(slot: number): number;
}

/** Batches up to this size are sorted in place by insertion: they are small and nearly sorted. */
const INSERTION_MAX = 32;

export class DueTimers {
  /** The slots added since the last `take`, in the order added; in the order of their arm sequences after it. */
  slots = new Int32Array(64);
  /** How many slots were added since the last `take`. */
  count = 0;
  /** Scratch for sortByKeys. */
  private keys = new Float64Array(0);
  private sorted = new Int32Array(0);

  add(slot: number): void {
    if (this.count === this.slots.length) this.slots = grown(this.slots, this.slots.length * 2);
    this.slots[this.count++] = slot;
  }

  /**
   * Sorts the slots added since the last call by their arm sequences (all different) and empties
   * the list: returns how many there are, in order at slots[0 .. n) until the next `add`.
   * `arms` is the highest arm sequence given out so far.
   */
  take(seqs: ArmSequences, arms: number): number {
    const n = this.count;
    this.count = 0;
    const slots = this.slots;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = seqs.armSeq(slots[i - 1]!) < seqs.armSeq(slots[i]!);
    if (sorted) return n;
    if (n <= INSERTION_MAX) {
      for (let i = 1; i < n; i++) {
        const slot = slots[i]!;
        const seq = seqs.armSeq(slot);
        let j = i - 1;
        for (; j >= 0 && seqs.armSeq(slots[j]!) > seq; j--) slots[j + 1] = slots[j]!;
        slots[j + 1] = slot;
      }
    } else this.sortByKeys(n, seqs, arms);
    return n;
  }

  /**
   * Sorts slots[0 .. n) by arm sequence without a comparator: each entry becomes the number
   * sequence * 2^bits + its index (exact below 2^53), the numbers are sorted natively, and the
   * indexes give the order back. A comparator is a call out of the native sort per comparison,
   * a few percent of a run whose instants fire hundreds of timers (the 1e7 contact centre).
   */
  private sortByKeys(n: number, seqs: ArmSequences, arms: number): void {
    const slots = this.slots;
    const scale = 2 ** (32 - Math.clz32(n - 1));
    if (arms * scale >= 2 ** 53) {
      // Past 2^53 / 2^bits deadlines set (not within reach of a run), the comparator as before.
      slots.subarray(0, n).sort((a, b) => seqs.armSeq(a) - seqs.armSeq(b));
      return;
    }
    if (this.keys.length < n) {
      this.keys = new Float64Array(slots.length);
      this.sorted = new Int32Array(slots.length);
    }
    const keys = this.keys;
    const sorted = this.sorted;
    for (let i = 0; i < n; i++) keys[i] = seqs.armSeq(slots[i]!) * scale + i;
    keys.subarray(0, n).sort();
    // The index: the key less its multiple of the power of two (each step exact; `%` would call fmod).
    for (let i = 0; i < n; i++) sorted[i] = slots[keys[i]! - Math.floor(keys[i]! / scale) * scale]!;
    slots.set(sorted.subarray(0, n));
  }
}
