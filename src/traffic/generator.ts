// The application and its users, generated: customers arrive, an agent is assigned, they trade
// messages, the application may change the state by REST, and customers come back after a
// pause. It drives the engine through the same requests as a script; every rule stays there.
//
// A visit is one exchange of messages by one customer. A visit is a 16-byte record in one buffer
// (no object per visit or per event), its customer's channel copied in: a message reads one
// record, not a field from each of several arrays and the customer's channel, which matters once
// visits and customers outgrow the caches. 16 bytes, not the 24 its fields would take side by
// side: four records to a cache line and none across two. An event's payload is its visit's id.
//
// A customer who will come back waits in a record of a second buffer, and the visit's record is
// freed: the visits exchanging messages then take the ids the visits that ended last left (a
// stack), a few hundred kilobytes, small enough for a core's own cache beside the conversations'
// records, instead of being scattered among the hundreds of thousands of waiting customers'
// records (the 1e7 contact centre: at most 24,000 visits in progress, 384 KB, and 172,000
// waiting; 1.5-3% of that run's time, README's Benchmarks).

import { OK, type ErrorCode, type Outcome } from '../engine/codes.js';
import type { Engine, UpdateRequest } from '../engine/engine.js';
import { ACTIVE } from '../engine/states.js';
import { NO_CONVERSATION, type Handle } from '../engine/table.js';
import type { Random } from '../sim/random.js';
import { CapacityExceeded } from '../util/capacity.js';
import { ID_BITS, ID_LIMIT } from '../util/limits.js';
import { grown, replaceable } from '../util/typed-arrays.js';
import { Arrivals } from './arrivals.js';
import { sampler, type Sampler } from './distributions.js';
import type { TrafficSpec } from './types.js';

// The generator's own event kinds (the run loop keeps the engine's timers apart).
const KIND_ARRIVAL = 0;
const KIND_MESSAGE = 1;
const KIND_REST = 2;
const KIND_RETURN = 3;

/** Where the generator queues its events: the run loop (run/loop.ts), which hands them back to `dispatch`. */
export interface Timeline {
  readonly nowS: number;
  /** Queues an event, unless it falls after the run's horizon (`until`). */
  schedule(atS: number, kind: number, payload: number): unknown;
}

// A visit's record, read through two views of one buffer (as the conversation table does):
//   bytes 0-3 i32 who (below), 4-7 i32 messages left, 8-15 f64 conversation.
const VISIT_BYTES = 16;
const I32_STRIDE = VISIT_BYTES / 4;
const F64_STRIDE = VISIT_BYTES / 8;
const WHO = 0; // i32
const MESSAGES_LEFT = 1; // i32
const CONVERSATION = 1; // f64
/**
 * Who: the customer's id (below ID_LIMIT: the scenario checks cap the pool there), whether the
 * customer writes inbound (SMS, WhatsApp) rather than in the conversation (chat), and whose turn
 * it is, in the two bits above the id; each message flips the turn. `who >>> TURN_SHIFT` is 0 or
 * 1 for a chat customer (whose turn: the customer's, the agent's), 2 or 3 for a non-chat one.
 */
const CUSTOMER_BITS = ID_LIMIT - 1;
const TURN_SHIFT = ID_BITS;
const AGENT_TURN = 1 << TURN_SHIFT;
const NON_CHAT = 2 << TURN_SHIFT;
const NON_CHAT_CUSTOMER_TURN = NON_CHAT >>> TURN_SHIFT;

/**
 * A visit's id travels in its events' payloads; the records of all visits form one typed array
 * (at most 2^32 bytes on Node 20), and those of the customers waiting to come back another.
 */
const MAX_VISITS = Math.min(ID_LIMIT, Math.floor(2 ** 32 / VISIT_BYTES));

/** Customer channels as stored: chat, sms, whatsapp. */
const CHAT = 1;
const CHANNEL_NAMES = ['', 'chat', 'sms', 'whatsapp'] as const;

/** The request a rejection answered. */
export type RejectedAction = 'createConversation' | 'addParticipant' | 'message' | 'updateConversation';

/** What the generator reports besides engine state changes (metrics, and the trace if kept). */
export interface TrafficObserver {
  arrival(): void;
  message(): void;
  restUpdate(): void;
  created(conversation: Handle): void;
  rejected(action: RejectedAction, conversation: Handle, code: ErrorCode): void;
}

