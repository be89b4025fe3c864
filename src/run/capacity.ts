// Capacity limits a valid scenario can reach: checked before the run where an estimate is
// possible (so a run does not fail an hour in), and otherwise named when the run reaches them,
// with the scenario field that drives each. Both give problem lines in the scenario style.

import { formatDurationS } from '../engine/duration.js';
import { MAX_OPEN } from '../engine/table.js';
import { expectedArrivals } from '../scenario/traffic.js';
import type { Scenario, TrafficScenario } from '../scenario/types.js';
import { meanOf } from '../traffic/distributions.js';
import type { TrafficSpec } from '../traffic/types.js';
import type { CapacityExceeded } from '../util/capacity.js';

/** With --trace, every conversation is kept until the end (conversations.csv is in creation order). */
export const MAX_TRACED_CONVERSATIONS = 5e6;

/** Problems a run of `scenario` would meet, as far as they can be estimated beforehand. */
export function capacityProblems(scenario: Scenario, options: { readonly trace: boolean }): string[] {
  if (scenario.kind !== 'traffic') return [];
  const spec = scenario.traffic;
  const problems: string[] = [];
  const line = (path: string, text: string): number => problems.push(`${scenario.file}: ${path}: ${text}`);
  const created = expectedConversations(spec, scenario.untilS);
  const open = Math.min(created, (peakRatePerHour(spec) / 3_600) * meanOpenS(scenario, spec));
  if (open > MAX_OPEN) {
    line(
      'traffic.arrivals',
      `about ${open.toExponential(1)} conversations would be open at once (the peak arrival rate times how long each stays open, set by traffic.timers); convsim holds at most ${MAX_OPEN} at once: lower the rate or shorten the timers`,
    );
  }
  if (options.trace && created > MAX_TRACED_CONVERSATIONS) {
    line(
      'traffic.arrivals',
      `--trace keeps every conversation until the end, and this run creates about ${created.toExponential(1)}; at most ${MAX_TRACED_CONVERSATIONS.toExponential(0)} can be traced: run without --trace (the timeseries and summary need no trace) or shorten "until"`,
    );
  }
  return problems;
}

/** One line for a limit the run reached after all, naming the field that drives it. */
export function capacityLine(scenario: Scenario, error: CapacityExceeded): string {
  const when = `after ${formatDurationS(error.atS ?? 0)} of simulated time`;
  const reached = `the run reached ${error.limit} ${error.capacity}, the most convsim holds, ${when}`;
  const script = scenario.kind === 'script';
  switch (error.capacity) {
    case 'open conversations at once':
      return script ? `${scenario.file}: script: ${reached}` : `${scenario.file}: traffic.arrivals: ${reached}; lower the arrival rate or shorten traffic.timers`;
    case 'conversations in one run':
      return `${scenario.file}: ${script ? 'script' : 'traffic.arrivals'}: ${reached}; shorten "until"`;
    case 'distinct timer pairs':
      return `${scenario.file}: ${script ? 'script' : 'traffic.timers'}: ${reached}; use fewer different timer values`;
    case 'visits in progress at once':
      return `${scenario.file}: traffic.messages: ${reached}; visits last too long for this arrival rate: fewer messages per visit, shorter gaps, or lower traffic.arrivals`;
    case 'customers waiting to come back at once':
      return `${scenario.file}: traffic.returns.pause: ${reached}; customers wait too long between visits for this arrival rate: shorten the pause or lower traffic.arrivals`;
    case 'queued events':
      return `${scenario.file}: ${script ? 'script' : 'traffic.arrivals'}: ${reached}; lower the arrival rate or shorten "until"`;
  }
}

/** Conversations created, about: one per visit at most (chat customers whose conversation closed open another). */
function expectedConversations(spec: TrafficSpec, untilS: number): number {
  const p = spec.returns?.probability ?? 0;
  return expectedArrivals(spec.arrivals, untilS) / (1 - p);
}

function peakRatePerHour(spec: TrafficSpec): number {
  return Math.max(...spec.arrivals.map((a) => Math.max(a.ratePerHour, a.rampToPerHour)));
}

/** How long a conversation stays open, on average, over the timer mix; one that never closes counts as `until`. */
function meanOpenS(scenario: TrafficScenario, spec: TrafficSpec): number {
  const { settings, untilS } = scenario;
  const messagesS = Math.max(0, meanOf(spec.messages.perVisit) - 1) * meanOf(spec.messages.gap);
  const mix = spec.timers ?? [{ weight: 1, inactiveS: settings.defaultInactiveS, closedS: settings.defaultClosedS }];
  let weight = 0;
  let sum = 0;
  for (const m of mix) {
    const closesAfterS = m.closedS === 0 ? Infinity : m.inactiveS === 0 ? m.closedS : messagesS + m.inactiveS + m.closedS;
    sum += m.weight * Math.min(untilS, closesAfterS);
    weight += m.weight;
  }
  return weight === 0 ? untilS : sum / weight;
}
