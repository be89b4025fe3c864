// The `traffic` section: generated arrivals, pools of agents and customers, message and return
// patterns, timers and REST changes. Validated with the same one-line problems as the rest.

import { formatDurationS } from '../engine/duration.js';
import { MIN_CLOSED_TIMER_S, MIN_INACTIVE_TIMER_S } from '../engine/settings.js';
import { DISTRIBUTION_TYPES, meanOf, type Distribution } from '../traffic/distributions.js';
import { ASSIGNMENTS, CUSTOMER_CHANNELS, PROCESSES, type ArrivalPhase, type TimerChoice, type TrafficSpec } from '../traffic/types.js';
import { ID_LIMIT } from '../util/limits.js';
import { Problems, duration, join, type Json, type JsonObject } from './problems.js';

const KEYS = ['arrivals', 'agents', 'customers', 'messages', 'returns', 'timers', 'afterLastMessage', 'interval'] as const;
const MAX_POOL = ID_LIMIT; // customer and agent ids travel in event payloads
const MAX_ARRIVALS = 1e9;
/** About half an hour of computing on the machines convsim is measured on. */
const MAX_EVENTS = 1e10;
const MAX_COUNT = 1e6;
/** Timeseries rows (until / interval): each is kept until the end, a few hundred bytes. */
export const MAX_ROWS = 1e6;

/** The traffic section; `untilS` (if valid) bounds what the run can reach. */
export function checkTraffic(p: Problems, value: Json | undefined, untilS: number | undefined): TrafficSpec | undefined {
  const o = p.object(value, 'traffic', KEYS);
  if (o === undefined) return undefined;
  const before = p.count;
  const arrivals = checkArrivals(p, o['arrivals']);
  const agents = section(p, o, 'agents', ['count', 'assignment'], true, (a, path) => ({
    count: count(p, a['count'], join(path, 'count'), 1, MAX_POOL),
    assignment: a['assignment'] === undefined ? 'round-robin' : p.oneOf(a['assignment'], join(path, 'assignment'), ASSIGNMENTS),
  }));
  const customers = section(p, o, 'customers', ['count', 'channels'], true, (c, path) => ({
    count: count(p, c['count'], join(path, 'count'), 1, MAX_POOL),
    channelWeights: c['channels'] === undefined ? ([1, 0, 0] as const) : channelWeights(p, c['channels'], join(path, 'channels')),
  }));
  const messages = section(p, o, 'messages', ['perVisit', 'gap'], true, (m, path) => ({
    perVisit: distribution(p, m['perVisit'], join(path, 'perVisit'), 'count'),
    gap: distribution(p, m['gap'], join(path, 'gap'), 'duration'),
  }));
  const returns = section(p, o, 'returns', ['probability', 'pause'], false, (r, path) => ({
    // Below 1: with 1, every visit would bring another, for ever.
    probability: number(p, r['probability'], join(path, 'probability'), 0, 0.999),
    pause: distribution(p, r['pause'], join(path, 'pause'), 'duration'),
  }));
  const timers = o['timers'] === undefined || o['timers'] === 'defaults' ? undefined : checkTimerMix(p, o['timers']);
  const afterLastMessage = section(p, o, 'afterLastMessage', ['probability', 'delay', 'state', 'webhookEnabled'], false, (a, path) => ({
    probability: probability(p, a['probability'], join(path, 'probability')),
    delay: distribution(p, a['delay'], join(path, 'delay'), 'duration'),
    state: p.oneOf(a['state'], join(path, 'state'), ['active', 'inactive', 'closed'] as const),
    webhookEnabled: a['webhookEnabled'] === undefined ? false : p.boolean(a['webhookEnabled'], join(path, 'webhookEnabled')),
  }));
  const intervalS = o['interval'] === undefined ? 3_600 : duration(p, o['interval'], 'traffic.interval');
  if (intervalS === 0) p.add('traffic.interval', 'expected a duration longer than zero', o['interval']!);
  else if (intervalS !== undefined && untilS !== undefined && Math.ceil(untilS / intervalS) > MAX_ROWS) {
    p.add(
      'traffic.interval',
      `with "until" ${formatDurationS(untilS)} this makes ${Math.ceil(untilS / intervalS)} timeseries rows; convsim writes at most ${MAX_ROWS} (choose an interval of at least ${formatDurationS(Math.ceil(untilS / MAX_ROWS))})`,
      o['interval'] ?? formatDurationS(intervalS),
    );
  }
  if (arrivals !== undefined && untilS !== undefined) {
    const expected = expectedArrivals(arrivals, untilS);
    if (expected > MAX_ARRIVALS) {
      p.add('traffic.arrivals', `the phases would bring about ${expected.toExponential(1)} arrivals; convsim runs at most ${MAX_ARRIVALS.toExponential(0)} in one scenario`);
    } else if (messages?.perVisit !== undefined) {
      const events = expected * visitsPerArrival(returns?.probability) * Math.max(1, meanOf(messages.perVisit));
      if (events > MAX_EVENTS) {
        p.add('traffic', `arrivals, messages per visit and returns would make about ${events.toExponential(1)} events; convsim runs at most ${MAX_EVENTS.toExponential(0)} in one scenario (about half an hour)`);
      }
    }
  }
  if (p.count > before) return undefined;
  return {
    arrivals: arrivals!,
    agents: agents as TrafficSpec['agents'],
    customers: customers as TrafficSpec['customers'],
    messages: messages as TrafficSpec['messages'],
    returns: returns as TrafficSpec['returns'],
    timers,
    afterLastMessage: afterLastMessage as TrafficSpec['afterLastMessage'],
    intervalS: intervalS!,
  };
}