export class TrafficGenerator {
  private readonly arrivals: Arrivals;
  private readonly perVisit: Sampler;
  private readonly gap: Sampler;
  private readonly pause: Sampler | undefined;
  private readonly restDelay: Sampler | undefined;
  private readonly restRequest: UpdateRequest | undefined;
  private readonly timerMix: readonly { readonly inactiveS: number; readonly closedS: number }[];
  private readonly timerCumulative: number[];
  private readonly channelCumulative: number[];
  /**
   * Channel of each customer who has arrived, by customer id. Ids are given in order of first
   * arrival, so this (and the engine's per-identity state) grows with the customers who come,
   * not with the pool.
   */
  private channelOf = new Uint8Array(1024);
  /** Customers who have arrived at least once: ids 0 .. customersSeen - 1. */
  private customersSeen = 0;
  private nextAgent = 0;

  /** Visits, by id: records of VISIT_BYTES (see above), through a view for each width. */
  private visitI32 = new Int32Array(1024 * I32_STRIDE);
  private visitF64 = new Float64Array(this.visitI32.buffer);
  private freeVisits: number[] = [];
  /**
   * Customers waiting to come back, by id (the payload of their returns): records of the same
   * layout (who, conversation), apart from the visits in progress so that these stay few and
   * close together (see the head of this file).
   */
  private waitI32 = new Int32Array(1024 * I32_STRIDE);
  private waitF64 = new Float64Array(this.waitI32.buffer);
  private freeWaits: number[] = [];
  private waitsUsed = 0;
  /** Scratch for the look ahead: the conversations of the next instant's events. */
  private aheadHandles = new Float64Array(256);
  private aheadAddresses = new Int32Array(256);
  private visitsUsed = 0;

  constructor(
    private readonly spec: TrafficSpec,
    private readonly engine: Engine,
    private readonly loop: Timeline,
    private readonly random: Random,
    private readonly observer: TrafficObserver,
  ) {
    this.arrivals = new Arrivals(spec.arrivals, random);
    this.perVisit = sampler(spec.messages.perVisit);
    this.gap = sampler(spec.messages.gap);
    this.pause = spec.returns === undefined ? undefined : sampler(spec.returns.pause);
    this.restDelay = spec.afterLastMessage === undefined ? undefined : sampler(spec.afterLastMessage.delay);
    this.restRequest =
      spec.afterLastMessage === undefined ? undefined : { state: spec.afterLastMessage.state, webhookEnabled: spec.afterLastMessage.webhookEnabled };
    const settings = engine.settings;
    const mix = spec.timers ?? [{ weight: 1, inactiveS: settings.defaultInactiveS, closedS: settings.defaultClosedS }];
    this.timerMix = mix;
    this.timerCumulative = cumulate(mix.map((m) => m.weight));
    this.channelCumulative = cumulate(spec.customers.channelWeights);
    // Replaced when they grow, mid-run: ordinary fields from the start (see `replaceable`).
    this.channelOf = replaceable(this.channelOf);
    this.visitI32 = replaceable(this.visitI32);
    this.visitF64 = new Float64Array(this.visitI32.buffer);
    this.waitI32 = replaceable(this.waitI32);
    this.waitF64 = new Float64Array(this.waitI32.buffer);
  }

  /** Customers who have arrived so far (ids 0 to this - 1): what the per-customer state holds. */
  get customersArrived(): number {
    return this.customersSeen;
  }

  /** Records ever taken: of visits in progress, of customers waiting to come back (each the most there were at once). */
  get records(): { readonly visits: number; readonly waiting: number } {
    return { visits: this.visitsUsed, waiting: this.waitsUsed };
  }

  /** The channel and address of a non-chat customer's address id (for traces). */
  addressOf(address: number): { channel: 'sms' | 'whatsapp'; address: string } {
    return { channel: CHANNEL_NAMES[this.channelOf[address]!] as 'sms' | 'whatsapp', address: `+1${String(5_550_000_000 + address)}` };
  }

  start(): void {
    this.scheduleArrival();
  }

  dispatch(kind: number, visit: number): void {
    switch (kind) {
      case KIND_ARRIVAL:
        this.arrive();
        break;
      case KIND_MESSAGE:
        this.message(visit);
        break;
      case KIND_REST:
        this.rest(visit);
        break;
      case KIND_RETURN:
        this.startVisit(this.comeBack(visit), false);
        break;
    }
  }

