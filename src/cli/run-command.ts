// `convsim run <file...>`: load and check every file and `--out` in one round (nothing is
// written if anything is wrong), take every report folder, then run each scenario and publish
// its folder whole. The only place that reads and writes files.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { formatDurationS } from '../engine/duration.js';
import { TraceCsvWriter } from '../report/csv.js';
import { OUTPUT_FILES, PERFORMANCE_FILE, outputFiles, summaryLineOf } from '../report/outputs.js';
import { capacityLine, capacityProblems } from '../run/capacity.js';
import { startRun, type RunOutcome, type ScenarioRun } from '../run/run.js';
import type { TrafficResult } from '../run/traffic.js';
import type { Override } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/types.js';
import { CapacityExceeded } from '../util/capacity.js';
import { BadInput, CannotWrite, Interrupted } from './errors.js';
import { ReportFolder, outProblems } from './folder.js';
import { loadAll, type Loaded } from './load.js';
import { VERSION } from './version.js';

export interface RunOptions {
  readonly files: readonly string[];
  readonly out: string;
  /** Generated traffic: also write the per-event CSVs (they grow with the run). */
  readonly trace: boolean;
  /** `--set PATH=VALUE`, applied to every file before validation. */
  readonly overrides: readonly Override[];
}

export interface RunIo {
  print(line: string): void;
  /** A warning about a valid scenario (standard error); the run goes on. */
  warn(line: string): void;
  /** A transient progress line (a terminal), or undefined to stay quiet. */
  readonly progress: ((line: string) => void) | undefined;
  /** All of standard input, for the file "-". */
  readonly stdin: () => Promise<Buffer>;
  /** Ctrl-C or SIGTERM, once one has arrived; checked between steps of a run. */
  readonly interrupted: () => 'SIGINT' | 'SIGTERM' | undefined;
  /** The command line, for the provenance. */
  readonly argv: readonly string[];
}

/** Problem lines shown at most; the rest are counted. */
const MAX_LINES = 100;

export async function runCommand(options: RunOptions, io: RunIo): Promise<void> {
  const loaded = await check(options, io);
  const folders: ReportFolder[] = [];
  try {
    const startedAt = new Date().toISOString();
    for (const l of loaded) folders.push(ReportFolder.open(options.out, l.scenario.name, OUTPUT_FILES, provenance(l, options, io, startedAt)));
    for (const [i, l] of loaded.entries()) {
      await runOne(l.scenario, folders[i]!, options, io);
      folders[i]!.publish();
    }
  } finally {
    // Whatever went wrong (an interrupt, a full disk, a bug), the folders not yet published go.
    for (const f of folders) f.abandon();
  }
}

/** Every file, every capacity estimate and `--out`, in one round: bad input exits 2, a bad `--out` alone 4. */
async function check(options: RunOptions, io: RunIo): Promise<Loaded[]> {
  const load = await loadAll(options.files, io.stdin, options.overrides);
  const problems = load.ok ? load.loaded.flatMap((l) => capacityProblems(l.scenario, { trace: options.trace })) : load.problems;
  const out = outProblems(options.out);
  if (problems.length > 0) throw new BadInput(capped([...problems, ...out]));
  if (out.length > 0) throw new CannotWrite(out);
  if (!load.ok) return [];
  for (const w of capped(load.warnings)) io.warn(w);
  return load.loaded;
}

function capped(lines: string[]): string[] {
  return lines.length <= MAX_LINES + 1 ? lines : [...lines.slice(0, MAX_LINES), `convsim: and ${lines.length - MAX_LINES} more problems`];
}

