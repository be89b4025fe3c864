// The bench workload in steady state, for `npm run bench` (main.ts): convsim's whole simulation
// (engine, participants, identities, metrics) or the fake-timers baseline with about `live`
// conversations open, warmed up untimed, then a window of simulated days timed; tinybench takes
// the median of the iterations. Run as a program,
// `node steady.js simulation|baseline LIVE WINDOW_DAYS ITERATIONS` does that in a process of
// its own and prints {"seconds", "events", "queue"} as JSON.
//
// Why a process of its own: in the bench's process these cases came after the emulator under
// HTTP load and the memory cases, which call the same engine code through other listeners,
// drivers and timer queues; V8 then optimizes that code for several callers (polymorphic call
// sites) and the cases ran 3-15% slower than in a fresh process (in full bench runs of
// 2026-12-06: 100,000 live 8.14-8.33 M events/s against 8.38-9.26). A user's `convsim run` is a
// fresh process; the bench still times the 100,000- and 1,000,000-live cases in its own process
// too, after everything before them, as it did until 2026-12-06.

import { Bench } from 'tinybench';
import { TrafficRun } from '../run/traffic.js';
import { raiseInliningBudget } from '../util/inlining.js';
import { isProgram } from '../util/program.js';
import { baseline } from './baseline.js';
import { workload } from './workload.js';

export const DAY = 86_400;
/** A conversation is open about 1.03 days: steady state after that. */
export const WARMUP_S = 1.2 * DAY;

export type SteadyWhat = 'simulation' | 'baseline';

export interface SteadyResult {
  /** The median time of the timed window, in seconds. */
  readonly seconds: number;
  /** Events in the window (the same in every iteration: same scenario, same seed). */
  readonly events: number;
  /** convsim's event queues at the end of the last window (the baseline's: none). */
  readonly queue: { readonly pending: number; readonly bytes: number };
}

/** Median seconds of `iterations` runs of `timed` (which returns the ms it measured itself), by tinybench. */
export async function medianSeconds(name: string, iterations: number, timed: () => number): Promise<number> {
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
  queue(): { pending: number; bytes: number };
}

function make(what: SteadyWhat, live: number, days: number): Steppable {
  if (what === 'simulation') return new TrafficRun(workload(live, days), undefined);
  const b = baseline(live, days);
  return { advance: (untilS) => b.advance(untilS), events: () => b.events(), queue: () => ({ pending: 0, bytes: 0 }) };
}

/** The workload with about `live` open: warmed up, then `windowDays` timed, `iterations` times, in this process. */
export async function steady(what: SteadyWhat, live: number, windowDays: number, iterations: number): Promise<SteadyResult> {
  const days = Math.ceil(WARMUP_S / DAY + windowDays + 1);
  let events = 0;
  let queue = { pending: 0, bytes: 0 };
  const seconds = await medianSeconds(`${what} ${live}`, iterations, () => {
    const run = make(what, live, days);
    run.advance(WARMUP_S);
    const before = run.events();
    const t0 = performance.now();
    run.advance(WARMUP_S + windowDays * DAY);
    const ms = performance.now() - t0;
    events = run.events() - before;
    queue = run.queue();
    return ms;
  });
  return { seconds, events, queue };
}

if (isProgram(import.meta.url)) {
  raiseInliningBudget(); // as in convsim run (util/inlining.ts); never over one given to node
  const [what, ...numbers] = process.argv.slice(2);
  const [live, windowDays, iterations] = numbers.map(Number) as [number, number, number];
  if ((what !== 'simulation' && what !== 'baseline') || !(live > 0 && windowDays > 0 && iterations > 0)) {
    process.stderr.write('usage: node steady.js simulation|baseline LIVE WINDOW_DAYS ITERATIONS\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(await steady(what, live, windowDays, iterations))}\n`);
}