/** An object section of traffic, checked by `build`; absent is a problem only if required. */
function section<T>(p: Problems, o: JsonObject, key: string, keys: readonly string[], required: boolean, build: (s: JsonObject, path: string) => T): T | undefined {
  const path = join('traffic', key);
  if (o[key] === undefined) {
    if (required) p.add(path, `missing; expected an object with ${keys.join(', ')}`);
    return undefined;
  }
  const s = p.object(o[key], path, keys);
  return s === undefined ? undefined : build(s, path);
}

function checkArrivals(p: Problems, value: Json | undefined): ArrivalPhase[] | undefined {
  const path = 'traffic.arrivals';
  if (!Array.isArray(value) || value.length === 0) {
    p.expected(path, 'a non-empty array of phases like {"duration": "P1D", "ratePerHour": 100}', value);
    return undefined;
  }
  const before = p.count;
  const phases = value.map((item, i) => {
    const ipath = join(path, i);
    const phase = p.object(item, ipath, ['duration', 'ratePerHour', 'rampTo', 'process']);
    if (phase === undefined) return undefined;
    const rate = number(p, phase['ratePerHour'], join(ipath, 'ratePerHour'), 0, 1e9);
    return {
      durationS: duration(p, phase['duration'], join(ipath, 'duration'))!,
      ratePerHour: rate!,
      rampToPerHour: phase['rampTo'] === undefined ? rate! : number(p, phase['rampTo'], join(ipath, 'rampTo'), 0, 1e9)!,
      process: phase['process'] === undefined ? 'poisson' : p.oneOf(phase['process'], join(ipath, 'process'), PROCESSES)!,
    };
  });
  // Every phase whole, or none: the callers then see only complete phases.
  return p.count === before ? (phases as ArrivalPhase[]) : undefined;
}

function channelWeights(p: Problems, value: Json, path: string): readonly [number, number, number] | undefined {
  const o = p.object(value, path, CUSTOMER_CHANNELS);
  if (o === undefined) return undefined;
  const w = CUSTOMER_CHANNELS.map((c) => (o[c] === undefined ? 0 : number(p, o[c], join(path, c), 0, 1e9)));
  if (w.some((x) => x === undefined)) return undefined;
  if (w.every((x) => x === 0)) {
    p.add(path, 'expected at least one channel with a weight above zero', value);
    return undefined;
  }
  return w as unknown as [number, number, number];
}

function checkTimerMix(p: Problems, value: Json): TimerChoice[] | undefined {
  const path = 'traffic.timers';
  if (!Array.isArray(value) || value.length === 0) {
    p.add(path, 'expected "defaults" or a non-empty array like [{"weight": 1, "inactive": "PT5M", "closed": "P1D"}]', value);
    return undefined;
  }
  const mix = value.map((item, i) => {
    const ipath = join(path, i);
    const o = p.object(item, ipath, ['weight', 'inactive', 'closed']);
    if (o === undefined) return undefined;
    return {
      weight: o['weight'] === undefined ? 1 : number(p, o['weight'], join(ipath, 'weight'), 0, 1e9),
      inactiveS: timer(p, o['inactive'], join(ipath, 'inactive'), MIN_INACTIVE_TIMER_S),
      closedS: timer(p, o['closed'], join(ipath, 'closed'), MIN_CLOSED_TIMER_S),
    };
  });
  if (mix.some((m) => m === undefined || m.weight === undefined || m.inactiveS === undefined || m.closedS === undefined)) return undefined;
  if (mix.every((m) => m!.weight === 0)) {
    p.add(path, 'expected at least one entry with a weight above zero', value);
    return undefined;
  }
  return mix as TimerChoice[];
}

/** A timer of the mix: absent or PT0S is off; otherwise at least the minimum. */
export function timer(p: Problems, value: Json | undefined, path: string, minS: number): number | undefined {
  if (value === undefined) return 0;
  const seconds = duration(p, value, path);
  if (seconds !== undefined && seconds !== 0 && seconds < minS) {
    p.add(path, `expected "PT0S" (off) or at least ${minS} seconds (${formatDurationS(minS)})`, value);
    return undefined;
  }
  return seconds;
}

