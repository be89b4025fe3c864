// What the emulator keeps beside the engine for the API (names, attributes, participants,
// messages) for every conversation it has served: parallel typed arrays indexed by serial number,
// lists linked by serial, SIDs made from serials when a response is rendered. An emulator that has
// served 100,000s of conversations holds them all, and its garbage collector marks every object
// it holds while requests wait: here most of that state is in typed arrays, which it never scans.
// Rules live in the engine; this keeps order and text. Serials start at 1; 0 means none. The
// conversations are here; their participants and messages in participants.ts and messages.ts.

import type { Handle } from '../engine/table.js';
import { serialOf } from '../engine/webhook.js';
import type { Interner } from '../util/interner.js';
import { grown, grownCapacity } from '../util/typed-arrays.js';
import { INITIAL, NO_ATTRIBUTES } from './columns.js';
import { Messages, type MessageRecord } from './messages.js';
import { Participants } from './participants.js';

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

export class Store {
  // Conversations, by serial (the engine numbers them 1, 2, ... as it creates them).
  private conversationCount = 0;
  /** The engine handle, 0 once deleted: handle + 1, so that 0 is none. */
  private handlePlusOne = new Int32Array(INITIAL);
  private createdS = new Float64Array(INITIAL);
  private updatedS = new Float64Array(INITIAL);
  private readonly friendlyNames: (string | null)[] = [null];
  private readonly conversationAttributes = new Map<number, string>();
  private readonly uniqueNames = new Map<number, string>();
  private readonly byUniqueName = new Map<string, number>();
  /** Serial by engine handle (a slot, taken again after a delete). */
  private byHandle = new Int32Array(INITIAL);

  readonly participants: Participants;
  readonly messages: Messages;

  /**
   * `identities` and `addresses` are the emulator's interners, whose ids the engine knows its
   * members by; `authors` interns messages' authors.
   */
  constructor(identities: Interner, addresses: Interner, authors: Interner) {
    this.participants = new Participants(identities, addresses);
    this.messages = new Messages(authors);
  }

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
    this.participants.drop(serial);
    this.messages.drop(serial);
    this.friendlyNames[serial] = null;
    this.conversationAttributes.delete(serial);
    const handle = this.handleOf(serial);
    if (this.byHandle[handle] === serial) this.byHandle[handle] = 0;
    this.handlePlusOne[serial] = 0;
    this.setUniqueName(serial, null);
  }

  /** A message at the next index of its conversation (see `Messages.add`); date_updated moves with it. */
  addMessage(conversation: number, author: string, body: string | null, attributes: string, participant: number, nowS: number): MessageRecord {
    this.touch(conversation, nowS);
    return this.messages.add(conversation, author, body, attributes, participant, nowS);
  }
}
