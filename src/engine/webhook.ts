// The onConversationStateUpdated post-event (SPEC 5): its fields, in a fixed order. It carries
// no State, FriendlyName or DateCreated. Sids are deterministic stand-ins for the real ones.

import { REASON_NAMES, STATE_NAMES, type ReasonCode, type StateCode } from './states.js';

export const WEBHOOK_FIELDS = [
  'EventType',
  'AccountSid',
  'ChatServiceSid',
  'ConversationSid',
  'StateFrom',
  'StateTo',
  'Reason',
  'StateUpdated',
  'MessagingServiceSid',
] as const;

export type WebhookRecord = Record<(typeof WEBHOOK_FIELDS)[number], string>;

/** Scratch for sid(): a SID's 34 character codes (declared before the SIDs below are made). */
const SID_CODES: number[] = new Array<number>(34).fill(48);

/** The simulated account: one account, one chat service, one messaging service. */
export const ACCOUNT_SID = sid('AC', 1);
export const CHAT_SERVICE_SID = sid('IS', 1);
export const MESSAGING_SERVICE_SID = sid('MG', 1);

/** A Twilio-shaped sid: two letters and 32 hex digits, here the serial number. */
export function sid(prefix: string, serial: number): string {
  // Built from character codes: one flat string of 34 bytes. Concatenation would make a tree of
  // cons strings, which the emulator keeps for every conversation, participant and message.
  const codes = SID_CODES;
  codes[0] = prefix.charCodeAt(0);
  codes[1] = prefix.charCodeAt(1);
  let n = serial;
  for (let i = 33; i >= 2; i--) {
    const digit = n % 16;
    codes[i] = digit < 10 ? 48 + digit : 87 + digit;
    n = Math.floor(n / 16);
  }
  return String.fromCharCode.apply(null, codes);
}

/**
 * The serial number of a SID that sid(prefix, ...) made, or undefined for any other text: the
 * emulator finds its records by number and keeps no SID strings.
 */
export function serialOf(prefix: string, text: string): number | undefined {
  if (text.length !== 34 || text.charCodeAt(0) !== prefix.charCodeAt(0) || text.charCodeAt(1) !== prefix.charCodeAt(1)) return undefined;
  // Serials are below 2^32: eight hex digits after 24 zeros.
  for (let i = 2; i < 26; i++) if (text.charCodeAt(i) !== 48) return undefined;
  let serial = 0;
  for (let i = 26; i < 34; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return undefined;
    serial = serial * 16 + digit;
  }
  return serial;
}

export function conversationSid(serial: number): string {
  return sid('CH', serial);
}

export function webhookRecord(serial: number, from: StateCode, to: StateCode, reason: ReasonCode, stateUpdated: string): WebhookRecord {
  return {
    EventType: 'onConversationStateUpdated',
    AccountSid: ACCOUNT_SID,
    ChatServiceSid: CHAT_SERVICE_SID,
    ConversationSid: conversationSid(serial),
    StateFrom: STATE_NAMES[from],
    StateTo: STATE_NAMES[to],
    Reason: REASON_NAMES[reason],
    StateUpdated: stateUpdated,
    MessagingServiceSid: MESSAGING_SERVICE_SID,
  };
}
