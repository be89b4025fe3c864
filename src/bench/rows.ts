// The bench's table: a row per case (its result, its target, whether it met it), the helpers that
// format figures for it, and the printing. It never measures anything itself.

import os from 'node:os';
import { INLINING_BUDGET } from '../util/inlining.js';
import { GIVEN_INLINING } from './children.js';
import { fixed } from './fixed.js';

export interface Row {
  readonly case: string;
  readonly result: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

/** "1 pair", "3 pairs". */
export function pairsOf(n: number): string {
  return `${n} pair${n === 1 ? '' : 's'}`;
}

/** Ratios as a row lists them: "1.07, 0.99, 1.10". */
export function listed(xs: readonly number[]): string {
  return xs.map((x) => x.toFixed(2)).join(', ');
}

/** The median of numbers (the upper middle one of an even count). */
export function medianOf(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** Millions a second, two decimals (more where two would print the threshold in M/s it is judged against). */
export const M = (x: number, thresholdM = NaN): string => `${fixed(x / 1e6, 2, thresholdM)} M/s`;

/** The table: a header naming the machine and how it was measured, then a line per row. */
export function printRows(rows: readonly Row[], quick: boolean): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`convsim benchmarks on ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${quick ? ' (quick: small sizes, one iteration; the hold model three)' : ''}`);
  console.log(
    `medians of iterations (tinybench, in this process or in a process of its own; a plain loop in the whole-run and hold-model processes); each simulation warms up 1.2 simulated days untimed; V8's inlining budget ${GIVEN_INLINING.length === 0 ? `${INLINING_BUDGET} bytes, as in convsim run` : `as given to node (${GIVEN_INLINING.join(' ')})`}\n`,
  );
  const widths = [52, 32, 22];
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(line(['case', 'result', 'target', 'met']));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-') + '-|-----');
  for (const r of rows) console.log(line([r.case, r.result, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']));
}
