// The emulator's HTTP surface beyond the happy path: authentication, unknown routes and methods,
// malformed and oversized bodies, bad parameters, webhook delivery and its failures, the
// emulator's own clock and inbound endpoints. Every error in Twilio's envelope, none with a stack.

import FakeTimers from '@sinonjs/fake-timers';
import twilio from 'twilio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { raw, receiver } from './helpers.js';

let emulator: RunningEmulator;
let logged: string[];
beforeEach(async () => {
  logged = [];
  emulator = await startEmulator({ start: new Date('2026-01-05T09:00:00Z'), authToken: 'secret-token-1', bodyLimit: 4096, log: (line) => logged.push(line) });
});
afterEach(async () => {
  await emulator.close();
});

const envelope = (status: number, code: number, message: string) => ({ code, message, more_info: expect.any(String), status });

describe('requests the emulator refuses', () => {
  it('401 with code 20003 without the account SID and auth token, and for a wrong one', async () => {
    const none = await raw(emulator, 'GET', '/v1/Conversations', undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.json).toEqual(envelope(401, 20003, 'Authenticate'));
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    const wrong = await raw(emulator, 'GET', '/v1/Conversations', undefined, { authorization: `Basic ${Buffer.from(`${emulator.accountSid}:secret-token-2`).toString('base64')}` });
    expect(wrong.status).toBe(401);
    const garbage = await raw(emulator, 'GET', '/v1/Conversations', undefined, { authorization: 'Bearer abc' });
    expect(garbage.status).toBe(401);
  });

  it('404 (20404) for an unknown route or SID, 405 (20004) for a method a route does not take', async () => {
    expect(await raw(emulator, 'GET', '/v2/Nothing')).toMatchObject({ status: 404, json: envelope(404, 20404, 'The requested resource /v2/Nothing was not found') });
    expect(await raw(emulator, 'GET', '/v1/Conversations/CH0123456789abcdef0123456789abcdef')).toMatchObject({ status: 404, json: { code: 20404 } });
    const put = await raw(emulator, 'PUT', '/v1/Conversations');
    expect(put).toMatchObject({ status: 405, json: envelope(405, 20004, 'Method PUT is not allowed on /v1/Conversations') });
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect(await raw(emulator, 'DELETE', '/v1/Conversations/CHx/Messages')).toMatchObject({ status: 405, json: { code: 20004 } });
  });

  it('413 for a body over the limit, 400 for a malformed one, 415 for a body that is not a form', async () => {
    const big = await raw(emulator, 'POST', '/v1/Conversations', `FriendlyName=${'x'.repeat(10_000)}`);
    expect(big).toMatchObject({ status: 413, json: envelope(413, 413, 'The request body is larger than 4096 bytes') });
    const json = await raw(emulator, 'POST', '/v1/Conversations', '{"FriendlyName": ', { 'content-type': 'application/json' });
    expect(json).toMatchObject({ status: 400, json: { code: 20001, status: 400 } });
    const text = await raw(emulator, 'POST', '/v1/Conversations', 'hello', { 'content-type': 'text/plain' });
    expect(text).toMatchObject({ status: 415, json: { code: 415 } });
    // Nothing was created by any of them.
    expect((await raw(emulator, 'GET', '/v1/Conversations')).json!['conversations']).toEqual([]);
  });

  it('400 (20001) for parameters the engine does not judge: both or neither participant kinds, bad attributes, a bad page size', async () => {
    const c = (await raw(emulator, 'POST', '/v1/Conversations', 'FriendlyName=x')).json!['sid'] as string;
    expect(await raw(emulator, 'POST', `/v1/Conversations/${c}/Participants`, 'Identity=a&MessagingBinding.Address=%2B1555')).toMatchObject({ status: 400, json: { code: 20001 } });
    expect(await raw(emulator, 'POST', `/v1/Conversations/${c}/Participants`, '')).toMatchObject({ status: 400, json: { code: 20001 } });
    expect(await raw(emulator, 'POST', '/v1/Conversations', 'Attributes=%7Bnot-json')).toMatchObject({ status: 400, json: envelope(400, 20001, 'Attributes must be a valid JSON string') });
    expect(await raw(emulator, 'GET', '/v1/Conversations?PageSize=0')).toMatchObject({ status: 400, json: { code: 20001 } });
    expect(await raw(emulator, 'GET', '/v1/ParticipantConversations')).toMatchObject({ status: 400, json: { code: 20001 } });
  });

  it('no response carries a stack trace or a file path', async () => {
    const responses = await Promise.all([
      raw(emulator, 'POST', '/v1/Conversations', '%%%'),
      raw(emulator, 'POST', '/v1/Conversations', 'a'.repeat(5000)),
      raw(emulator, 'POST', '/v1/Conversations/CH1/Participants', 'Identity=%E0%A4%A'),
      raw(emulator, 'POST', '/convsim/v1/Clock', 'Advance=P1Y'),
    ]);
    for (const r of responses) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.text).not.toMatch(/\bat .*\(|node_modules|\/src\/|Error:/);
    }
  });
});

