// The terminal's short account of one run: one line, counts only.

import { STATE_NAMES } from '../engine/states.js';
import { COUNTERS } from '../run/metrics.js';
import type { RunResult } from '../run/scripted.js';
import type { TrafficResult } from '../run/traffic.js';

export function summaryLine(result: RunResult, outDir: string): string {
  const states = [0, 0, 0];
  for (const c of result.conversations) states[c.state]!++;
  const byState = STATE_NAMES.map((name, i) => `${states[i]} ${name}`).join(', ');
  const webhooks = result.transitions.filter((t) => t.webhook).length;
  const created = result.inbound.filter((r) => r.conversation !== undefined).length;
  const dropped = result.inbound.length - created;
  const parts = [
    count(result.conversations.length, 'conversation') + ` (${byState})`,
    count(result.transitions.length, 'transition'),
    count(webhooks, 'webhook'),
    count(result.rejections.length, 'rejection'),
    `${created} autocreated`,
    ...(dropped > 0 ? [`${dropped} inbound dropped`] : []),
  ];
  return `${result.scenario.name}: ${parts.join(', ')} -> ${outDir}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** One line for a generated-traffic run: what happened, and how fast it ran. */
export function trafficSummaryLine(result: TrafficResult, seconds: number, outDir: string): string {
  const total = (name: (typeof COUNTERS)[number]): number => result.totals[COUNTERS.indexOf(name)]!;
  const rejections = COUNTERS.filter((c) => c.startsWith('rejected_')).reduce((sum, c) => sum + total(c), 0);
  const parts = [
    `${total('arrivals')} arrivals`,
    `${total('messages')} messages`,
    `${total('created') + total('autocreated')} conversations (${total('autocreated')} autocreated)`,
    `peak ${result.peaks.open} open, ${result.peaks.identityOpen} for one identity`,
    count(rejections, 'rejection'),
    `${result.events} events in ${seconds.toFixed(2)} s (${Math.round(result.events / seconds)} events/s)`,
  ];
  return `${result.scenario.name}: ${parts.join(', ')} -> ${outDir}`;
}
