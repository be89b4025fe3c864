// V8's inlining budget for convsim's own processes (the CLI, the bench and its children).
//
// V8 inlines the small functions an optimized function calls until their bytecode adds up to
// a budget, 920 bytes by default (`--max-inlined-bytecode-size-cumulative`). A simulation's hot
// path is one optimized function per event kind (the run loop's dispatch, the timers fired at an
// instant) calling many small ones: the generator's message step, the engine's request, the
// table's accessors, the wheel's append. At 920 bytes V8 stops partway and leaves the rest as
// calls, whichever come last; at 2000 it inlines most of them (in the bench workload,
// `--trace-turbo-inlining` lists 982 inlinings against 581 at the default). Measured in fresh
// processes taking turns (median of the pairs' ratios, README "Benchmarks"): the bench workload at
// 100,000 live 1.11x and at 1,000,000 live 1.05x, the 1e7 contact centre 1.085x, the 1e6 one
// 1.014x, the shipped one (a one-second run, which pays for the larger compilations) 0.98-1.00x.
// Budgets of 1600 and 2400 did worse on the shipped run (0.97-0.98x), 3000 worse still (0.94x).
//
// A process-wide setting, so it is set only where convsim owns the process, before any of its
// code is optimized, and never over one given on node's command line: `node
// --max-inlined-bytecode-size-cumulative=920 dist/cli/bin.js ...` runs with V8's default. A
// program that imports convsim as a library keeps its own settings (pass the flag to node).

import { setFlagsFromString } from 'node:v8';

export const INLINING_FLAG = '--max-inlined-bytecode-size-cumulative';
/** Bytes of bytecode V8 may inline into one optimized function. */
export const INLINING_BUDGET = 2000;
/** V8's own default (Node 20), which the bench runs beside it. */
export const V8_DEFAULT_INLINING_BUDGET = 920;

/** The arguments among node's own (`process.execArgv`) that set the budget, in either spelling (dashes or underscores). */
export function inliningFlagsIn(execArgv: readonly string[]): string[] {
  return execArgv.filter((arg) => arg.split('=')[0]!.replaceAll('_', '-') === INLINING_FLAG);
}

/**
 * Raises V8's inlining budget to INLINING_BUDGET, unless node's own arguments set it. Returns
 * whether it did. Call it before the hot code runs: functions already optimized keep what they
 * inlined.
 */
export function raiseInliningBudget(execArgv: readonly string[] = process.execArgv, set: (flags: string) => void = setFlagsFromString): boolean {
  if (inliningFlagsIn(execArgv).length > 0) return false;
  set(`${INLINING_FLAG}=${INLINING_BUDGET}`);
  return true;
}
