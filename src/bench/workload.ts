// The benchmark workload: a contact centre whose traffic keeps about `live` conversations open
// (Little's law: arrival rate times mean open time). Chat customers, an agent each, a geometric
// number of messages with exponential gaps, inactive after 30 minutes, closed a day later.

import { parseScenario } from '../scenario/validate.js';
import type { TrafficScenario } from '../scenario/types.js';

/** Mean open time in seconds: ~10 minutes of messages, 30 minutes to inactive, a day to closed. */
export const MEAN_OPEN_S = 5 * 120 + 1_800 + 86_400;

export const GAP_MEAN_S = 120;
export const MESSAGES_MEAN = 6;
export const INACTIVE_S = 1_800;
export const CLOSED_S = 86_400;

export function ratePerHourFor(live: number): number {
  return Math.round((live / MEAN_OPEN_S) * 3_600);
}

/** The workload as a scenario file would give it, running for `days`. */
export function workload(live: number, days: number, seed = 1): TrafficScenario {
  const v = parseScenario(
    `bench-${live}.json`,
    JSON.stringify({
      name: `bench-${live}`,
      start: '2026-01-05T00:00:00Z',
      until: `P${days}D`,
      seed,
      account: { defaultTimers: { inactive: `PT${INACTIVE_S}S`, closed: `PT${CLOSED_S}S` } },
      traffic: {
        arrivals: [{ duration: `P${days}D`, ratePerHour: ratePerHourFor(live), process: 'poisson' }],
        agents: { count: Math.max(10, Math.ceil(live / 500)) },
        customers: { count: Math.max(10_000, live * 5), channels: { chat: 1 } },
        messages: { perVisit: { type: 'geometric', mean: MESSAGES_MEAN }, gap: { type: 'exponential', mean: `PT${GAP_MEAN_S}S` } },
        interval: 'P1D',
      },
    }),
  );
  if (!v.ok || v.scenario.kind !== 'traffic') throw new Error(v.ok ? 'the workload is not traffic' : v.problems.join('\n'));
  return v.scenario;
}
