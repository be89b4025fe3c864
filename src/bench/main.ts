// `npm run bench`: the speed and memory targets, measured with tinybench and printed as a table.
// Each simulation case warms up to steady state untimed, then times a fixed window of simulated
// time (tinybench's overriddenDuration); rates are events in the window over the median time.
// Ratios compare cases measured in the same run, so a noisy machine affects both sides alike.
//
//   npm run bench               the standard cases (a few minutes)
//   npm run bench -- --quick    smaller sizes, one iteration each (a smoke run)
//   npm run bench -- --scale    also open 100,000,000 conversations at once (minutes, ~10 GB)

import os from 'node:os';
import { Bench } from 'tinybench';
import { DEFAULT_SETTINGS } from '../engine/settings.js';
import { Engine } from '../engine/engine.js';
import { ACTIVE } from '../engine/states.js';
import { RunLoop } from '../run/loop.js';
import { TrafficRun } from '../run/traffic.js';
import { PAYLOAD_LIMIT, Scheduler, URGENT } from '../sim/scheduler.js';
import { Random } from '../sim/random.js';
import { baseline } from './baseline.js';
import { workload } from './workload.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const DAY = 86_400;
const WARMUP_S = 1.2 * DAY; // a conversation is open about 1.03 days: steady state after that

interface Row {
  readonly case: string;
  readonly result: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

const rows: Row[] = [];
const gc = (globalThis as { gc?: () => void }).gc;

/** Median seconds of `iterations` runs of `timed` (which returns the ms it measured itself). */
async function median(name: string, iterations: number, timed: () => number): Promise<number> {
  const bench = new Bench({ iterations, time: 0, warmup: false });
  bench.add(name, () => ({ overriddenDuration: timed() }));
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`${name}: ${r.state}`);
  return r.latency.p50 / 1000;
}

/** Something that simulates in steps and counts what it delivered: convsim's run, or the baseline. */
interface Steppable {
  advance(untilS: number): void;
  events(): number;
}

/** Events per second in a window of `windowDays` after warming up to steady state untimed. */
async function steadyRate(name: string, iterations: number, windowDays: number, make: () => Steppable): Promise<number> {
  let events = 0;
  const seconds = await median(name, quick ? 1 : iterations, () => {
    const run = make();
    run.advance(WARMUP_S);
    const before = run.events();
    const t0 = performance.now();
    run.advance(WARMUP_S + windowDays * DAY);
    const ms = performance.now() - t0;
    events = run.events() - before;
    return ms;
  });
  return events / seconds;
}

const daysFor = (windowDays: number): number => Math.ceil(WARMUP_S / DAY + windowDays + 1);

/** The event queues of the last simulation run, at the end of its window. */
let lastQueue = { pending: 0, bytes: 0 };

/** convsim's whole simulation (engine, participants, identities, metrics) with about `live` open. */
function simulation(live: number, windowDays: number): Promise<number> {
  const scenario = workload(live, daysFor(windowDays));
  return steadyRate(`simulation ${live}`, 5, windowDays, () => {
    const run = new TrafficRun(scenario, undefined);
    return {
      advance(untilS: number) {
        run.advance(untilS);
        lastQueue = run.queue();
      },
      events: () => run.events(),
    };
  });
}

/** The fake-timers baseline on the same workload. */
function baselineRate(live: number, windowDays: number): Promise<number> {
  return steadyRate(`baseline ${live}`, 3, windowDays, () => baseline(live, daysFor(windowDays)));
}

/** Holds per second: `pending` events, each rescheduling itself 1 s later. */
async function hold(pending: number, seconds: number): Promise<number> {
  const s = await median('hold', quick ? 1 : 5, () => {
    const q = new Scheduler();
    for (let i = 0; i < pending; i++) q.schedule(1, URGENT, 0, i);
    const reschedule = (kind: number, payload: number): void => q.schedule(q.nowS + 1, URGENT, kind, payload);
    const t0 = performance.now();
    q.run(seconds, reschedule);
    return performance.now() - t0;
  });
  return (pending * seconds) / s;
}

