// What running a scenario means, chosen here and nowhere else: its script or its generated
// traffic, on the run loop, advanced in steps by the caller (the command line yields between
// steps; the tests cut runs anywhere) and finished into a result the report layer formats.

import type { Scenario } from '../scenario/types.js';
import { ScriptRun, type RunResult } from './scripted.js';
import type { TraceSink } from './trace.js';
import { TrafficRun, type TrafficResult } from './traffic.js';

export type RunOutcome = { readonly kind: 'script'; readonly result: RunResult } | { readonly kind: 'traffic'; readonly result: TrafficResult };

export interface ScenarioRun {
  readonly scenario: Scenario;
  /** The simulated second reached so far. */
  readonly nowS: number;
  /** Events delivered so far (requests, arrivals, messages, timers that fired). */
  events(): number;
  /** Runs until `untilS` (at most the scenario's `until`); any steps give the same outcome. */
  advance(untilS: number): void;
  /** The outcome, once the run has reached `until`. */
  finish(): RunOutcome;
}

export interface RunOptions {
  /** Generated traffic: where the per-event rows go as the run makes them, or undefined for none. */
  readonly trace: TraceSink | undefined;
}

export function startRun(scenario: Scenario, options: RunOptions): ScenarioRun {
  return scenario.kind === 'script' ? new ScriptRun(scenario) : new TrafficRun(scenario, options.trace);
}
