// Per-conversation state as parallel typed arrays indexed by slot (struct of arrays): 40 bytes a
// slot, no object per conversation. A closed conversation's slot is released and reused; its
// generation changes, so a handle to the old conversation goes stale instead of aliasing.

import { grown } from '../util/typed-arrays.js';
import { NO_DEADLINE } from './lifecycle.js';
import { CLOSED, type StateCode } from './states.js';

/** A conversation as the engine's callers name it: slot and generation packed in one number. */
export type Handle = number;
export const NO_CONVERSATION: Handle = -1;

const SLOT_BITS = 28;
export const SLOT_LIMIT = 2 ** SLOT_BITS; // 268M conversations open at once (and the event payload limit)
const GENERATIONS = 2 ** 16;
const NO_MEMBER = -1;

export class ConversationTable {
  capacity = 0;
  /** StateCode per slot; a free slot reads CLOSED. */
  state = new Uint8Array(0);
  /** Index into the timer profiles (the inactive and closed timers). */
  profile = new Uint16Array(0);
  /** The one live deadline in seconds (see lifecycle.ts), or NO_DEADLINE. */
  deadline = new Int32Array(0);
  /** When the slot's latest queued timer entry is due, or NO_DEADLINE: the queue is re-armed lazily. */
  queuedAtS = new Int32Array(0);
  /** When the deadline was last set, as a run-wide sequence number: timers due together fire in this order. */
  armSeq = new Float64Array(0);
  /** Creation order number, from 1: the basis of the ConversationSid. */
  serial = new Uint32Array(0);
  generation = new Uint16Array(0);
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

  /** A fresh slot with no deadline and no members; the caller sets state, profile and serial. */
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
    if (this.members[slot]! > 2) this.overflow.delete(slot);
    this.generation[slot] = (this.generation[slot]! + 1) % GENERATIONS;
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
    if (n > 2) for (const key of this.overflow.get(slot)!) visit(key);
  }

  hasMember(slot: number, key: number): boolean {
    const n = this.members[slot]!;
    if ((n > 0 && this.member0[slot] === key) || (n > 1 && this.member1[slot] === key)) return true;
    return n > 2 && this.overflow.get(slot)!.includes(key);
  }

  addMember(slot: number, key: number, nonChat: boolean): void {
    const n = this.members[slot]!;
    if (n === 0) this.member0[slot] = key;
    else if (n === 1) this.member1[slot] = key;
    else if (n === 2) this.overflow.set(slot, [key]);
    else this.overflow.get(slot)!.push(key);
    this.members[slot] = n + 1;
    if (nonChat) this.nonChatMembers[slot]!++;
  }

  /** Bytes per slot of the arrays above (the overflow map aside). */
  static readonly BYTES_PER_SLOT = 1 + 2 + 4 + 4 + 8 + 4 + 2 + 2 + 1 + 4 + 4 + 4;

  get bytes(): number {
    return this.capacity * ConversationTable.BYTES_PER_SLOT;
  }

  private grow(): void {
    // 1.5x keeps the slack of a grown table under half its live size.
    const capacity = Math.max(1024, Math.floor(this.capacity * 1.5));
    if (capacity > SLOT_LIMIT) throw new RangeError(`cannot hold more than ${SLOT_LIMIT} open conversations`);
    this.state = grown(this.state, capacity);
    this.profile = grown(this.profile, capacity);
    this.deadline = grown(this.deadline, capacity);
    this.queuedAtS = grown(this.queuedAtS, capacity);
    this.armSeq = grown(this.armSeq, capacity);
    this.serial = grown(this.serial, capacity);
    this.generation = grown(this.generation, capacity);
    this.members = grown(this.members, capacity);
    this.nonChatMembers = grown(this.nonChatMembers, capacity);
    this.member0 = grown(this.member0, capacity);
    this.member1 = grown(this.member1, capacity);
    this.freeSlots = grown(this.freeSlots, capacity);
    this.capacity = capacity;
  }
}
