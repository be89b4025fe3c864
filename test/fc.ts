// Property-test settings shared by every *.property.test.ts: a pinned seed and a fixed budget,
// both overridable from the environment, so CI is reproducible and a failure can be replayed.
//
//   FC_SEED=<n>        run with seed n (FC_SEED=random: a fresh seed, printed on failure)
//   FC_NUM_RUNS=<n>    runs per property (or FC_RUNS_FACTOR=<k>: k times each default budget)
//   FC_PATH=<path>     with FC_SEED, replay just the counterexample fast-check printed
//
// fast-check prints the seed and path of a failure; the README says how to replay it.

import fc from 'fast-check';

const PINNED_SEED = 20_261_127;

function seed(): number {
  const s = process.env['FC_SEED'];
  if (s === undefined || s === '') return PINNED_SEED;
  if (s === 'random') return Math.floor(Math.random() * 2 ** 31);
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be a whole number or "random"; got ${s}`);
  return n;
}

const SEED = seed();

/** fast-check parameters for a property whose default budget is `runs`. */
export function fcParams<T>(runs: number, examples: T[] = []): fc.Parameters<T> {
  const fixed = process.env['FC_NUM_RUNS'];
  const factor = Number(process.env['FC_RUNS_FACTOR'] ?? '1');
  const path = process.env['FC_PATH'];
  return {
    seed: SEED,
    numRuns: fixed !== undefined ? Number(fixed) : Math.max(1, Math.round(runs * factor)),
    ...(path === undefined ? {} : { path }),
    examples,
    reporter: report,
  };
}

/**
 * fast-check's report, with the counterexample cut to a readable length: a fuzzed input can be
 * megabytes, too long to print (or even to turn into one string).
 */
function report<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  let shown: string;
  try {
    shown = fc.stringify(details.counterexample);
  } catch {
    shown = '(too large to print)';
  }
  if (shown.length > 2_000) shown = `${shown.slice(0, 2_000)}... (${shown.length} characters)`;
  const cause = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
  throw new Error(
    `Property failed after ${details.numRuns} tests\n` +
      `{ seed: ${details.seed}, path: "${details.counterexamplePath}" }  replay: FC_SEED=${details.seed} FC_PATH="${details.counterexamplePath}"\n` +
      `Counterexample: ${shown}\nCaused by: ${cause}`,
  );
}
