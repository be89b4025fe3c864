// The conversation engine: every rule of SPEC 1-6 and 8 in one place. Requests return OK or a Twilio
// error code and change nothing when rejected; state changes are reported to a listener. The
// engine never reads a real clock: it is given a Clock and a TimerQueue, and is told when a
// queued timer entry comes due.

import { ErrorCode, OK, type Outcome } from './codes.js';
import {
  KEEP,
  NO_DEADLINE,
  dateClosedS,
  dateInactiveS,
  deadlineAfterActivity,
  restartedDeadline,
  stateWhenDue,
} from './lifecycle.js';
import { TimerProfiles } from './profiles.js';
import { Census, type Counters } from './census.js';
import { Registry } from './registry.js';
import {
  MAX_NON_CHAT_PARTICIPANTS,
  MAX_OPEN_CONVERSATIONS_PER_IDENTITY,
  MAX_PARTICIPANTS,
  type EngineSettings,
} from './settings.js';
import { ACTIVE, API, CLOSED, EVENT, INACTIVE, TIMER, stateCode, type ReasonCode, type StateCode } from './states.js';
import { ConversationTable, NO_CONVERSATION, type Handle } from './table.js';
import { CapacityExceeded } from '../util/capacity.js';
import { DueTimers } from './due.js';
import { checkTimers, type TimersRequest } from './timers.js';

export interface Clock {
  /** Simulated time in whole seconds since the scenario start. */
  readonly nowS: number;
}

/**
 * Where the engine queues a slot's next deadline. When an entry comes due, the driver calls
 * `Engine.timerDue` with it, and once every entry due at that instant is in,
 * `Engine.fireDueTimers` (SPEC 2.2: all before any other event at the instant).
 */
export interface TimerQueue {
  arm(slot: number, atS: number): void;
}

export interface EngineListener {
  /** A real state change; `webhook` says whether onConversationStateUpdated is emitted (SPEC 5). */
  transition(conversation: Handle, from: StateCode, to: StateCode, reason: ReasonCode, webhook: boolean): void;
  /** SPEC 4: an inbound message created a conversation; `previousSerial` is 0 if the address had none. */
  autoCreated(conversation: Handle, address: number, previousSerial: number): void;
  /** SPEC 4 with autoCreation off: an inbound message that had nowhere to go. */
  inboundDropped(address: number): void;
  /** SPEC 8: the conversation was deleted (no state change, no webhook); its handle goes stale after this. */
  deleted?(conversation: Handle): void;
}

export interface EngineOptions {
  /**
   * Keep closed conversations, their timers and participants, until they are deleted (SPEC 8):
   * what an API shows and what removing a participant needs. Off for generated traffic, which
   * never deletes: a closed conversation's slot is then reused at once, and memory follows the
   * open conversations only.
   */
  readonly retainClosed?: boolean;
}

export interface CreateRequest {
  readonly state?: string;
  readonly timers?: TimersRequest;
}

export interface UpdateRequest {
  readonly state?: string;
  readonly timers?: TimersRequest;
  /** The X-Twilio-Webhook-Enabled header: REST-caused changes emit the webhook only with it. */
  readonly webhookEnabled?: boolean;
}

/** A conversation as the API shows it, for reports and tests (not for hot paths). */
export interface ConversationView {
  readonly serial: number;
  readonly state: StateCode;
  readonly inactiveTimerS: number;
  readonly closedTimerS: number;
  /** Offsets in seconds, or undefined where SPEC 2.3 shows no timestamp. */
  readonly dateInactiveS: number | undefined;
  readonly dateClosedS: number | undefined;
  readonly participants: number;
  readonly nonChatParticipants: number;
}

/** Participant keys in a conversation's member list: chat identities even, addresses odd. */
const chatKey = (identity: number): number => identity * 2;
const nonChatKey = (address: number): number => address * 2 + 1;

