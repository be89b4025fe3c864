// A validated traffic section: generated arrivals, the people in them, their messages, and
// what the application does. All durations in seconds, all defaults filled in.

import type { Distribution } from './distributions.js';

export const PROCESSES = ['poisson', 'uniform'] as const;
export type ArrivalProcess = (typeof PROCESSES)[number];

export interface ArrivalPhase {
  readonly durationS: number;
  readonly ratePerHour: number;
  /** The rate at the end of the phase; it changes linearly from `ratePerHour`. */
  readonly rampToPerHour: number;
  readonly process: ArrivalProcess;
}

export const ASSIGNMENTS = ['round-robin', 'random'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];

export const CUSTOMER_CHANNELS = ['chat', 'sms', 'whatsapp'] as const;
export type CustomerChannel = (typeof CUSTOMER_CHANNELS)[number];

export interface TimerChoice {
  readonly weight: number;
  readonly inactiveS: number;
  readonly closedS: number;
}

export interface TrafficSpec {
  readonly arrivals: readonly ArrivalPhase[];
  readonly agents: { readonly count: number; readonly assignment: Assignment };
  /** Customers, and the weight of each channel among them (chat, sms, whatsapp). */
  readonly customers: { readonly count: number; readonly channelWeights: readonly [number, number, number] };
  readonly messages: { readonly perVisit: Distribution; readonly gap: Distribution };
  readonly returns: { readonly probability: number; readonly pause: Distribution } | undefined;
  /** undefined: every conversation gets the account default timers. */
  readonly timers: readonly TimerChoice[] | undefined;
  readonly afterLastMessage:
    | { readonly probability: number; readonly delay: Distribution; readonly state: 'active' | 'inactive' | 'closed'; readonly webhookEnabled: boolean }
    | undefined;
  /** Length of a timeseries row. */
  readonly intervalS: number;
}