async function runOne(scenario: Scenario, folder: ReportFolder, options: RunOptions, io: RunIo): Promise<void> {
  const started = performance.now();
  const trace = options.trace && scenario.kind === 'traffic' ? new TraceFiles(scenario, folder) : undefined;
  const outcome = await stepped(startRun(scenario, { trace }), io, started);
  const writing = (file: string): void => io.progress?.(`${scenario.name}: writing ${file}`);
  if (trace !== undefined && outcome.kind === 'traffic') {
    writing('conversations.csv');
    trace.finish(outcome.result.conversations ?? []);
  }
  folder.writeFiles(outputFiles(outcome), writing);
  const seconds = (performance.now() - started) / 1000;
  if (outcome.kind === 'traffic') {
    writing(PERFORMANCE_FILE);
    folder.file(PERFORMANCE_FILE).write(performanceJson(outcome.result, seconds));
  }
  io.progress?.('');
  io.print(summaryLineOf(outcome, folder.target, seconds));
}

/** The per-event files of a traced traffic run, written as the run goes. */
class TraceFiles extends TraceCsvWriter {
  constructor(scenario: Scenario, folder: ReportFolder) {
    const files = new Map<string, ReturnType<ReportFolder['file']>>();
    super(scenario, (name, text) => {
      let f = files.get(name);
      if (f === undefined) files.set(name, (f = folder.file(name)));
      f.write(text);
    });
  }
}

/**
 * Runs in steps of about a tenth of a second of computing, yielding between steps so that
 * Ctrl-C is heard and the progress line moves. Steps do not change the outcome.
 */
async function stepped(run: ScenarioRun, io: RunIo, started: number): Promise<RunOutcome> {
  const { name, untilS } = run.scenario;
  let stepS = 60;
  let lastShown = 0;
  while (run.nowS < untilS) {
    const t0 = performance.now();
    guarded(run.scenario, () => run.advance(Math.min(untilS, run.nowS + stepS)));
    const ms = performance.now() - t0;
    if (ms < 25) stepS *= 2;
    else if (ms > 200 && stepS > 1) stepS = Math.ceil(stepS / 2);
    const now = performance.now();
    if (io.progress !== undefined && now - lastShown >= 200) {
      lastShown = now;
      const events = run.events();
      const percent = Math.floor((100 * run.nowS) / untilS);
      io.progress(`${name}: ${percent}% (${formatDurationS(run.nowS)} of ${formatDurationS(untilS)}), ${compact(events)} events, ${compact(events / ((now - started) / 1000))} events/s`);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const signal = io.interrupted();
    if (signal !== undefined) throw new Interrupted(signal);
  }
  return run.finish();
}

/** A capacity limit reached during the run becomes one line naming the scenario field (exit 2). */
function guarded<T>(scenario: Scenario, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CapacityExceeded) throw new BadInput([capacityLine(scenario, e)]);
    throw e;
  }
}

/** Where a report folder came from: enough to tell a stale folder from a fresh one. */
function provenance(l: Loaded, options: RunOptions, io: RunIo, startedAt: string): object {
  const s = l.scenario;
  return {
    convsim: VERSION,
    command: ['convsim', ...io.argv],
    scenario: { file: s.file, name: s.name, sha256: l.sha256 },
    seed: s.seed,
    parameters: {
      start: s.start,
      until_s: s.untilS,
      settings: s.settings,
      ...(s.kind === 'script' ? { script_actions: s.script.length } : { traffic: s.traffic, trace: options.trace }),
      overrides: options.overrides.map((o) => o.text),
    },
    node: process.version,
    started_at: startedAt,
  };
}

/** What this run cost on this machine: the one output that is not deterministic. */
function performanceJson(result: TrafficResult, seconds: number): string {
  const cpu = os.cpus()[0];
  return `${JSON.stringify(
    {
      wall_s: Math.round(seconds * 1000) / 1000,
      events: result.events,
      events_per_s: Math.round(result.events / seconds),
      peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
      conversation_table_bytes: result.memory.conversationTable,
      event_queue_bytes: result.memory.eventQueues,
      machine: { node: process.version, cpus: os.cpus().length, cpu: cpu?.model ?? 'unknown', memory_bytes: os.totalmem() },
    },
    null,
    2,
  )}\n`;
}

/** A count in a few characters, for progress lines: 1.2M, 3.4k, 56. */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}
