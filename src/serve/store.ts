// What the emulator keeps beside the engine for the API (names, attributes, participants,
// messages) for every conversation it has served: parallel typed arrays indexed by serial number,
// lists linked by serial, SIDs made from serials when a response is rendered. An emulator that has
// served 100,000s of conversations holds them all, and its garbage collector marks every object
// it holds while requests wait: here most of that state is in typed arrays, which it never scans.
// Rules live in the engine; this keeps order and text. Serials start at 1; 0 means none.

import type { Handle } from '../engine/table.js';
import { serialOf } from '../engine/webhook.js';
import type { Interner } from '../util/interner.js';
import { grown, grownCapacity } from '../util/typed-arrays.js';

/** A conversation as a response shows it: a snapshot, made when asked. */
export interface ConversationRecord {
  /** The engine's serial number: the SID is sid('CH', serial). */
  readonly serial: number;
  readonly handle: Handle;
  readonly uniqueName: string | null;
  readonly friendlyName: string | null;
  readonly attributes: string;
  readonly createdS: number;
  readonly updatedS: number;
}

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

export interface MessageRecord {
  /** The SID is sid('IM', serial). */
  readonly serial: number;
  readonly index: number;
  readonly author: string;
  readonly body: string | null;
  readonly attributes: string;
  /** The serial of the participant who wrote it, 0 if the author is none. */
  readonly participant: number;
  readonly createdS: number;
}

/** Attributes as most resources have them; any other value is kept in a Map beside the columns. */
const NO_ATTRIBUTES = '{}';
const INITIAL = 1_024;

export class Store {
  // Conversations, by serial (the engine numbers them 1, 2, ... as it creates them).
  private conversationCount = 0;
  /** The engine handle, 0 once deleted: handle + 1, so that 0 is none. */
  private handlePlusOne = new Int32Array(INITIAL);
  private createdS = new Float64Array(INITIAL);
  private updatedS = new Float64Array(INITIAL);
  private firstParticipant = new Int32Array(INITIAL);
  private lastParticipant = new Int32Array(INITIAL);
  private firstMessage = new Int32Array(INITIAL);
  private lastMessage = new Int32Array(INITIAL);
  private messageCount = new Int32Array(INITIAL);
  private readonly friendlyNames: (string | null)[] = [null];
  private readonly conversationAttributes = new Map<number, string>();
  private readonly uniqueNames = new Map<number, string>();
  private readonly byUniqueName = new Map<string, number>();
  /** Serial by engine handle (a slot, taken again after a delete). */
  private byHandle = new Int32Array(INITIAL);

  // Participants, by serial.
  private participantCount = 0;
  private participantConversation = new Int32Array(INITIAL);
  /** The member: identity id + 1 for chat, -(address id + 1) for SMS and WhatsApp. */
  private member = new Int32Array(INITIAL);
  private participantCreatedS = new Float64Array(INITIAL);
  /** The next to join the same conversation. */
  private nextParticipant = new Int32Array(INITIAL);
  /** The one that joined before it with the same identity or address, in any conversation. */
  private previousOfMember = new Int32Array(INITIAL);
  private readonly proxyAddresses = new Map<number, string>();
  private readonly participantAttributes = new Map<number, string>();
  /** Each identity's and each address's last participant, by interned id. */
  private lastOfIdentity = new Int32Array(INITIAL);
  private lastOfAddress = new Int32Array(INITIAL);

  // Messages, by serial.
  private messageSerial = 0;
  private messageIndex = new Int32Array(INITIAL);
  /** Authors' interned ids: most messages are written by a few names. */
  private author = new Int32Array(INITIAL);
  private messageParticipant = new Int32Array(INITIAL);
  private messageCreatedS = new Float64Array(INITIAL);
  private nextMessage = new Int32Array(INITIAL);
  private readonly bodies: (string | null)[] = [null];
  private readonly messageAttributes = new Map<number, string>();

  /**
   * `identities` and `addresses` are the emulator's interners, whose ids the engine knows its
   * members by; `authors` interns messages' authors.
   */
  constructor(
    private readonly identities: Interner,
    private readonly addresses: Interner,
    private readonly authors: Interner,
  ) {}

  // ---- conversations