  /**
   * The next instant's events are about to run (run/loop.ts): reads their visits' records in one
   * pass, then has the engine read their conversations' records in a second and the bindings of
   * the non-chat customers about to come back in a third, so that the reads of a pass do not wait
   * on each other.
   */
  lookAhead(events: Int32Array, count: number): void {
    if (this.aheadHandles.length < count) {
      this.aheadHandles = new Float64Array(count * 2);
      this.aheadAddresses = new Int32Array(count * 2);
    }
    const handles = this.aheadHandles;
    const addresses = this.aheadAddresses;
    const records = this.visitF64;
    const waiting = this.waitF64;
    const waitingWho = this.waitI32;
    let n = 0;
    let m = 0;
    for (let i = 0; i < count; i++) {
      const packed = events[i]!;
      const kind = packed & 7;
      if (kind === KIND_ARRIVAL) continue;
      const v = packed >>> 3;
      if (kind !== KIND_RETURN) handles[n++] = records[v * F64_STRIDE + CONVERSATION]!;
      else {
        handles[n++] = waiting[v * F64_STRIDE + CONVERSATION]!;
        // A non-chat customer's return reads the address's binding (a message reads the
        // conversation's record instead: Engine.inboundMessageIn).
        const who = waitingWho[v * I32_STRIDE + WHO]!;
        if ((who & NON_CHAT) !== 0) addresses[m++] = who & CUSTOMER_BITS;
      }
    }
    this.engine.lookAheadAtEach(handles, n);
    if (m > 0) this.engine.lookAheadAddresses(addresses, m);
  }

  private scheduleArrival(): void {
    this.later(this.arrivals.nextS(), KIND_ARRIVAL, 0);
  }

  /**
   * Queues an event of the visit at `atS`. The loop drops one after `until`: it could never run,
   * and a heavy-tailed draw (a lognormal pause with a large sigma) may land centuries away, past
   * what the event core holds. The draw is made either way, so the random stream stays the same.
   */
  private later(atS: number, kind: number, visit: number): void {
    this.loop.schedule(atS, kind, visit);
  }

  private arrive(): void {
    this.observer.arrival();
    this.scheduleArrival();
    const c = this.customerArriving();
    const v = this.newVisit(c, NO_CONVERSATION);
    this.startVisit(v, true);
  }

  /**
   * The arriving customer, drawn uniformly from the pool. A pool member is named by the order of
   * its first arrival: a draw below the number seen so far is that returning customer, any other
   * is a new one, who gets the next id and draws a channel. The chance of each customer is the
   * same as picking one of `count` at random (1/count each for those seen, the rest new), with
   * no per-customer state for those who never come.
   */
  private customerArriving(): number {
    const x = this.random.int(this.spec.customers.count);
    if (x < this.customersSeen) return x;
    const c = this.customersSeen++;
    if (c === this.channelOf.length) this.channelOf = grown(this.channelOf, c * 2);
    this.channelOf[c] = 1 + pick(this.channelCumulative, this.random);
    return c;
  }

  /** A visit begins with the customer's message, now; in a new conversation on arrival. */
  private startVisit(v: number, arriving: boolean): void {
    const i = v * I32_STRIDE;
    const ints = this.visitI32;
    const who = ints[i + WHO]!;
    const c = who & CUSTOMER_BITS;
    // A returning customer's kind is in the record still: no read of the customer's channel.
    const nonChat = !arriving ? who & NON_CHAT : this.channelOf[c] === CHAT ? 0 : NON_CHAT;
    ints[i + MESSAGES_LEFT] = Math.max(1, this.perVisit.draw(this.random));
    ints[i + WHO] = c | nonChat; // the customer's turn
    if (nonChat !== 0) {
      const bound = this.engine.boundConversation(c);
      if (bound !== NO_CONVERSATION) this.visitF64[v * F64_STRIDE + CONVERSATION] = bound;
      // A returning non-chat customer with no open conversation just writes: autocreation.
      else if (arriving) this.openConversation(v);
    } else if (arriving) this.openConversation(v);
    this.message(v);
  }

  private openConversation(v: number): void {
    const e = this.engine;
    const profile = this.timerMix[this.timerMix.length === 1 ? 0 : pick(this.timerCumulative, this.random)]!;
    const h = e.open(ACTIVE, profile.inactiveS, profile.closedS);
    this.visitF64[v * F64_STRIDE + CONVERSATION] = h;
    this.observer.created(h);
    const agents = this.spec.agents;
    const agent = agents.assignment === 'random' ? this.random.int(agents.count) : this.nextAgent++ % agents.count;
    this.check('addParticipant', h, e.addChatParticipant(h, agent));
    const c = this.visitI32[v * I32_STRIDE + WHO]! & CUSTOMER_BITS;
    this.check('addParticipant', h, this.channelOf[c] === CHAT ? e.addChatParticipant(h, agents.count + c) : e.addNonChatParticipant(h, c));
  }