describe('webhooks', () => {
  it('posts onConversationStateUpdated signed for the auth token; REST changes only with X-Twilio-Webhook-Enabled', async () => {
    const hooks = await receiver();
    try {
      await raw(emulator, 'POST', '/v1/Configuration/Webhooks', `PostWebhookUrl=${encodeURIComponent(hooks.url)}&Filters=onMessageAdded&Filters=onConversationStateUpdated`);
      const c = (await raw(emulator, 'POST', '/v1/Conversations', 'Timers.Inactive=PT1M')).json!['sid'] as string;
      await raw(emulator, 'POST', `/v1/Conversations/${c}`, 'State=inactive');
      await raw(emulator, 'POST', `/v1/Conversations/${c}`, 'State=active', { 'x-twilio-webhook-enabled': 'true' });
      await emulator.clock.advance(60);
      await emulator.webhooks.idle();
      expect(hooks.received.map((h) => [h.params['StateFrom'], h.params['StateTo'], h.params['Reason'], h.params['StateUpdated']])).toEqual([
        ['inactive', 'active', 'API', '2026-01-05T09:00:00Z'],
        ['active', 'inactive', 'TIMER', '2026-01-05T09:01:00Z'],
      ]);
      for (const h of hooks.received) expect(twilio.validateRequest('secret-token-1', h.signature, h.url, h.params)).toBe(true);
      expect(twilio.validateRequest('another-token', hooks.received[0]!.signature, hooks.received[0]!.url, hooks.received[0]!.params)).toBe(false);
      expect(emulator.webhooks.stats).toMatchObject({ delivered: 2, failed: 0, queued: 0 });
    } finally {
      await hooks.close();
    }
  });

  it('with Method=GET, the fields go in the query string, and the signature covers the whole URL', async () => {
    const hooks = await receiver();
    try {
      await raw(emulator, 'POST', '/v1/Configuration/Webhooks', `Method=GET&PostWebhookUrl=${encodeURIComponent(hooks.url)}&Filters=onConversationStateUpdated`);
      expect((await raw(emulator, 'GET', '/v1/Configuration/Webhooks')).json).toMatchObject({ method: 'GET', filters: ['onConversationStateUpdated'], post_webhook_url: hooks.url });
      await raw(emulator, 'POST', '/v1/Conversations', 'Timers.Inactive=PT1M');
      await emulator.clock.advance(60);
      await emulator.webhooks.idle();
      expect(hooks.received).toHaveLength(1);
      const h = hooks.received[0]!;
      const query = Object.fromEntries(new URL(h.url).searchParams);
      expect(query).toMatchObject({ EventType: 'onConversationStateUpdated', StateFrom: 'active', StateTo: 'inactive', Reason: 'TIMER' });
      expect(twilio.validateRequest('secret-token-1', h.signature, h.url, {})).toBe(true);
    } finally {
      await hooks.close();
    }
  });

  it('without onConversationStateUpdated in Filters, nothing is posted', async () => {
    const hooks = await receiver();
    try {
      await raw(emulator, 'POST', '/v1/Configuration/Webhooks', `PostWebhookUrl=${encodeURIComponent(hooks.url)}&Filters=onMessageAdded`);
      await raw(emulator, 'POST', '/v1/Conversations', 'Timers.Inactive=PT1M');
      await emulator.clock.advance(60);
      await emulator.webhooks.idle();
      expect(hooks.received).toEqual([]);
    } finally {
      await hooks.close();
    }
  });

  it('a failing consumer is counted and logged, and never holds the engine back or reorders it', async () => {
    const hooks = await receiver(() => 500);
    await raw(emulator, 'POST', '/v1/Configuration/Webhooks', `PostWebhookUrl=${encodeURIComponent(hooks.url)}&Filters=onConversationStateUpdated`);
    for (let i = 0; i < 3; i++) await raw(emulator, 'POST', '/v1/Conversations', 'Timers.Inactive=PT1M');
    await emulator.clock.advance(60);
    await emulator.webhooks.idle();
    expect(hooks.received.map((h) => h.params['ConversationSid'])).toEqual(['CH00000000000000000000000000000001', 'CH00000000000000000000000000000002', 'CH00000000000000000000000000000003']);
    expect(emulator.webhooks.stats).toMatchObject({ delivered: 0, failed: 3 });
    expect(logged[0]).toBe(`convsim serve: webhook not delivered: ${hooks.url} answered 500`);
    await hooks.close();
    // Nobody listening at all.
    await raw(emulator, 'POST', '/v1/Conversations', 'Timers.Inactive=PT1M');
    await emulator.clock.advance(60);
    await emulator.webhooks.idle();
    expect(emulator.webhooks.stats.failed).toBe(4);
    expect((await raw(emulator, 'GET', '/convsim/v1/Webhooks')).json).toMatchObject({ delivered: 0, failed: 4, queued: 0 });
  });
});

