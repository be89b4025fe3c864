// SPEC 3, 4 and 6: participants and limits, inbound messages and autocreation, and every
// rejection with its code, in SPEC's order, changing nothing.

import { describe, expect, it } from 'vitest';
import { OK } from '../../src/engine/codes.js';
import { NO_CONVERSATION, SLOT_LIMIT } from '../../src/engine/table.js';
import { world } from './harness.js';

const SMS = 0; // address ids used below
const OTHER_SMS = 1;

describe('creating and updating: rejections (SPEC 6)', () => {
  it('rejects creating a closed conversation with 50384, before any timer error', () => {
    const w = world();
    expect(w.engine.createConversation({ state: 'closed', timers: { inactive: 'bad' } })).toBe(50384);
  });
  it('rejects an unknown state with 50378 on create and update, before any timer error', () => {
    const w = world();
    expect(w.engine.createConversation({ state: 'archived', timers: { inactive: 'bad' } })).toBe(50378);
    const c = w.create();
    expect(w.engine.updateConversation(c, { state: 'Active' })).toBe(50378);
  });
  it.each([
    [{ inactive: 'P1Y' }, 50379],
    [{ inactive: 'PT59S' }, 50375],
    [{ closed: 'P1W' }, 50380],
    [{ closed: 'PT9M' }, 50376],
  ])('rejects timers %j with %i', (timers, code) => {
    const w = world();
    expect(w.engine.createConversation({ timers })).toBe(code);
    const c = w.create();
    expect(w.engine.updateConversation(c, { timers })).toBe(code);
  });
  it('answers 20404 for a conversation that does not exist', () => {
    const w = world();
    expect(w.engine.message(NO_CONVERSATION)).toBe(20404);
    expect(w.engine.updateConversation(NO_CONVERSATION, { state: 'bogus' })).toBe(20404);
    expect(w.engine.addChatParticipant(NO_CONVERSATION, 0)).toBe(20404);
    expect(w.engine.addNonChatParticipant(NO_CONVERSATION, SMS)).toBe(20404);
  });
  it('answers 50377 to every write to a closed conversation, before any other error', () => {
    const w = world();
    const c = w.create();
    w.engine.updateConversation(c, { state: 'closed' });
    expect(w.engine.message(c)).toBe(50377);
    expect(w.engine.updateConversation(c, { state: 'active' })).toBe(50377);
    expect(w.engine.updateConversation(c, { state: 'closed' })).toBe(50377);
    expect(w.engine.updateConversation(c, { state: 'bogus', timers: { inactive: 'bad' } })).toBe(50377);
    expect(w.engine.addChatParticipant(c, 0)).toBe(50377);
    expect(w.engine.addNonChatParticipant(c, SMS)).toBe(50377);
  });
  it('changes nothing when a request is rejected, even if part of it was valid', () => {
    const w = world();
    const c = w.create({ timers: { inactive: 'PT5M', closed: 'PT1H' } });
    w.at(100);
    expect(w.engine.updateConversation(c, { state: 'inactive', timers: { inactive: 'PT10M', closed: 'PT1S' }, webhookEnabled: true })).toBe(50376);
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: 300, dateClosedS: 3_900 });
    w.at(300);
    expect(w.log).toEqual([[300, 'c active->inactive TIMER +webhook']]);
  });
});

describe('participants and limits (SPEC 3)', () => {
  it('rejects a chat identity already in the conversation with 50433', () => {
    const w = world();
    const c = w.create();
    expect(w.engine.addChatParticipant(c, 7)).toBe(OK);
    expect(w.engine.addChatParticipant(c, 7)).toBe(50433);
    expect(w.engine.view(c)?.participants).toBe(1);
  });

  it('binds a non-chat address to one non-closed conversation: a second add is 50416, here or elsewhere', () => {
    const w = world();
    const a = w.create();
    const b = w.create();
    expect(w.engine.addNonChatParticipant(a, SMS)).toBe(OK);
    expect(w.engine.addNonChatParticipant(b, SMS)).toBe(50416);
    expect(w.engine.addNonChatParticipant(a, SMS)).toBe(50416);
  });

  it('releases the binding when the conversation closes', () => {
    const w = world();
    const a = w.create();
    w.engine.addNonChatParticipant(a, SMS);
    w.engine.updateConversation(a, { state: 'closed' });
    expect(w.engine.addNonChatParticipant(w.create(), SMS)).toBe(OK);
  });

  it('takes 1000 participants and answers 50417 to the next', () => {
    const w = world();
    const c = w.create();
    for (let i = 0; i < 1000; i++) expect(w.engine.addChatParticipant(c, i)).toBe(OK);
    expect(w.engine.addChatParticipant(c, 1000)).toBe(50417);
    expect(w.engine.addNonChatParticipant(c, SMS)).toBe(50417);
    // A duplicate is reported before the limit.
    expect(w.engine.addChatParticipant(c, 5)).toBe(50433);
  });

  it('takes 50 non-chat participants and answers 50418 to the next', () => {
    const w = world();
    const c = w.create();
    for (let i = 0; i < 50; i++) expect(w.engine.addNonChatParticipant(c, i)).toBe(OK);
    expect(w.engine.addNonChatParticipant(c, 50)).toBe(50418);
    expect(w.engine.addChatParticipant(c, 0)).toBe(OK);
    expect(w.engine.view(c)).toMatchObject({ participants: 51, nonChatParticipants: 50 });
  });

  it('answers 50417 before 50418 when both limits are reached', () => {
    const w = world();
    const c = w.create();
    for (let i = 0; i < 50; i++) w.engine.addNonChatParticipant(c, i);
    for (let i = 0; i < 950; i++) w.engine.addChatParticipant(c, i);
    expect(w.engine.addNonChatParticipant(c, 99)).toBe(50417);
  });

  it('lets an identity be in 1000 non-closed conversations, answers 50214 to the next, and frees a place on close', () => {
    const w = world();
    const agent = 42;
    const conversations = Array.from({ length: 1001 }, () => w.create());
    for (const c of conversations.slice(0, 1000)) expect(w.engine.addChatParticipant(c, agent)).toBe(OK);
    expect(w.engine.addChatParticipant(conversations[1000]!, agent)).toBe(50214);
    expect(w.engine.openConversationsOf(agent)).toBe(1000);
    w.engine.updateConversation(conversations[0]!, { state: 'closed' });
    expect(w.engine.openConversationsOf(agent)).toBe(999);
    expect(w.engine.addChatParticipant(conversations[1000]!, agent)).toBe(OK);
  });

  it('counts inactive conversations toward the identity limit', () => {
    const w = world();
    const conversations = Array.from({ length: 1001 }, () => w.create({ timers: { inactive: 'PT1M' } }));
    for (const c of conversations.slice(0, 1000)) w.engine.addChatParticipant(c, 1);
    w.at(3_600);
    expect(w.show(conversations[0]!)).toMatchObject({ state: 'inactive' });
    expect(w.engine.addChatParticipant(conversations[1000]!, 1)).toBe(50214);
  });

  it('does not treat a participant add as activity by default', () => {
    const w = world();
    const c = w.create({ timers: { inactive: 'PT5M' } });
    w.at(200);
    w.engine.addChatParticipant(c, 1);
    expect(w.show(c)).toMatchObject({ dateInactiveS: 300 });
  });

  it('treats a participant add exactly like a message when participantAddIsActivity is on', () => {
    const w = world({ participantAddIsActivity: true });
    const c = w.create({ timers: { inactive: 'PT5M' } });
    w.at(200);
    w.engine.addChatParticipant(c, 1);
    expect(w.show(c)).toMatchObject({ dateInactiveS: 500 });
    w.at(600);
    w.engine.addNonChatParticipant(c, SMS);
    expect(w.log).toEqual([
      [500, 'c active->inactive TIMER +webhook'],
      [600, 'c inactive->active EVENT +webhook'],
    ]);
  });
});