function heapBytes(): number {
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Bytes per open conversation (two participants, both timers, the address binding): the heap
 * growth measured around it, and the bytes the engine's arrays allocate (a cross-check).
 */
function bytesPerConversation(n: number): { heap: number; arrays: number } {
  const before = heapBytes();
  // The engine alone, its timers going nowhere: this measures its storage, not the event queues.
  const engine = new Engine({ ...DEFAULT_SETTINGS }, { nowS: 0 }, { arm: () => undefined }, { transition() {}, autoCreated() {}, inboundDropped() {} });
  for (let i = 0; i < n; i++) {
    const h = engine.open(ACTIVE, 1_800, 86_400);
    engine.addChatParticipant(h, i % 2_000);
    engine.addNonChatParticipant(h, i);
  }
  const heap = (heapBytes() - before) / n;
  if (engine.counters.open !== n) throw new Error('conversations went missing');
  return { heap, arrays: (engine.bytes.table + engine.bytes.registry) / n };
}

/** Bytes the queues hold per pending event, with events spread over a month (sparse buckets, overflow). */
function bytesPerEvent(n: number): number {
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
function scale(n: number): { seconds: number; fireSeconds: number; rssGiB: number } {
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

const M = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;

async function main(): Promise<void> {
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');
  // Memory first, on a clean heap: buffers freed by earlier cases would blur the heap deltas.
  const perConversation = bytesPerConversation(quick ? 100_000 : 1_000_000);
  const perEvent = bytesPerEvent(quick ? 100_000 : 1_000_000);

  const [small, mid, large] = quick ? [2_000, 10_000, 50_000] : [10_000, 100_000, 1_000_000];
  const window = (live: number): number => (quick ? 1 : Math.max(1, Math.round(1_000_000 / live)));

  const rSmall = await simulation(small, window(small));
  const rMid = await simulation(mid, window(mid));
  const rLarge = await simulation(large, window(large));
  const steadyQueue = lastQueue;
  rows.push({ case: `simulation, ${small} live conversations`, result: M(rSmall), target: '(reference for growth)', met: undefined });
  rows.push({ case: `simulation, ${mid} live conversations`, result: M(rMid), target: '>= 10 M/s', met: rMid >= 10e6 });
  rows.push({ case: `simulation, ${large} live conversations`, result: M(rLarge), target: '>= 4 M/s', met: rLarge >= 4e6 });
  rows.push({ case: `growth: rate at ${large} / rate at ${small}`, result: (rLarge / rSmall).toFixed(2), target: '>= 0.5', met: rLarge / rSmall >= 0.5 });

  const base = await baselineRate(mid, quick ? 1 : 2);
  rows.push({ case: `baseline (fake-timers setTimeout), ${mid} live`, result: M(base), target: '', met: undefined });
  rows.push({ case: `convsim / baseline, ${mid} live`, result: `${(rMid / base).toFixed(1)}x`, target: '>= 20x', met: rMid / base >= 20 });

  const holds = await hold(quick ? 100_000 : 1_000_000, quick ? 5 : 30);
  rows.push({ case: `scheduler hold model, ${quick ? '100k' : '1M'} pending, 1 s timers`, result: M(holds), target: '>= 50 M/s', met: holds >= 50e6 });

  const worst = Math.max(perConversation.heap, perConversation.arrays);
  rows.push({
    case: `memory per open conversation, ${quick ? '100k' : '1M'} open`,
    result: `${perConversation.heap.toFixed(1)} bytes (arrays ${perConversation.arrays.toFixed(1)})`,
    target: '<= 64 bytes',
    met: worst <= 64,
  });
  const inRun = steadyQueue.bytes / steadyQueue.pending;
  rows.push({ case: `memory per pending event, ${large}-live run (${steadyQueue.pending} queued)`, result: `${inRun.toFixed(1)} bytes`, target: '<= 12 bytes', met: inRun <= 12 });
  rows.push({ case: `memory per pending event, ${quick ? '100k' : '1M'} over 30 days`, result: `${perEvent.toFixed(1)} bytes`, target: '<= 12 bytes', met: perEvent <= 12 });

  if (args.has('--scale')) {
    const s = scale(100_000_000);
    rows.push({
      case: '100,000,000 conversations open at once',
      result: `open ${s.seconds.toFixed(0)} s, all go inactive ${s.fireSeconds.toFixed(1)} s, peak RSS ${s.rssGiB.toFixed(1)} GiB`,
      target: 'finishes in 24 GiB',
      met: s.rssGiB < 24,
    });
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`convsim benchmarks on ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${quick ? ' (quick: small sizes, one iteration)' : ''}`);
  console.log('medians of tinybench iterations; each simulation warms up 1.2 simulated days untimed\n');
  const widths = [52, 32, 22];
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(line(['case', 'result', 'target', 'met']));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-') + '-|-----');
  for (const r of rows) console.log(line([r.case, r.result, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']));
}

await main();