describe('the emulator\'s own endpoints', () => {
  it('POST /convsim/v1/Clock advances a manual clock, firing what is due; GET shows it', async () => {
    await raw(emulator, 'POST', '/v1/Conversations', 'Timers.Inactive=PT1H');
    const r = await raw(emulator, 'POST', '/convsim/v1/Clock', 'Advance=P30D');
    expect(r.json).toEqual({ mode: 'manual', now: '2026-02-04T09:00:00Z', offset_s: 2_592_000, next_event: null });
    expect((await raw(emulator, 'GET', '/v1/Conversations/CH00000000000000000000000000000001')).json!['state']).toBe('inactive');
    expect(await raw(emulator, 'POST', '/convsim/v1/Clock', 'Advance=soon')).toMatchObject({ status: 400, json: { code: 20001 } });
  });

  it('POST /convsim/v1/Inbound routes an SMS to its conversation, autocreates one after a close (SPEC 4)', async () => {
    const c = (await raw(emulator, 'POST', '/v1/Conversations', '')).json!['sid'] as string;
    await raw(emulator, 'POST', `/v1/Conversations/${c}/Participants`, 'MessagingBinding.Address=%2B15550100');
    expect((await raw(emulator, 'POST', '/convsim/v1/Inbound', 'From=%2B15550100&Body=hi')).json).toMatchObject({ outcome: 'routed', conversation_sid: c });
    await raw(emulator, 'POST', `/v1/Conversations/${c}`, 'State=closed');
    const auto = await raw(emulator, 'POST', '/convsim/v1/Inbound', 'From=%2B15550100&Body=again');
    expect(auto.json).toMatchObject({ outcome: 'autocreated', conversation_sid: 'CH00000000000000000000000000000002' });
    const parts = await raw(emulator, 'GET', '/v1/Conversations/CH00000000000000000000000000000002/Participants');
    expect((parts.json!['participants'] as { messaging_binding: unknown }[]).map((p) => p.messaging_binding)).toEqual([{ type: 'sms', address: '+15550100', proxy_address: null }]);
    const messages = await raw(emulator, 'GET', '/v1/Conversations/CH00000000000000000000000000000002/Messages');
    expect((messages.json!['messages'] as { body: string; author: string }[]).map((m) => [m.author, m.body])).toEqual([['+15550100', 'again']]);
    expect(await raw(emulator, 'POST', '/convsim/v1/Inbound', '')).toMatchObject({ status: 400, json: { code: 20001 } });
  });

  it('a real clock with --speed 60 runs an hour of timers in a minute of (fake) wall time, with no request', async () => {
    const wall = FakeTimers.createClock(Date.UTC(2026, 0, 5, 9));
    const fast = await startEmulator({ clock: 'real', speed: 60, wallClock: { now: () => wall.now, setTimeout: (f, ms) => wall.setTimeout(f, ms), clearTimeout: (h) => wall.clearTimeout(h as FakeTimers.TimerId) }, log: () => undefined });
    const hooks = await receiver();
    try {
      await raw(fast, 'POST', '/v1/Configuration/Webhooks', `PostWebhookUrl=${encodeURIComponent(hooks.url)}&Filters=onConversationStateUpdated`);
      const c = (await raw(fast, 'POST', '/v1/Conversations', 'Timers.Inactive=PT1H')).json!['sid'] as string;
      wall.tick(59_999);
      await fast.webhooks.idle();
      expect(hooks.received).toEqual([]);
      // The emulator's own wake-up fires the timer: no request in between.
      wall.tick(1);
      await fast.webhooks.idle();
      expect(hooks.received.map((h) => [h.params['StateTo'], h.params['StateUpdated']])).toEqual([['inactive', '2026-01-05T10:00:00Z']]);
      expect((await raw(fast, 'GET', `/v1/Conversations/${c}`)).json!['state']).toBe('inactive');
      expect(fast.clock.now().toISOString()).toBe('2026-01-05T10:00:00.000Z');
    } finally {
      await fast.close();
      await hooks.close();
    }
  });

  it('with autoCreation off, an inbound message from an unbound number is dropped and creates nothing', async () => {
    const off = await startEmulator({ settings: { autoCreation: false }, log: () => undefined });
    try {
      expect((await raw(off, 'POST', '/convsim/v1/Inbound', 'From=%2B15550100')).json).toEqual({ outcome: 'dropped', conversation_sid: null, message_sid: null });
      expect((await raw(off, 'GET', '/v1/Conversations')).json!['conversations']).toEqual([]);
    } finally {
      await off.close();
    }
  });

  it('a real clock refuses to be advanced by hand', async () => {
    const real = await startEmulator({ clock: 'real', log: () => undefined });
    try {
      expect(await raw(real, 'POST', '/convsim/v1/Clock', 'Advance=PT1M')).toMatchObject({ status: 409, json: { code: 20001 } });
      await expect(real.clock.advance(60)).rejects.toThrow(/the clock is real/);
    } finally {
      await real.close();
    }
  });
});

