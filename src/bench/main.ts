// `npm run bench`: the speed and memory targets, measured with tinybench and printed as a table.
// Each simulation case warms up to steady state untimed, then times a fixed window of simulated
// time (tinybench's overriddenDuration); rates are events in the window over the median time.
// Ratios compare cases measured in the same run, so a noisy machine affects both sides alike.
//
//   npm run bench               the standard cases (12-18 minutes on 2 cores)
//   npm run bench -- --quick    smaller sizes, one iteration each (the hold model three; a smoke run)
//   npm run bench -- --scale    also open 100,000,000 conversations at once (minutes, ~10 GB)
//   npm run bench -- --serve    the emulator's cases only (about two minutes; with --quick, seconds)

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchEnv } from '../cli/launch.js';
import { runJobs, runReplications } from '../cli/pool.js';
import { prepareSweep } from '../cli/sweep-command.js';
import { RECORD_BYTES } from '../engine/table.js';
import { LOOK_AHEAD_OPEN } from '../run/loop.js';
import type { TrafficScenario } from '../scenario/types.js';
import { jobsOfShard } from '../sweep/plan.js';
import { INLINING_BUDGET, INLINING_FLAG, raiseInliningBudget, V8_DEFAULT_INLINING_BUDGET } from '../util/inlining.js';
import { CENTRE_CONVERSATIONS, centreScaled, firstAndSecondRuns, shipped, shippedUntil, smallPagesEnv, wholeRun, wholeRunHere, type WholeRun } from './centre.js';
import { childJson, GIVEN_INLINING } from './children.js';
import { fixed } from './fixed.js';
import { holdOnce } from './hold-model.js';
import { dependentReadNs } from './memory-latency.js';
import { bytesPerConversation, bytesPerEvent, memorySizes, scale, STATS_BOUND_BYTES, statsBytes } from './memory.js';
import { statisticsRatios } from './report-overhead.js';
import { listed, M, medianOf, pairsOf, printRows, type Row } from './rows.js';
import { serveRows } from './serve-cases.js';
import { medianSeconds, steady, type SteadyResult, type SteadyWhat } from './steady.js';

const SWITCHES = ['--quick', '--scale', '--serve'];
const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!SWITCHES.includes(a)) {
    console.error(`bench: unknown argument ${a}; it takes ${SWITCHES.join(', ')}`);
    process.exit(2);
  }
}
const quick = args.has('--quick');
const serveOnly = args.has('--serve');

/** How many times to run a case: `n`, or once with --quick. */
const times = (n: number): number => (quick ? 1 : n);
/** A child with the convsim command's settings but small pages, or why there is none (centre.ts). */
const SMALL_PAGES = smallPagesEnv();

const rows: Row[] = [];
const gc = (globalThis as { gc?: () => void }).gc;

/** The bench workload in steady state in a process of its own (steady.ts says why): events per second, and the queues at the end. */
function steadyRate(what: SteadyWhat, live: number, windowDays: number, iterations: number, nodeArgs: readonly string[] = []): { rate: number; queue: SteadyResult['queue'] } {
  const r = childJson<SteadyResult>(`the ${what} at ${live} live`, './steady.js', [what, String(live), String(windowDays), String(times(iterations))], undefined, nodeArgs);
  return { rate: r.events / r.seconds, queue: r.queue };
}

/**
 * The simulation at `live` in processes taking turns, one with V8's default inlining budget given
 * on node's command line (which convsim's programs leave as given), one with convsim's: the
 * ratio of their rates, per pair.
 */
function inliningRatios(live: number, windowDays: number, pairs: number): number[] {
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const v8Default = steadyRate('simulation', live, windowDays, 3, [`${INLINING_FLAG}=${V8_DEFAULT_INLINING_BUDGET}`]).rate;
    ratios.push(steadyRate('simulation', live, windowDays, 3).rate / v8Default);
  }
  return ratios;
}

