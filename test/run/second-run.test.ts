// A second run in the same process (a report's replications, a bench's repeated runs) must run
// the code V8 optimized during the first. A closure made per run and called on the hot path (a
// sampler, an observer, the run loop's dispatch) is a new call target in each run: V8 then
// throws that code away ("wrong call target") and the later runs were 5-8% slower. This runs the
// bench workload twice in a child process with V8's tracing on and reads the trace.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = (file: string): string => pathToFileURL(path.resolve('dist', file)).href;

const SCRIPT = `
const { workload } = await import(${JSON.stringify(dist('bench/workload.js'))});
const { TrafficRun } = await import(${JSON.stringify(dist('run/traffic.js'))});
const scenario = workload(20000, 4);
for (const name of ['first', 'second']) {
  console.log('=== ' + name + ' run');
  // The look ahead from the first conversation on, so that its code runs (and is optimized) too.
  new TrafficRun(scenario, undefined, undefined, 0).advance(scenario.untilS);
}
`;

describe('a second run in one process', () => {
  it('keeps the first run’s optimized code: no deoptimization for a new call target', () => {
    const r = spawnSync(process.execPath, ['--trace-opt', '--trace-deopt', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [, first = '', second = ''] = r.stdout.split(/^=== (?:first|second) run$/m);
    // The check means something only if the first run's hot paths were optimized.
    for (const fn of ['message', 'timerDue', 'dispatch', 'run']) expect(first).toMatch(new RegExp(`completed optimizing .*<JSFunction ${fn} `));
    const wrongTargets = second.split('\n').filter((line) => line.includes('wrong call target'));
    expect(wrongTargets).toEqual([]);
  });
});
