// Code V8 has optimized must stay optimized, in a run and from run to run in one process (a
// report's replications, a bench's repeated runs). Two ways it was thrown away, each found with
// `--trace-deopt`, each tested here in a child process with V8's tracing on:
// - a closure made per run and called on the hot path (a sampler, an observer, the run loop's
//   dispatch, a report probe's clock) is a new call target in each run: "wrong call target", 13
//   functions at the start of the second run, which then ran 5-8% slower than the first (and 3 of
//   a report's probe in its second replication);
// - a field that starts as a small integer and later holds a double (the census's open
//   conversation-seconds, the arrivals' position in a phase, the metrics' interval start) changes
//   its object's hidden class: "wrong map", 26 functions in the middle of the first run;
// - a field that has held one value since its object was made (the time wheel's pool and window
//   start, the generator's visit records, the arrivals' phase, the census's inactive count) is
//   compiled as a constant, and when it first changes mid-run, every function compiled that way
//   is thrown away: "code dependencies", 23-30 functions in the shipped contact centre's first
//   run. Such fields are stored twice in their constructors (`replaceable` in
//   util/typed-arrays.ts);
// - what a run's objects are made with must look the same to V8 in the next run: a report's
//   second replication threw away 6 functions for "code dependencies" (its histograms' sum turned
//   a double mid-run, so the next replication's histograms had another hidden class), and a
//   second run 5 for a "wrong map" (the registry's empty lists of pages, which V8 stores as lists
//   of small integers until their first page).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = (file: string): string => pathToFileURL(path.resolve('dist', file)).href;

/**
 * Runs `body` (an ES module's text after the imports) in a child with V8's tracing; its standard
 * output split at lines "=== NAME". Optimized on the main thread, when V8 decides to
 * (`--no-concurrent-recompilation`): on a busy machine (the rest of the suite running beside it),
 * a compilation on a background thread could end after the traced stretch has.
 */
function traced(body: string): Map<string, string> {
  const script = `
const { TrafficRun } = await import(${JSON.stringify(dist('run/traffic.js'))});
${body}`;
  const r = spawnSync(process.execPath, ['--trace-opt', '--trace-deopt', '--no-concurrent-recompilation', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const parts = r.stdout.split(/^=== (\S+)$/m);
  const sections = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) sections.set(parts[i]!, parts[i + 1]!);
  return sections;
}

const deopts = (trace: string, reason: string): string[] => trace.split('\n').filter((line) => line.includes(`reason: ${reason}`));

/** The check means something only if the hot paths were optimized in the traced stretch ("completed compiling ... (target TURBOFAN)"). */
function expectOptimized(trace: string | undefined, functions: readonly string[]): void {
  for (const fn of functions) expect(trace).toMatch(new RegExp(`completed compiling .*<JSFunction ${fn} .*TURBOFAN`));
}

/** Module text that reads and parses the shipped contact centre into `v`. */
const SHIPPED_CONTACT_CENTRE = `
const { readFileSync } = await import('node:fs');
const { parseScenario } = await import(${JSON.stringify(dist('scenario/validate.js'))});
const v = parseScenario('traffic-contact-centre.json', readFileSync('scenarios/traffic-contact-centre.json', 'utf8'));`;

/**
 * Runs `runOnce` (module text; `i` is 1, then 2) twice in one traced child after `setup`: the
 * `optimized` functions must have been optimized in the first, and nothing deoptimized in the second
 * for a new call target, a wrong map or code dependencies.
 */
function expectSecondKeepsFirstCode(setup: string, runOnce: string, optimized: readonly string[]): void {
  const runs = traced(`${setup}
for (const [name, i] of [['first', 1], ['second', 2]]) {
  console.log('=== ' + name);
  ${runOnce}
}`);
  expectOptimized(runs.get('first'), optimized);
  for (const reason of ['wrong call target', 'wrong map', 'code dependencies']) expect(deopts(runs.get('second')!, reason)).toEqual([]);
}

describe('optimized code stays optimized', () => {
  it('a second run in one process keeps the first run’s code: no deoptimization for a new call target, a wrong map or code dependencies', () => {
    // The look ahead from the first conversation on (0), so that its code runs (and is optimized) too.
    expectSecondKeepsFirstCode(
      `const { workload } = await import(${JSON.stringify(dist('bench/workload.js'))});
const scenario = workload(20000, 4);`,
      'new TrafficRun(scenario, undefined, undefined, 0).advance(scenario.untilS);',
      ['message', 'arrive', 'schedule', 'run'],
    );
  });

  it('a report’s second replication in one process keeps the first one’s code: no deoptimization for a new call target, a wrong map or code dependencies', () => {
    // The probe's own methods (opened, settle) as well as the run's hot paths.
    expectSecondKeepsFirstCode(
      `${SHIPPED_CONTACT_CENTRE}
const { runReplication } = await import(${JSON.stringify(dist('run/replication.js'))});`,
      'runReplication(v.scenario, i, 86400);',
      ['message', 'arrive', 'opened', 'settle'],
    );
  });

  it('the shipped contact centre runs without a hidden-class change or a field V8 took for a constant changing: no deoptimization for a wrong map or code dependencies', () => {
    const runs = traced(`${SHIPPED_CONTACT_CENTRE}
console.log('=== run');
new TrafficRun(v.scenario, undefined).advance(v.scenario.untilS);`);
    expectOptimized(runs.get('run'), ['message', 'arrive', 'schedule', 'run']);
    expect(deopts(runs.get('run')!, 'wrong map')).toEqual([]);
    expect(deopts(runs.get('run')!, 'code dependencies')).toEqual([]);
  });
});