/** The same in this process, after the cases before it (as the bench timed it until 2026-12-06). */
async function steadyRateHere(live: number, windowDays: number): Promise<number> {
  const r = await steady('simulation', live, windowDays, times(5));
  return r.events / r.seconds;
}

/** Iterations of the hold model: --quick too takes a median of 3, since a single run there would be a cold one. */
const HOLD_ITERATIONS = quick ? 3 : 5;

/** Holds per second: `pending` events, each rescheduling itself 1 s later, for `seconds`; the median run in a process of its own (hold-model.ts says why). */
function hold(pending: number, seconds: number): number {
  const ms = childJson<number[]>('the hold model', './hold-model.js', [String(pending), String(seconds), String(HOLD_ITERATIONS)]);
  return (pending * seconds) / (medianOf(ms) / 1000);
}

/** The same in this process, after the cases before it (as the bench timed it until 2026-12-06). */
async function holdHere(pending: number, seconds: number): Promise<number> {
  return (pending * seconds) / (await medianSeconds('hold', HOLD_ITERATIONS, () => holdOnce(pending, seconds)));
}

/**
 * What this machine gives two CPU-bound jobs at once, measured in the same run: `n` replications
 * in one process, against n/2 in each of two processes side by side. The pool's speed-up is
 * judged against it too, since a shared machine's memory and neighbours set the ceiling.
 */
async function processesSpeedup(file: string, n: number): Promise<number> {
  const script = `(await import(${JSON.stringify(new URL('../util/inlining.js', import.meta.url).href)})).raiseInliningBudget();
const { runReplication } = await import(${JSON.stringify(new URL('../run/replication.js', import.meta.url).href)});
const { parseScenario } = await import(${JSON.stringify(new URL('../scenario/validate.js', import.meta.url).href)});
const fs = await import('node:fs');
const s = parseScenario('s.json', fs.readFileSync(${JSON.stringify(file)}, 'utf8')).scenario;
for (let i = 0; i < Number(process.argv[1]); i++) runReplication(s, i + 1, 0);`;
  const child = (count: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const c = spawn(process.execPath, [...GIVEN_INLINING, '--input-type=module', '-e', script, String(count)], { stdio: 'ignore' });
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`replication process exited ${code}`))));
    });
  let t0 = performance.now();
  await child(n);
  const one = performance.now() - t0;
  t0 = performance.now();
  await Promise.all([child(n / 2), child(n / 2)]);
  return one / (performance.now() - t0);
}

/**
 * The bench workload as a SimPy 3 model (src/bench/simpy-workload.py: the same lifecycle and lazy
 * timers), run by the first Python that has SimPy (Debian: python3-simpy3). Events per second in a
 * window after the same warm-up, or why it could not run.
 */
function simpyRate(live: number, windowDays: number): { rate: number; version: string } | { skipped: string } {
  const script = fileURLToPath(new URL('../../src/bench/simpy-workload.py', import.meta.url));
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import simpy'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const r = spawnSync(python, [script, String(live), String(windowDays), '1'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) return { skipped: `the SimPy model failed: ${r.stderr.trim().split('\n').at(-1) ?? ''}` };
    const out = JSON.parse(r.stdout) as { events: number; seconds: number; simpy: string };
    return { rate: out.events / out.seconds, version: out.simpy };
  }
  return { skipped: 'SimPy is not installed (apt-get install python3-simpy3)' };
}

/** Wall seconds of `n` replications on `jobs` worker threads (a given warm-up: one pass). */
async function replicationsWall(s: TrafficScenario, n: number, jobs: number): Promise<number> {
  const t0 = performance.now();
  await runReplications(s, Array.from({ length: n }, (_, i) => i + 1), 0, jobs, () => undefined, () => undefined);
  return (performance.now() - t0) / 1000;
}

/**
 * Wall seconds of a 3 x 3 sweep of the contact centre (closed timer x agents) with `n`
 * replications per cell, prepared as `convsim sweep` prepares it, all cells' jobs on one pool.
 * The first two days: the full week would make this case alone take ten minutes.
 */
