// What a scenario configures about the account and about the readings of the guide that SPEC
// leaves open (its switches). The engine takes these already validated.

import type { ClosedOnlyClock } from './lifecycle.js';

export interface EngineSettings {
  /** Account default timers in seconds, 0 = none (SPEC 2). */
  readonly defaultInactiveS: number;
  readonly defaultClosedS: number;
  /** SPEC 4: an inbound non-chat message with no open conversation creates one. */
  readonly autoCreation: boolean;
  /** SPEC 2.1: whether messages restart the closed-only clock. */
  readonly closedOnlyClock: ClosedOnlyClock;
  /** SPEC 3: whether adding a participant counts as activity, like a message. */
  readonly participantAddIsActivity: boolean;
}

export const DEFAULT_SETTINGS: EngineSettings = {
  defaultInactiveS: 0,
  defaultClosedS: 0,
  autoCreation: true,
  closedOnlyClock: 'since-creation',
  participantAddIsActivity: false,
};

/** SPEC 2 and 3: the minimum timers and the limits. */
export const MIN_INACTIVE_TIMER_S = 60;
export const MIN_CLOSED_TIMER_S = 600;
export const MAX_PARTICIPANTS = 1000;
export const MAX_NON_CHAT_PARTICIPANTS = 50;
export const MAX_OPEN_CONVERSATIONS_PER_IDENTITY = 1000;
