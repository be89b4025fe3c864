// The report's figures: each measured per replication, then the mean and a t-based confidence
// interval across replications. Names are the API of a scenario's `expect` section.

import { COUNTERS, TRANSITIONS } from '../run/metrics.js';
import type { ReplicationStats } from '../run/replication.js';
import { LevelHistogram, LOG_BUCKETS } from '../stats/histogram.js';
import { estimate, type Estimate } from '../stats/interval.js';
import { kaplanMeier } from '../stats/survival.js';
import { REASON_NAMES, STATE_NAMES } from '../engine/states.js';
import { ALL_ERROR_CODES } from '../engine/codes.js';

export interface Figure {
  readonly name: string;
  /** What it is, in a few words, and its unit. */
  readonly label: string;
  readonly unit: 'conversations' | 'seconds' | 'per hour' | 'per second' | 'per minute' | 'share' | 'count';
  /** One value per replication; undefined where it could not be measured (a percentile beyond the run). */
  readonly values: readonly (number | undefined)[];
  /** Across the replications that measured it; undefined if none did. */
  readonly estimate: Estimate | undefined;
}

type Extract = (r: ReplicationStats) => number | undefined;

interface Definition {
  readonly name: string;
  readonly label: string;
  readonly unit: Figure['unit'];
  readonly value: Extract;
}

const level = (values: readonly number[]): LevelHistogram => {
  const h = new LevelHistogram();
  values.forEach((w, i) => h.add(i, w));
  return h;
};

const hours = (r: ReplicationStats): number => (r.untilS - r.fromS) / 3_600;

function dense(pairs: readonly [number, number][]): Float64Array {
  const a = new Float64Array(LOG_BUCKETS);
  for (const [b, c] of pairs) a[b] = c;
  return a;
}

function minuteQuantile(minutes: readonly [number, number][], p: number): number {
  const total = minutes.reduce((s, [, n]) => s + n, 0);
  let cumulative = 0;
  for (const [count, n] of minutes) {
    cumulative += n;
    if (cumulative >= p * total) return count;
  }
  return minutes.length === 0 ? 0 : minutes[minutes.length - 1]![0];
}

