// A calendar of Int32 values at whole-second times: a timing wheel of one-second FIFO buckets.
// Values due at the same second come out in the order they were added, including values added
// to that second while it is being drained. Cost per value: O(1) to add and take, 4 bytes while
// queued in the current window, 8 bytes (time and value) further out. Finding the next busy
// second (nextS) scans empty buckets, but only forward: at most the window's 2^windowBits
// buckets per window of simulated time, however many values pass through.
//
// Layout: the wheel covers one aligned window of 2^windowBits seconds; values beyond it
// wait in an overflow list per window and move into the wheel when the clock enters their window,
// so each value moves at most once. Buckets and overflow lists are linked chunks of one Int32Array
// pool. A bucket's chunks grow by half each time (8, 12, 16, 24, ... 256 ints), so a bucket of a
// few values costs a few ints and a large one wastes at most a third of its last chunk; each
// size has a free list.
// A bucket's chunks form a ring: the bucket keeps its last chunk, whose `next` is the first.

import { CapacityExceeded } from '../util/capacity.js';
import { grown, replaceable } from '../util/typed-arrays.js';

// A chunk is [next, meta, ...values] with meta = count | sizeClass << 24.
const HEADER = 2;
const SIZES = [8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256];
const SMALLEST = 0;
const LARGEST = SIZES.length - 1;
const COUNT_MASK = 0xffffff;
const NONE = -1;
const MAX_POOL_INTS = 2 ** 31 - 1;

const CAPACITY = Int32Array.from(SIZES, (size) => size - HEADER);
const capacityOf = (sizeClass: number): number => CAPACITY[sizeClass]!;

/** An overflow window's values: a chunk list of (time, value) pairs, and their earliest time. */
class OverflowList {
  readonly head: number;
  tail: number;
  minS: number;

  constructor(chunk: number, atS: number) {
    this.head = chunk;
    // Changed mid-run: stored a second time here so that V8 compiles them as ordinary fields, not
    // constants (see `replaceable` in util/typed-arrays.ts).
    this.tail = NONE;
    this.tail = chunk;
    this.minS = atS + 1;
    this.minS = atS;
  }
}

export class TimeWheel {
  private pool = new Int32Array(1 << 15);
  private poolUsed = 0;
  private readonly freeChunk = new Int32Array(LARGEST + 1).fill(NONE);
  private readonly window: number;
  /** The last chunk of each bucket's ring, or NONE for an empty bucket. */
  private readonly tail: Int32Array;
  /** Start of the window the buckets hold, in seconds. */
  private windowStartS = 0;
  /** Values in the buckets. */
  private inWindow = 0;
  /** Overflow lists by window index. */
  private readonly overflow = new Map<number, OverflowList>();
  private overflowMinS = Infinity;
  /** Where the scan for the next non-empty bucket resumes; nothing is due before it. */
  private scanFromS = 0;
  private cachedNextS = NaN;
  /** Values queued in all. */
  size = 0;

  /**
   * @param windowBits log2 of the window in seconds: 18 (about 3 days) keeps day-long timers out
   *   of overflow; 16 (about 18 hours) costs a quarter of the bucket index.
   */
  constructor(windowBits = 18) {
    // Whole numbers as int32 here and below (`1 <<`, `| 0`): V8 keeps such fields untagged small
    // integers; a field that once held a double (2 ** n is one) stays a boxed double.
    this.window = 1 << windowBits;
    this.tail = new Int32Array(this.window).fill(NONE);
    // Changed mid-run, first after hours or days of simulated time: stored a second time here so
    // that V8 compiles them as ordinary fields, not constants (see `replaceable`).
    this.pool = replaceable(this.pool);
    this.windowStartS = this.window;
    this.windowStartS = 0;
    this.overflowMinS = 0;
    this.overflowMinS = Infinity;
  }