export class Engine {
  // Storage, private: callers use the requests and the queries below.
  private readonly table = new ConversationTable();
  private readonly registry = new Registry();
  private readonly profiles = new TimerProfiles();
  /** Open conversations by state, their peaks, the time spent open, the busiest identity. */
  private readonly census: Census;
  private created: Handle = NO_CONVERSATION;
  private fired = 0;
  private serials = 0;
  /** Deadlines set so far: the order timers due at the same instant fire in (SPEC 2.2). */
  private arms = 0;
  /** Slots whose deadline is the current instant, collected until fireDueTimers. */
  private readonly due = new DueTimers();

  private readonly retainClosed: boolean;
  /** What look-aheads read, kept so that no compiler drops the reads as unused. */
  private looked = 0;

  /** The account defaults may change (setDefaultTimers); the switches never do. */
  private current: EngineSettings;

  constructor(
    settings: EngineSettings,
    private readonly clock: Clock,
    private readonly timers: TimerQueue,
    private readonly listener: EngineListener,
    options: EngineOptions = {},
  ) {
    this.census = new Census(clock);
    this.retainClosed = options.retainClosed === true;
    this.current = settings;
  }

  get settings(): EngineSettings {
    return this.current;
  }

  /**
   * The account's default timers (the API's Configuration resource): judged like a request's
   * timers (SPEC 6 codes), each kept when absent; they apply to conversations created afterwards.
   */
  setDefaultTimers(timers: TimersRequest): Outcome {
    const t = checkTimers(timers, this.current.defaultInactiveS, this.current.defaultClosedS);
    if (!t.ok) return t.code;
    this.current = { ...this.current, defaultInactiveS: t.inactiveS, defaultClosedS: t.closedS };
    return OK;
  }

  /**
   * Whether a write the engine does not model (a friendly name, attributes) may be made: OK, or
   * 20404 / 50377 as for any write (SPEC 6). It changes nothing, and restarts no clock.
   */
  writable(conversation: Handle): Outcome {
    const slot = this.writableSlot(conversation);
    return slot < 0 ? (-slot as ErrorCode) : OK;
  }

  // ---- requests (SPEC 6: each returns OK or the first error code, and a rejection changes nothing)

  createConversation(request: CreateRequest): Outcome {
    let state: StateCode = ACTIVE;
    if (request.state !== undefined) {
      const code = stateCode(request.state);
      if (code === CLOSED) return ErrorCode.CreateClosed;
      if (code === undefined) return ErrorCode.InvalidState;
      state = code;
    }
    const t = checkTimers(request.timers, this.current.defaultInactiveS, this.current.defaultClosedS);
    if (!t.ok) return t.code;
    this.created = this.open(state, t.inactiveS, t.closedS);
    return OK;
  }

  /** Creation with values already validated (whole seconds, 0 = off, minimums met): the fast path for generated traffic. */
  open(state: typeof ACTIVE | typeof INACTIVE, inactiveS: number, closedS: number): Handle {
    return this.table.handleOf(this.openSlot(state, inactiveS, closedS));
  }

  private openSlot(state: typeof ACTIVE | typeof INACTIVE, inactiveS: number, closedS: number): number {
    const t = this.table;
    if (this.serials === 0xffffffff) throw new CapacityExceeded('conversations in one run', 0xffffffff);
    const slot = t.allocate();
    this.census.opened(state, this.clock.nowS);
    t.setState(slot, state);
    t.setProfile(slot, this.profiles.of(inactiveS, closedS));
    t.serial[slot] = ++this.serials;
    // Creating in `inactive` records no transition; its closed clock starts now (SPEC 1).
    this.setDeadline(slot, restartedDeadline(state, inactiveS, closedS, this.clock.nowS));
    return slot;
  }