function definitions(): Definition[] {
  const defs: Definition[] = [];
  for (const state of ['open', 'active', 'inactive'] as const) {
    const h = (r: ReplicationStats): LevelHistogram => level(r.levels[state]);
    const what = state === 'open' ? 'open conversations' : `${state} conversations`;
    defs.push({ name: `${state}.mean`, label: `${what}, time-weighted mean`, unit: 'conversations', value: (r) => h(r).mean() });
    for (const p of [50, 95, 99]) defs.push({ name: `${state}.p${p}`, label: `${what}, ${p}th percentile of time`, unit: 'conversations', value: (r) => h(r).quantile(p / 100) });
    defs.push({ name: `${state}.max`, label: `${what}, most at once`, unit: 'conversations', value: (r) => h(r).max });
  }
  const agents = (r: ReplicationStats): LevelHistogram => level(r.agentLevels);
  for (const p of [50, 95, 99]) defs.push({ name: `identityOpen.p${p}`, label: `open conversations of an agent, ${p}th percentile (pooled over agents, time-weighted)`, unit: 'conversations', value: (r) => agents(r).quantile(p / 100) });
  defs.push({ name: 'identityOpen.peak', label: 'open conversations of the busiest agent, at its peak', unit: 'conversations', value: (r) => agents(r).max });
  defs.push({
    name: 'identityOpen.refusedShare',
    label: 'share of agent adds refused with 50214 (the 1000 limit)',
    unit: 'share',
    value: (r) => (r.totals['created']! === 0 ? 0 : r.totals['rejected_50214']! / r.totals['created']!),
  });
  for (const [which, label] of [
    ['lifetime', 'conversation lifetime (creation to close)'],
    ['firstInactive', 'time from creation to the first inactive'],
  ] as const) {
    const km = (r: ReplicationStats) => kaplanMeier(dense(r[which].ended), dense(r[which].censored));
    for (const p of [50, 95, 99]) defs.push({ name: `${which}.p${p}`, label: `${label}, ${p}th percentile`, unit: 'seconds', value: (r) => km(r).quantile(p / 100) });
    defs.push({ name: `${which}.mean`, label: `${label}, mean restricted to the run`, unit: 'seconds', value: (r) => km(r).restrictedMean });
  }
  for (const state of ['active', 'inactive'] as const) {
    defs.push({ name: `${state}.entriesPerHour`, label: `conversations entering ${state} per hour`, unit: 'per hour', value: (r) => r.sojourns[state].entries / hours(r) });
    defs.push({ name: `${state}.sojournMean`, label: `time a conversation stays ${state}, mean of the stays that ended`, unit: 'seconds', value: (r) => (r.sojourns[state].ended === 0 ? undefined : r.sojourns[state].totalS / r.sojourns[state].ended) });
  }
  defs.push({ name: 'conversations.perHour', label: 'conversations created per hour (by the application and by autocreation)', unit: 'per hour', value: (r) => (r.totals['created']! + r.totals['autocreated']!) / hours(r) });
  for (const [f, t, reason] of TRANSITIONS) {
    const counter = `${STATE_NAMES[f]}_to_${STATE_NAMES[t]}_${REASON_NAMES[reason]}`;
    defs.push({ name: `transitions.${counter}`, label: `${STATE_NAMES[f]} -> ${STATE_NAMES[t]} (${REASON_NAMES[reason]}) per hour`, unit: 'per hour', value: (r) => r.totals[counter]! / hours(r) });
  }
  for (const code of ALL_ERROR_CODES) defs.push({ name: `rejections.${code}`, label: `requests rejected with ${code}`, unit: 'count', value: (r) => r.totals[`rejected_${code}`]! });
  defs.push({ name: 'autocreated', label: 'conversations autocreated by inbound messages', unit: 'count', value: (r) => r.totals['autocreated']! });
  defs.push({ name: 'inboundDropped', label: 'inbound messages dropped (autoCreation off)', unit: 'count', value: (r) => r.totals['inbound_dropped']! });
  defs.push({ name: 'webhooks.meanPerSecond', label: 'webhooks a consumer must absorb, mean per second', unit: 'per second', value: (r) => r.webhooks.total / Math.max(1, r.untilS - r.fromS) });
  defs.push({ name: 'webhooks.worstSecond', label: 'webhooks in the worst second', unit: 'count', value: (r) => r.webhooks.worstSecond });
  defs.push({ name: 'webhooks.worstMinute', label: 'webhooks in the worst minute', unit: 'per minute', value: (r) => r.webhooks.worstMinute });
  defs.push({ name: 'webhooks.p99Minute', label: 'webhooks per minute, 99th percentile of minutes', unit: 'per minute', value: (r) => minuteQuantile(r.webhooks.minutes, 0.99) });
  return defs;
}

const DEFINITIONS = definitions();

/** Every figure name, for `expect` validation and its "did you mean". */
export const FIGURE_NAMES: readonly string[] = DEFINITIONS.map((d) => d.name);

export function figures(replications: readonly ReplicationStats[], confidence: number): Figure[] {
  return figuresOf(replications.map(figureRow), confidence);
}

/**
 * One replication's value of every figure, in FIGURE_NAMES order (undefined where it could not be
 * measured): all a sweep keeps of a replication, and all a shard's partial result carries.
 */
export type FigureRow = readonly (number | undefined)[];

export function figureRow(r: ReplicationStats): FigureRow {
  return DEFINITIONS.map((d) => d.value(r));
}

/** The figures of replications given as rows, each with its interval across them. */
export function figuresOf(rows: readonly FigureRow[], confidence: number): Figure[] {
  return DEFINITIONS.map((d, k) => {
    const values = rows.map((row) => row[k]);
    const measured = values.filter((v): v is number => v !== undefined);
    return { name: d.name, label: d.label, unit: d.unit, values, estimate: measured.length === values.length && measured.length > 0 ? estimate(measured, confidence) : undefined };
  });
}

/** COUNTERS is the order of the timeseries columns; exported here for the report's CSV. */
export { COUNTERS };
