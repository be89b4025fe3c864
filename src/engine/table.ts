// Per-conversation state: one 32-byte record per slot in a single buffer (array of structs),
// so a request reads one small contiguous record (one or two cache lines, as the buffer's
// alignment falls) however many fields it reads, not one array per field; the creation number,
// read rarely, lives apart. A closed conversation's slot is released and reused; its generation
// changes, so a handle to the old conversation goes stale instead of aliasing the new one.
//
// Record layout, in bytes (each field is read through the view of its width, at the index
// below: byte offset / width):
//   0      u8   state
//   1      u8   non-chat members
//   2-3    u16  members
//   4-5    u16  timer profile
//   6-7    u16  generation
//   8-11   i32  deadline
//   12-15  i32  queued-at
//   16-23  f64  arm sequence
//   24-27  i32  first member
//   28-31  i32  second member (the rest in `overflow`)

import { ID_BITS } from '../util/limits.js';
import { CapacityExceeded } from '../util/capacity.js';
import { grown, grownCapacity } from '../util/typed-arrays.js';
import { NO_DEADLINE } from './lifecycle.js';
import { CLOSED, type StateCode } from './states.js';

/** A conversation as the engine's callers name it: slot and generation packed in one number. */
export type Handle = number;
export const NO_CONVERSATION: Handle = -1;

/** Slots are numbered below this: a slot travels in a timer event's payload (util/limits.ts). */
export const SLOT_LIMIT = 2 ** ID_BITS;
export const RECORD_BYTES = 32;
/** A typed-array view spans at most 2^32 bytes on Node 20, and the u8 view spans the buffer: 2^27 records. */
export const MAX_OPEN = Math.min(SLOT_LIMIT, 2 ** 32 / RECORD_BYTES);
const GENERATIONS = 2 ** 16;
const NO_MEMBER = -1;

// Field indexes within a record, per view (see the layout above).
const U8 = RECORD_BYTES;
const U16 = RECORD_BYTES / 2;
const I32 = RECORD_BYTES / 4;
const F64 = RECORD_BYTES / 8;
const STATE = 0; // u8
const NON_CHAT = 1; // u8
const MEMBERS = 1; // u16
const PROFILE = 2; // u16
const GENERATION = 3; // u16
const DEADLINE = 2; // i32
const QUEUED_AT = 3; // i32
const ARM_SEQ = 2; // f64
const MEMBER_0 = 6; // i32
const MEMBER_1 = 7; // i32

/**
 * The slot bits of a handle (generation * SLOT_LIMIT + slot, below 2^44), with integer
 * operations: `>>> 0` keeps a whole number's low 32 bits exactly, where a division and a floor
 * cost several times as much on every request. NO_CONVERSATION gives SLOT_LIMIT - 1, above any
 * slot in use (MAX_OPEN is below it).
 */
export function slotBits(handle: Handle): number {
  return (handle >>> 0) & (SLOT_LIMIT - 1);
}

export class ConversationTable {
  capacity = 0;
  // Views of one buffer, indexed by slot * (RECORD_BYTES / element size) + field.
  private u8 = new Uint8Array(0);
  private u16 = new Uint16Array(0);
  private i32 = new Int32Array(0);
  private f64 = new Float64Array(0);
  /** Creation order number, from 1: the basis of the ConversationSid. */
  serial = new Uint32Array(0);
  private readonly overflow = new Map<number, number[]>();

  private freeSlots = new Int32Array(0);
  private freeCount = 0;
  private used = 0;

  constructor() {
    // Changed first when a conversation closes, mid-run: stored a second time here so that V8
    // compiles it as an ordinary field, not a constant (see `replaceable` in util/typed-arrays.ts).
    this.freeCount = 1;
    this.freeCount = 0;
  }

  state(slot: number): StateCode {
    return this.u8[slot * U8 + STATE] as StateCode;
  }
  setState(slot: number, state: StateCode): void {
    this.u8[slot * U8 + STATE] = state;
  }
  nonChatMembers(slot: number): number {
    return this.u8[slot * U8 + NON_CHAT]!;
  }
  members(slot: number): number {
    return this.u16[slot * U16 + MEMBERS]!;
  }
  /** Index into the timer profiles (the inactive and closed timers). */
  profile(slot: number): number {
    return this.u16[slot * U16 + PROFILE]!;
  }
  setProfile(slot: number, profile: number): void {
    this.u16[slot * U16 + PROFILE] = profile;
  }
  /** The one live deadline in seconds (see lifecycle.ts), or NO_DEADLINE. */
  deadline(slot: number): number {
    return this.i32[slot * I32 + DEADLINE]!;
  }
  setDeadline(slot: number, deadline: number): void {
    this.i32[slot * I32 + DEADLINE] = deadline;
  }
  /** When the slot's latest queued timer entry is due, or NO_DEADLINE: the queue is re-armed lazily. */
  queuedAtS(slot: number): number {
    return this.i32[slot * I32 + QUEUED_AT]!;
  }
  setQueuedAtS(slot: number, atS: number): void {
    this.i32[slot * I32 + QUEUED_AT] = atS;
  }
  /** When the deadline was last set, as a run-wide sequence number: timers due together fire in this order. */
  armSeq(slot: number): number {
    return this.f64[slot * F64 + ARM_SEQ]!;
  }
  setArmSeq(slot: number, seq: number): void {
    this.f64[slot * F64 + ARM_SEQ] = seq;
  }

