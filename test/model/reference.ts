// A reference model of SPEC.md, written to be obviously right rather than fast: an object per
// conversation with SPEC 2.1's two clocks as separate fields, timers found by scanning every
// conversation, participants as sets, limits by counting. It shares no code with the engine
// except the duration parser (itself tested against literal values).

import { parseDurationS } from '../../src/engine/duration.js';

export type State = 'active' | 'inactive' | 'closed';
export type Reason = 'TIMER' | 'EVENT' | 'API';

export interface ModelSettings {
  defaultInactiveS: number;
  defaultClosedS: number;
  autoCreation: boolean;
  closedOnlyClock: 'since-creation' | 'since-last-message';
  participantAddIsActivity: boolean;
}

export interface Change {
  conversation: number;
  from: State;
  to: State;
  reason: Reason;
  webhook: boolean;
}

interface Clock {
  startS: number;
  /** When it was started, in the order of all clock starts: simultaneous timers fire in this order. */
  order: number;
}

export interface ModelConversation {
  id: number;
  state: State;
  inactiveS: number;
  closedS: number;
  /** The inactive clock: runs while active with the inactive timer set. */
  inactiveClock: Clock | undefined;
  /** The closed clock: chained (runs while inactive) or closed-only (runs while not closed). */
  closedClock: Clock | undefined;
  chat: Set<number>;
  nonChat: Set<number>;
  /** SPEC 8: deleted, so gone from every lookup. */
  deleted: boolean;
}

export class Model {
  nowS = 0;
  readonly conversations: ModelConversation[] = [];
  /** Changes since the last call to takeChanges. */
  private changes: Change[] = [];
  private starts = 0;

  constructor(readonly settings: ModelSettings) {}

  takeChanges(): Change[] {
    const c = this.changes;
    this.changes = [];
    return c;
  }

  open(): ModelConversation[] {
    return this.conversations.filter((c) => c.state !== 'closed' && !c.deleted);
  }

  /** A conversation that exists (created, not deleted). */
  get(id: number): ModelConversation | undefined {
    const c = this.conversations[id];
    return c === undefined || c.deleted ? undefined : c;
  }

  /** Per address, the conversation it was last bound to while that binding ended by a close or is current (SPEC 4, 8). */
  private readonly lastBound = new Map<number, number>();

  identityCount(identity: number): number {
    return this.open().filter((c) => c.chat.has(identity)).length;
  }

  boundTo(address: number): ModelConversation | undefined {
    return this.open().find((c) => c.nonChat.has(address));
  }

  // ---- requests: each returns 0 or the error code, and changes nothing when it rejects

  create(state: string | undefined, timers: { inactive?: string; closed?: string } | undefined): number {
    if (state === 'closed') return 50384;
    if (state !== undefined && state !== 'active' && state !== 'inactive') return 50378;
    const t = this.timers(timers, this.settings.defaultInactiveS, this.settings.defaultClosedS);
    if (typeof t === 'number') return t;
    this.add((state ?? 'active') as State, t.inactiveS, t.closedS);
    return 0;
  }

  update(id: number, state: string | undefined, timers: { inactive?: string; closed?: string } | undefined, webhookEnabled: boolean): number {
    const c = this.get(id);
    if (c === undefined) return 20404;
    if (c.state === 'closed') return 50377;
    if (state !== undefined && state !== 'active' && state !== 'inactive' && state !== 'closed') return 50378;
    const t = this.timers(timers, c.inactiveS, c.closedS);
    if (typeof t === 'number') return t;
    c.inactiveS = t.inactiveS;
    c.closedS = t.closedS;
    const to = (state ?? c.state) as State;
    if (to !== c.state) this.change(c, to, 'API', webhookEnabled);
    // A manual change, even to the same state, and a timer update restart the clocks.
    if (to !== 'closed') this.restartClocks(c);
    return 0;
  }

  message(id: number): number {
    const c = this.get(id);
    if (c === undefined) return 20404;
    if (c.state === 'closed') return 50377;
    this.activity(c);
    return 0;
  }

  addChat(id: number, identity: number): number {
    const c = this.get(id);
    if (c === undefined) return 20404;
    if (c.state === 'closed') return 50377;
    if (c.chat.has(identity)) return 50433;
    if (c.chat.size + c.nonChat.size >= 1000) return 50417;
    if (this.identityCount(identity) >= 1000) return 50214;
    c.chat.add(identity);
    if (this.settings.participantAddIsActivity) this.activity(c);
    return 0;
  }

  addNonChat(id: number, address: number): number {
    const c = this.get(id);
    if (c === undefined) return 20404;
    if (c.state === 'closed') return 50377;
    if (this.boundTo(address) !== undefined) return 50416;
    if (c.chat.size + c.nonChat.size >= 1000) return 50417;
    if (c.nonChat.size >= 50) return 50418;
    c.nonChat.add(address);
    this.lastBound.set(address, c.id);
    if (this.settings.participantAddIsActivity) this.activity(c);
    return 0;
  }

  /** SPEC 8: any state; frees places and bindings of a non-closed one; no change, no webhook. */
  delete(id: number): number {
    const c = this.get(id);
    if (c === undefined) return 20404;
    c.deleted = true;
    c.inactiveClock = undefined;
    c.closedClock = undefined;
    for (const a of c.nonChat) if (this.lastBound.get(a) === c.id) this.lastBound.delete(a);
    return 0;
  }

  /** SPEC 8: the lookup first (20404, closed or not), then closed (50377); not activity. */
  removeChat(id: number, identity: number): number {
    const c = this.get(id);
    if (c === undefined || !c.chat.has(identity)) return 20404;
    if (c.state === 'closed') return 50377;
    c.chat.delete(identity);
    return 0;
  }

