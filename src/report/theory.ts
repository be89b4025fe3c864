// Theory beside the simulation, where its assumptions hold: Little's law (always: a book-keeping
// check from the run's own arrival rate and lifetimes), M/G/infinity for open conversations under
// one stationary Poisson phase, and Erlang B for refusals at the 1000 limit when agents are picked
// at random. Where an assumption fails, the reason is given instead of a number.

import type { TrafficScenario } from '../scenario/types.js';
import { meanOf } from '../traffic/distributions.js';
import { MAX_OPEN_CONVERSATIONS_PER_IDENTITY } from '../engine/settings.js';
import { erlangB, poissonQuantile } from '../stats/queueing.js';
import type { Figure } from './figures.js';

export interface Comparison {
  readonly figure: string;
  readonly model: "Little's law" | 'M/G/infinity' | 'Erlang B';
  /** The analytic value, or why there is none. */
  readonly value: number | undefined;
  readonly unavailable: string | undefined;
  readonly relativeError: number | undefined;
  /** Whether the confidence interval covers the analytic value. */
  readonly covered: boolean | undefined;
}

/** Why M/G/infinity does not apply to the scenario, or undefined if it does; and E[D] if it does. */
export function openTime(s: TrafficScenario): { meanS: number } | { why: string } {
  const t = s.traffic;
  if (t.arrivals.length !== 1) return { why: 'more than one arrival phase (not stationary)' };
  const phase = t.arrivals[0]!;
  if (phase.rampToPerHour !== phase.ratePerHour) return { why: 'the arrival rate ramps (not stationary)' };
  if (phase.process !== 'poisson') return { why: 'arrivals are evenly spaced, not Poisson' };
  if (t.returns !== undefined && t.returns.probability > 0) return { why: 'customers return (arrivals are not independent)' };
  if (t.afterLastMessage !== undefined && t.afterLastMessage.probability > 0) return { why: 'REST changes after the last message (open time not computable from the timers)' };
  if (t.customers.channelWeights[1] > 0 || t.customers.channelWeights[2] > 0) return { why: 'SMS/WhatsApp customers (autocreation adds arrivals)' };
  const mix = t.timers ?? [{ weight: 1, inactiveS: s.settings.defaultInactiveS, closedS: s.settings.defaultClosedS }];
  if (mix.length !== 1) return { why: 'a mix of timers (open time not computed for mixes yet)' };
  const { inactiveS, closedS } = mix[0]!;
  if (closedS === 0) return { why: 'no closed timer: conversations never close' };
  if (inactiveS === 0) return { why: 'closed-only timer: open time depends on messages after close' };
  // The last message restarts the inactive clock; the closed clock follows the inactive one.
  const messagesS = Math.max(0, meanOf(t.messages.perVisit) - 1) * meanOf(t.messages.gap);
  return { meanS: messagesS + inactiveS + closedS };
}

export function compareWithTheory(s: TrafficScenario, figures: readonly Figure[]): Comparison[] {
  const out: Comparison[] = [];
  const find = (name: string): Figure | undefined => figures.find((f) => f.name === name);
  const compare = (figure: string, model: Comparison['model'], value: number | undefined, unavailable?: string): void => {
    const e = find(figure)?.estimate;
    if (value === undefined || e === undefined) {
      out.push({ figure, model, value: undefined, unavailable: unavailable ?? 'not measured', relativeError: undefined, covered: undefined });
      return;
    }
    out.push({ figure, model, value, unavailable: undefined, relativeError: value === 0 ? undefined : (e.mean - value) / value, covered: e.low <= value && value <= e.high });
  };

  const phase = s.traffic.arrivals[0]!;
  const ratePerS = phase.ratePerHour / 3_600;
  const d = openTime(s);
  // Little: L = lambda W with the run's own rate of new conversations and their mean lifetime
  // (restricted to the run, so long-lived ones cut at the horizon make it an underestimate).
  const lifetime = find('lifetime.mean')?.estimate;
  const lambda = find('conversations.perHour')?.estimate;
  compare('open.mean', "Little's law", lifetime !== undefined && lambda !== undefined ? (lambda.mean / 3_600) * lifetime.mean : undefined, 'lifetimes not measured');
  for (const state of ['active', 'inactive'] as const) {
    const entries = find(`${state}.entriesPerHour`)?.estimate;
    const stay = find(`${state}.sojournMean`)?.estimate;
    compare(`${state}.mean`, "Little's law", entries !== undefined && stay !== undefined ? (entries.mean / 3_600) * stay.mean : undefined, `no ${state} stay ended after the warm-up`);
  }
  if ('meanS' in d) {
    const mean = ratePerS * d.meanS;
    compare('open.mean', 'M/G/infinity', mean);
    for (const p of [50, 95, 99]) compare(`open.p${p}`, 'M/G/infinity', poissonQuantile(p / 100, mean));
  } else for (const f of ['open.mean', 'open.p50', 'open.p95', 'open.p99']) compare(f, 'M/G/infinity', undefined, d.why);

  const agents = s.traffic.agents;
  if (!('meanS' in d)) compare('identityOpen.refusedShare', 'Erlang B', undefined, d.why);
  else if (agents.assignment !== 'random') compare('identityOpen.refusedShare', 'Erlang B', undefined, 'agents are assigned round-robin (an agent\'s arrivals are not Poisson)');
  else compare('identityOpen.refusedShare', 'Erlang B', erlangB(MAX_OPEN_CONVERSATIONS_PER_IDENTITY, (ratePerS / agents.count) * d.meanS));
  return out;
}