describe('what the emulator keeps per conversation', () => {
  it('lists participants, their conversations and messages in order through adds and removals, short lists and long', async () => {
    const post = async (path: string, body: string) => (await raw(emulator, 'POST', path, body)).json!;
    const conversations: string[] = [];
    for (let i = 0; i < 20; i++) conversations.push((await post('/v1/Conversations', `FriendlyName=c${i}`))['sid'] as string);
    const [first] = conversations as [string];
    // One identity in 20 conversations (its list passes from exact-size copies to pushes at 16).
    const joined: string[] = [];
    for (const c of conversations) joined.push((await post(`/v1/Conversations/${c}/Participants`, 'Identity=agent-7'))['sid'] as string);
    // One conversation with 20 participants and 20 messages.
    for (let i = 0; i < 19; i++) await post(`/v1/Conversations/${first}/Participants`, `Identity=customer-${i}`);
    for (let i = 0; i < 20; i++) await post(`/v1/Conversations/${first}/Messages`, `Author=agent-7&Body=m${i}`);
    // Remove the identity from the second and the seventeenth conversation (a short position and a long one).
    expect((await raw(emulator, 'DELETE', `/v1/Conversations/${conversations[1]!}/Participants/agent-7`)).status).toBe(204);
    expect((await raw(emulator, 'DELETE', `/v1/Conversations/${conversations[16]!}/Participants/${joined[16]!}`)).status).toBe(204);
    const mine = (await raw(emulator, 'GET', '/v1/ParticipantConversations?Identity=agent-7&PageSize=100')).json!['conversations'] as { conversation_sid: string }[];
    expect(mine.map((x) => x.conversation_sid)).toEqual(conversations.filter((_, i) => i !== 1 && i !== 16));
    // Remove a participant from the middle of the first conversation's 20.
    expect((await raw(emulator, 'DELETE', `/v1/Conversations/${first}/Participants/customer-3`)).status).toBe(204);
    const participants = (await raw(emulator, 'GET', `/v1/Conversations/${first}/Participants?PageSize=100`)).json!['participants'] as { identity: string }[];
    expect(participants.map((p) => p.identity)).toEqual(['agent-7', ...Array.from({ length: 19 }, (_, i) => `customer-${i}`).filter((x) => x !== 'customer-3')]);
    const messages = (await raw(emulator, 'GET', `/v1/Conversations/${first}/Messages?PageSize=100`)).json!['messages'] as { index: number; body: string }[];
    expect(messages.map((m) => [m.index, m.body])).toEqual(Array.from({ length: 20 }, (_, i) => [i, `m${i}`]));
  });
});