  /** A fresh slot with no deadline and no members; the caller sets state, profile and serial. */
  allocate(): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount]!;
    else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.u8[slot * U8 + NON_CHAT] = 0;
    this.u16[slot * U16 + MEMBERS] = 0;
    this.i32[slot * I32 + DEADLINE] = NO_DEADLINE;
    this.i32[slot * I32 + QUEUED_AT] = NO_DEADLINE;
    this.i32[slot * I32 + MEMBER_0] = NO_MEMBER;
    this.i32[slot * I32 + MEMBER_1] = NO_MEMBER;
    return slot;
  }

  /** Frees a closed (or deleted) conversation's slot for reuse; handles to it become stale. */
  release(slot: number): void {
    this.u8[slot * U8 + STATE] = CLOSED;
    this.i32[slot * I32 + DEADLINE] = NO_DEADLINE;
    this.i32[slot * I32 + QUEUED_AT] = NO_DEADLINE;
    if (this.members(slot) > 2) this.overflow.delete(slot);
    this.u16[slot * U16 + GENERATION] = (this.u16[slot * U16 + GENERATION]! + 1) % GENERATIONS;
    this.freeSlots[this.freeCount++] = slot;
  }

  handleOf(slot: number): Handle {
    return this.u16[slot * U16 + GENERATION]! * SLOT_LIMIT + slot;
  }

  /** The slot of an open conversation, or -1 if the handle is stale (its conversation closed). */
  slotOf(handle: Handle): number {
    const slot = slotBits(handle);
    // Exact: handle - slot is a multiple of SLOT_LIMIT.
    const generation = (handle - slot) / SLOT_LIMIT;
    return slot < this.used && this.u16[slot * U16 + GENERATION] === generation ? slot : -1;
  }

  /**
   * A look ahead's read (sim/scheduler.ts): the state byte of the handle's slot, whatever the
   * slot's generation (a stale handle's read is in vain, and harmless), or 0 for NO_CONVERSATION.
   */
  stateAtHandle(handle: Handle): number {
    const slot = slotBits(handle);
    return slot < this.used ? this.u8[slot * U8 + STATE]! : 0;
  }

  /**
   * The slot's participant key number `i` (0 <= i < members(slot)), in the order they joined. An
   * index rather than a callback: the engine's own methods stay the call targets.
   */
  member(slot: number, i: number): number {
    if (i === 0) return this.i32[slot * I32 + MEMBER_0]!;
    if (i === 1) return this.i32[slot * I32 + MEMBER_1]!;
    return this.overflow.get(slot)![i - 2]!;
  }

  hasMember(slot: number, key: number): boolean {
    const n = this.members(slot);
    if ((n > 0 && this.i32[slot * I32 + MEMBER_0] === key) || (n > 1 && this.i32[slot * I32 + MEMBER_1] === key)) return true;
    return n > 2 && this.overflow.get(slot)!.includes(key);
  }

  /** Takes a participant out, the others keeping their order (SPEC 8). The key must be a member. */
  removeMember(slot: number, key: number, nonChat: boolean): void {
    const rest: number[] = [];
    for (let i = 0, n = this.members(slot); i < n; i++) {
      const k = this.member(slot, i);
      if (k !== key) rest.push(k);
    }
    if (this.members(slot) > 2) this.overflow.delete(slot);
    this.u16[slot * U16 + MEMBERS] = 0;
    this.i32[slot * I32 + MEMBER_0] = NO_MEMBER;
    this.i32[slot * I32 + MEMBER_1] = NO_MEMBER;
    for (const k of rest) this.addMember(slot, k, false);
    if (nonChat) this.u8[slot * U8 + NON_CHAT]!--;
  }

  addMember(slot: number, key: number, nonChat: boolean): void {
    const n = this.members(slot);
    if (n === 0) this.i32[slot * I32 + MEMBER_0] = key;
    else if (n === 1) this.i32[slot * I32 + MEMBER_1] = key;
    else if (n === 2) this.overflow.set(slot, [key]);
    else this.overflow.get(slot)!.push(key);
    this.u16[slot * U16 + MEMBERS] = n + 1;
    if (nonChat) this.u8[slot * U8 + NON_CHAT]!++;
  }

  /** Bytes per slot: the record, the creation number, the free-list entry (the overflow map aside). */
  static readonly BYTES_PER_SLOT = RECORD_BYTES + 4 + 4;

  get bytes(): number {
    return this.capacity * ConversationTable.BYTES_PER_SLOT;
  }

  private grow(): void {
    if (this.capacity === MAX_OPEN) throw new CapacityExceeded('open conversations at once', MAX_OPEN);
    const capacity = Math.min(MAX_OPEN, grownCapacity(this.capacity, this.capacity, 1024));
    const buffer = new ArrayBuffer(capacity * RECORD_BYTES);
    new Uint8Array(buffer).set(this.u8);
    this.u8 = new Uint8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.serial = grown(this.serial, capacity);
    this.freeSlots = grown(this.freeSlots, capacity);
    this.capacity = capacity;
  }
}
