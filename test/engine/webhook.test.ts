import { describe, expect, it } from 'vitest';
import { ACTIVE, CLOSED, INACTIVE, TIMER, API } from '../../src/engine/states.js';
import { WEBHOOK_FIELDS, conversationSid, serialOf, sid, webhookRecord } from '../../src/engine/webhook.js';

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
    // Written digit by digit: the same as hex padded to 32, up to the largest serial and past 2^32.
    for (const n of [0, 1, 9, 10, 15, 16, 0xabcdef, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]) {
      expect(sid('MB', n)).toBe(`MB${n.toString(16).padStart(32, '0')}`);
    }
  });

  it('reads the serial back from a sid it made, and nothing from any other text', () => {
    for (const n of [0, 1, 9, 10, 15, 16, 0xabcdef, 2 ** 31 - 1, 2 ** 32 - 1]) expect(serialOf('IM', sid('IM', n))).toBe(n);
    const good = sid('CH', 0x1f);
    for (const bad of [
      sid('MB', 0x1f), // another kind of resource
      good.toUpperCase(), // hex in capitals: not a sid this emulator issued
      `ch${good.slice(2)}`,
      good.slice(0, 33),
      `${good}0`,
      sid('CH', 2 ** 32), // past the largest serial
      `${good.slice(0, 33)}g`,
      `${good.slice(0, 33)}/`,
      'CH' + ' '.repeat(32),
      '',
      'ticket-1',
    ]) {
      expect(serialOf('CH', bad)).toBeUndefined();
    }
  });
});
