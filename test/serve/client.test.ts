// The emulator through the official twilio package: what a team's own code would call, over
// real HTTP on loopback, with the engine's rules and codes behind it.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { clientOf } from './helpers.js';

let emulator: RunningEmulator;
let client: ReturnType<typeof clientOf>;

beforeEach(async () => {
  emulator = await startEmulator({ start: new Date('2026-01-05T09:00:00Z'), log: () => undefined });
  client = clientOf(emulator);
});
afterEach(async () => {
  await emulator.close();
});

/** The RestException a call rejects with: its HTTP status and Twilio code. */
async function rejection(call: Promise<unknown>): Promise<{ status: number; code: number; message: string }> {
  try {
    await call;
  } catch (e) {
    const r = e as { status: number; code: number; message: string };
    return { status: r.status, code: r.code, message: r.message };
  }
  throw new Error('expected the call to be rejected');
}

describe('the official twilio client against the emulator', () => {
  it('creates a conversation with timers and reads its state and timers.date_* as Twilio shows them', async () => {
    const c = await client.conversations.v1.conversations.create({ friendlyName: 'support', uniqueName: 'ticket-1', 'timers.inactive': 'PT5M', 'timers.closed': 'PT10M' });
    expect(c.sid).toMatch(/^CH[0-9a-f]{32}$/);
    expect(c).toMatchObject({ accountSid: emulator.accountSid, friendlyName: 'support', uniqueName: 'ticket-1', state: 'active', attributes: '{}' });
    expect(c.chatServiceSid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(c.timers).toEqual({ date_inactive: '2026-01-05T09:05:00Z', date_closed: '2026-01-05T09:15:00Z' });
    expect(c.dateCreated.toISOString()).toBe('2026-01-05T09:00:00.000Z');
    expect(c.url).toBe(`${emulator.url}/v1/Conversations/${c.sid}`);
    expect(c.links['participants']).toBe(`${c.url}/Participants`);
    // Addressed by SID or by unique name.
    expect((await client.conversations.v1.conversations('ticket-1').fetch()).sid).toBe(c.sid);
  });

  it('moves through the states with the clock: inactive, reactivated by a message, closed; then 50377', async () => {
    const c = await client.conversations.v1.conversations.create({ 'timers.inactive': 'PT5M', 'timers.closed': 'PT10M' });
    await client.conversations.v1.conversations(c.sid).participants.create({ identity: 'agent-1' });
    await emulator.clock.advance('PT5M');
    expect((await client.conversations.v1.conversations(c.sid).fetch()).state).toBe('inactive');
    const m = await client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent-1', body: 'still there?' });
    expect(m).toMatchObject({ index: 0, author: 'agent-1', body: 'still there?' });
    expect(m.sid).toMatch(/^IM[0-9a-f]{32}$/);
    const back = await client.conversations.v1.conversations(c.sid).fetch();
    expect(back.state).toBe('active');
    expect(back.timers).toEqual({ date_inactive: '2026-01-05T09:10:00Z', date_closed: '2026-01-05T09:20:00Z' });
    await emulator.clock.advance('PT15M');
    const closed = await client.conversations.v1.conversations(c.sid).fetch();
    expect(closed.state).toBe('closed');
    expect(closed.timers).toEqual({});
    expect(await rejection(client.conversations.v1.conversations(c.sid).messages.create({ body: 'x' }))).toEqual({ status: 400, code: 50377, message: 'Conversation is closed and cannot be modified' });
    expect(await rejection(client.conversations.v1.conversations(c.sid).participants.create({ identity: 'agent-2' }))).toMatchObject({ status: 400, code: 50377 });
    expect(await rejection(client.conversations.v1.conversations(c.sid).update({ friendlyName: 'renamed' }))).toMatchObject({ status: 400, code: 50377 });
    // A closed conversation keeps its participants and messages.
    expect((await client.conversations.v1.conversations(c.sid).participants.list()).map((p) => p.identity)).toEqual(['agent-1']);
    expect((await client.conversations.v1.conversations(c.sid).messages.list()).map((x) => x.body)).toEqual(['still there?']);
  });

  it('updates state and timers by REST, with the engine judging the values', async () => {
    const c = await client.conversations.v1.conversations.create({});
    const u = await client.conversations.v1.conversations(c.sid).update({ state: 'inactive', 'timers.closed': 'PT1H' });
    expect(u.state).toBe('inactive');
    expect(u.timers).toEqual({ date_closed: '2026-01-05T10:00:00Z' });
    expect(await rejection(client.conversations.v1.conversations(c.sid).update({ 'timers.inactive': 'PT30S' }))).toMatchObject({ status: 400, code: 50375 });
    expect(await rejection(client.conversations.v1.conversations(c.sid).update({ 'timers.closed': 'P1Y' }))).toMatchObject({ status: 400, code: 50380 });
    expect(await rejection(client.conversations.v1.conversations(c.sid).update({ state: 'archived' as 'closed' }))).toMatchObject({ status: 400, code: 50378 });
    expect(await rejection(client.conversations.v1.conversations.create({ state: 'closed' }))).toMatchObject({ status: 400, code: 50384 });
    expect(await rejection(client.conversations.v1.conversations('CH0123456789abcdef0123456789abcdef').fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await rejection(client.conversations.v1.conversations.create({ uniqueName: 'u' }).then(() => client.conversations.v1.conversations.create({ uniqueName: 'u' })))).toMatchObject({ status: 409, code: 50353 });
  });

  it('participants: 50433 for an identity twice, 50416 for a number bound elsewhere, freed by close, delete and removal', async () => {
    const a = await client.conversations.v1.conversations.create({});
    const b = await client.conversations.v1.conversations.create({});
    const agent = await client.conversations.v1.conversations(a.sid).participants.create({ identity: 'agent-1' });
    expect(agent.sid).toMatch(/^MB[0-9a-f]{32}$/);
    expect(await rejection(client.conversations.v1.conversations(a.sid).participants.create({ identity: 'agent-1' }))).toMatchObject({ status: 400, code: 50433 });
    const sms = await client.conversations.v1.conversations(a.sid).participants.create({ 'messagingBinding.address': '+15550100', 'messagingBinding.proxyAddress': '+15550000' });
    expect(sms.messagingBinding).toEqual({ type: 'sms', address: '+15550100', proxy_address: '+15550000' });
    expect(await rejection(client.conversations.v1.conversations(b.sid).participants.create({ 'messagingBinding.address': '+15550100' }))).toMatchObject({ status: 400, code: 50416 });
    // Removing the number frees it at once (SPEC 8).
    await client.conversations.v1.conversations(a.sid).participants(sms.sid).remove();
    await client.conversations.v1.conversations(b.sid).participants.create({ 'messagingBinding.address': '+15550100' });
    expect(await rejection(client.conversations.v1.conversations(a.sid).participants(sms.sid).remove())).toMatchObject({ status: 404, code: 20404 });
    // Fetched by SID or by identity.
    expect((await client.conversations.v1.conversations(a.sid).participants('agent-1').fetch()).sid).toBe(agent.sid);
    // Deleting b frees the number again; later requests naming b get 20404.
    await client.conversations.v1.conversations(b.sid).remove();
    expect(await rejection(client.conversations.v1.conversations(b.sid).messages.create({ body: 'x' }))).toMatchObject({ status: 404, code: 20404 });
    await client.conversations.v1.conversations(a.sid).participants.create({ 'messagingBinding.address': '+15550100' });
  });

  it('ParticipantConversations by Address follows adds, removals, closes and deletes', async () => {
    const pc = () => client.conversations.v1.participantConversations.list({ address: 'whatsapp:+15550199' });
    const a = await client.conversations.v1.conversations.create({});
    const b = await client.conversations.v1.conversations.create({});
    const p = await client.conversations.v1.conversations(a.sid).participants.create({ 'messagingBinding.address': 'whatsapp:+15550199' });
    expect(p.messagingBinding).toMatchObject({ type: 'whatsapp', address: 'whatsapp:+15550199' });
    expect((await pc()).map((x) => [x.conversationSid, x.participantSid])).toEqual([[a.sid, p.sid]]);
    await client.conversations.v1.conversations(a.sid).participants(p.sid).remove();
    expect(await pc()).toEqual([]);
    await client.conversations.v1.conversations(b.sid).participants.create({ 'messagingBinding.address': 'whatsapp:+15550199' });
    await client.conversations.v1.conversations(b.sid).update({ state: 'closed' });
    expect((await pc()).map((x) => [x.conversationSid, x.conversationState])).toEqual([[b.sid, 'closed']]);
    await client.conversations.v1.conversations(b.sid).remove();
    expect(await pc()).toEqual([]);
  });

  it('hits the 1000-conversation limit of an identity: 50214, freed when one closes', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const c = await client.conversations.v1.conversations.create({});
      await client.conversations.v1.conversations(c.sid).participants.create({ identity: 'busy-agent' });
      sids.push(c.sid);
    }
    const extra = await client.conversations.v1.conversations.create({});
    expect(await rejection(client.conversations.v1.conversations(extra.sid).participants.create({ identity: 'busy-agent' }))).toEqual({
      status: 400,
      code: 50214,
      message: 'Identity is already a participant of 1000 active or inactive conversations',
    });
    await client.conversations.v1.conversations(sids[0]!).update({ state: 'closed' });
    await client.conversations.v1.conversations(extra.sid).participants.create({ identity: 'busy-agent' });
    // The participant's view lists all 1001, closed or not, through pages the client follows.
    const mine = await client.conversations.v1.participantConversations.list({ identity: 'busy-agent' });
    expect(mine).toHaveLength(1001);
    expect(mine.filter((x) => x.conversationState === 'closed')).toHaveLength(1);
  }, 60_000);

  it('lists with paging the client follows, by state, and messages in either order', async () => {
    for (let i = 0; i < 7; i++) await client.conversations.v1.conversations.create({ friendlyName: `c${i}`, ...(i % 2 === 0 ? { state: 'inactive' } : {}) });
    const page = await client.conversations.v1.conversations.page({ pageSize: 3 });
    expect(page.instances.map((c) => c.friendlyName)).toEqual(['c0', 'c1', 'c2']);
    expect(page.nextPageUrl).toContain('PageToken=PT3');
    expect((await client.conversations.v1.conversations.list({ pageSize: 3 })).map((c) => c.friendlyName)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect((await client.conversations.v1.conversations.list({ state: 'inactive', pageSize: 2 })).map((c) => c.friendlyName)).toEqual(['c0', 'c2', 'c4', 'c6']);
    const [c] = await client.conversations.v1.conversations.list({ limit: 1 });
    for (const body of ['one', 'two', 'three']) await client.conversations.v1.conversations(c!.sid).messages.create({ body });
    expect((await client.conversations.v1.conversations(c!.sid).messages.list({ order: 'desc', pageSize: 2 })).map((m) => m.body)).toEqual(['three', 'two', 'one']);
  });

  it('the account defaults (Configuration) apply to conversations created afterwards, judged like timers', async () => {
    const conf = await client.conversations.v1.configuration().update({ defaultInactiveTimer: 'PT30M', defaultClosedTimer: 'P1D' });
    expect(conf).toMatchObject({ defaultInactiveTimer: 'PT30M', defaultClosedTimer: 'P1D' });
    const c = await client.conversations.v1.conversations.create({});
    expect(c.timers).toEqual({ date_inactive: '2026-01-05T09:30:00Z', date_closed: '2026-01-06T09:30:00Z' });
    expect(await rejection(client.conversations.v1.configuration().update({ defaultClosedTimer: 'PT5M' }))).toMatchObject({ status: 400, code: 50376 });
    expect((await client.conversations.v1.configuration().fetch()).defaultClosedTimer).toBe('P1D');
  });
});