  updateConversation(conversation: Handle, request: UpdateRequest): Outcome {
    const slot = this.writableSlot(conversation);
    if (slot < 0) return -slot as ErrorCode;
    const t = this.table;
    const from = t.state(slot);
    let to = from;
    if (request.state !== undefined) {
      const code = stateCode(request.state);
      if (code === undefined) return ErrorCode.InvalidState;
      to = code;
    }
    const p = t.profile(slot);
    const timers = checkTimers(request.timers, this.profiles.inactiveS[p]!, this.profiles.closedS[p]!);
    if (!timers.ok) return timers.code;
    t.setProfile(slot, this.profiles.of(timers.inactiveS, timers.closedS));
    const webhook = request.webhookEnabled === true;
    if (to === CLOSED) {
      this.close(slot, API, webhook);
      return OK;
    }
    if (to !== from) this.changeState(slot, from, to, API, webhook);
    // A manual change, even to the same state, and a timer update restart the clocks (SPEC 2.1).
    this.setDeadline(slot, restartedDeadline(to, timers.inactiveS, timers.closedS, this.clock.nowS));
    return OK;
  }

  message(conversation: Handle): Outcome {
    const slot = this.writableSlot(conversation);
    if (slot < 0) return -slot as ErrorCode;
    this.activity(slot);
    return OK;
  }

  addChatParticipant(conversation: Handle, identity: number): Outcome {
    const slot = this.writableSlot(conversation);
    if (slot < 0) return -slot as ErrorCode;
    const t = this.table;
    const key = chatKey(identity);
    if (t.hasMember(slot, key)) return ErrorCode.DuplicateIdentity;
    if (t.members(slot) >= MAX_PARTICIPANTS) return ErrorCode.ParticipantLimit;
    if (this.registry.openConversationsOf(identity) >= MAX_OPEN_CONVERSATIONS_PER_IDENTITY) return ErrorCode.IdentityLimit;
    t.addMember(slot, key, false);
    this.census.identityJoined(this.registry.joined(identity), identity);
    if (this.current.participantAddIsActivity) this.activity(slot);
    return OK;
  }

  addNonChatParticipant(conversation: Handle, address: number): Outcome {
    const slot = this.writableSlot(conversation);
    if (slot < 0) return -slot as ErrorCode;
    const t = this.table;
    // Bound here or elsewhere: the address already has its one non-closed conversation.
    if (this.registry.boundSlotOf(address) >= 0) return ErrorCode.AddressBound;
    if (t.members(slot) >= MAX_PARTICIPANTS) return ErrorCode.ParticipantLimit;
    if (t.nonChatMembers(slot) >= MAX_NON_CHAT_PARTICIPANTS) return ErrorCode.NonChatParticipantLimit;
    t.addMember(slot, nonChatKey(address), true);
    this.registry.bind(address, slot, t.serial[slot]!);
    if (this.current.participantAddIsActivity) this.activity(slot);
    return OK;
  }

  /**
   * SPEC 4: an inbound non-chat message lands in its address's non-closed conversation, or
   * creates one (account default timers, the sender its only participant), or is dropped.
   * Always OK: the sender of an SMS gets no API error.
   */
  inboundMessage(address: number): Outcome {
    const bound = this.registry.boundSlotOf(address);
    if (bound >= 0) {
      this.activity(bound);
      return OK;
    }
    if (!this.current.autoCreation) {
      this.listener.inboundDropped(address);
      return OK;
    }
    const previousSerial = this.registry.lastSerialOf(address);
    const slot = this.openSlot(ACTIVE, this.current.defaultInactiveS, this.current.defaultClosedS);
    this.table.addMember(slot, nonChatKey(address), true);
    this.registry.bind(address, slot, this.table.serial[slot]!);
    this.listener.autoCreated(this.table.handleOf(slot), address, previousSerial);
    // The message lands at the instant of creation: the clocks just started, nothing changes.
    return OK;
  }

  /**
   * inboundMessage for a caller that knows which conversation the address was last seen in
   * (`conversation`, or NO_CONVERSATION): the same effect, and returns the conversation the
   * message landed in (NO_CONVERSATION if dropped). An address is bound to a non-closed
   * conversation exactly when it is one of its non-chat participants (SPEC 3), so when the
   * conversation is that, its record answers and the address's binding is not read: one random
   * read fewer per SMS or WhatsApp message, which matters once millions of customers have come.
   */
  inboundMessageIn(address: number, conversation: Handle): Handle {
    const slot = this.writableSlot(conversation);
    if (slot >= 0 && this.table.hasMember(slot, nonChatKey(address))) {
      this.activity(slot);
      return conversation;
    }
    this.inboundMessage(address);
    return this.boundConversation(address);
  }

