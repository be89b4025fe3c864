// The emulator's clock: the run loop's virtual seconds either follow a wall clock (real, optionally
// N times faster) or move only when told (manual). Either way, timers due by the new time fire in
// order, with their webhooks queued, before the call returns. The wall clock is injected, so the
// real-time driver is tested with @sinonjs/fake-timers: this is the one place that meets it.

import type { RunLoop } from '../run/loop.js';

/** What the real-time driver needs of a wall clock: Node's globals, or a fake clock's. */
export interface WallClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: WallClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface EmulatorClock {
  readonly mode: 'real' | 'manual';
  /** Brings the loop to the present before a request: fires every timer due until now. */
  sync(): void;
  /** Manual only: moves time forward by whole seconds, firing every timer due on the way. */
  advance(seconds: number): void;
  /** Stops waking up (real). */
  stop(): void;
}

export class ManualClock implements EmulatorClock {
  readonly mode = 'manual';
  constructor(private readonly loop: RunLoop) {}
  sync(): void {}
  advance(seconds: number): void {
    this.loop.runUntil(this.loop.nowS + seconds);
  }
  stop(): void {}
}

/** The longest single wait a timer accepts (setTimeout's limit); a longer one wakes up early and waits again. */
const MAX_WAIT_MS = 2 ** 31 - 1;

export class RealClock implements EmulatorClock {
  readonly mode = 'real';
  private readonly startMs: number;
  private timer: unknown;
  private stopped = false;

  constructor(
    private readonly loop: RunLoop,
    private readonly wall: WallClock,
    /** Virtual seconds per wall second. */
    private readonly speed: number,
  ) {
    this.startMs = wall.now();
    this.wake();
  }

  /** Whole virtual seconds since the start. */
  private virtualNowS(): number {
    return Math.floor(((this.wall.now() - this.startMs) * this.speed) / 1000);
  }

  sync(): void {
    const t = this.virtualNowS();
    if (t > this.loop.nowS) this.loop.runUntil(t);
    this.wake();
  }

  advance(): void {
    throw new Error('the clock is real: it follows the wall clock (start with --clock manual to move it yourself)');
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.wall.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Sleeps until the next queued event is due, then syncs: timers fire on time without a request. */
  private wake(): void {
    if (this.timer !== undefined) this.wall.clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.loop.nextEventS();
    if (this.stopped || next === Infinity) return;
    const dueMs = this.startMs + Math.ceil((next * 1000) / this.speed);
    let wait = Math.min(MAX_WAIT_MS, Math.max(0, dueMs - this.wall.now()));
    // Rounding must never make it wake at the same instant for nothing, forever.
    if (wait === 0 && this.virtualNowS() < next) wait = 1;
    this.timer = this.wall.setTimeout(() => {
      this.timer = undefined;
      this.sync();
    }, wait);
  }
}