  addConversation(serial: number, handle: Handle, uniqueName: string | null, friendlyName: string | null, attributes: string, nowS: number): ConversationRecord {
    if (serial !== this.conversationCount + 1) throw new RangeError(`conversation serials must come in order: expected ${this.conversationCount + 1}, got ${serial}`);
    this.conversationCount = serial;
    if (serial >= this.handlePlusOne.length) this.growConversations(serial);
    if (handle >= this.byHandle.length) this.byHandle = grown(this.byHandle, grownCapacity(this.byHandle.length, handle, INITIAL));
    this.handlePlusOne[serial] = handle + 1;
    this.byHandle[handle] = serial;
    this.createdS[serial] = nowS;
    this.updatedS[serial] = nowS;
    this.friendlyNames[serial] = friendlyName;
    if (attributes !== NO_ATTRIBUTES) this.conversationAttributes.set(serial, attributes);
    if (uniqueName !== null) this.setUniqueName(serial, uniqueName);
    return this.conversationOf(serial);
  }

  private growConversations(serial: number): void {
    const n = grownCapacity(this.handlePlusOne.length, serial, INITIAL);
    this.handlePlusOne = grown(this.handlePlusOne, n);
    this.createdS = grown(this.createdS, n);
    this.updatedS = grown(this.updatedS, n);
    this.firstParticipant = grown(this.firstParticipant, n);
    this.lastParticipant = grown(this.lastParticipant, n);
    this.firstMessage = grown(this.firstMessage, n);
    this.lastMessage = grown(this.lastMessage, n);
    this.messageCount = grown(this.messageCount, n);
  }

  handleOf(serial: number): Handle {
    return this.handlePlusOne[serial]! - 1;
  }

  /** A conversation by serial (one the store holds, or held before its delete). */
  conversationOf(serial: number): ConversationRecord {
    return {
      serial,
      handle: this.handleOf(serial),
      uniqueName: this.uniqueNames.get(serial) ?? null,
      friendlyName: this.friendlyNames[serial] ?? null,
      attributes: this.conversationAttributes.get(serial) ?? NO_ATTRIBUTES,
      createdS: this.createdS[serial]!,
      updatedS: this.updatedS[serial]!,
    };
  }

  private live(serial: number | undefined): serial is number {
    return serial !== undefined && serial >= 1 && serial <= this.conversationCount && this.handlePlusOne[serial] !== 0;
  }

  /** A conversation by SID or unique name, as Twilio addresses them. */
  conversation(sidOrName: string): ConversationRecord | undefined {
    let serial = serialOf('CH', sidOrName);
    if (!this.live(serial)) serial = this.byUniqueName.get(sidOrName);
    return serial === undefined ? undefined : this.conversationOf(serial);
  }

  /** The serial of the conversation at an engine handle, 0 if none. */
  serialAt(handle: Handle): number {
    return handle < this.byHandle.length ? this.byHandle[handle]! : 0;
  }

  atHandle(handle: Handle): ConversationRecord | undefined {
    const serial = this.serialAt(handle);
    return serial === 0 ? undefined : this.conversationOf(serial);
  }

  hasUniqueName(name: string): boolean {
    return this.byUniqueName.has(name);
  }

  /** A write to a conversation's own fields (undefined: unchanged; a null unique name: none). */
  update(serial: number, fields: { friendlyName?: string; attributes?: string; uniqueName?: string | null }, nowS: number): ConversationRecord {
    if (fields.friendlyName !== undefined) this.friendlyNames[serial] = fields.friendlyName;
    if (fields.attributes !== undefined) {
      if (fields.attributes === NO_ATTRIBUTES) this.conversationAttributes.delete(serial);
      else this.conversationAttributes.set(serial, fields.attributes);
    }
    if (fields.uniqueName !== undefined) this.setUniqueName(serial, fields.uniqueName);
    this.updatedS[serial] = nowS;
    return this.conversationOf(serial);
  }

  /** date_updated moves: a state change, a message. */
  touch(serial: number, nowS: number): void {
    this.updatedS[serial] = nowS;
  }

