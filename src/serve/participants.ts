// The emulator's participants, of every conversation it has served: columns indexed by participant
// serial, each conversation's participants a list (lists.ts) in the order they joined, and
// each identity's (each address's) participants in every conversation a list from the newest back.
// Serials start at 1; 0 means none.

import { serialOf } from '../engine/webhook.js';
import type { Interner } from '../util/interner.js';
import { grown, grownCapacity } from '../util/typed-arrays.js';
import { INITIAL, NO_ATTRIBUTES } from './columns.js';
import { ConversationLists } from './lists.js';

export interface ParticipantRecord {
  /** The SID is sid('MB', serial). */
  readonly serial: number;
  /** Its conversation's serial. */
  readonly conversation: number;
  /** A chat participant's identity, or null for SMS and WhatsApp, which have an address. */
  readonly identity: string | null;
  readonly address: string | null;
  readonly proxyAddress: string | null;
  readonly attributes: string;
  readonly createdS: number;
}

export class Participants {
  private serial = 0;
  private conversation = new Int32Array(INITIAL);
  /** The member: identity id + 1 for chat, -(address id + 1) for SMS and WhatsApp. */
  private member = new Int32Array(INITIAL);
  private createdS = new Float64Array(INITIAL);
  /** The one that joined before it with the same identity or address, in any conversation. */
  private previousOfMember = new Int32Array(INITIAL);
  private readonly proxyAddresses = new Map<number, string>();
  private readonly attributes = new Map<number, string>();
  /** Each identity's and each address's last participant, by interned id. */
  private lastOfIdentity = new Int32Array(INITIAL);
  private lastOfAddress = new Int32Array(INITIAL);
  private readonly lists = new ConversationLists();

  /** `identities` and `addresses` are the emulator's interners, whose ids the engine knows its members by. */
  constructor(
    private readonly identities: Interner,
    private readonly addresses: Interner,
  ) {}

  /** A chat participant (`identity`, an id of the identities' interner) or an SMS or WhatsApp one (`address`). */
  add(conversation: number, member: { readonly identity: number } | { readonly address: number }, proxyAddress: string | null, attributes: string, nowS: number): ParticipantRecord {
    const p = ++this.serial;
    if (p >= this.member.length) this.grow(p);
    const chat = 'identity' in member;
    const id = chat ? member.identity : member.address;
    if (chat && id >= this.lastOfIdentity.length) this.lastOfIdentity = grown(this.lastOfIdentity, grownCapacity(this.lastOfIdentity.length, id, INITIAL));
    if (!chat && id >= this.lastOfAddress.length) this.lastOfAddress = grown(this.lastOfAddress, grownCapacity(this.lastOfAddress.length, id, INITIAL));
    const lasts = chat ? this.lastOfIdentity : this.lastOfAddress;
    this.conversation[p] = conversation;
    this.member[p] = chat ? id + 1 : -(id + 1);
    this.createdS[p] = nowS;
    this.previousOfMember[p] = lasts[id]!;
    lasts[id] = p;
    if (proxyAddress !== null) this.proxyAddresses.set(p, proxyAddress);
    if (attributes !== NO_ATTRIBUTES) this.attributes.set(p, attributes);
    this.lists.append(conversation, p);
    return this.record(p);
  }

  /** A conversation's participants in the order they joined. */
  of(conversation: number): ParticipantRecord[] {
    const all: ParticipantRecord[] = [];
    for (let p = this.lists.firstOf(conversation); p !== 0; p = this.lists.after(p)) all.push(this.record(p));
    return all;
  }

  /** A participant by SID or identity, as Twilio addresses them. */
  find(conversation: number, sidOrIdentity: string): ParticipantRecord | undefined {
    const serial = serialOf('MB', sidOrIdentity);
    const identity = this.identities.find(sidOrIdentity);
    const chat = identity === undefined ? 0 : identity + 1;
    let byIdentity = 0;
    for (let p = this.lists.firstOf(conversation); p !== 0; p = this.lists.after(p)) {
      if (p === serial) return this.record(p);
      if (byIdentity === 0 && chat !== 0 && this.member[p] === chat) byIdentity = p;
    }
    return byIdentity === 0 ? undefined : this.record(byIdentity);
  }

  /** The participant of a conversation with this address (SMS, WhatsApp). */
  withAddress(conversation: number, address: string): ParticipantRecord | undefined {
    const id = this.addresses.find(address);
    if (id === undefined) return undefined;
    for (let p = this.lists.firstOf(conversation); p !== 0; p = this.lists.after(p)) if (this.member[p] === -(id + 1)) return this.record(p);
    return undefined;
  }

  remove(p: number): void {
    this.lists.remove(this.conversation[p]!, p);
    this.unlinkMember(p);
  }

  /** An identity's (or an address's) participants in every conversation, in the order they joined. */
  ofMember(identity: string | null, address: string | null): ParticipantRecord[] {
    const all: ParticipantRecord[] = [];
    const id = identity !== null ? this.identities.find(identity) : this.addresses.find(address!);
    const lasts = identity !== null ? this.lastOfIdentity : this.lastOfAddress;
    if (id === undefined || id >= lasts.length) return all;
    for (let p = lasts[id]!; p !== 0; p = this.previousOfMember[p]!) all.push(this.record(p));
    return all.reverse();
  }

  /** A deleted conversation's participants out of their members' lists, their texts freed. */
  drop(conversation: number): void {
    for (let p = this.lists.firstOf(conversation); p !== 0; p = this.lists.after(p)) {
      this.unlinkMember(p);
      this.proxyAddresses.delete(p);
      this.attributes.delete(p);
    }
  }

  private record(p: number): ParticipantRecord {
    const member = this.member[p]!;
    return {
      serial: p,
      conversation: this.conversation[p]!,
      identity: member > 0 ? this.identities.text(member - 1) : null,
      address: member < 0 ? this.addresses.text(-member - 1) : null,
      proxyAddress: this.proxyAddresses.get(p) ?? null,
      attributes: this.attributes.get(p) ?? NO_ATTRIBUTES,
      createdS: this.createdS[p]!,
    };
  }

  /** Out of its member's list: a scan of that member's participants, newest first. */
  private unlinkMember(p: number): void {
    const member = this.member[p]!;
    const lasts = member > 0 ? this.lastOfIdentity : this.lastOfAddress;
    const id = member > 0 ? member - 1 : -member - 1;
    let after = 0;
    let q = lasts[id]!;
    while (q !== 0 && q !== p) {
      after = q;
      q = this.previousOfMember[q]!;
    }
    if (q === 0) return;
    if (after === 0) lasts[id] = this.previousOfMember[p]!;
    else this.previousOfMember[after] = this.previousOfMember[p]!;
  }

  private grow(p: number): void {
    const n = grownCapacity(this.member.length, p, INITIAL);
    this.conversation = grown(this.conversation, n);
    this.member = grown(this.member, n);
    this.createdS = grown(this.createdS, n);
    this.previousOfMember = grown(this.previousOfMember, n);
  }
}