  // ---- removal (SPEC 8; needs retainClosed)

  /**
   * Deletes a conversation in any state. A non-closed one frees its participants' identity
   * places and address bindings at once, as closing does, but records no state change and sends
   * no webhook. Afterwards every request naming it gets 20404, and its addresses' next inbound
   * messages autocreate unlinked conversations.
   */
  deleteConversation(conversation: Handle): Outcome {
    const slot = this.existingSlot(conversation);
    if (slot < 0) return ErrorCode.NotFound;
    const t = this.table;
    const state = t.state(slot);
    if (state !== CLOSED) {
      this.census.moved(state, CLOSED, this.clock.nowS);
      for (let i = 0, n = t.members(slot); i < n; i++) this.leaveForgotten(t.member(slot, i));
    } else {
      // Its addresses' bindings ended when it closed; a deleted conversation is linked to nothing.
      const serial = t.serial[slot]!;
      for (let i = 0, n = t.members(slot); i < n; i++) {
        const key = t.member(slot, i);
        if ((key & 1) === 1 && this.registry.lastSerialOf(key >>> 1) === serial) this.registry.forget(key >>> 1);
      }
    }
    this.listener.deleted?.(conversation);
    t.release(slot);
    return OK;
  }

  /** Removes a chat participant: its place counts no more toward its 1000 at once. Not activity. */
  removeChatParticipant(conversation: Handle, identity: number): Outcome {
    return this.removeMember(conversation, chatKey(identity));
  }

  /** Removes a non-chat participant: its address is unbound at once (and unlinked). Not activity. */
  removeNonChatParticipant(conversation: Handle, address: number): Outcome {
    return this.removeMember(conversation, nonChatKey(address));
  }

  private removeMember(conversation: Handle, key: number): Outcome {
    const slot = this.existingSlot(conversation);
    const t = this.table;
    // The lookup first: a participant not in the conversation is 20404 even when it is closed.
    if (slot < 0 || !t.hasMember(slot, key)) return ErrorCode.NotFound;
    if (t.state(slot) === CLOSED) return ErrorCode.Closed;
    t.removeMember(slot, key, (key & 1) === 1);
    this.leaveForgotten(key);
    return OK;
  }

  /** The slot of a conversation that exists (not deleted), closed or not; -1 otherwise. */
  private existingSlot(conversation: Handle): number {
    if (!this.retainClosed) throw new Error('deleting conversations and removing participants needs an engine built with retainClosed');
    return conversation === NO_CONVERSATION ? -1 : this.table.slotOf(conversation);
  }

  // ---- timers

  /** Called by the queue when an entry armed for `slot` comes due at the current time. */
  timerDue(slot: number): void {
    const t = this.table;
    const nowS = this.clock.nowS;
    // Only the latest entry counts; earlier arms of a moved deadline are stale (lazy re-arm).
    if (t.queuedAtS(slot) !== nowS) return;
    t.setQueuedAtS(slot, NO_DEADLINE);
    const deadline = t.deadline(slot);
    if (deadline === NO_DEADLINE) return;
    if (deadline > nowS) {
      // The clock was restarted since this entry was queued: queue it again for the new deadline.
      this.arm(slot, deadline);
      return;
    }
    if (deadline < nowS) throw new Error(`conversation slot ${slot} missed its deadline ${deadline} s (now ${nowS} s)`);
    this.due.add(slot);
  }

  /**
   * Fires the timers collected by timerDue, in the order their deadlines were set (engine/due.ts):
   * what one setTimeout per clock would do.
   */
  fireDueTimers(): void {
    const due = this.due;
    if (due.count === 0) return;
    const n = due.take(this.table, this.arms);
    const slots = due.slots;
    for (let i = 0; i < n; i++) this.fire(slots[i]!);
  }