  removeNonChat(id: number, address: number): number {
    const c = this.get(id);
    if (c === undefined || !c.nonChat.has(address)) return 20404;
    if (c.state === 'closed') return 50377;
    c.nonChat.delete(address);
    this.lastBound.delete(address);
    return 0;
  }

  /** Returns 'routed', 'autocreated' (with the closed conversation it links to, if any) or 'dropped'. */
  inbound(address: number): string {
    const c = this.boundTo(address);
    if (c !== undefined) {
      this.activity(c);
      return 'routed';
    }
    if (!this.settings.autoCreation) return 'dropped';
    const previous = this.lastBound.get(address);
    const created = this.add('active', this.settings.defaultInactiveS, this.settings.defaultClosedS);
    created.nonChat.add(address);
    this.lastBound.set(address, created.id);
    return `autocreated:${previous ?? 'none'}`;
  }

  // ---- time

  /** The earliest time a clock is due, or Infinity. */
  nextDueS(): number {
    let next = Infinity;
    for (const c of this.open()) {
      for (const [clock, length] of this.runningClocks(c)) next = Math.min(next, clock.startS + length);
    }
    return next;
  }

  /** Moves time to `toS`, firing every clock due on the way, in time order then start order. */
  advance(toS: number): void {
    for (;;) {
      const t = this.nextDueS();
      if (t > toS) break;
      this.nowS = t;
      const due: { c: ModelConversation; order: number }[] = [];
      for (const c of this.open()) {
        for (const [clock, length] of this.runningClocks(c)) if (clock.startS + length === t) due.push({ c, order: clock.order });
      }
      due.sort((a, b) => a.order - b.order);
      for (const { c } of due) this.fire(c);
    }
    this.nowS = toS;
  }

  /** What the API shows in timers.date_inactive / date_closed, as offsets (SPEC 2.3). */
  dates(c: ModelConversation): { dateInactiveS: number | undefined; dateClosedS: number | undefined } {
    if (c.state === 'active' && c.inactiveS > 0) {
      const dateInactiveS = c.inactiveClock!.startS + c.inactiveS;
      return { dateInactiveS, dateClosedS: c.closedS > 0 ? dateInactiveS + c.closedS : undefined };
    }
    if (c.state !== 'closed' && c.closedClock !== undefined && c.closedS > 0) return { dateInactiveS: undefined, dateClosedS: c.closedClock.startS + c.closedS };
    return { dateInactiveS: undefined, dateClosedS: undefined };
  }

  // ---- the rules

  private add(state: State, inactiveS: number, closedS: number): ModelConversation {
    const c: ModelConversation = {
      id: this.conversations.length,
      state,
      inactiveS,
      closedS,
      inactiveClock: undefined,
      closedClock: undefined,
      chat: new Set(),
      nonChat: new Set(),
      deleted: false,
    };
    this.conversations.push(c);
    this.restartClocks(c);
    return c;
  }

  /** The clocks that run now, with their lengths. */
  private runningClocks(c: ModelConversation): [Clock, number][] {
    const running: [Clock, number][] = [];
    if (c.state === 'active' && c.inactiveS > 0 && c.inactiveClock) running.push([c.inactiveClock, c.inactiveS]);
    const closedRuns = c.closedS > 0 && (c.inactiveS > 0 ? c.state === 'inactive' : c.state !== 'closed');
    if (closedRuns && c.closedClock) running.push([c.closedClock, c.closedS]);
    return running;
  }

  private start(): Clock {
    return { startS: this.nowS, order: ++this.starts };
  }

  /** Creation, a REST change or a timer update: whichever clocks run now start from zero. */
  private restartClocks(c: ModelConversation): void {
    c.inactiveClock = c.state === 'active' && c.inactiveS > 0 ? this.start() : undefined;
    const closedRuns = c.closedS > 0 && (c.inactiveS > 0 ? c.state === 'inactive' : true);
    c.closedClock = closedRuns ? this.start() : undefined;
  }

  /** A new message (or an add, with the switch): reactivate, restart the inactive clock. */
  private activity(c: ModelConversation): void {
    if (c.state === 'inactive') this.change(c, 'active', 'EVENT', true);
    if (c.inactiveS > 0) {
      c.inactiveClock = this.start();
      c.closedClock = undefined; // a chained closed clock stops on leaving inactive
    } else if (c.closedS > 0 && this.settings.closedOnlyClock === 'since-last-message') c.closedClock = this.start();
  }

  private fire(c: ModelConversation): void {
    if (c.state === 'active' && c.inactiveS > 0) {
      this.change(c, 'inactive', 'TIMER', true);
      c.inactiveClock = undefined;
      c.closedClock = c.closedS > 0 ? this.start() : undefined;
    } else this.change(c, 'closed', 'TIMER', true);
  }

  private change(c: ModelConversation, to: State, reason: Reason, webhook: boolean): void {
    this.changes.push({ conversation: c.id, from: c.state, to, reason, webhook });
    c.state = to;
    if (to === 'closed') {
      c.inactiveClock = undefined;
      c.closedClock = undefined;
    }
  }

  private timers(timers: { inactive?: string; closed?: string } | undefined, inactiveS: number, closedS: number): { inactiveS: number; closedS: number } | number {
    if (timers?.inactive !== undefined) {
      const s = parseDurationS(timers.inactive);
      if (s === undefined) return 50379;
      if (s !== 0 && s < 60) return 50375;
      inactiveS = s;
    }
    if (timers?.closed !== undefined) {
      const s = parseDurationS(timers.closed);
      if (s === undefined) return 50380;
      if (s !== 0 && s < 600) return 50376;
      closedS = s;
    }
    return { inactiveS, closedS };
  }
}
