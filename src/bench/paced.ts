// Latency at a fixed request rate, measured open-loop: requests start on a schedule, not when the
// previous answer comes back, and each latency is counted from when its request was due, so a
// stall delays the requests due during it and shows in the percentiles (no coordinated omission).
//
// Why not autocannon's `overallRate`: it lets each connection send back to back until it has made
// its share of the second, then waits for the next second. At 2,000 requests/s on 10 connections
// that is a burst at full speed at the top of each second, then silence; and its correction for
// coordinated omission assumes one request per millisecond per connection, so a burst's queueing
// is counted again as missed requests. What it measures is closer to the latency at full speed.
//
// A cycle is a short sequence of dependent requests (create a conversation, then add a
// participant to it, then send a message): cycles start on the schedule, at rate / steps per
// second, and a cycle's later request is due when the one before it is answered.

/** The clock the schedule runs on: the real one, or a fake one in tests. */
export interface PacedClock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
}

export interface PacedOptions<C> {
  /** Requests per second, every step counted. */
  readonly rate: number;
  /** How long new cycles start, in seconds; the run then waits for the cycles under way. */
  readonly durationS: number;
  /** Requests per cycle. */
  readonly steps: number;
  /** A cycle's state (what a later step needs from an earlier answer). */
  newCycle(): C;
  /** Sends the step's request and resolves once its answer is in: true for a success. */
  send(step: number, cycle: C): Promise<boolean>;
  /** Cycles under way at most; past it the run stops starting cycles and reports itself overloaded. */
  readonly maxInFlight: number;
  readonly clock: PacedClock;
}

export interface PacedResult {
  /** Requests answered, successes and failures. */
  readonly completed: number;
  /** Requests that failed (an error or a status other than 2xx). */
  readonly errors: number;
  /** Latencies of the answered requests in milliseconds, from when each was due, in ascending order. */
  readonly latenciesMs: Float64Array;
  /**
   * How late the client itself started each cycle (ms after it was due), in ascending order: a
   * large tail here is the load generator's (its timers, its own pauses), not the server's.
   */
  readonly startLagMs: Float64Array;
  /** Requests answered per second of the run (from the first due time to the last answer). */
  readonly achievedRate: number;
  /** The server fell so far behind that maxInFlight cycles were under way: the rate was not sustained. */
  readonly overloaded: boolean;
}

/** The q-quantile (0 < q <= 1) of values in ascending order: the smallest value with at least q of them at or below it. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function paced<C>(options: PacedOptions<C>): Promise<PacedResult> {
  const { rate, durationS, steps, clock, maxInFlight } = options;
  if (!(rate > 0 && durationS > 0 && Number.isInteger(steps) && steps >= 1 && maxInFlight >= 1)) {
    throw new RangeError(`paced load needs rate > 0, durationS > 0, whole steps >= 1 and maxInFlight >= 1; got ${rate}, ${durationS}, ${steps}, ${maxInFlight}`);
  }
  const cycles = Math.floor((rate / steps) * durationS);
  const spacingMs = (1000 * steps) / rate;
  const latencies = new Float64Array(cycles * steps);
  const lags = new Float64Array(cycles);
  let completed = 0;
  let errors = 0;
  let started = 0;
  let inFlight = 0;
  let overloaded = false;
  let lastAnswerMs = 0;
  const t0 = clock.now();

  return new Promise((resolve) => {
    const finishIfDone = (): void => {
      if (inFlight > 0 || (started < cycles && !overloaded)) return;
      const sorted = latencies.slice(0, completed).sort();
      const spanMs = lastAnswerMs - t0;
      resolve({ completed, errors, latenciesMs: sorted, startLagMs: lags.slice(0, started).sort(), achievedRate: spanMs > 0 ? (completed * 1000) / spanMs : 0, overloaded });
    };
    const step = (cycle: C, j: number, dueMs: number): void => {
      options.send(j, cycle).then(
        (ok) => answered(cycle, j, dueMs, ok),
        () => answered(cycle, j, dueMs, false),
      );
    };
    const answered = (cycle: C, j: number, dueMs: number, ok: boolean): void => {
      const now = clock.now();
      latencies[completed++] = now - dueMs;
      lastAnswerMs = now;
      if (!ok) errors++;
      // A failed step ends its cycle: the next one would lack what this one should have made.
      if (ok && j + 1 < steps) step(cycle, j + 1, now);
      else {
        inFlight--;
        finishIfDone();
      }
    };
    const tick = (): void => {
      const now = clock.now();
      // Every cycle due by now starts now, counted from when it was due.
      while (started < cycles && t0 + started * spacingMs <= now) {
        if (inFlight >= maxInFlight) {
          overloaded = true;
          finishIfDone();
          return;
        }
        const due = t0 + started * spacingMs;
        lags[started++] = now - due;
        inFlight++;
        step(options.newCycle(), 0, due);
      }
      if (started < cycles) clock.setTimeout(tick, Math.max(0, t0 + started * spacingMs - clock.now()));
      else finishIfDone();
    };
    tick();
  });
}