  /** Queues `value` at second `atS`, which must not be before the last second taken. */
  add(atS: number, value: number): void {
    if (atS < this.scanFromS) throw new RangeError(`cannot queue at ${atS} s: the wheel has already passed ${this.scanFromS} s`);
    this.size++;
    if (atS < this.windowStartS + this.window) {
      this.append(atS - this.windowStartS, value);
      this.inWindow++;
    } else {
      const w = Math.floor(atS / this.window);
      let list = this.overflow.get(w);
      if (list === undefined) {
        const c = this.newChunk(LARGEST);
        list = new OverflowList(c, atS);
        this.overflow.set(w, list);
      } else if (atS < list.minS) list.minS = atS;
      list.tail = this.appendTo(list.tail, atS, value);
      if (atS < this.overflowMinS) this.overflowMinS = atS;
    }
    if (atS < this.cachedNextS) this.cachedNextS = atS;
  }

  /**
   * The earliest second with a value queued, or Infinity. Cached until the next drain; after a
   * drain it scans forward from the drained second over empty buckets to the next busy one, so
   * the scans over a whole window cost at most its 2^windowBits buckets in all.
   */
  nextS(): number {
    if (this.cachedNextS === this.cachedNextS) return this.cachedNextS; // not NaN: still valid
    let next = this.overflowMinS;
    if (this.inWindow > 0) {
      const end = this.windowStartS + this.window;
      for (let t = Math.max(this.scanFromS, this.windowStartS); t < end; t++) {
        if (this.tail[t - this.windowStartS] !== NONE) {
          next = t;
          break;
        }
      }
    }
    this.cachedNextS = next;
    return next;
  }

  /**
   * Calls `visit` with each value queued at `atS`, in order, including values added at `atS`
   * during the calls, and removes them. `atS` must be `nextS()`.
   */
  drain(atS: number, visit: (value: number) => void): void {
    if (atS !== this.nextS() || atS === Infinity) throw new RangeError(`drain(${atS}) but the next queued second is ${this.nextS()}`);
    if (atS >= this.windowStartS + this.window) this.enterWindow(Math.floor(atS / this.window));
    this.scanFromS = atS | 0;
    const b = atS - this.windowStartS;
    let c = this.pool[this.tail[b]!]!; // the ring's first chunk
    for (;;) {
      // The count is re-read on each pass: a visit may append to this very chunk, or add a
      // chunk after it, which makes it no longer the last.
      for (let i = 0; i < (this.pool[c + 1]! & COUNT_MASK); i++) {
        this.size--;
        this.inWindow--;
        visit(this.pool[c + HEADER + i]!);
      }
      const last = c === this.tail[b];
      const next = this.pool[c]!;
      this.releaseChunk(c);
      if (last) break;
      c = next;
    }
    this.tail[b] = NONE;
    this.cachedNextS = NaN;
  }

  /** How many values are queued at `atS` (what copyAt copies): 0 past the window. */
  countAt(atS: number): number {
    const last = this.lastChunkAt(atS);
    if (last === NONE) return 0;
    let n = 0;
    let c = this.pool[last]!;
    for (;;) {
      n += this.pool[c + 1]! & COUNT_MASK;
      if (c === last) return n;
      c = this.pool[c]!;
    }
  }

  /**
   * Copies the values queued at `atS`, in order, to into[from ..], without removing them (a look
   * ahead), and returns the index after the last; `into` must have room for countAt(atS) more.
   * Nothing past the window. A copy rather than a call per value: a look ahead reads them in
   * tight passes of its own.
   */
  copyAt(atS: number, into: Int32Array, from: number): number {
    const last = this.lastChunkAt(atS);
    if (last === NONE) return from;
    const pool = this.pool;
    let k = from;
    let c = pool[last]!;
    for (;;) {
      const end = c + HEADER + (pool[c + 1]! & COUNT_MASK);
      for (let p = c + HEADER; p < end; p++) into[k++] = pool[p]!;
      if (c === last) return k;
      c = pool[c]!;
    }
  }

