// The scheduler's hold model, for `npm run bench` (main.ts): `pending` events queued at 1 s, each
// rescheduling itself 1 s later, run for `seconds` simulated seconds. Run as a program,
// `node hold-model.js PENDING SECONDS ITERATIONS` times it ITERATIONS times in a process of its
// own and prints the milliseconds of each as a JSON array.
//
// Why a process of its own: the event core alone is what this case measures, and in the bench's
// process the traffic cases before it have taught V8 other callers of the same scheduler code
// (the run loop's dispatch, the emulator's), whose call sites then stay polymorphic: 1M holds
// run at 54-59 M/s after a 10,000-live traffic run in the same process, 73-74 M/s without it.

import { Scheduler, URGENT } from '../sim/scheduler.js';
import { raiseInliningBudget } from '../util/inlining.js';
import { isProgram } from '../util/program.js';

/** Milliseconds of one hold model run (which must run pending x seconds events). */
export function holdOnce(pending: number, seconds: number): number {
  const q = new Scheduler();
  for (let i = 0; i < pending; i++) q.schedule(1, URGENT, 0, i);
  const reschedule = { dispatch: (kind: number, payload: number): void => q.schedule(q.nowS + 1, URGENT, kind, payload) };
  const t0 = performance.now();
  const ran = q.run(seconds, reschedule);
  const ms = performance.now() - t0;
  if (ran !== pending * seconds) throw new Error(`the hold model ran ${ran} events, not ${pending * seconds}`);
  return ms;
}

if (isProgram(import.meta.url)) {
  raiseInliningBudget(); // as in convsim run (util/inlining.ts); never over one given to node
  const [pending, seconds, iterations] = process.argv.slice(2).map(Number) as [number, number, number];
  const ms: number[] = [];
  for (let r = 0; r < iterations; r++) ms.push(holdOnce(pending, seconds));
  process.stdout.write(`${JSON.stringify(ms)}\n`);
}
