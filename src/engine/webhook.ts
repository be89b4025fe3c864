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

/** The simulated account: one account, one chat service, one messaging service. */
export const ACCOUNT_SID = sid('AC', 1);
export const CHAT_SERVICE_SID = sid('IS', 1);
export const MESSAGING_SERVICE_SID = sid('MG', 1);

/** A Twilio-shaped sid: two letters and 32 hex digits, here the serial number. */
export function sid(prefix: string, serial: number): string {
  return prefix + serial.toString(16).padStart(32, '0');
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
