import { describe, expect, it } from 'vitest';
import { ACTIVE, CLOSED, INACTIVE, TIMER, API } from '../../src/engine/states.js';
import { WEBHOOK_FIELDS, conversationSid, webhookRecord } from '../../src/engine/webhook.js';

describe('onConversationStateUpdated (SPEC 5)', () => {
  it('carries exactly the SPEC fields, in order', () => {
    const record = webhookRecord(3, ACTIVE, INACTIVE, TIMER, '2026-01-05T09:05:00Z');
    expect(Object.keys(record)).toEqual([...WEBHOOK_FIELDS]);
    expect(record).toEqual({
      EventType: 'onConversationStateUpdated',
      AccountSid: 'AC00000000000000000000000000000001',
      ChatServiceSid: 'IS00000000000000000000000000000001',
      ConversationSid: 'CH00000000000000000000000000000003',
      StateFrom: 'active',
      StateTo: 'inactive',
      Reason: 'TIMER',
      StateUpdated: '2026-01-05T09:05:00Z',
      MessagingServiceSid: 'MG00000000000000000000000000000001',
    });
  });

  it('does not carry State, FriendlyName or DateCreated', () => {
    const record = webhookRecord(1, INACTIVE, CLOSED, API, '2026-01-05T09:05:00Z');
    for (const absent of ['State', 'FriendlyName', 'DateCreated']) expect(record).not.toHaveProperty(absent);
  });

  it('gives each conversation a distinct, Twilio-shaped sid from its creation number', () => {
    expect(conversationSid(255)).toBe('CH000000000000000000000000000000ff');
    expect(conversationSid(255)).toMatch(/^CH[0-9a-f]{32}$/);
  });
});