async function sweepWall(n: number, jobs: number): Promise<number> {
  const file = fileURLToPath(new URL('../../scenarios/traffic-contact-centre.json', import.meta.url));
  const text = readFileSync(file, 'utf8');
  const p = prepareSweep({ file, text, sha256: '', sets: ['traffic.timers[0].closed=PT1H,PT2H,PT4H', 'traffic.agents.count=400,600,800', 'until=P2D'], replications: n, confidence: undefined, warmup: 0, metric: undefined });
  const list = jobsOfShard(p.cells.length, n, undefined).map((j) => ({ scenario: p.scenarios[j.cell]!, replication: j.replication, warmupS: 0 }));
  const t0 = performance.now();
  await runJobs(list, jobs, () => undefined, () => undefined);
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');
  if (serveOnly) {
    rows.push(...(await serveRows(quick, gc)));
    printRows(rows, quick);
    return;
  }
  // Memory first, on a clean heap: buffers freed by earlier cases would blur the heap deltas.
  const sizes = memorySizes(quick ? 100_000 : 1_000_000);
  const perConversation = sizes.map((n) => ({ n, ...bytesPerConversation(n, gc) }));
  const perEvent = bytesPerEvent(quick ? 100_000 : 1_000_000);

  // convsim serve, early: the load tool runs in this process, and a heap grown by the cases
  // below would add its pauses to the latencies it measures.
  rows.push(...(await serveRows(quick, gc)));
  const [small, mid, large] = quick ? [2_000, 10_000, 50_000] : [10_000, 100_000, 1_000_000];
  const window = (live: number): number => (quick ? 1 : Math.max(1, Math.round(1_000_000 / live)));

  const rSmall = steadyRate('simulation', small, window(small), 5).rate;
  const rMid = steadyRate('simulation', mid, window(mid), 5).rate;
  const large1 = steadyRate('simulation', large, window(large), 5);
  const rLarge = large1.rate;
  const steadyQueue = large1.queue;
  const rMidHere = await steadyRateHere(mid, window(mid));
  const rLargeHere = await steadyRateHere(large, window(large));
  rows.push({ case: `simulation, ${small} live conversations (a process each case, as below)`, result: M(rSmall), target: '(reference for growth)', met: undefined });
  rows.push({ case: `simulation, ${mid} live conversations`, result: M(rMid, 10), target: '>= 10 M/s', met: rMid >= 10e6 });
  rows.push({ case: 'the same, in this process after the cases above', result: M(rMidHere), target: '(as timed until 2026-12-06)', met: undefined });
  rows.push({ case: `simulation, ${large} live conversations`, result: M(rLarge, 8), target: '>= 8 M/s', met: rLarge >= 8e6 });
  rows.push({ case: 'the same, in this process after the cases above', result: M(rLargeHere), target: '(as timed until 2026-12-06)', met: undefined });
  const inlining = inliningRatios(mid, window(mid), times(5));
  rows.push({
    case: `V8's inlining budget: ${mid} live with ${GIVEN_INLINING.length === 0 ? `convsim's (${INLINING_BUDGET} bytes)` : `the given ${GIVEN_INLINING.join(' ')}`} / with V8's default (${V8_DEFAULT_INLINING_BUDGET}), median of ${pairsOf(inlining.length)}`,
    result: `${medianOf(inlining).toFixed(2)}x (pairs ${listed(inlining)})`,
    target: '(what util/inlining.ts gains; above 1)',
    met: undefined,
  });
  rows.push({ case: `growth: rate at ${large} / rate at ${small}`, result: fixed(rLarge / rSmall, 2, 0.5), target: '>= 0.5', met: rLarge / rSmall >= 0.5 });

  // A planner's traffic: the contact-centre mix, shipped and scaled, whole runs, each in a process
  // of its own (the same machine's bench workload above is the baseline these rates are read against).
  const centre = shipped('traffic-contact-centre');
  // Each process runs it twice: the first run is the target's (as `convsim run`), the second
  // finds V8's code compiled: what the simulation itself does, and the warm-up's share.
  const { first: shippedRun, second: warmRun, warmUpShares, plain: plainRun, gains } = firstAndSecondRuns(centre, times(5));
  const centreRate = shippedRun.events / shippedRun.seconds;
  rows.push({
    case: 'traffic-contact-centre as shipped, whole run (a process each, as the convsim command starts it)',
    result: `${M(centreRate, 6)} (${(centreRate / rMid).toFixed(2)} of the ${mid}-live rate)`,
    target: '>= 6 M/s',
    met: centreRate >= 6e6,
  });
  const percent = (x: number): string => `${(x * 100).toFixed(0)}%`;
  rows.push({
    case: 'the same, the second run in each of those processes (the first warmed V8 up)',
    result: `${M(warmRun.events / warmRun.seconds)} (the warm-up's share of a first run: ${percent(medianOf(warmUpShares))}, median; processes ${warmUpShares.map(percent).join(', ')})`,
    target: '(the simulation without the warm-up)',
    met: undefined,
  });
  rows.push({
    case: "the same, first runs as plain node (node dist/cli/bin.js, without the convsim command's process settings: cli/launch.ts), taking turns with those",
    result: `${M(plainRun.events / plainRun.seconds)} (the settings' gain: ${medianOf(gains).toFixed(2)}x, median of ${pairsOf(gains.length)}: ${listed(gains)})`,
    target: '(what src/cli/convsim gains)',
    met: undefined,
  });
  const hereRun = await wholeRunHere(centre.scenario, times(5), gc);
  rows.push({
    case: 'the same, in this process after the cases above',
    result: `${M(hereRun.events / hereRun.seconds)} (${(hereRun.seconds / shippedRun.seconds).toFixed(2)}x the time)`,
    target: '(as timed until 2026-12-06)',
    met: undefined,
  });
  // The two largest sizes run in pairs, one after the other, so that each time ratio is taken
  // under the same machine conditions (a shared machine drifts over minutes); the median pair counts.
  const series = quick ? [1_000, 10_000, 100_000] : [100_000, 1_000_000, 10_000_000];
  const pairs = times(3);
  const smallest = wholeRun(centreScaled(series[0]!), times(5));
  const lowers: WholeRun[] = [];
  const uppers: WholeRun[] = [];
  const longers: WholeRun[] = [];
  const unaided: WholeRun[] = [];
  const weeks = series[2]! / series[1]!;
  // Without the huge pages the convsim command asks for (see smallPagesEnv), both sizes again.
  const lowersSmall: WholeRun[] = [];
  const uppersSmall: WholeRun[] = [];
  for (let i = 0; i < pairs; i++) {
    lowers.push(wholeRun(centreScaled(series[1]!), 1));
    if (typeof SMALL_PAGES !== 'string') lowersSmall.push(wholeRun(centreScaled(series[1]!), 1, true, SMALL_PAGES));
    // With and without the look ahead (and without huge pages) in turns, which goes first
    // alternating, so that a drift of the machine over the minutes of a pair falls on all alike.
    const runs = [() => uppers.push(wholeRun(centreScaled(series[2]!), 1)), () => unaided.push(wholeRun(centreScaled(series[2]!), 1, false))];
    if (typeof SMALL_PAGES !== 'string') runs.push(() => uppersSmall.push(wholeRun(centreScaled(series[2]!), 1, true, SMALL_PAGES)));
    for (const run of i % 2 === 0 ? runs : runs.reverse()) run();
    longers.push(wholeRun(centreScaled(series[1]!, weeks), 1));
  }
  const sizeRow = (n: number, runs: WholeRun[], target: boolean): void => {
    const r = runs[0]!;
    const seconds = medianOf(runs.map((x) => x.seconds));
    const rate = r.events / seconds;
    rows.push({
      case: `contact centre x${(n / CENTRE_CONVERSATIONS).toFixed(2)}: ${r.created.toLocaleString('en-US')} conversations, ${r.customers.toLocaleString('en-US')} customers, peak ${r.peakOpen.toLocaleString('en-US')} open`,
      result: `${M(rate, 5)}, ${seconds.toFixed(1)} s`,
      target: target && !quick ? '>= 5 M/s' : '',
      met: target && !quick ? rate >= 5e6 : undefined,
    });
  };
  sizeRow(series[0]!, [smallest], false);
  sizeRow(series[1]!, lowers, false);
  sizeRow(series[2]!, uppers, true);
  const timeRatios = uppers.map((u, i) => u.seconds / lowers[i]!.seconds);
  const timeRatio = medianOf(timeRatios);
  const sizeRatio = uppers[0]!.created / lowers[0]!.created;
  const e = (n: number): string => n.toExponential(0).replace('e+', 'e');
  rows.push({
    case: `linear: contact centre ${e(series[1]!)} to ${e(series[2]!)} conversations (${sizeRatio.toFixed(2)}x), time ratio (median of ${pairsOf(pairs)})`,
    result: `${timeRatio.toFixed(2)}x (${fixed(timeRatio / sizeRatio, 2, 1.1)} per unit of size); pairs ${listed(timeRatios)}`,
    target: quick ? '' : '<= 1.1 per unit of size',
    met: quick ? undefined : timeRatio / sizeRatio <= 1.1,
  });
  // What the huge pages the convsim command asks for change (README, "The convsim command's process settings").
  if (typeof SMALL_PAGES === 'string') rows.push({ case: "huge pages (glibc.malloc.hugetlb=1, one of the convsim command's settings)", result: `not compared: ${SMALL_PAGES}`, target: '', met: undefined });
  else {
    const smallRatios = uppersSmall.map((u, i) => u.seconds / lowersSmall[i]!.seconds);
    const gains = uppersSmall.map((u, i) => u.seconds / uppers[i]!.seconds);
    rows.push({
      case: `huge pages (glibc.malloc.hugetlb=1, one of the convsim command's settings): the ${e(series[2]!)} run's time without / with them (median of ${pairsOf(pairs)}); linear without them`,
      result: `${medianOf(gains).toFixed(2)} (pairs ${listed(gains)}); linear ${(medianOf(smallRatios) / sizeRatio).toFixed(2)} per unit of size (pairs ${listed(smallRatios)})`,
      target: '(above 1: they save time)',
      met: undefined,
    });
  }
  // The look ahead's share, each run beside one without it (a drift falls on both).
  const aided = uppers.map((u, i) => u.seconds / unaided[i]!.seconds);
  rows.push({
    case: `look ahead (from ${LOOK_AHEAD_OPEN.toLocaleString('en-US')} open): the ${e(series[2]!)} run's time with it / without it (median of ${pairsOf(pairs)})`,
    result: `${medianOf(aided).toFixed(2)} (pairs ${listed(aided)}); without it ${M(uppers[0]!.events / medianOf(unaided.map((u) => u.seconds)))}`,
    target: '(below 1: it saves time)',
    met: undefined,
  });
  // The same conversations over `weeks` weeks, as many open at once as at the smaller size: what
  // the growth above owes to the count of conversations, and what to how many are open at once.
  const longRatios = longers.map((u, i) => u.seconds / lowers[i]!.seconds);
  const longRatio = medianOf(longRatios);
  const longSize = longers[0]!.created / lowers[0]!.created;
  rows.push({
    case: `the ${e(series[1]!)} contact centre over ${weeks} weeks: ${longers[0]!.created.toLocaleString('en-US')} conversations (${longSize.toFixed(2)}x), peak ${longers[0]!.peakOpen.toLocaleString('en-US')} open; time ratio (median of ${pairs})`,
    result: `${longRatio.toFixed(2)}x (${(longRatio / longSize).toFixed(2)} per unit of size); runs ${listed(longRatios)}`,
    target: '(more conversations, the same number open at once)',
    met: undefined,
  });
  // The machine's part of the growth: what one read that misses the cache waits, when the reads
  // roam over the records of the open conversations of each run at its peak.
  const spans = [lowers[0]!.peakOpen, uppers[0]!.peakOpen].map((open) => open * RECORD_BYTES);
  const waits = spans.map((bytes) => medianOf(dependentReadNs(bytes, quick ? 2 ** 18 : 2 ** 22)));
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
  rows.push({
    case: `this machine: a dependent random read over the ${e(series[1]!)} / ${e(series[2]!)} runs' open conversations' records at their peak (${mb(spans[0]!)} / ${mb(spans[1]!)})`,
    result: `${waits[0]!.toFixed(1)} / ${waits[1]!.toFixed(1)} ns (${(waits[1]! / waits[0]!).toFixed(1)}x)`,
    target: "(one read's wait at each size: the machine's part of the growth)",
    met: undefined,
  });

  const base = steadyRate('baseline', mid, quick ? 1 : 2, 3).rate;
  rows.push({ case: `baseline (fake-timers setTimeout), ${mid} live`, result: M(base), target: '', met: undefined });
  rows.push({ case: `convsim / baseline, ${mid} live`, result: `${fixed(rMid / base, 1, 20)}x`, target: '>= 20x', met: rMid / base >= 20 });

  const simpy = simpyRate(mid, quick ? 0.05 : 0.5);
  if ('skipped' in simpy) {
    console.log(`SimPy case skipped: ${simpy.skipped}`);
    rows.push({ case: `SimPy 3, the same workload, ${mid} live`, result: `skipped: ${simpy.skipped}`, target: '', met: undefined });
  } else {
    rows.push({ case: `SimPy ${simpy.version}, the same workload, ${mid} live`, result: M(simpy.rate), target: '', met: undefined });
    rows.push({ case: `convsim / SimPy, ${mid} live`, result: `${fixed(rMid / simpy.rate, 1, 30)}x`, target: '>= 30x', met: rMid / simpy.rate >= 30 });
  }

  const [holdPending, holdSeconds] = quick ? [100_000, 5] : [1_000_000, 30];
  const holds = hold(holdPending, holdSeconds);
  rows.push({ case: `scheduler hold model, ${quick ? '100k' : '1M'} pending, 1 s timers (a process of its own)`, result: M(holds, 50), target: '>= 50 M/s', met: holds >= 50e6 });
  const holdsHere = await holdHere(holdPending, holdSeconds);
  rows.push({ case: 'the same, in this process after the cases above', result: M(holdsHere), target: '(as timed until 2026-12-06)', met: undefined });

  for (const m of perConversation) {
    rows.push({
      case: `memory per open conversation, ${m.n.toLocaleString('en-US')} open${m.n === sizes[0] ? '' : m.n === sizes[1] ? ' (just past a table growth step)' : ' (2^k + 1: where arrays used to double)'}`,
      result: `${fixed(m.heap, 1, 64)} bytes (arrays ${fixed(m.arrays, 1, 64)})`,
      target: '<= 64 bytes',
      met: Math.max(m.heap, m.arrays) <= 64,
    });
  }
  const inRun = steadyQueue.bytes / steadyQueue.pending;
  rows.push({ case: `memory per pending event, ${large}-live run (${steadyQueue.pending} queued)`, result: `${fixed(inRun, 1, 12)} bytes`, target: '<= 12 bytes', met: inRun <= 12 });
  rows.push({ case: `memory per pending event, ${quick ? '100k' : '1M'} over 30 days`, result: `${fixed(perEvent, 1, 12)} bytes`, target: '<= 12 bytes', met: perEvent <= 12 });

  // convsim report: the statistics' cost, parallel replications, memory against run length.
  const overheadScenario = quick ? shipped('traffic-support-desk') : centre;
  // With the convsim command's process settings, as a user's convsim report has them (cli/launch.ts).
  const overhead = childJson<number[]>('the report statistics', './report-overhead.js', [String(times(5))], JSON.stringify({ name: overheadScenario.name, text: overheadScenario.text }), [], launchEnv());
  const overheadHere = statisticsRatios(overheadScenario.scenario, times(5));
  const ratioOverhead = medianOf(overhead);
  rows.push({
    case: `report statistics / plain run, ${quick ? 'support desk' : 'contact centre'} (a process of its own, as convsim report; median of ${pairsOf(overhead.length)})`,
    result: `${fixed(ratioOverhead, 2, 1.15)}x (pairs ${listed(overhead)})`,
    target: '<= 1.15x',
    met: ratioOverhead <= 1.15,
  });
  rows.push({
    case: 'the same, in this process after the cases above',
    result: `${fixed(medianOf(overheadHere), 2, 1.15)}x (pairs ${listed(overheadHere)})`,
    target: '(as timed until 2026-12-06)',
    met: undefined,
  });
  if (!quick) {
    const one = await replicationsWall(centre.scenario, 8, 1);
    const two = await replicationsWall(centre.scenario, 8, 2);
    rows.push({ case: '8 replications of contact centre, --jobs 1 / --jobs 2', result: `${fixed(one / two, 2, 1.8)}x (${one.toFixed(1)} s / ${two.toFixed(1)} s)`, target: '>= 1.8x', met: one / two >= 1.8 });
    const sweepOne = await sweepWall(8, 1);
    const sweepTwo = await sweepWall(8, 2);
    rows.push({ case: 'sweep 3x3 x 8 replications, contact centre (2 days), --jobs 1 / --jobs 2', result: `${(sweepOne / sweepTwo).toFixed(2)}x (${sweepOne.toFixed(1)} s / ${sweepTwo.toFixed(1)} s)`, target: '(against the line below)', met: undefined });
    const machine = await processesSpeedup(fileURLToPath(new URL('../../scenarios/traffic-contact-centre.json', import.meta.url)), 4);
    rows.push({ case: 'this machine: 4 replications in 1 process / 2+2 in 2 processes', result: `${machine.toFixed(2)}x`, target: '(the ceiling for the line above)', met: undefined });
  }
  const [d14, d56, d224] = ['P14D', 'P56D', 'P224D'].map((until) => statsBytes(shippedUntil('traffic-support-desk', until)));
  const kib = (x: number): string => (x / 1024).toFixed(0);
  rows.push({
    case: 'report statistics per replication: 14, 56, 224-day runs',
    result: `${kib(d14!.histograms)}, ${kib(d56!.histograms)}, ${kib(d224!.histograms)} KiB (+ rows ${kib(d14!.rows)}, ${kib(d56!.rows)}, ${kib(d224!.rows)})`,
    // Sparse buckets fill up as more distinct durations are seen, up to the fixed bucket count.
    target: `16x the run, <= 2.5x the bytes; <= ${kib(STATS_BOUND_BYTES)} KiB`,
    met: d224!.histograms <= 2.5 * d14!.histograms && d224!.histograms <= STATS_BOUND_BYTES,
  });

  if (args.has('--scale')) {
    const s = scale(100_000_000);
    rows.push({
      case: '100,000,000 conversations open at once',
      result: `open ${s.seconds.toFixed(0)} s, all go inactive ${s.fireSeconds.toFixed(1)} s, peak RSS ${s.rssGiB.toFixed(1)} GiB`,
      target: 'finishes in 24 GiB',
      met: s.rssGiB < 24,
    });
  }

  printRows(rows, quick);
}

// As in `convsim run`: the cases time convsim as its CLI runs (util/inlining.ts), here and in the children.
raiseInliningBudget();
await main();
