// The discrete-event core: a virtual clock in whole seconds and a priority queue of events.
// Total order: (time, priority, insertion sequence), so events at one instant run by priority,
// then in the order they were scheduled. The queue is a binary heap on parallel typed arrays
// (no object per event); an event is a small integer `kind` and a numeric `payload`.

import { grown } from '../util/typed-arrays.js';

/** Priority of events that must run first at their instant (SPEC 2.2: timers). */
export const URGENT = 0;
/** Priority of everything else (messages, REST calls, arrivals). */
export const NORMAL = 1;

export type Dispatch = (kind: number, payload: number) => void;

const SEQUENCE_LIMIT = 2 ** 45; // rank = priority * 2^45 + seq stays a safe integer for priority < 256

export class Scheduler {
  /** Simulated time in whole seconds; set to each event's time before it runs. */
  nowS = 0;
  private timeS = new Float64Array(1024);
  private rank = new Float64Array(1024);
  private kinds = new Uint8Array(1024);
  private payloads = new Float64Array(1024);
  private count = 0;
  private sequence = 0;

  get pending(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity if there is none. */
  peekTimeS(): number {
    return this.count === 0 ? Infinity : this.timeS[0]!;
  }

  schedule(atS: number, priority: number, kind: number, payload: number): void {
    if (!Number.isSafeInteger(atS)) throw new RangeError(`event time must be a whole number of seconds; got ${atS}`);
    if (atS < this.nowS) throw new RangeError(`cannot schedule at ${atS} s: it is before now (${this.nowS} s)`);
    if (!(priority >= 0 && priority < 256 && Number.isInteger(priority))) throw new RangeError(`priority must be a whole number from 0 to 255; got ${priority}`);
    if (this.sequence === SEQUENCE_LIMIT) throw new RangeError(`more than ${SEQUENCE_LIMIT} events scheduled in one run`);
    if (this.count === this.timeS.length) this.grow();
    const r = priority * SEQUENCE_LIMIT + this.sequence++;
    // Sift up: move parents down until the new event's place is found.
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.timeS[parent]!;
      if (pt < atS || (pt === atS && this.rank[parent]! < r)) break;
      this.move(parent, i);
      i = parent;
    }
    this.timeS[i] = atS;
    this.rank[i] = r;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  /** Runs the next event, if any; false when the queue is empty. */
  step(dispatch: Dispatch): boolean {
    if (this.count === 0) return false;
    const kind = this.kinds[0]!;
    const payload = this.payloads[0]!;
    this.nowS = this.timeS[0]!;
    this.removeTop();
    dispatch(kind, payload);
    return true;
  }

  /**
   * Runs every event due at or before `untilS` (events it schedules included), then sets the
   * clock to `untilS`. Later events stay queued, so a run can go on in steps. Returns how many ran.
   */
  run(untilS: number, dispatch: Dispatch): number {
    if (untilS < this.nowS) throw new RangeError(`cannot run until ${untilS} s: it is before now (${this.nowS} s)`);
    let ran = 0;
    while (this.count > 0 && this.timeS[0]! <= untilS) {
      this.step(dispatch);
      ran++;
    }
    this.nowS = untilS;
    return ran;
  }

  private removeTop(): void {
    const last = --this.count;
    if (last === 0) return;
    const t = this.timeS[last]!;
    const r = this.rank[last]!;
    const k = this.kinds[last]!;
    const p = this.payloads[last]!;
    // Sift down the last event from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < last && this.before(right, child)) child = right;
      const ct = this.timeS[child]!;
      if (t < ct || (t === ct && r < this.rank[child]!)) break;
      this.move(child, i);
      i = child;
    }
    this.timeS[i] = t;
    this.rank[i] = r;
    this.kinds[i] = k;
    this.payloads[i] = p;
  }

  private before(a: number, b: number): boolean {
    const ta = this.timeS[a]!;
    const tb = this.timeS[b]!;
    return ta < tb || (ta === tb && this.rank[a]! < this.rank[b]!);
  }

  private move(from: number, to: number): void {
    this.timeS[to] = this.timeS[from]!;
    this.rank[to] = this.rank[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.payloads[to] = this.payloads[from]!;
  }

  private grow(): void {
    const n = this.timeS.length * 2;
    this.timeS = grown(this.timeS, n);
    this.rank = grown(this.rank, n);
    this.kinds = grown(this.kinds, n);
    this.payloads = grown(this.payloads, n);
  }
}
