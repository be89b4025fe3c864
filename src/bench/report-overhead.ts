// The report's statistics against a plain run of the same scenario, for `npm run bench` (main.ts):
// pairs, each a plain run then a run with statistics (a replication, as `convsim report` makes
// it), one after the other, after one such pair untimed (the code is then optimized for both, as
// in the bench's own process, where tinybench runs each task once before timing it). Run as a
// program, `node report-overhead.js PAIRS` reads {"name", "text"} (a traffic scenario's JSON
// text) on standard input, does that in a process of its own, as a user's `convsim report` is
// (whole-run.ts says why), and prints the pairs' ratios as JSON.

import { readFileSync } from 'node:fs';
import { runReplication } from '../run/replication.js';
import { TrafficRun } from '../run/traffic.js';
import type { TrafficScenario } from '../scenario/types.js';
import { parseScenario } from '../scenario/validate.js';
import { raiseInliningBudget } from '../util/inlining.js';
import { isProgram } from '../util/program.js';

/** Time with statistics over time without, per pair. */
export function statisticsRatios(s: TrafficScenario, pairs: number): number[] {
  const ratios: number[] = [];
  for (let i = 0; i <= pairs; i++) {
    let t0 = performance.now();
    new TrafficRun(s, undefined).advance(s.untilS);
    const plain = performance.now() - t0;
    t0 = performance.now();
    runReplication(s, 1, 0);
    const withStatistics = performance.now() - t0;
    if (i > 0) ratios.push(withStatistics / plain);
  }
  return ratios;
}

if (isProgram(import.meta.url)) {
  raiseInliningBudget(); // as in convsim report (util/inlining.ts); never over one given to node
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n`);
    process.exit(2);
  };
  const pairs = Number(process.argv[2]);
  if (process.argv.length !== 3 || !(Number.isInteger(pairs) && pairs > 0)) fail('usage: node report-overhead.js PAIRS < {"name", "text"} (a traffic scenario)');
  const request = JSON.parse(readFileSync(0, 'utf8')) as { name: string; text: string };
  const v = parseScenario(request.name, request.text);
  if (!v.ok) fail(v.problems.join('\n'));
  else if (v.scenario.kind !== 'traffic') fail(`${request.name}: not a traffic scenario`);
  else process.stdout.write(`${JSON.stringify(statisticsRatios(v.scenario, pairs))}\n`);
}