/**
 * A distribution of durations (values are ISO 8601 strings) or of counts (numbers). A bare
 * value is shorthand for {"type": "fixed", "value": ...}.
 */
export function distribution(p: Problems, value: Json | undefined, path: string, of: 'duration' | 'count'): Distribution | undefined {
  const v = (x: Json | undefined, at: string): number | undefined => (of === 'duration' ? duration(p, x, at) : number(p, x, at, 0, MAX_COUNT));
  if (value === undefined) {
    p.add(path, `missing; expected a distribution like {"type": "exponential", "mean": ${of === 'duration' ? '"PT5M"' : '4'}}`);
    return undefined;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    const fixed = v(value, path);
    return fixed === undefined ? undefined : { type: 'fixed', value: fixed };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    p.add(path, `expected a distribution object with "type" (one of ${DISTRIBUTION_TYPES.join(', ')})`, value);
    return undefined;
  }
  const type = p.oneOf(value['type'], join(path, 'type'), DISTRIBUTION_TYPES);
  if (type === undefined) return undefined;
  const keys = { fixed: ['value'], uniform: ['min', 'max'], exponential: ['mean'], lognormal: ['median', 'sigma'], geometric: ['mean'], poisson: ['mean'], empirical: ['values'] }[type];
  const o = p.object(value, path, ['type', ...keys])!;
  const before = p.count;
  let d: Distribution | undefined;
  switch (type) {
    case 'fixed':
      d = { type, value: v(o['value'], join(path, 'value'))! };
      break;
    case 'uniform': {
      const min = v(o['min'], join(path, 'min'));
      const max = v(o['max'], join(path, 'max'));
      if (min !== undefined && max !== undefined && max < min) p.add(join(path, 'max'), 'expected a maximum at least the minimum', o['max']!);
      d = { type, min: min!, max: max! };
      break;
    }
    case 'exponential':
    case 'poisson':
      d = { type, mean: v(o['mean'], join(path, 'mean'))! };
      break;
    case 'geometric': {
      const mean = v(o['mean'], join(path, 'mean'));
      if (mean !== undefined && mean < 1) p.add(join(path, 'mean'), 'expected a mean of at least 1 (a geometric count is 1, 2, ...)', o['mean']!);
      d = { type, mean: mean! };
      break;
    }
    case 'lognormal':
      d = { type, median: v(o['median'], join(path, 'median'))!, sigma: number(p, o['sigma'], join(path, 'sigma'), 0, 10)! };
      break;
    case 'empirical': {
      const values = o['values'];
      if (!Array.isArray(values) || values.length === 0) {
        p.expected(join(path, 'values'), `a non-empty array of ${of === 'duration' ? 'durations' : 'numbers'}`, values);
        return undefined;
      }
      d = { type, values: values.map((x, i) => v(x, join(join(path, 'values'), i))!) };
      break;
    }
  }
  return p.count > before ? undefined : d;
}

function number(p: Problems, value: Json | undefined, path: string, min: number, max: number): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
  p.expected(path, `a number from ${min} to ${max}`, value);
  return undefined;
}

function count(p: Problems, value: Json | undefined, path: string, min: number, max: number): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  p.expected(path, `a whole number from ${min} to ${max}`, value);
  return undefined;
}

function probability(p: Problems, value: Json | undefined, path: string): number | undefined {
  return number(p, value, path, 0, 1);
}

/** Arrivals the phases bring before `untilS`, on average (a phase cut by `until` counts in part). */
export function expectedArrivals(phases: readonly ArrivalPhase[], untilS: number): number {
  let sum = 0;
  let startS = 0;
  for (const a of phases) {
    const lengthS = Math.min(a.durationS, untilS - startS);
    if (lengthS <= 0) break;
    // The rate at the cut, on the phase's linear ramp.
    const endRate = a.ratePerHour + ((a.rampToPerHour - a.ratePerHour) * lengthS) / a.durationS;
    sum += ((a.ratePerHour + endRate) / 2) * (lengthS / 3_600);
    startS += a.durationS;
  }
  return sum;
}

/** Visits per arrival: the first, and a geometric number of returns. */
function visitsPerArrival(returnProbability: number | undefined): number {
  return 1 / (1 - (returnProbability ?? 0));
}

/** Events a traffic section makes before `untilS`, on average: each visit's messages (arrivals and timers aside). */
export function expectedEvents(spec: TrafficSpec, untilS: number): number {
  return expectedArrivals(spec.arrivals, untilS) * visitsPerArrival(spec.returns?.probability) * Math.max(1, meanOf(spec.messages.perVisit));
}
