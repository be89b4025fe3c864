// Per-conversation state as parallel typed arrays indexed by slot (struct of arrays): small,
// cache-friendly, and free of per-conversation objects. A closed conversation's slot is released
// and reused; its generation number changes, so a handle to the old conversation stays stale.

import { NO_DEADLINE } from './lifecycle.js';
import { grown } from '../util/typed-arrays.js';
import { CLOSED, type StateCode } from './states.js';

/** A conversation as the engine's callers name it: slot and generation packed in one number. */
export type Handle = number;
export const NO_CONVERSATION: Handle = -1;

const SLOT_BITS = 28;
const SLOT_LIMIT = 2 ** SLOT_BITS; // 268M conversations open at once
const GENERATION_LIMIT = 2 ** (53 - SLOT_BITS); // handles stay safe integers
const NO_MEMBER = -1;

export class ConversationTable {
  capacity = 0;
  /** StateCode per slot; a free slot reads CLOSED. */
  state = new Uint8Array(0);
  /** Timers in whole seconds, 0 = off. */
  inactiveS = new Float64Array(0);
  closedS = new Float64Array(0);
  /** The one live deadline (see lifecycle.ts), or NO_DEADLINE. */
  deadline = new Float64Array(0);
  /** When this slot's queued timer entry is due, or NO_DEADLINE: the queue is re-armed lazily. */
  queuedAtS = new Float64Array(0);
  /** Creation order number, from 1: the basis of the ConversationSid. */
  serial = new Float64Array(0);
  generation = new Uint32Array(0);
  /** Participants: the count, the non-chat part, the first two inline, the rest in `overflow`. */
  members = new Uint16Array(0);
  nonChatMembers = new Uint8Array(0);
  member0 = new Int32Array(0);
  member1 = new Int32Array(0);
  readonly overflow = new Map<number, number[]>();

  private freeSlots = new Int32Array(0);
  private freeCount = 0;
  private used = 0;
  /** Conversations open now. */
  openCount = 0;

  /** A fresh slot, its fields reset; the caller sets state and timers. */
  allocate(): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount]!;
    else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.deadline[slot] = NO_DEADLINE;
    this.queuedAtS[slot] = NO_DEADLINE;
    this.members[slot] = 0;
    this.nonChatMembers[slot] = 0;
    this.member0[slot] = NO_MEMBER;
    this.member1[slot] = NO_MEMBER;
    this.openCount++;
    return slot;
  }

  /** Frees a closed conversation's slot for reuse; handles to it become stale. */
  release(slot: number): void {
    this.state[slot] = CLOSED;
    this.deadline[slot] = NO_DEADLINE;
    this.queuedAtS[slot] = NO_DEADLINE;
    this.overflow.delete(slot);
    this.generation[slot] = (this.generation[slot]! + 1) % GENERATION_LIMIT;
    if (this.freeCount === this.freeSlots.length) this.freeSlots = grown(this.freeSlots, Math.max(16, this.freeCount * 2));
    this.freeSlots[this.freeCount++] = slot;
    this.openCount--;
  }

  handleOf(slot: number): Handle {
    return this.generation[slot]! * SLOT_LIMIT + slot;
  }

  /** The slot of an open conversation, or -1 if the handle is stale (its conversation closed). */
  slotOf(handle: Handle): number {
    const slot = handle % SLOT_LIMIT;
    return slot < this.used && this.generation[slot] === (handle - slot) / SLOT_LIMIT ? slot : -1;
  }

  stateOf(slot: number): StateCode {
    return this.state[slot] as StateCode;
  }

  /** Every participant key of the slot's conversation, in the order they joined. */
  forEachMember(slot: number, visit: (key: number) => void): void {
    const n = this.members[slot]!;
    if (n > 0) visit(this.member0[slot]!);
    if (n > 1) visit(this.member1[slot]!);
    const rest = this.overflow.get(slot);
    if (rest !== undefined) for (const key of rest) visit(key);
  }

  hasMember(slot: number, key: number): boolean {
    if (this.member0[slot] === key || this.member1[slot] === key) return true;
    const rest = this.overflow.get(slot);
    return rest !== undefined && rest.includes(key);
  }

  addMember(slot: number, key: number, nonChat: boolean): void {
    const n = this.members[slot]!;
    if (n === 0) this.member0[slot] = key;
    else if (n === 1) this.member1[slot] = key;
    else {
      const rest = this.overflow.get(slot);
      if (rest === undefined) this.overflow.set(slot, [key]);
      else rest.push(key);
    }
    this.members[slot] = n + 1;
    if (nonChat) this.nonChatMembers[slot]!++;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    if (capacity > SLOT_LIMIT) throw new RangeError(`cannot hold more than ${SLOT_LIMIT} open conversations`);
    this.state = grown(this.state, capacity);
    this.inactiveS = grown(this.inactiveS, capacity);
    this.closedS = grown(this.closedS, capacity);
    this.deadline = grown(this.deadline, capacity);
    this.queuedAtS = grown(this.queuedAtS, capacity);
    this.serial = grown(this.serial, capacity);
    this.generation = grown(this.generation, capacity);
    this.members = grown(this.members, capacity);
    this.nonChatMembers = grown(this.nonChatMembers, capacity);
    this.member0 = grown(this.member0, capacity);
    this.member1 = grown(this.member1, capacity);
    this.capacity = capacity;
  }
}
