// A validated scenario: what the runner needs, with every duration in seconds and every
// default filled in. Request parameters (state, timers) stay as written: the engine judges them.

import type { EngineSettings } from '../engine/settings.js';
import type { TimersRequest } from '../engine/timers.js';
import type { TrafficSpec } from '../traffic/types.js';
import type { Bound, ReportSettings } from './report.js';

export const ACTIONS = ['createConversation', 'addParticipant', 'message', 'updateConversation', 'inboundMessage', 'deleteConversation', 'removeParticipant'] as const;
export type ActionName = (typeof ACTIONS)[number];

export const CHANNELS = ['sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Conversation ids convsim gives to autocreated conversations start with this; scripts may not use it. */
export const AUTO_ID_PREFIX = 'auto-';

interface At {
  /** Offset from the scenario start, in seconds. */
  readonly atS: number;
}

export type ScriptAction = At &
  (
    | { readonly do: 'createConversation'; readonly conversation: string; readonly state?: string; readonly timers?: TimersRequest }
    | { readonly do: 'addParticipant'; readonly conversation: string; readonly identity: string }
    | { readonly do: 'addParticipant'; readonly conversation: string; readonly address: string; readonly channel: Channel }
    | { readonly do: 'message'; readonly conversation: string; readonly author?: string }
    | {
        readonly do: 'updateConversation';
        readonly conversation: string;
        readonly state?: string;
        readonly timers?: TimersRequest;
        readonly webhookEnabled: boolean;
      }
    | { readonly do: 'inboundMessage'; readonly address: string; readonly channel: Channel }
    | { readonly do: 'deleteConversation'; readonly conversation: string }
    | { readonly do: 'removeParticipant'; readonly conversation: string; readonly identity: string }
    | { readonly do: 'removeParticipant'; readonly conversation: string; readonly address: string; readonly channel: Channel }
  );

interface ScenarioBase {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** The scenario start as written, and in epoch seconds. */
  readonly start: string;
  readonly startEpochS: number;
  /** The horizon, in seconds from the start: events at or before it run. */
  readonly untilS: number;
  readonly seed: number;
  readonly settings: EngineSettings;
  /** How `convsim report` replicates it (options on the command line win). */
  readonly report: ReportSettings;
  /** Thresholds `convsim report` judges, by figure name (checked against the names there). */
  readonly expect: ReadonlyMap<string, Bound>;
}

/** A script, in file order (the runner schedules by (atS, file order)). */
export interface ScriptScenario extends ScenarioBase {
  readonly kind: 'script';
  readonly script: readonly ScriptAction[];
}

/** Generated traffic. */
export interface TrafficScenario extends ScenarioBase {
  readonly kind: 'traffic';
  readonly traffic: TrafficSpec;
}

export type Scenario = ScriptScenario | TrafficScenario;
