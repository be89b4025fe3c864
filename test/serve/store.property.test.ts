// The emulator's store keeps its lists linked (participants, messages, each member's participants);
// random sequences of adds, removals and deletes must leave every list as plain arrays would, and
// every SID and unique name must find its record, or nothing once it is gone.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sid } from '../../src/engine/webhook.js';
import type { ParticipantRecord } from '../../src/serve/participants.js';
import { Store, type ConversationRecord } from '../../src/serve/store.js';
import { Interner } from '../../src/util/interner.js';
import { fcParams } from '../fc.js';

type Command =
  | { kind: 'conversation'; uniqueName: number | null }
  | { kind: 'delete'; pick: number }
  | { kind: 'participant'; pick: number; member: number; chat: boolean }
  | { kind: 'remove'; pick: number; which: number }
  | { kind: 'message'; pick: number; author: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('conversation' as const), uniqueName: fc.option(fc.nat(5)) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('participant' as const), pick: fc.nat(), member: fc.nat(3), chat: fc.boolean() }),
  fc.record({ kind: fc.constant('participant' as const), pick: fc.nat(), member: fc.nat(3), chat: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(), which: fc.nat() }),
  fc.record({ kind: fc.constant('message' as const), pick: fc.nat(), author: fc.nat(3) }),
);

interface Modelled {
  record: ConversationRecord;
  participants: ParticipantRecord[];
  messages: string[];
  authors: string[];
}

describe('Store', () => {
  it('keeps its linked lists in the order plain arrays would, through adds, removals and deletes', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), (commands) => {
        const identities = new Interner();
        const addresses = new Interner();
        const store = new Store(identities, addresses, new Interner());
        const live: Modelled[] = [];
        const gone: ConversationRecord[] = [];
        const members = new Map<string, ParticipantRecord[]>();
        const memberKey = (identity: string | null, address: string | null) => (identity !== null ? `i:${identity}` : `a:${address!}`);
        let serial = 0;
        for (const c of commands) {
          const at = live.length === 0 ? undefined : live[('pick' in c ? c.pick : 0) % live.length]!;
          if (c.kind === 'conversation') {
            const name = c.uniqueName === null ? null : `name-${c.uniqueName}`;
            if (name !== null && store.hasUniqueName(name)) continue;
            ++serial;
            live.push({ record: store.addConversation(serial, serial, name, null, '{}', serial), participants: [], messages: [], authors: [] });
          } else if (at === undefined) {
            continue;
          } else if (c.kind === 'delete') {
            store.deleteConversation(at.record.serial);
            live.splice(live.indexOf(at), 1);
            gone.push(at.record);
            for (const p of at.participants) {
              const list = members.get(memberKey(p.identity, p.address))!;
              list.splice(list.indexOf(p), 1);
            }
          } else if (c.kind === 'participant') {
            const identity = c.chat ? `agent-${c.member}` : null;
            const address = c.chat ? null : `+1555000${c.member}`;
            const p = store.participants.add(at.record.serial, identity !== null ? { identity: identities.id(identity) } : { address: addresses.id(address!) }, null, '{}', 0);
            at.participants.push(p);
            const key = memberKey(identity, address);
            members.set(key, [...(members.get(key) ?? []), p]);
          } else if (c.kind === 'remove') {
            if (at.participants.length === 0) continue;
            const p = at.participants[c.which % at.participants.length]!;
            store.participants.remove(p.serial);
            at.participants.splice(at.participants.indexOf(p), 1);
            const list = members.get(memberKey(p.identity, p.address))!;
            list.splice(list.indexOf(p), 1);
          } else {
            const body = `message ${at.messages.length}`;
            at.authors.push(`author-${c.author}`);
            const nowS = 1_000 + at.messages.length;
            store.addMessage(at.record.serial, `author-${c.author}`, body, '{}', 0, nowS);
            at.record = { ...at.record, updatedS: nowS };
            at.messages.push(body);
          }
        }
        expect(store.conversationSerials()).toEqual(live.map((m) => m.record.serial));
        for (const m of live) {
          expect(store.conversation(sid('CH', m.record.serial))).toEqual(m.record);
          expect(store.atHandle(m.record.handle)).toEqual(m.record);
          if (m.record.uniqueName !== null) expect(store.conversation(m.record.uniqueName)).toEqual(m.record);
          expect(store.participants.of(m.record.serial)).toEqual(m.participants);
          for (const p of m.participants) expect(store.participants.find(m.record.serial, sid('MB', p.serial))).toEqual(p);
          for (const p of m.participants) if (p.identity !== null) expect(store.participants.find(m.record.serial, p.identity)).toEqual(m.participants.find((q) => q.identity === p.identity));
          for (const p of m.participants) if (p.address !== null) expect(store.participants.withAddress(m.record.serial, p.address)).toEqual(m.participants.find((q) => q.address === p.address));
          expect(store.messages.of(m.record.serial).map((x) => x.body)).toEqual(m.messages);
          expect(store.messages.of(m.record.serial).map((x) => x.index)).toEqual(m.messages.map((_, i) => i));
          expect(store.messages.of(m.record.serial).map((x) => x.author)).toEqual(m.authors);
        }
        for (const c of gone) {
          expect(store.conversation(sid('CH', c.serial))).toBeUndefined();
          expect(store.atHandle(c.handle)).toBeUndefined();
          if (c.uniqueName !== null && !live.some((m) => m.record.uniqueName === c.uniqueName)) expect(store.conversation(c.uniqueName)).toBeUndefined();
        }
        for (let member = 0; member <= 3; member++) {
          expect(store.participants.ofMember(`agent-${member}`, null)).toEqual(members.get(`i:agent-${member}`) ?? []);
          expect(store.participants.ofMember(null, `+1555000${member}`)).toEqual(members.get(`a:+1555000${member}`) ?? []);
        }
      }),
      fcParams(300),
    );
  });
});