  private setUniqueName(serial: number, name: string | null): void {
    const old = this.uniqueNames.get(serial);
    if (old !== undefined) this.byUniqueName.delete(old);
    if (name === null) this.uniqueNames.delete(serial);
    else {
      this.uniqueNames.set(serial, name);
      this.byUniqueName.set(name, serial);
    }
  }

  /** Every conversation not deleted, by serial, in the order they were created. */
  conversationSerials(): number[] {
    const all: number[] = [];
    for (let serial = 1; serial <= this.conversationCount; serial++) if (this.handlePlusOne[serial] !== 0) all.push(serial);
    return all;
  }

  /** Its texts freed; its serials' slots in the columns stay (about 100 bytes), as serials are not reused. */
  deleteConversation(serial: number): void {
    for (let p = this.firstParticipant[serial]!; p !== 0; p = this.nextParticipant[p]!) {
      this.unlinkMember(p);
      this.proxyAddresses.delete(p);
      this.participantAttributes.delete(p);
    }
    for (let m = this.firstMessage[serial]!; m !== 0; m = this.nextMessage[m]!) {
      this.bodies[m] = null;
      this.messageAttributes.delete(m);
    }
    this.friendlyNames[serial] = null;
    this.conversationAttributes.delete(serial);
    const handle = this.handleOf(serial);
    if (this.byHandle[handle] === serial) this.byHandle[handle] = 0;
    this.handlePlusOne[serial] = 0;
    this.setUniqueName(serial, null);
  }

  // ---- participants

  /** A chat participant (`identity`, an id of the identities' interner) or an SMS or WhatsApp one (`address`). */
  addParticipant(conversation: number, member: { readonly identity: number } | { readonly address: number }, proxyAddress: string | null, attributes: string, nowS: number): ParticipantRecord {
    const p = ++this.participantCount;
    if (p >= this.member.length) this.growParticipants(p);
    const chat = 'identity' in member;
    const id = chat ? member.identity : member.address;
    if (chat && id >= this.lastOfIdentity.length) this.lastOfIdentity = grown(this.lastOfIdentity, grownCapacity(this.lastOfIdentity.length, id, INITIAL));
    if (!chat && id >= this.lastOfAddress.length) this.lastOfAddress = grown(this.lastOfAddress, grownCapacity(this.lastOfAddress.length, id, INITIAL));
    const lasts = chat ? this.lastOfIdentity : this.lastOfAddress;
    this.participantConversation[p] = conversation;
    this.member[p] = chat ? id + 1 : -(id + 1);
    this.participantCreatedS[p] = nowS;
    this.previousOfMember[p] = lasts[id]!;
    lasts[id] = p;
    if (proxyAddress !== null) this.proxyAddresses.set(p, proxyAddress);
    if (attributes !== NO_ATTRIBUTES) this.participantAttributes.set(p, attributes);
    const last = this.lastParticipant[conversation]!;
    if (last === 0) this.firstParticipant[conversation] = p;
    else this.nextParticipant[last] = p;
    this.lastParticipant[conversation] = p;
    return this.participantRecord(p);
  }

  private growParticipants(p: number): void {
    const n = grownCapacity(this.member.length, p, INITIAL);
    this.participantConversation = grown(this.participantConversation, n);
    this.member = grown(this.member, n);
    this.participantCreatedS = grown(this.participantCreatedS, n);
    this.nextParticipant = grown(this.nextParticipant, n);
    this.previousOfMember = grown(this.previousOfMember, n);
  }

  private participantRecord(p: number): ParticipantRecord {
    const member = this.member[p]!;
    return {
      serial: p,
      conversation: this.participantConversation[p]!,
      identity: member > 0 ? this.identities.text(member - 1) : null,
      address: member < 0 ? this.addresses.text(-member - 1) : null,
      proxyAddress: this.proxyAddresses.get(p) ?? null,
      attributes: this.participantAttributes.get(p) ?? NO_ATTRIBUTES,
      createdS: this.participantCreatedS[p]!,
    };
  }

  /** A conversation's participants in the order they joined. */
  participants(conversation: number): ParticipantRecord[] {
    const all: ParticipantRecord[] = [];
    for (let p = this.firstParticipant[conversation]!; p !== 0; p = this.nextParticipant[p]!) all.push(this.participantRecord(p));
    return all;
  }

