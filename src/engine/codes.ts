// The Twilio error codes the engine reports (SPEC 6), each with its one-line message.
// A rejection is data: a request method returns one of these codes, or OK.

export const OK = 0;

export const ErrorCode = {
  NotFound: 20404,
  IdentityLimit: 50214,
  InactiveTimerTooShort: 50375,
  ClosedTimerTooShort: 50376,
  Closed: 50377,
  InvalidState: 50378,
  InvalidInactiveTimer: 50379,
  InvalidClosedTimer: 50380,
  CreateClosed: 50384,
  AddressBound: 50416,
  ParticipantLimit: 50417,
  NonChatParticipantLimit: 50418,
  DuplicateIdentity: 50433,
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** OK, or the code of the rejection. */
export type Outcome = typeof OK | ErrorCode;

const MESSAGES: Record<ErrorCode, string> = {
  20404: 'The requested resource was not found (no such conversation, or no such participant in it)',
  50214: 'Identity is already a participant of 1000 active or inactive conversations',
  50375: 'Inactive timer must be at least 60 seconds (PT1M), or PT0S to turn it off',
  50376: 'Closed timer must be at least 600 seconds (PT10M), or PT0S to turn it off',
  50377: 'Conversation is closed and cannot be modified',
  50378: 'State must be one of active, inactive, closed',
  50379: 'Inactive timer is not a valid ISO 8601 duration of days, hours, minutes and seconds',
  50380: 'Closed timer is not a valid ISO 8601 duration of days, hours, minutes and seconds',
  50384: 'A conversation cannot be created in the closed state',
  50416: 'Address is already bound to a conversation that is not closed',
  50417: 'Conversation already has the maximum of 1000 participants',
  50418: 'Conversation already has the maximum of 50 non-chat participants',
  50433: 'Identity is already a participant of this conversation',
};

export function errorMessage(code: ErrorCode): string {
  return MESSAGES[code];
}

export const ALL_ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);
