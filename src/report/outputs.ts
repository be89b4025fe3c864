// The files of a report folder, named in one place: what each kind of run writes, and each
// file's text as pieces (never one string for a whole file). Pure: the CLI writes them.

import type { RunOutcome } from '../run/run.js';
import { TRACE_FILES, traceFiles } from './csv.js';
import { summaryLine, trafficSummaryLine } from './summary.js';
import { summaryJson, timeseriesChunks } from './timeseries.js';

export const TIMESERIES_FILE = 'timeseries.csv';
export const SUMMARY_FILE = 'summary.json';
/** Run time and memory on this machine: the one output that is not deterministic (besides run.json). */
export const PERFORMANCE_FILE = 'performance.json';

/** Every file convsim writes into a report folder (run.json, the provenance, is the folder's own). */
export const OUTPUT_FILES: readonly string[] = [...TRACE_FILES, TIMESERIES_FILE, SUMMARY_FILE, PERFORMANCE_FILE];

/** The deterministic files of a finished run (a traffic run's --trace files are written as it goes). */
export function outputFiles(outcome: RunOutcome): [string, Iterable<string>][] {
  if (outcome.kind === 'script') return traceFiles(outcome.result.scenario, outcome.result);
  return [
    [TIMESERIES_FILE, timeseriesChunks(outcome.result)],
    [SUMMARY_FILE, [summaryJson(outcome.result)]],
  ];
}

/** The terminal's line for a finished run; `seconds` (running and writing) for traffic runs. */
export function summaryLineOf(outcome: RunOutcome, outDir: string, seconds: number): string {
  return outcome.kind === 'script' ? summaryLine(outcome.result, outDir) : trafficSummaryLine(outcome.result, seconds, outDir);
}
