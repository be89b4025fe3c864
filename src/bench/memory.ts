// The bench's memory cases: bytes per open conversation and per queued event, a replication's
// statistics against its run's length, and the 100,000,000-conversation scale case.

import { DEFAULT_SETTINGS } from '../engine/settings.js';
import { Engine } from '../engine/engine.js';
import { ACTIVE } from '../engine/states.js';
import { runReplication } from '../run/replication.js';
import { RunLoop } from '../run/loop.js';
import type { TrafficScenario } from '../scenario/types.js';
import { PAYLOAD_LIMIT, Scheduler } from '../sim/scheduler.js';
import { Random } from '../sim/random.js';
import { LOG_BUCKETS } from '../stats/histogram.js';
import { grownCapacity } from '../util/typed-arrays.js';
import { DAY } from './steady.js';

/** The heap and the typed arrays in use, after full collections (`gc`: node's, from --expose-gc). */
function heapBytes(gc: () => void): number {
  // Several full collections: garbage left by module loading must not count toward the engine.
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Bytes per open conversation (two participants, both timers, the address binding): the heap
 * growth measured around it, and the bytes the engine's arrays allocate (a cross-check).
 */
export function bytesPerConversation(n: number, gc: () => void): { heap: number; arrays: number } {
  const before = heapBytes(gc);
  // The engine alone, its timers going nowhere: this measures its storage, not the event queues.
  const engine = new Engine({ ...DEFAULT_SETTINGS }, { nowS: 0 }, { arm: () => undefined }, { transition() {}, autoCreated() {}, inboundDropped() {} });
  for (let i = 0; i < n; i++) {
    const h = engine.open(ACTIVE, 1_800, 86_400);
    engine.addChatParticipant(h, i % 2_000);
    engine.addNonChatParticipant(h, i);
  }
  const heap = (heapBytes(gc) - before) / n;
  if (engine.counters.open !== n) throw new Error('conversations went missing');
  return { heap, arrays: (engine.bytes.table + engine.bytes.registry) / n };
}

/**
 * Sizes to measure memory at: `n`, one conversation past the conversation table's first growth
 * step from `n` on, and one past the next power of two (where registries used to double).
 */
export function memorySizes(n: number): number[] {
  let capacity = 0;
  while (capacity <= n) capacity = grownCapacity(capacity, capacity, 1024);
  return [n, capacity + 1, 2 ** Math.ceil(Math.log2(n)) + 1];
}

/** Bytes the queues hold per pending event, with events spread over a month (sparse buckets, overflow). */
export function bytesPerEvent(n: number): number {
  const q = new Scheduler();
  const r = new Random(1);
  for (let i = 0; i < n; i++) q.schedule(r.int(30 * DAY), i & 1, 0, i % PAYLOAD_LIMIT);
  if (q.pending !== n) throw new Error('events went missing');
  return q.bytes / n;
}

/**
 * Opens `n` conversations at once (timers queued, two participants each), then lets all their
 * inactive timers fire: seconds for each, and the peak RSS.
 */
export function scale(n: number): { seconds: number; fireSeconds: number; rssGiB: number } {
  const loop = new RunLoop({ ...DEFAULT_SETTINGS }, { transition() {}, autoCreated() {}, inboundDropped() {} });
  const engine = loop.engine;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const h = engine.open(ACTIVE, 1_800, 86_400);
    engine.addChatParticipant(h, i % 200_000);
    engine.addNonChatParticipant(h, i);
  }
  if (engine.counters.open !== n) throw new Error('conversations went missing');
  const seconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  loop.runUntil(1_800);
  if (engine.counters.inactive !== n) throw new Error('timers went missing');
  return { seconds, fireSeconds: (performance.now() - t1) / 1000, rssGiB: process.resourceUsage().maxRSS / 2 ** 20 };
}

/** The most the histograms can hold: four bucketed durations (pairs) plus the level arrays and minute counts, generously. */
export const STATS_BOUND_BYTES = 8 * (4 * 2 * LOG_BUCKETS + 3 * 200_000 + 1_001 + 2 * 10_000);

/**
 * What a replication's statistics hold, for a run of the given length, in bytes (8 a number): the
 * level histograms, the buckets in use and the minute counts, which should not grow with the run,
 * and the timeseries rows (one per interval, as `convsim run` writes), which do.
 */
export function statsBytes(s: TrafficScenario): { histograms: number; rows: number } {
  const r = runReplication(s, 1, 0);
  const numbers =
    r.levels.open.length +
    r.levels.active.length +
    r.levels.inactive.length +
    r.agentLevels.length +
    2 * (r.lifetime.ended.length + r.lifetime.censored.length + r.firstInactive.ended.length + r.firstInactive.censored.length + r.webhooks.minutes.length);
  return { histograms: 8 * numbers, rows: 8 * 5 * r.intervals.length };
}