  private fire(slot: number): void {
    const t = this.table;
    this.fired++;
    const from = t.state(slot);
    const p = t.profile(slot);
    const inactiveS = this.profiles.inactiveS[p]!;
    const to = stateWhenDue(from, inactiveS);
    if (to === CLOSED) {
      this.close(slot, TIMER, true);
      return;
    }
    this.changeState(slot, from, to, TIMER, true);
    // Entering inactive starts the chained closed clock.
    this.setDeadline(slot, restartedDeadline(to, inactiveS, this.profiles.closedS[p]!, this.clock.nowS));
  }

  /** A look ahead (sim/scheduler.ts): timer entries of these slots (slots[0 .. count)) are about to come due; reads their records (their state bytes). */
  lookAheadAtSlots(slots: Int32Array, count: number): void {
    const t = this.table;
    let x = this.looked;
    for (let i = 0; i < count; i++) x ^= t.state(slots[i]!);
    this.looked = x;
  }

  /** A look ahead: inbound messages from these addresses (addresses[0 .. count)) are about to come; reads their bindings. */
  lookAheadAddresses(addresses: Int32Array, count: number): void {
    const r = this.registry;
    let x = this.looked;
    for (let i = 0; i < count; i++) x ^= r.boundSlotOf(addresses[i]!);
    this.looked = x;
  }

  /** A look ahead: requests on these conversations (handles[0 .. count)) are about to come; reads their records (a stale handle's slot's in vain; none for NO_CONVERSATION). */
  lookAheadAtEach(handles: Float64Array, count: number): void {
    const t = this.table;
    let x = this.looked;
    for (let i = 0; i < count; i++) x ^= t.stateAtHandle(handles[i]!);
    this.looked = x;
  }

  // ---- queries

  /** The conversation the last successful createConversation made. */
  get lastCreated(): Handle {
    return this.created;
  }

  /** Timer entries that really changed a state (re-armed entries are not counted). */
  get timersFired(): number {
    return this.fired;
  }

  /** The non-closed conversation a non-chat address is bound to (SPEC 3), or NO_CONVERSATION. */
  boundConversation(address: number): Handle {
    const slot = this.registry.boundSlotOf(address);
    return slot < 0 ? NO_CONVERSATION : this.table.handleOf(slot);
  }

  /** How many non-closed conversations a chat identity is in (the 1000 limit, SPEC 3). */
  openConversationsOf(identity: number): number {
    return this.registry.openConversationsOf(identity);
  }

  /** Open conversations by state, their peaks, the time spent open, the busiest identity: read-only. */
  get counters(): Counters {
    return this.census;
  }

  /**
   * Keeps a time-weighted distribution of the open counts of identities 0 .. identities-1 from
   * `fromS` (counters.identityLevelSeconds): a report's agents. Call before the first request.
   */
  trackIdentities(identities: number, fromS: number): void {
    this.census.trackIdentities(identities, fromS);
  }

  /** The most open conversations any identity had since the last call (a metrics interval); starts over. */
  takeIdentityPeak(): number {
    return this.census.takeIdentityPeak();
  }

  /** Bytes the conversation table and the participant registry hold, for memory reports. */
  get bytes(): { readonly table: number; readonly registry: number } {
    return { table: this.table.bytes, registry: this.registry.bytes };
  }

  view(conversation: Handle): ConversationView | undefined {
    const slot = this.table.slotOf(conversation);
    if (conversation === NO_CONVERSATION || slot < 0) return undefined;
    const t = this.table;
    const state = t.state(slot);
    const inactiveS = this.profiles.inactiveS[t.profile(slot)]!;
    const closedS = this.profiles.closedS[t.profile(slot)]!;
    const deadline = t.deadline(slot);
    const dateInactive = dateInactiveS(state, inactiveS, deadline);
    const dateClosed = dateClosedS(state, inactiveS, closedS, deadline);
    return {
      serial: t.serial[slot]!,
      state,
      inactiveTimerS: inactiveS,
      closedTimerS: closedS,
      dateInactiveS: dateInactive === NO_DEADLINE ? undefined : dateInactive,
      dateClosedS: dateClosed === NO_DEADLINE ? undefined : dateClosed,
      participants: t.members(slot),
      nonChatParticipants: t.nonChatMembers(slot),
    };
  }

