// SPEC 8: deleting a conversation and removing a participant, on an engine that keeps closed
// conversations (as scripts and the emulator build it).

import { describe, expect, it } from 'vitest';
import { ErrorCode, OK } from '../../src/engine/codes.js';
import { world } from './harness.js';

const kept = () => world({ defaultInactiveS: 0, defaultClosedS: 0 }, { retainClosed: true });

describe('deleting a conversation', () => {
  it('frees its identities\' places and its addresses at once, with no state change and no webhook', () => {
    const w = kept();
    const c = w.create({}, 'c');
    expect(w.engine.addChatParticipant(c, 1)).toBe(OK);
    expect(w.engine.addNonChatParticipant(c, 7)).toBe(OK);
    w.at(10);
    expect(w.engine.deleteConversation(c)).toBe(OK);
    expect(w.log).toEqual([[10, 'c deleted']]);
    expect(w.engine.openConversationsOf(1)).toBe(0);
    expect(w.engine.boundConversation(7)).toBe(-1);
    expect(w.engine.counters.open).toBe(0);
    expect(w.show(c)).toBe('gone (deleted)');
  });

  it('answers 20404 to every later request naming it, delete included', () => {
    const w = kept();
    const c = w.create();
    expect(w.engine.deleteConversation(c)).toBe(OK);
    expect(w.engine.message(c)).toBe(ErrorCode.NotFound);
    expect(w.engine.updateConversation(c, { state: 'inactive' })).toBe(ErrorCode.NotFound);
    expect(w.engine.addChatParticipant(c, 1)).toBe(ErrorCode.NotFound);
    expect(w.engine.removeChatParticipant(c, 1)).toBe(ErrorCode.NotFound);
    expect(w.engine.deleteConversation(c)).toBe(ErrorCode.NotFound);
  });

  it('works in any state: a closed one goes too, and its timers never fire after a delete', () => {
    const w = world({}, { retainClosed: true });
    const open = w.create({ timers: { inactive: 'PT1M', closed: 'PT10M' } }, 'open');
    const closed = w.create({}, 'closed');
    expect(w.engine.updateConversation(closed, { state: 'closed' })).toBe(OK);
    expect(w.engine.message(closed)).toBe(ErrorCode.Closed);
    expect(w.engine.deleteConversation(open)).toBe(OK);
    expect(w.engine.deleteConversation(closed)).toBe(OK);
    w.at(3_600);
    expect(w.log.map(([, what]) => what)).toEqual(['closed active->closed API', 'open deleted', 'closed deleted']);
  });

  it('unlinks its addresses: their next inbound messages autocreate conversations that name no previous one', () => {
    const w = kept();
    const a = w.create({}, 'a');
    expect(w.engine.addNonChatParticipant(a, 3)).toBe(OK);
    const b = w.create({}, 'b');
    expect(w.engine.addNonChatParticipant(b, 4)).toBe(OK);
    expect(w.engine.updateConversation(b, { state: 'closed' })).toBe(OK);
    expect(w.engine.deleteConversation(a)).toBe(OK); // open when deleted
    expect(w.engine.inboundMessage(3)).toBe(OK);
    expect(w.engine.inboundMessage(4)).toBe(OK); // b closed: linked to b
    const c = w.create({}, 'c');
    expect(w.engine.addNonChatParticipant(c, 5)).toBe(OK);
    expect(w.engine.updateConversation(c, { state: 'closed' })).toBe(OK);
    expect(w.engine.deleteConversation(c)).toBe(OK); // closed, then deleted: unlinked
    expect(w.engine.inboundMessage(5)).toBe(OK);
    expect(w.log.filter(([, what]) => what.startsWith('autocreated')).map(([, what]) => what)).toEqual([
      'autocreated for address 3, previous serial 0',
      'autocreated for address 4, previous serial 2',
      'autocreated for address 5, previous serial 0',
    ]);
  });
});

describe('removing a participant', () => {
  it('frees the identity\'s place at once, and is not activity: no clock restarts, no state change', () => {
    const w = world({ participantAddIsActivity: true }, { retainClosed: true });
    const c = w.create({ timers: { inactive: 'PT5M' } }, 'c');
    expect(w.engine.addChatParticipant(c, 1)).toBe(OK);
    w.at(200);
    expect(w.engine.removeChatParticipant(c, 1)).toBe(OK);
    expect(w.engine.openConversationsOf(1)).toBe(0);
    expect(w.engine.view(c)!.participants).toBe(0);
    w.at(300);
    // Inactive at 300 s: the add at 0 restarted the clock, the removal at 200 did not.
    expect(w.log).toEqual([[300, 'c active->inactive TIMER +webhook']]);
    expect(w.engine.removeChatParticipant(c, 1)).toBe(ErrorCode.NotFound);
  });

  it('unbinds an address at once and unlinks it; the others keep their order and counts', () => {
    const w = kept();
    const c = w.create({}, 'c');
    for (const a of [1, 2, 3]) expect(w.engine.addNonChatParticipant(c, a)).toBe(OK);
    expect(w.engine.addChatParticipant(c, 9)).toBe(OK);
    expect(w.engine.removeNonChatParticipant(c, 2)).toBe(OK);
    expect(w.engine.view(c)).toMatchObject({ participants: 3, nonChatParticipants: 2 });
    expect(w.engine.boundConversation(2)).toBe(-1);
    expect(w.engine.boundConversation(1)).toBe(c);
    expect(w.engine.boundConversation(3)).toBe(c);
    expect(w.engine.inboundMessage(2)).toBe(OK);
    expect(w.log.at(-1)![1]).toBe('autocreated for address 2, previous serial 0');
    // The removed address can be added elsewhere at once; re-adding it here is fine too.
    expect(w.engine.addNonChatParticipant(c, 2)).toBe(ErrorCode.AddressBound);
  });

  it('from a closed conversation: 50377 for a member, 20404 for anyone else (the lookup fails first)', () => {
    const w = kept();
    const c = w.create();
    expect(w.engine.addChatParticipant(c, 1)).toBe(OK);
    expect(w.engine.addNonChatParticipant(c, 5)).toBe(OK);
    expect(w.engine.updateConversation(c, { state: 'closed' })).toBe(OK);
    expect(w.engine.removeChatParticipant(c, 1)).toBe(ErrorCode.Closed);
    expect(w.engine.removeNonChatParticipant(c, 5)).toBe(ErrorCode.Closed);
    expect(w.engine.removeChatParticipant(c, 2)).toBe(ErrorCode.NotFound);
    expect(w.engine.removeNonChatParticipant(c, 6)).toBe(ErrorCode.NotFound);
    // A closed conversation keeps its participants, for the API and for this rule.
    expect(w.engine.view(c)).toMatchObject({ state: 2, participants: 2, nonChatParticipants: 1, dateInactiveS: undefined, dateClosedS: undefined });
  });

  it('needs an engine that keeps closed conversations: generated traffic\'s engine refuses to try', () => {
    const w = world();
    const c = w.create();
    expect(() => w.engine.deleteConversation(c)).toThrow(/retainClosed/);
    expect(() => w.engine.removeChatParticipant(c, 1)).toThrow(/retainClosed/);
  });
});
