// A calendar of Int32 values at whole-second times: a timing wheel of one-second FIFO buckets.
// Values due at the same second come out in the order they were added, including values added
// to that second while it is being drained. Cost per value: O(1) to add and take, 4 bytes while
// queued in the current window, 8 bytes (time and value) further out.
//
// Layout: the wheel covers one aligned window of WINDOW seconds (about 3 days); values beyond it wait in an
// overflow list per window and move into the wheel when the clock enters their window, so each
// value moves at most once. Buckets and overflow lists are linked chunks of one Int32Array pool.

import { grown } from '../util/typed-arrays.js';

const WINDOW_BITS = 18;
const WINDOW = 1 << WINDOW_BITS; // 262,144 s, about 3 days: day-long timers rarely wait in overflow
const CHUNK = 32; // ints per chunk: [next, count, ...30 values or 15 (time, value) pairs]
const HEADER = 2;
const NONE = -1;

export class TimeWheel {
  private pool = new Int32Array(CHUNK * 1024);
  private chunksUsed = 0;
  private freeChunk = NONE;
  private readonly head = new Int32Array(WINDOW).fill(NONE);
  private readonly tail = new Int32Array(WINDOW).fill(NONE);
  /** Start of the window the buckets hold, in seconds. */
  private windowStartS = 0;
  /** Values in the buckets. */
  private inWindow = 0;
  /** Overflow lists by window index: chunk list of (time, value) pairs, and their earliest time. */
  private readonly overflow = new Map<number, { head: number; tail: number; minS: number }>();
  private overflowMinS = Infinity;
  /** Where the scan for the next non-empty bucket resumes; nothing is due before it. */
  private scanFromS = 0;
  private cachedNextS = NaN;
  /** Values queued in all. */
  size = 0;

  /** Queues `value` at second `atS`, which must not be before the last second taken. */
  add(atS: number, value: number): void {
    if (atS < this.scanFromS) throw new RangeError(`cannot queue at ${atS} s: the wheel has already passed ${this.scanFromS} s`);
    this.size++;
    if (atS < this.windowStartS + WINDOW) {
      this.append(atS - this.windowStartS, value);
      this.inWindow++;
    } else {
      const w = Math.floor(atS / WINDOW);
      let list = this.overflow.get(w);
      if (list === undefined) {
        const c = this.newChunk();
        list = { head: c, tail: c, minS: atS };
        this.overflow.set(w, list);
      } else if (atS < list.minS) list.minS = atS;
      list.tail = this.appendTo(list.tail, atS, value);
      if (atS < this.overflowMinS) this.overflowMinS = atS;
    }
    if (atS < this.cachedNextS) this.cachedNextS = atS;
  }

  /** The earliest second with a value queued, or Infinity. */
  nextS(): number {
    if (this.cachedNextS === this.cachedNextS) return this.cachedNextS; // not NaN: still valid
    let next = this.overflowMinS;
    if (this.inWindow > 0) {
      const end = this.windowStartS + WINDOW;
      for (let t = Math.max(this.scanFromS, this.windowStartS); t < end; t++) {
        if (this.head[t - this.windowStartS] !== NONE) {
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
    if (atS >= this.windowStartS + WINDOW) this.enterWindow(Math.floor(atS / WINDOW));
    this.scanFromS = atS;
    const b = atS - this.windowStartS;
    let c = this.head[b]!;
    while (c !== NONE) {
      // The count is re-read on each pass: a visit may append to this very chunk, or link a new
      // one after it, which `next` then finds.
      for (let i = 0; i < this.pool[c + 1]!; i++) {
        this.size--;
        this.inWindow--;
        visit(this.pool[c + HEADER + i]!);
      }
      const next = this.pool[c]!;
      this.releaseChunk(c);
      c = next;
    }
    this.head[b] = NONE;
    this.tail[b] = NONE;
    this.cachedNextS = NaN;
  }

  private enterWindow(w: number): void {
    // Only called when every bucket is empty: the next value is beyond the current window.
    this.windowStartS = w * WINDOW;
    const list = this.overflow.get(w);
    if (list === undefined) return;
    this.overflow.delete(w);
    let c = list.head;
    while (c !== NONE) {
      const n = this.pool[c + 1]!;
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
      const c = this.newChunk();
      this.head[bucket] = c;
      this.tail[bucket] = c;
      this.pool[c + 1] = 1;
      this.pool[c + HEADER] = value;
      return;
    }
    const n = this.pool[t + 1]!;
    if (n < CHUNK - HEADER) {
      this.pool[t + HEADER + n] = value;
      this.pool[t + 1] = n + 1;
      return;
    }
    const c = this.newChunk();
    this.pool[t] = c;
    this.tail[bucket] = c;
    this.pool[c + 1] = 1;
    this.pool[c + HEADER] = value;
  }

  /** Appends a (time, value) pair to the overflow chunk list ending at `t`; returns the new tail. */
  private appendTo(t: number, atS: number, value: number): number {
    let n = this.pool[t + 1]!;
    if (n === CHUNK - HEADER) {
      const c = this.newChunk();
      this.pool[t] = c;
      t = c;
      n = 0;
    }
    this.pool[t + HEADER + n] = atS;
    this.pool[t + HEADER + n + 1] = value;
    this.pool[t + 1] = n + 2;
    return t;
  }

  /** A chunk offset with next = NONE and count = 0. */
  private newChunk(): number {
    let c = this.freeChunk;
    if (c !== NONE) this.freeChunk = this.pool[c]!;
    else {
      c = this.chunksUsed * CHUNK;
      if (c + CHUNK > this.pool.length) {
        if (this.pool.length * 2 > 2 ** 32) throw new RangeError('the timing wheel cannot hold more than 2^32 ints');
        this.pool = grown(this.pool, this.pool.length * 2);
      }
      this.chunksUsed++;
    }
    this.pool[c] = NONE;
    this.pool[c + 1] = 0;
    return c;
  }

  private releaseChunk(c: number): void {
    this.pool[c] = this.freeChunk;
    this.freeChunk = c;
  }

  /** Bytes held by the pool and the bucket index, for memory reports. */
  get bytes(): number {
    return this.pool.byteLength + this.head.byteLength + this.tail.byteLength;
  }
}
