// The outputs of a generated-traffic run: timeseries.csv (a row per interval) and summary.json
// (totals and peaks). Both are deterministic: the same scenario and seed give the same bytes.
// Run time, events per second and memory go to performance.json, written by the CLI.

import { formatTimestamp } from '../util/iso-time.js';
import { COUNTERS } from '../run/metrics.js';
import type { TrafficResult } from '../run/traffic.js';
import { csvChunks, type Cell } from './csv.js';

export const TIMESERIES_COLUMNS = [
  'time',
  'offset_s',
  'interval_s',
  'open',
  'active',
  'inactive',
  'open_average',
  'max_identity_open',
  ...COUNTERS,
] as const;

/** timeseries.csv, as pieces of text (a long run has up to a million rows). */
export function timeseriesChunks(result: TrafficResult): Iterable<string> {
  const startS = result.scenario.startEpochS;
  return csvChunks(TIMESERIES_COLUMNS, rows());
  function* rows(): Generator<Cell[]> {
    for (const r of result.intervals) {
      yield [formatTimestamp(startS + r.startS), r.startS, r.endS - r.startS, r.open, r.active, r.inactive, round(r.openAverage), r.maxIdentityOpen, ...r.counts];
    }
  }
}

/** timeseries.csv as one string, for tests. */
export function timeseriesCsv(result: TrafficResult): string {
  return [...timeseriesChunks(result)].join('');
}

export function summaryJson(result: TrafficResult): string {
  const s = result.scenario;
  const totals = Object.fromEntries(COUNTERS.map((name, i) => [name, result.totals[i]!]));
  const summary = {
    scenario: s.name,
    seed: s.seed,
    start: s.start,
    until_s: s.untilS,
    events: result.events,
    timers_fired: result.timersFired,
    totals,
    peaks: {
      open: result.peaks.open,
      active: result.peaks.active,
      inactive: result.peaks.inactive,
      identity_open: result.peaks.identityOpen,
    },
    at_end: result.final,
    // SPEC 4: autocreated conversations take the account defaults; with none they never change state.
    autocreated_without_timers: s.settings.defaultInactiveS === 0 && s.settings.defaultClosedS === 0 ? totals['autocreated'] : 0,
    open_average: round(result.openSeconds / s.untilS),
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** Six decimals: enough for averages, and the same text on every machine. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