describe('inbound non-chat messages and autocreation (SPEC 4)', () => {
  it('routes an inbound message to its address conversation and reactivates it', () => {
    const w = world();
    const c = w.create({ timers: { inactive: 'PT5M' } });
    w.engine.addNonChatParticipant(c, SMS);
    w.at(1_000);
    expect(w.engine.inboundMessage(SMS)).toBe(OK);
    expect(w.log).toEqual([
      [300, 'c active->inactive TIMER +webhook'],
      [1_000, 'c inactive->active EVENT +webhook'],
    ]);
    expect(w.show(c)).toMatchObject({ state: 'active', dateInactiveS: 1_300 });
  });

  it('creates a new conversation for an inbound message after its conversation closed, with the sender only', () => {
    const w = world({ defaultInactiveS: 600 });
    const c = w.create();
    w.engine.addNonChatParticipant(c, SMS);
    w.engine.addChatParticipant(c, 9);
    w.engine.updateConversation(c, { state: 'closed' });
    w.at(50);
    expect(w.engine.inboundMessage(SMS)).toBe(OK);
    expect(w.log).toEqual([
      [0, 'c active->closed API'],
      [50, 'autocreated for address 0, previous serial 1'],
    ]);
    const view = w.engine.view(w.engine.boundConversation(SMS));
    // Account defaults apply; nobody else is added.
    expect(view).toMatchObject({ serial: 2, state: 0, dateInactiveS: 650, participants: 1, nonChatParticipants: 1 });
    expect(w.engine.openConversationsOf(9)).toBe(0);
  });

  it('creates a conversation for an address never seen, linked to nothing', () => {
    const w = world();
    w.engine.inboundMessage(OTHER_SMS);
    expect(w.log).toEqual([[0, 'autocreated for address 1, previous serial 0']]);
  });

  it('drops the message when autoCreation is off', () => {
    const w = world({ autoCreation: false });
    w.engine.inboundMessage(SMS);
    expect(w.log).toEqual([[0, 'dropped inbound from address 0']]);
    expect(w.engine.counters.open).toBe(0);
  });

  it('rejects a chat message into a closed conversation with 50377', () => {
    const w = world();
    const c = w.create({ timers: { closed: 'PT10M' } });
    w.at(600);
    expect(w.engine.message(c)).toBe(50377);
  });
});

describe('storage', () => {
  it('reuses a closed conversation slot without confusing the old handle with the new conversation', () => {
    const w = world();
    const old = w.create();
    w.engine.updateConversation(old, { state: 'closed' });
    const fresh = w.create({ timers: { inactive: 'PT1M' } });
    // Same slot (a handle packs the slot below SLOT_LIMIT), another generation.
    expect(fresh).not.toBe(old);
    expect(fresh % SLOT_LIMIT).toBe(old % SLOT_LIMIT);
    expect(w.engine.message(old)).toBe(50377);
    expect(w.show(fresh)).toEqual({ state: 'active', dateInactiveS: 60, dateClosedS: undefined });
  });

  it('ignores a timer entry left by a closed conversation whose slot was reused', () => {
    const w = world();
    const old = w.create({ timers: { inactive: 'PT1M' } }, 'old');
    w.engine.updateConversation(old, { state: 'closed' });
    w.create({ timers: { inactive: 'PT2M' } }, 'new');
    w.at(1_000);
    expect(w.log).toEqual([
      [0, 'old active->closed API'],
      [120, 'new active->inactive TIMER +webhook'],
    ]);
  });
});
