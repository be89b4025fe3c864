// The files of a report folder, named in one place: what each kind of run writes, and each
// file's text as pieces (never one string for a whole file). Pure: the CLI writes them.

import type { RunResult } from '../run/scripted.js';
import type { TrafficResult } from '../run/traffic.js';
import { TRACE_FILES, traceFiles } from './csv.js';
import { summaryJson, timeseriesChunks } from './timeseries.js';

export const TIMESERIES_FILE = 'timeseries.csv';
export const SUMMARY_FILE = 'summary.json';
/** Run time and memory on this machine: the one output that is not deterministic (besides run.json). */
export const PERFORMANCE_FILE = 'performance.json';

/** Every file convsim writes into a report folder (run.json, the provenance, is the folder's own). */
export const OUTPUT_FILES: readonly string[] = [...TRACE_FILES, TIMESERIES_FILE, SUMMARY_FILE, PERFORMANCE_FILE];

/** A scripted run's files: the per-event CSVs. */
export function scriptFiles(result: RunResult): [string, Iterable<string>][] {
  return traceFiles(result.scenario, result);
}

/** A traffic run's deterministic files (the per-event CSVs of --trace are written as the run goes). */
export function trafficFiles(result: TrafficResult): [string, Iterable<string>][] {
  return [
    [TIMESERIES_FILE, timeseriesChunks(result)],
    [SUMMARY_FILE, [summaryJson(result)]],
  ];
}