  private message(v: number): void {
    const e = this.engine;
    const i = v * I32_STRIDE;
    const f = v * F64_STRIDE + CONVERSATION;
    const ints = this.visitI32;
    this.observer.message();
    const who = ints[i + WHO]!;
    ints[i + WHO] = who ^ AGENT_TURN;
    if (who >>> TURN_SHIFT === NON_CHAT_CUSTOMER_TURN) {
      this.visitF64[f] = e.inboundMessageIn(who & CUSTOMER_BITS, this.visitF64[f]!);
    } else {
      // The agent's message or a chat customer's: the same request, and whose it was matters only
      // when it is refused (a branch on the turn here would go either way, event by event).
      const outcome = e.message(this.visitF64[f]!);
      if (outcome !== OK) {
        this.check('message', this.visitF64[f]!, outcome);
        if ((who & AGENT_TURN) === 0) {
          // The chat customer's conversation closed meanwhile: the application starts a new one.
          this.openConversation(v);
          const h = this.visitF64[f]!;
          this.check('message', h, e.message(h));
        }
      }
    }
    if (--ints[i + MESSAGES_LEFT]! > 0) {
      this.later(this.loop.nowS + this.gap.draw(this.random), KIND_MESSAGE, v);
      return;
    }
    const after = this.spec.afterLastMessage;
    if (after !== undefined && this.random.float() < after.probability) {
      this.later(this.loop.nowS + this.restDelay!.draw(this.random), KIND_REST, v);
    } else this.endVisit(v);
  }

  private rest(v: number): void {
    this.observer.restUpdate();
    const h = this.visitF64[v * F64_STRIDE + CONVERSATION]!;
    this.check('updateConversation', h, this.engine.updateConversation(h, this.restRequest!));
    this.endVisit(v);
  }

  /** The customer comes back after a pause (waiting meanwhile in a record of its own), or is done. */
  private endVisit(v: number): void {
    const returns = this.spec.returns;
    if (returns !== undefined && this.random.float() < returns.probability) {
      const w = this.freeWaits.pop() ?? this.newRecord(true);
      this.waitI32[w * I32_STRIDE + WHO] = this.visitI32[v * I32_STRIDE + WHO]!;
      this.waitF64[w * F64_STRIDE + CONVERSATION] = this.visitF64[v * F64_STRIDE + CONVERSATION]!;
      this.later(this.loop.nowS + this.pause!.draw(this.random), KIND_RETURN, w);
    }
    this.freeVisits.push(v);
  }

  /** A waiting customer comes back: a visit in progress again, with its who and conversation. */
  private comeBack(w: number): number {
    const v = this.newVisit(this.waitI32[w * I32_STRIDE + WHO]!, this.waitF64[w * F64_STRIDE + CONVERSATION]!);
    this.freeWaits.push(w);
    return v;
  }

  private check(action: 'addParticipant' | 'message' | 'updateConversation', conversation: Handle, outcome: Outcome): void {
    if (outcome !== OK) this.observer.rejected(action, conversation, outcome);
  }

  /** A visit record holding `who` (a customer's id, and what the bits above it say) and `conversation`. */
  private newVisit(who: number, conversation: Handle): number {
    const v = this.freeVisits.pop() ?? this.newRecord(false);
    this.visitI32[v * I32_STRIDE + WHO] = who;
    this.visitF64[v * F64_STRIDE + CONVERSATION] = conversation;
    return v;
  }

  /** The id after the last used of the visits' records (waiting: the waiting customers'), the buffer grown if full. */
  private newRecord(waiting: boolean): number {
    const id = waiting ? this.waitsUsed++ : this.visitsUsed++;
    if (id === MAX_VISITS) throw new CapacityExceeded(waiting ? 'customers waiting to come back at once' : 'visits in progress at once', MAX_VISITS);
    const records = waiting ? this.waitI32 : this.visitI32;
    if (id * I32_STRIDE === records.length) {
      const room = grown(records, Math.min(id * 2, MAX_VISITS) * I32_STRIDE);
      if (waiting) {
        this.waitI32 = room;
        this.waitF64 = new Float64Array(room.buffer);
      } else {
        this.visitI32 = room;
        this.visitF64 = new Float64Array(room.buffer);
      }
    }
    return id;
  }
}

/** Running sums of weights. */
function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** An index drawn with probability proportional to its weight, from running sums. */
function pick(cumulative: readonly number[], random: Random): number {
  const x = random.float() * cumulative[cumulative.length - 1]!;
  let i = 0;
  while (i < cumulative.length - 1 && x >= cumulative[i]!) i++;
  return i;
}
