// The engine on the event core, wired in one place: every driver (a script, generated traffic,
// the benchmarks, the tests, and later report replications, the real-time emulator and the load
// driver) runs the engine through this loop. It owns the event kinds, the timer hand-off (arm,
// then timerDue for each entry due, then fireDueTimers once per instant, before any other event
// at that instant: SPEC 2.2) and the horizon: events after it are never queued.

import { Engine, type Clock, type EngineListener, type EngineOptions, type TimerQueue } from '../engine/engine.js';
import type { EngineSettings } from '../engine/settings.js';
import { MAX_KIND, NORMAL, Scheduler, URGENT, type EventHandler, type LookAhead } from '../sim/scheduler.js';
import { MAX_TIME_S } from '../util/limits.js';

/** The event core's kind 0 is the engine's timers; a driver's kinds 0 to MAX_DRIVER_KIND are stored one up. */
const KIND_TIMER = 0;
export const MAX_DRIVER_KIND = MAX_KIND - 1;

/** What a driver does with its own events (kinds 0 to MAX_DRIVER_KIND) when they come due. */
export interface Driver {
  dispatch(kind: number, payload: number): void;
  /**
   * Optional: its events of the next instant are about to run, packed as kind | payload << 3 at
   * events[0 .. count); read what they will read, change nothing (see LookAhead). Scratch array.
   */
  lookAhead?(events: Int32Array, count: number): void;
}

/**
 * Open conversations from which the loop looks ahead (sim/scheduler.ts, LookAhead): their records
 * then hold 4 MiB, more than a core's own cache on current server CPUs (1-2 MiB), so the records
 * an instant's events read have mostly left it. Below, they are mostly cached and the look ahead
 * only costs its passes (5-10% of a run).
 */
export const LOOK_AHEAD_OPEN = 2 ** 17;

/** Builds the engine: tests pass a subclass that checks invariants as it goes. */
export type EngineFactory = (settings: EngineSettings, clock: Clock, timers: TimerQueue, listener: EngineListener, options: EngineOptions) => Engine;

export interface LoopOptions {
  /** Events after this second are not queued (a scenario's `until`); none by default. */
  readonly horizonS?: number;
  readonly engine?: EngineFactory;
  /** The engine's options (retainClosed: scripts and the emulator, which delete and remove). */
  readonly engineOptions?: EngineOptions;
  /** Open conversations from which to look ahead (default LOOK_AHEAD_OPEN; tests set 0 and Infinity). */
  readonly lookAheadOpen?: number | undefined;
}

export class RunLoop implements Clock {
  readonly engine: Engine;
  /** The last second events may be queued at. */
  readonly horizonS: number;
  private readonly scheduler = new Scheduler();
  private readonly wiring: Wiring;

  constructor(settings: EngineSettings, listener: EngineListener, options: LoopOptions = {}) {
    this.horizonS = options.horizonS ?? MAX_TIME_S;
    const timers = new TimerEntries(this.scheduler);
    // The scheduler is the engine's clock: a plain field, read on every request (no getter in between).
    this.engine = (options.engine ?? ((s, c, t, l, o) => new Engine(s, c, t, l, o)))(settings, this.scheduler, timers, listener, options.engineOptions ?? {});
    this.wiring = new Wiring(this.engine, options.lookAheadOpen ?? LOOK_AHEAD_OPEN);
  }

  /** Simulated time in whole seconds; each event runs with it set to the event's time. */
  get nowS(): number {
    return this.scheduler.nowS;
  }

  /** The driver whose events this loop runs; set once, before the first event of its own comes due. */
  drive(driver: Driver): void {
    if (this.wiring.driver !== undefined) throw new Error('this loop already has a driver');
    this.wiring.driver = driver;
  }

  /**
   * Queues a driver event at `atS` (NORMAL: after the timers due at that second), unless it
   * falls after the horizon, where it could never run. Returns whether it was queued.
   */
  schedule(atS: number, kind: number, payload: number): boolean {
    if (atS > this.horizonS) return false;
    // One unsigned comparison: a negative kind wraps to a huge one.
    if (kind >>> 0 > MAX_DRIVER_KIND) throw new RangeError(`a driver's event kinds are 0 to ${MAX_DRIVER_KIND}; got ${kind}`);
    this.scheduler.schedule(atS, NORMAL, kind + 1, payload);
    return true;
  }

  /**
   * Runs every event due at or before `untilS` (at most the horizon), then sets the clock there.
   * Can be called in any steps, with the same result as one call. Returns how many events ran.
   */
  runUntil(untilS: number): number {
    return this.scheduler.run(Math.min(untilS, this.horizonS), this.wiring, this.wiring);
  }

  /** When the next queued event is due (possibly a stale timer entry), or Infinity: what a real-time driver waits for. */
  nextEventS(): number {
    return this.scheduler.peekTimeS();
  }

  /** Events queued now, and the bytes the queues hold. */
  get queue(): { readonly pending: number; readonly bytes: number } {
    return { pending: this.scheduler.pending, bytes: this.scheduler.bytes };
  }
}

/** The engine's timer entries, queued URGENT as the event core's kind 0. */
class TimerEntries implements TimerQueue {
  constructor(private readonly scheduler: Scheduler) {}
  arm(slot: number, atS: number): void {
    this.scheduler.schedule(atS, URGENT, KIND_TIMER, slot);
  }
}

/**
 * The engine and the driver on the event core: which of them an event is for, the timers fired
 * once per instant, and the look ahead. Methods of one class, not closures made per loop: V8
 * then keeps what it optimized for the first loop of a process for every later one (a report's
 * replications, a bench's runs) instead of deoptimizing at each new closure.
 */
class Wiring implements EventHandler, LookAhead {
  driver: Driver | undefined;
  /** Scratch for the look ahead: the slots of the instant's timer entries. */
  private slots = new Int32Array(256);

  constructor(
    private readonly engine: Engine,
    private readonly lookAheadOpen: number,
  ) {}

  dispatch(kind: number, payload: number): void {
    if (kind === KIND_TIMER) this.engine.timerDue(payload);
    else this.driver!.dispatch(kind - 1, payload);
  }

  afterUrgent(): void {
    this.engine.fireDueTimers();
  }

  wanted(): boolean {
    return this.engine.counters.open >= this.lookAheadOpen;
  }

  events(events: Int32Array, count: number): void {
    // The timer entries' slots apart and the driver's events compacted in place (kinds as the
    // driver numbers them), then each read in a tight pass of its own.
    if (this.slots.length < count) this.slots = new Int32Array(count * 2);
    const slots = this.slots;
    let m = 0;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const packed = events[i]!;
      if ((packed & 7) === KIND_TIMER) slots[m++] = packed >>> 3;
      else events[n++] = packed - 1;
    }
    if (m > 0) this.engine.lookAheadAtSlots(slots, m);
    if (n > 0) this.driver!.lookAhead?.(events, n);
  }
}