  /** A participant by SID or identity, as Twilio addresses them. */
  participant(conversation: number, sidOrIdentity: string): ParticipantRecord | undefined {
    const serial = serialOf('MB', sidOrIdentity);
    const identity = this.identities.find(sidOrIdentity);
    const chat = identity === undefined ? 0 : identity + 1;
    let byIdentity = 0;
    for (let p = this.firstParticipant[conversation]!; p !== 0; p = this.nextParticipant[p]!) {
      if (p === serial) return this.participantRecord(p);
      if (byIdentity === 0 && chat !== 0 && this.member[p] === chat) byIdentity = p;
    }
    return byIdentity === 0 ? undefined : this.participantRecord(byIdentity);
  }

  /** The participant of a conversation with this address (SMS, WhatsApp). */
  participantAt(conversation: number, address: string): ParticipantRecord | undefined {
    const id = this.addresses.find(address);
    if (id === undefined) return undefined;
    for (let p = this.firstParticipant[conversation]!; p !== 0; p = this.nextParticipant[p]!) if (this.member[p] === -(id + 1)) return this.participantRecord(p);
    return undefined;
  }

  removeParticipant(p: number): void {
    const c = this.participantConversation[p]!;
    let before = 0;
    for (let q = this.firstParticipant[c]!; q !== 0 && q !== p; q = this.nextParticipant[q]!) before = q;
    if (before === 0) this.firstParticipant[c] = this.nextParticipant[p]!;
    else this.nextParticipant[before] = this.nextParticipant[p]!;
    if (this.lastParticipant[c] === p) this.lastParticipant[c] = before;
    this.unlinkMember(p);
  }

  /** An identity's (or an address's) participants in every conversation, in the order they joined. */
  members(identity: string | null, address: string | null): ParticipantRecord[] {
    const all: ParticipantRecord[] = [];
    const id = identity !== null ? this.identities.find(identity) : this.addresses.find(address!);
    const lasts = identity !== null ? this.lastOfIdentity : this.lastOfAddress;
    if (id === undefined || id >= lasts.length) return all;
    for (let p = lasts[id]!; p !== 0; p = this.previousOfMember[p]!) all.push(this.participantRecord(p));
    return all.reverse();
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

  // ---- messages

  /** A message at the next index of its conversation; `participant` is its author's serial, 0 if none. */
  addMessage(conversation: number, author: string, body: string | null, attributes: string, participant: number, nowS: number): MessageRecord {
    const m = ++this.messageSerial;
    if (m >= this.author.length) this.growMessages(m);
    this.messageIndex[m] = this.messageCount[conversation]!++;
    this.author[m] = this.authors.id(author);
    this.messageParticipant[m] = participant;
    this.messageCreatedS[m] = nowS;
    this.bodies[m] = body;
    if (attributes !== NO_ATTRIBUTES) this.messageAttributes.set(m, attributes);
    const last = this.lastMessage[conversation]!;
    if (last === 0) this.firstMessage[conversation] = m;
    else this.nextMessage[last] = m;
    this.lastMessage[conversation] = m;
    this.updatedS[conversation] = nowS;
    return this.messageRecord(m);
  }

  private growMessages(m: number): void {
    const n = grownCapacity(this.author.length, m, INITIAL);
    this.messageIndex = grown(this.messageIndex, n);
    this.author = grown(this.author, n);
    this.messageParticipant = grown(this.messageParticipant, n);
    this.messageCreatedS = grown(this.messageCreatedS, n);
    this.nextMessage = grown(this.nextMessage, n);
  }

  private messageRecord(m: number): MessageRecord {
    return {
      serial: m,
      index: this.messageIndex[m]!,
      author: this.authors.text(this.author[m]!),
      body: this.bodies[m] ?? null,
      attributes: this.messageAttributes.get(m) ?? NO_ATTRIBUTES,
      participant: this.messageParticipant[m]!,
      createdS: this.messageCreatedS[m]!,
    };
  }

  /** A conversation's messages in the order of their index. */
  messages(conversation: number): MessageRecord[] {
    const all: MessageRecord[] = [];
    for (let m = this.firstMessage[conversation]!; m !== 0; m = this.nextMessage[m]!) all.push(this.messageRecord(m));
    return all;
  }
}