  /** The last chunk of the bucket of `atS` (the ring's first is after it), or NONE: empty, or past the window. */
  private lastChunkAt(atS: number): number {
    return atS < this.windowStartS + this.window ? this.tail[atS - this.windowStartS]! : NONE;
  }

  private enterWindow(w: number): void {
    // Only called when every bucket is empty: the next value is beyond the current window.
    this.windowStartS = (w * this.window) | 0;
    const list = this.overflow.get(w);
    if (list === undefined) return;
    this.overflow.delete(w);
    let c = list.head;
    while (c !== NONE) {
      const n = this.pool[c + 1]! & COUNT_MASK;
      for (let i = 0; i < n; i += 2) {
        this.append(this.pool[c + HEADER + i]! - this.windowStartS, this.pool[c + HEADER + i + 1]!);
        this.inWindow++;
      }
      const next = this.pool[c]!;
      this.releaseChunk(c);
      c = next;
    }
    this.overflowMinS = Infinity;
    for (const other of this.overflow.values()) if (other.minS < this.overflowMinS) this.overflowMinS = other.minS;
  }

  private append(bucket: number, value: number): void {
    const t = this.tail[bucket]!;
    if (t === NONE) {
      const c = this.newChunk(SMALLEST);
      this.pool[c] = c; // a ring of one
      this.tail[bucket] = c;
      this.pool[c + 1] = 1 | (SMALLEST << 24);
      this.pool[c + HEADER] = value;
      return;
    }
    const meta = this.pool[t + 1]!;
    const n = meta & COUNT_MASK;
    const sizeClass = meta >>> 24;
    if (n < capacityOf(sizeClass)) {
      this.pool[t + HEADER + n] = value;
      this.pool[t + 1] = meta + 1;
      return;
    }
    const next = sizeClass < LARGEST ? sizeClass + 1 : LARGEST;
    const c = this.newChunk(next);
    this.pool[c] = this.pool[t]!; // the new last chunk points at the first
    this.pool[t] = c;
    this.tail[bucket] = c;
    this.pool[c + 1] = 1 | (next << 24);
    this.pool[c + HEADER] = value;
  }

  /** Appends a (time, value) pair to the overflow chunk list ending at `t`; returns the new tail. */
  private appendTo(t: number, atS: number, value: number): number {
    let n = this.pool[t + 1]! & COUNT_MASK;
    if (n + 2 > capacityOf(LARGEST)) {
      const c = this.newChunk(LARGEST);
      this.pool[t] = c;
      t = c;
      n = 0;
    }
    this.pool[t + HEADER + n] = atS;
    this.pool[t + HEADER + n + 1] = value;
    this.pool[t + 1] = (n + 2) | (LARGEST << 24);
    return t;
  }

  /** A chunk offset of the size class, with next = NONE and count = 0. */
  private newChunk(sizeClass: number): number {
    let c = this.freeChunk[sizeClass]!;
    if (c !== NONE) this.freeChunk[sizeClass] = this.pool[c]!;
    else {
      c = this.poolUsed;
      const size = SIZES[sizeClass]!;
      if (c + size > this.pool.length) {
        // 1.25x: a quarter of slack at most, for a copy every few growths.
        const n = Math.max(c + size, Math.floor(this.pool.length * 1.25));
        // Chunk offsets are stored in the pool itself, as Int32: the pool stays below 2^31 ints.
        if (n > MAX_POOL_INTS) throw new CapacityExceeded('queued events', MAX_POOL_INTS);
        this.pool = grown(this.pool, n);
      }
      this.poolUsed += size;
    }
    this.pool[c] = NONE;
    this.pool[c + 1] = sizeClass << 24;
    return c;
  }

  private releaseChunk(c: number): void {
    const sizeClass = this.pool[c + 1]! >>> 24;
    this.pool[c] = this.freeChunk[sizeClass]!;
    this.freeChunk[sizeClass] = c;
  }

  /** Bytes held by the pool and the bucket index, for memory reports. */
  get bytes(): number {
    return this.pool.byteLength + this.tail.byteLength;
  }
}
