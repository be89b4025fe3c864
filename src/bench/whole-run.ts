// One whole run of a traffic scenario, for `npm run bench` (main.ts): what `convsim run` does,
// without the files, timed from the run's construction to its end. Run as a program, it reads
// {"name", "text", "lookAhead", "warmUps"} as JSON on standard input (the scenario's JSON text;
// lookAhead false: never look ahead; warmUps: runs of the same scenario before the one reported,
// 0 if absent), makes that run in a process of its own and prints {"ms", "events", "created",
// "peakOpen", "warmUpsMs"} as JSON (warmUpsMs: the earlier runs' times, the first of them a
// fresh process's first run, as `convsim run` makes it).
//
// Why a process per run: in the bench's own process a whole run was 15-30% slower than the same
// run in a fresh one (the shipped contact centre 1.30 s against 1.15 s, the 1e7 one 40 s against
// 30 s): the cases before it leave their heap and teach V8 other callers of the same code, and
// until 2026-12-06 every run also made new closures on its hot paths, which V8 took for new call
// targets and deoptimized (test/run/second-run.test.ts now keeps that from coming back). Since
// then the gap is 1-7%. A user's `convsim run` is a fresh process.

import { readFileSync } from 'node:fs';
import type { TrafficScenario } from '../scenario/types.js';
import { parseScenario } from '../scenario/validate.js';
import { TrafficRun } from '../run/traffic.js';
import { raiseInliningBudget } from '../util/inlining.js';
import { isProgram } from '../util/program.js';

export interface WholeRunRequest {
  readonly name: string;
  readonly text: string;
  /** false: the loop never looks ahead (run/loop.ts); true: its default threshold. */
  readonly lookAhead: boolean;
  /**
   * Whole runs of the same scenario before the reported one, in the same process: with 1, the
   * reported run finds V8's code already optimized for it, so it measures the simulation without
   * the warm-up (a fresh process's first run, in warmUpsMs, pays for compiling it, README
   * "Benchmarks").
   */
  readonly warmUps?: number;
}

export interface WholeRunResult {
  readonly ms: number;
  readonly events: number;
  readonly created: number;
  readonly peakOpen: number;
}

/** Runs `s` start to end in this process: its time and what it did. */
export function timeWholeRun(s: TrafficScenario, lookAhead: boolean): WholeRunResult {
  const t0 = performance.now();
  const run = new TrafficRun(s, undefined, undefined, lookAhead ? undefined : Infinity);
  run.advance(s.untilS);
  const ms = performance.now() - t0;
  const r = run.result();
  return { ms, events: r.events, created: r.final.created, peakOpen: r.peaks.open };
}

if (isProgram(import.meta.url)) {
  raiseInliningBudget(); // as in convsim run (util/inlining.ts); never over one given to node
  const request = JSON.parse(readFileSync(0, 'utf8')) as WholeRunRequest;
  const v = parseScenario(request.name, request.text);
  if (!v.ok || v.scenario.kind !== 'traffic') {
    process.stderr.write(`${v.ok ? `${request.name}: not a traffic scenario` : v.problems.join('\n')}\n`);
    process.exit(2);
  }
  const scenario = v.scenario;
  const warmUpsMs = Array.from({ length: request.warmUps ?? 0 }, () => timeWholeRun(scenario, request.lookAhead).ms);
  process.stdout.write(`${JSON.stringify({ ...timeWholeRun(scenario, request.lookAhead), warmUpsMs })}\n`);
}
