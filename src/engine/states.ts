// Conversation states and transition reasons, as small integer codes (stored in typed arrays)
// with the API's own words for output.

export const ACTIVE = 0;
export const INACTIVE = 1;
export const CLOSED = 2;
export type StateCode = typeof ACTIVE | typeof INACTIVE | typeof CLOSED;

export const STATE_NAMES = ['active', 'inactive', 'closed'] as const;
export type StateName = (typeof STATE_NAMES)[number];

/** The code of a state the API accepts, or undefined (error 50378). */
export function stateCode(name: string): StateCode | undefined {
  const i = (STATE_NAMES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : (i as StateCode);
}

export const TIMER = 0;
export const EVENT = 1;
export const API = 2;
export type ReasonCode = typeof TIMER | typeof EVENT | typeof API;

export const REASON_NAMES = ['TIMER', 'EVENT', 'API'] as const;
export type ReasonName = (typeof REASON_NAMES)[number];
