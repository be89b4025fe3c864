// `convsim run <file...>`: validate every file first (nothing is written if any is bad), then run
// each scenario and write its report folder. The only place that reads and writes files.

import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { traceReport } from '../report/csv.js';
import { summaryLine, trafficSummaryLine } from '../report/summary.js';
import { summaryJson, timeseriesCsv } from '../report/timeseries.js';
import { runScript } from '../run/scripted.js';
import { runTraffic } from '../run/traffic.js';
import type { Scenario } from '../scenario/types.js';
import { parseScenario } from '../scenario/validate.js';
import { formatDurationS } from '../engine/duration.js';
import { BadInput } from './errors.js';

export interface RunOptions {
  readonly files: readonly string[];
  readonly out: string;
  /** Generated traffic: also write the per-event CSVs (they grow with the run). */
  readonly trace: boolean;
}

export interface RunIo {
  print(line: string): void;
  /** A transient progress line (a terminal), or undefined to stay quiet. */
  readonly progress: ((line: string) => void) | undefined;
}

/** Every file convsim may write in a report folder; the ones a run does not write are removed. */
const OUTPUTS = [
  'transitions.csv',
  'webhooks.csv',
  'rejections.csv',
  'conversations.csv',
  'autocreations.csv',
  'timeseries.csv',
  'summary.json',
  'performance.json',
] as const;

export async function runCommand(options: RunOptions, io: RunIo): Promise<void> {
  const scenarios = await loadAll(options.files);
  await checkWritable(options.out);
  for (const scenario of scenarios) {
    const dir = path.join(options.out, scenario.name);
    const files = new Map<string, string>();
    let line: string;
    if (scenario.script !== undefined) {
      const result = runScript(scenario, scenario.script);
      for (const [name, text] of traceReport(scenario, result)) files.set(name, text);
      line = summaryLine(result, dir);
    } else {
      const started = performance.now();
      let lastShown = 0;
      const progress =
        io.progress === undefined
          ? undefined
          : (doneS: number, events: number): void => {
              const now = performance.now();
              if (now - lastShown < 200) return;
              lastShown = now;
              const percent = Math.floor((100 * doneS) / scenario.untilS);
              const rate = events / ((now - started) / 1000);
              io.progress!(`${scenario.name}: ${percent}% (${formatDurationS(doneS)} of ${formatDurationS(scenario.untilS)}), ${compact(events)} events, ${compact(rate)} events/s`);
            };
      const result = runTraffic(scenario, scenario.traffic!, { trace: options.trace, ...(progress === undefined ? {} : { progress }) });
      const seconds = (performance.now() - started) / 1000;
      if (result.trace !== undefined) for (const [name, text] of traceReport(scenario, result.trace)) files.set(name, text);
      files.set('timeseries.csv', timeseriesCsv(result));
      files.set('summary.json', summaryJson(result));
      files.set('performance.json', performanceJson(result.events, seconds, result.memory));
      io.progress?.('');
      line = trafficSummaryLine(result, seconds, dir);
    }
    await mkdir(dir, { recursive: true });
    for (const name of OUTPUTS) {
      const text = files.get(name);
      if (text === undefined) await rm(path.join(dir, name), { force: true });
      else await writeFile(path.join(dir, name), text);
    }
    io.print(line);
  }
}

/** The output folder can be created and written to, before anything runs (it is not created here). */
async function checkWritable(out: string): Promise<void> {
  // The nearest folder that exists must be writable, and nothing on the way may be a file.
  let dir = path.resolve(out);
  for (;;) {
    try {
      const info = await stat(dir);
      if (!info.isDirectory()) throw new BadInput([`convsim: --out ${out}: ${dir} is a file, not a folder`]);
      await access(dir, constants.W_OK);
      return;
    } catch (e) {
      if (e instanceof BadInput) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
        continue;
      }
      throw new BadInput([`convsim: --out ${out}: cannot write there (${code === 'EACCES' ? 'permission denied' : String(code ?? e)})`]);
    }
  }
}

/** What this run cost on this machine: the one output that is not deterministic. */
function performanceJson(events: number, seconds: number, memory: { conversationTable: number; eventQueues: number }): string {
  const cpu = os.cpus()[0];
  return `${JSON.stringify(
    {
      wall_s: Math.round(seconds * 1000) / 1000,
      events,
      events_per_s: Math.round(events / seconds),
      peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
      conversation_table_bytes: memory.conversationTable,
      event_queue_bytes: memory.eventQueues,
      machine: { node: process.version, cpus: os.cpus().length, cpu: cpu?.model ?? 'unknown', memory_bytes: os.totalmem() },
    },
    null,
    2,
  )}\n`;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** Every scenario, or a BadInput listing every problem of every file. */
export async function loadAll(files: readonly string[]): Promise<Scenario[]> {
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const fileOfName = new Map<string, string>();
  for (const file of files) {
    const text = await readText(file);
    if (typeof text !== 'string') {
      problems.push(text.problem);
      continue;
    }
    const v = parseScenario(file, text);
    if (!v.ok) {
      problems.push(...v.problems);
      continue;
    }
    const other = fileOfName.get(v.scenario.name);
    if (other !== undefined) {
      problems.push(`${file}: name: "${v.scenario.name}" is also the name of ${other}; each scenario writes its own report folder, so names must differ`);
      continue;
    }
    fileOfName.set(v.scenario.name, file);
    scenarios.push(v.scenario);
  }
  if (problems.length > 0) throw new BadInput(problems);
  return scenarios;
}

async function readText(file: string): Promise<string | { problem: string }> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory, not a scenario file' : code === 'EACCES' ? 'permission denied' : String(e);
    return { problem: `${file}: cannot read the scenario file: ${why}` };
  }
}
