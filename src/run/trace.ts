// Per-event records of a run (what the per-event CSVs show): every transition, rejection and
// inbound message that found no open conversation, handed to a sink as they happen, and every
// conversation as it ends up. An EngineListener; the driver tells it the ids of the conversations
// it creates.

import type { ErrorCode } from '../engine/codes.js';
import type { ConversationView, Engine, EngineListener } from '../engine/engine.js';
import { CLOSED, type ReasonCode, type StateCode } from '../engine/states.js';
import type { Handle } from '../engine/table.js';
import { AUTO_ID_PREFIX, type ActionName, type Channel } from '../scenario/types.js';

export interface TransitionRow {
  readonly atS: number;
  readonly conversation: string;
  readonly serial: number;
  readonly from: StateCode;
  readonly to: StateCode;
  readonly reason: ReasonCode;
  readonly webhook: boolean;
}

export interface RejectionRow {
  readonly atS: number;
  readonly action: ActionName;
  readonly conversation: string;
  readonly code: ErrorCode;
}

/** An inbound message that found no open conversation: created one, or was dropped. */
export interface InboundRow {
  readonly atS: number;
  readonly channel: Channel;
  readonly address: string;
  readonly conversation: string | undefined;
  readonly previous: string | undefined;
}

export interface ConversationRow {
  readonly conversation: string;
  readonly state: StateCode;
  readonly dateInactiveS: number | undefined;
  readonly dateClosedS: number | undefined;
  readonly participants: number;
  readonly nonChatParticipants: number;
}

/** Where the per-event rows go as they happen: kept (TraceArrays), or streamed to files. */
export interface TraceSink {
  transition(row: TransitionRow): void;
  rejection(row: RejectionRow): void;
  inbound(row: InboundRow): void;
}

export interface TraceEvents {
  readonly transitions: readonly TransitionRow[];
  readonly rejections: readonly RejectionRow[];
  readonly inbound: readonly InboundRow[];
}

export interface Trace extends TraceEvents {
  /** Every conversation created, in creation order, as it stands at the end. */
  readonly conversations: readonly ConversationRow[];
}

/** A sink that keeps every row: for scripted runs and tests, whose traces are small. */
export class TraceArrays implements TraceSink {
  readonly rows = { transitions: [] as TransitionRow[], rejections: [] as RejectionRow[], inbound: [] as InboundRow[] };
  transition(row: TransitionRow): void {
    this.rows.transitions.push(row);
  }
  rejection(row: RejectionRow): void {
    this.rows.rejections.push(row);
  }
  inbound(row: InboundRow): void {
    this.rows.inbound.push(row);
  }
}

interface Known {
  readonly id: string;
  readonly handle: Handle;
  /** Set when the conversation closes, since the engine may release it then. */
  final?: ConversationRow;
  /** Deleted (SPEC 8): no longer among the conversations at the end. */
  deleted?: boolean;
}

export class TraceRecorder implements EngineListener {
  private readonly known: Known[] = [];
  private readonly byHandle = new Map<Handle, Known>();
  private readonly idOfSerial = new Map<number, string>();
  private autoCreations = 0;
  private engine: Engine | undefined;

  constructor(
    private readonly clock: { readonly nowS: number },
    /** The channel and address of an address id, for the inbound rows. */
    private readonly addressOf: (address: number) => { channel: Channel; address: string },
    private readonly sink: TraceSink,
  ) {}

  /** The engine whose conversations this records (it is built with this listener). */
  attach(engine: Engine): void {
    this.engine = engine;
  }

  created(handle: Handle, id: string): void {
    const k: Known = { id, handle };
    this.known.push(k);
    this.byHandle.set(handle, k);
    this.idOfSerial.set(this.view(handle).serial, id);
  }

  /** The id of an open conversation, or undefined. */
  idOf(handle: Handle): string | undefined {
    return this.byHandle.get(handle)?.id;
  }

  rejected(action: ActionName, conversation: string, code: ErrorCode): void {
    this.sink.rejection({ atS: this.clock.nowS, action, conversation, code });
  }

  transition(handle: Handle, from: StateCode, to: StateCode, reason: ReasonCode, webhook: boolean): void {
    const k = this.byHandle.get(handle)!;
    const view = this.view(handle);
    this.sink.transition({ atS: this.clock.nowS, conversation: k.id, serial: view.serial, from, to, reason, webhook });
    if (to === CLOSED) {
      k.final = row(k.id, view);
      this.byHandle.delete(handle);
    }
  }

  deleted(handle: Handle): void {
    // A closed conversation left byHandle when it closed; it is found among the known ones.
    const k = this.byHandle.get(handle) ?? this.known.find((x) => x.handle === handle && x.final !== undefined && x.deleted !== true);
    if (k !== undefined) k.deleted = true;
    this.byHandle.delete(handle);
  }

  autoCreated(handle: Handle, address: number, previousSerial: number): void {
    const id = `${AUTO_ID_PREFIX}${++this.autoCreations}`;
    this.created(handle, id);
    this.sink.inbound({ atS: this.clock.nowS, ...this.addressOf(address), conversation: id, previous: this.idOfSerial.get(previousSerial) });
  }

  inboundDropped(address: number): void {
    this.sink.inbound({ atS: this.clock.nowS, ...this.addressOf(address), conversation: undefined, previous: undefined });
  }

  /** Every conversation created and not deleted, in creation order, as it stands now. */
  conversations(): ConversationRow[] {
    return this.known.filter((k) => k.deleted !== true).map((k) => k.final ?? row(k.id, this.view(k.handle)));
  }

  private view(handle: Handle): ConversationView {
    const view = this.engine?.view(handle);
    if (view === undefined) throw new Error(`trace: no open conversation for handle ${handle}`);
    return view;
  }
}

function row(conversation: string, view: ConversationView): ConversationRow {
  return {
    conversation,
    state: view.state,
    dateInactiveS: view.dateInactiveS,
    dateClosedS: view.dateClosedS,
    participants: view.participants,
    nonChatParticipants: view.nonChatParticipants,
  };
}