  // ---- internals

  /** A participant of a closing conversation frees its identity's place or its address's binding. */
  private leave(key: number): void {
    if ((key & 1) === 0) this.census.identityLeft(this.registry.left(key >>> 1), key >>> 1);
    else this.registry.unbind(key >>> 1);
  }

  /** A participant leaves otherwise than by a close (SPEC 8): its place or binding is freed, and an address is unlinked. */
  private leaveForgotten(key: number): void {
    this.leave(key);
    if ((key & 1) === 1) this.registry.forget(key >>> 1);
  }

  /** The slot of a conversation that can be written to, or minus the code that refuses it. */
  private writableSlot(conversation: Handle): number {
    if (conversation === NO_CONVERSATION) return -ErrorCode.NotFound;
    const slot = this.table.slotOf(conversation);
    // A stale handle: without retainClosed, its conversation closed (the slot was released then);
    // with it, closed conversations keep their slot, so a stale handle means deleted.
    if (slot < 0) return this.retainClosed ? -ErrorCode.NotFound : -ErrorCode.Closed;
    return this.table.state(slot) === CLOSED ? -ErrorCode.Closed : slot;
  }

  /** A new message (SPEC 2.1), or a participant add when that counts as activity (SPEC 3). */
  private activity(slot: number): void {
    const t = this.table;
    if (t.state(slot) === INACTIVE) this.changeState(slot, INACTIVE, ACTIVE, EVENT, true);
    const p = t.profile(slot);
    const deadline = deadlineAfterActivity(this.profiles.inactiveS[p]!, this.profiles.closedS[p]!, this.clock.nowS, this.current.closedOnlyClock);
    if (deadline !== KEEP) this.setDeadline(slot, deadline);
  }

  /** Closing frees the identities' places and the addresses' bindings at once (SPEC 3), then the slot. */
  private close(slot: number, reason: ReasonCode, webhook: boolean): void {
    const t = this.table;
    const from = t.state(slot);
    this.census.moved(from, CLOSED, this.clock.nowS);
    // The deadline goes with the slot on release; a closed conversation shows no dates meanwhile.
    t.setState(slot, CLOSED);
    for (let i = 0, n = t.members(slot); i < n; i++) this.leave(t.member(slot, i));
    // The listener may still read the closed conversation's participants; the slot goes after,
    // or stays until deleted (retainClosed), with its timers and participants but no deadline.
    this.listener.transition(t.handleOf(slot), from, CLOSED, reason, webhook);
    if (this.retainClosed) t.setDeadline(slot, NO_DEADLINE);
    else t.release(slot);
  }

  /** A state change short of closing: the record, the census, then the listener. */
  private changeState(slot: number, from: StateCode, to: StateCode, reason: ReasonCode, webhook: boolean): void {
    this.table.setState(slot, to);
    this.census.moved(from, to, this.clock.nowS);
    this.listener.transition(this.table.handleOf(slot), from, to, reason, webhook);
  }

  /** A clock (re)starts: the new deadline, in the order of all deadlines set. */
  private setDeadline(slot: number, deadline: number): void {
    const t = this.table;
    t.setDeadline(slot, deadline);
    t.setArmSeq(slot, ++this.arms);
    // A later deadline waits for the queued entry to come due and re-arms then; an earlier one
    // (a first timer, a shorter timer) needs an entry of its own.
    if (deadline !== NO_DEADLINE && (t.queuedAtS(slot) === NO_DEADLINE || deadline < t.queuedAtS(slot))) this.arm(slot, deadline);
  }

  private arm(slot: number, atS: number): void {
    this.table.setQueuedAtS(slot, atS);
    this.timers.arm(slot, atS);
  }
}
