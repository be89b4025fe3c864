// Model-based test: random command sequences run on the engine and on the reference model
// (test/model/reference.ts) in lockstep. After every command they must agree on the outcome
// (OK or the Twilio code), the state changes and webhooks it caused, and every conversation's
// state, date_inactive, date_closed and participants, every identity's count, every binding.
// Twice: as generated traffic builds the engine (a closed conversation's slot is reused at once),
// and as scripts and the emulator build it (closed conversations kept), with SPEC 8's deletes and
// removals among the commands.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OK } from '../../src/engine/codes.js';
import type { Engine, EngineListener } from '../../src/engine/engine.js';
import { CLOSED, REASON_NAMES, STATE_NAMES } from '../../src/engine/states.js';
import { NO_CONVERSATION, type Handle } from '../../src/engine/table.js';
import { RunLoop } from '../../src/run/loop.js';
import { fcParams } from '../fc.js';
import { Model, type Change, type ModelSettings } from '../model/reference.js';

/**
 * The chat identities and the addresses the commands use: on both sides of the registry's page
 * edges (4,096 ids a page, engine/registry.ts) and one far out, so that pages are made in any order.
 */
const IDS = [0, 1, 4095, 4096, 8191, 100_000];
const someId = fc.constantFrom(...IDS);

class Real {
  readonly queue: RunLoop;
  readonly engine: Engine;
  readonly handles: Handle[] = [];
  private readonly idOf = new Map<Handle, number>();
  changes: Change[] = [];
  inbound = 'routed';
  /** Conversations the listener heard were deleted. */
  readonly deleted: number[] = [];
  private readonly idOfSerial = new Map<number, number>();
  /** Fresh participant ids for the fill commands: past IDS' pages below 100,000, none of IDS. */
  nextIdentity = 12_288;
  nextAddress = 12_288;

  constructor(
    settings: ModelSettings,
    readonly retainClosed: boolean,
  ) {
    const listener: EngineListener = {
      transition: (h, from, to, reason, webhook) => {
        this.changes.push({ conversation: this.idOf.get(h)!, from: STATE_NAMES[from], to: STATE_NAMES[to], reason: REASON_NAMES[reason], webhook });
      },
      autoCreated: (h, _address, previousSerial) => {
        this.remember(h);
        this.inbound = `autocreated:${previousSerial === 0 ? 'none' : this.idOfSerial.get(previousSerial)}`;
      },
      inboundDropped: () => {
        this.inbound = 'dropped';
      },
      deleted: (h) => {
        this.deleted.push(this.idOf.get(h)!);
      },
    };
    this.queue = new RunLoop(settings, listener, { engineOptions: { retainClosed } });
    this.engine = this.queue.engine;
    this.queue.drive({ dispatch: (_kind, i) => this.queued[i]!() });
  }

  remember(h: Handle): void {
    this.idOf.set(h, this.handles.length);
    this.idOfSerial.set(this.engine.view(h)!.serial, this.handles.length);
    this.handles.push(h);
  }

  handle(id: number): Handle {
    return this.handles[id] ?? NO_CONVERSATION;
  }

  /** Requests queued as events, run in their turn by the loop. */
  private readonly queued: (() => void)[] = [];

  /** Queues `request` at `atS`, as a script action would be. */
  at(atS: number, request: () => void): void {
    this.queued.push(request);
    this.queue.schedule(atS, 0, this.queued.length - 1);
  }

  advance(toS: number): void {
    this.queue.runUntil(toS);
  }
}

interface World {
  model: Model;
  real: Real;
}

/** What one side shows of the world: conversations, identities, bindings, the clock. */
function observeReal(w: World): unknown[] {
  const r = w.real;
  const conversations = r.handles.map((h, id) => {
    const v = r.engine.view(h);
    // A stale handle: closed (its slot reused) or, when closed conversations are kept, deleted.
    if (v === undefined) return [id, r.retainClosed ? 'deleted' : 'closed'];
    if (v.state === CLOSED) return r.retainClosed ? [id, 'closed', v.participants, v.nonChatParticipants] : [id, 'closed'];
    return [id, STATE_NAMES[v.state], v.dateInactiveS ?? null, v.dateClosedS ?? null, v.participants, v.nonChatParticipants];
  });
  const identities = IDS.map((i) => r.engine.openConversationsOf(i));
  const bindings = IDS.map((a) => {
    const h = r.engine.boundConversation(a);
    return h === NO_CONVERSATION ? null : r.handles.indexOf(h);
  });
  return [r.queue.nowS, conversations, identities, bindings];
}

function observeModel(w: World): unknown[] {
  const m = w.model;
  const retain = w.real.retainClosed;
  const conversations = m.conversations.map((c) => {
    if (c.deleted) return [c.id, 'deleted'];
    if (c.state === 'closed') return retain ? [c.id, 'closed', c.chat.size + c.nonChat.size, c.nonChat.size] : [c.id, 'closed'];
    const d = m.dates(c);
    return [c.id, c.state, d.dateInactiveS ?? null, d.dateClosedS ?? null, c.chat.size + c.nonChat.size, c.nonChat.size];
  });
  const identities = IDS.map((i) => m.identityCount(i));
  const bindings = IDS.map((a) => m.boundTo(a)?.id ?? null);
  return [m.nowS, conversations, identities, bindings];
}

/** Both sides agree on the outcome, the changes it caused, and everything observable. */
function agree(w: World, outcome: { model: number | string; real: number | string }): void {
  const changes = w.model.takeChanges();
  const real = JSON.stringify([outcome.real, w.real.changes, observeReal(w)]);
  const model = JSON.stringify([outcome.model, changes, observeModel(w)]);
  // One string comparison per command; the readable diff only when they differ.
  if (real !== model) {
    expect(outcome.real).toBe(outcome.model);
    expect(w.real.changes).toEqual(changes);
    expect(observeReal(w)).toEqual(observeModel(w));
  }
  w.real.changes = [];
}

type Cmd = fc.Command<Model, Real>;

/** A command that runs on both sides and checks agreement. */
function command(name: string, run: (w: World) => { model: number | string; real: number | string }): Cmd {
  return {
    check: () => true,
    run(model, real) {
      agree({ model, real }, run({ model, real }));
    },
    toString: () => name,
  };
}

/** Timer values: mostly valid (zeros included), sometimes under the minimum or malformed. */
const invalidTimer = fc.constantFrom('PT59S', 'PT599S', 'P1Y', 'P2W', 'PT1.5S', 'bad', '');
const inactiveTimer = fc.oneof({ arbitrary: fc.constantFrom('PT0S', 'P0D', 'PT60S', 'PT5M', 'PT10M', 'PT90M', 'PT1H', 'P1D'), weight: 6 }, { arbitrary: invalidTimer, weight: 1 });
const closedTimer = fc.oneof({ arbitrary: fc.constantFrom('PT0S', 'PT600S', 'PT10M', 'PT1H', 'P1D'), weight: 6 }, { arbitrary: invalidTimer, weight: 1 });
const timers = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: fc.record({ inactive: inactiveTimer }), weight: 2 },
  { arbitrary: fc.record({ closed: closedTimer }), weight: 3 },
  { arbitrary: fc.record({ inactive: inactiveTimer, closed: closedTimer }), weight: 3 },
);
const state = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: fc.constantFrom('active', 'inactive'), weight: 3 },
  { arbitrary: fc.constantFrom('closed', 'Active', 'archived'), weight: 1 },
);
/** A conversation id: usually one that exists (or existed), sometimes one that never did. */
const id = fc.nat(8);

const [create, update, message, addChat, addNonChat, inbound, advance, advanceToDeadline, messageNearDeadline, fillChat, fillNonChat, joinMany, remove, removeChat, removeNonChat] = [
  fc.tuple(state, timers).map(([s, t]) =>
    command(`create(${s}, ${JSON.stringify(t)})`, ({ model, real }) => {
      const m = model.create(s, t);
      const r = real.engine.createConversation({ ...(s === undefined ? {} : { state: s }), ...(t === undefined ? {} : { timers: t }) });
      if (r === OK) real.remember(real.engine.lastCreated);
      return { model: m, real: r };
    }),
  ),
  fc.tuple(id, state, timers, fc.boolean()).map(([i, s, t, webhookEnabled]) =>
    command(`update(${i}, ${s}, ${JSON.stringify(t)}, ${webhookEnabled})`, ({ model, real }) => ({
      model: model.update(i, s, t, webhookEnabled),
      real: real.engine.updateConversation(real.handle(i), { ...(s === undefined ? {} : { state: s }), ...(t === undefined ? {} : { timers: t }), webhookEnabled }),
    })),
  ),
  id.map((i) => command(`message(${i})`, ({ model, real }) => ({ model: model.message(i), real: real.engine.message(real.handle(i)) }))),
  fc.tuple(id, someId).map(([i, who]) =>
    command(`addChat(${i}, ${who})`, ({ model, real }) => ({ model: model.addChat(i, who), real: real.engine.addChatParticipant(real.handle(i), who) })),
  ),
  fc.tuple(id, someId).map(([i, a]) =>
    command(`addNonChat(${i}, ${a})`, ({ model, real }) => ({ model: model.addNonChat(i, a), real: real.engine.addNonChatParticipant(real.handle(i), a) })),
  ),
  someId.map((a) =>
    command(`inbound(${a})`, ({ model, real }) => {
      real.inbound = 'routed';
      const code = real.engine.inboundMessage(a);
      expect(code).toBe(OK);
      return { model: model.inbound(a), real: real.inbound };
    }),
  ),
  // The same message from a caller that names the conversation it last saw the address in (any
  // conversation here: the address's own, one it was removed from, a closed or deleted one, one
  // it never was in, or none): the model's inbound, and it lands where the address is now bound.
  fc.tuple(someId, fc.option(id, { nil: undefined })).map(([a, i]) =>
    command(`inboundIn(${a}, ${i})`, ({ model, real }) => {
      real.inbound = 'routed';
      const landed = real.engine.inboundMessageIn(a, i === undefined ? NO_CONVERSATION : real.handle(i));
      expect(landed).toBe(real.engine.boundConversation(a));
      return { model: model.inbound(a), real: real.inbound };
    }),
  ),
  fc.integer({ min: 0, max: 200_000 }).map((s) =>
    command(`advance(+${s})`, ({ model, real }) => {
      const to = model.nowS + s;
      model.advance(to);
      real.advance(to);
      return { model: 0, real: 0 };
    }),
  ),
  fc.integer({ min: -1, max: 1 }).map((offset) =>
    command(`advanceToDeadline(${offset})`, ({ model, real }) => {
      const next = model.nextDueS();
      const to = next === Infinity ? model.nowS : Math.max(model.nowS, next + offset);
      model.advance(to);
      real.advance(to);
      return { model: 0, real: 0 };
    }),
  ),
  fc.tuple(id, fc.integer({ min: -1, max: 1 })).map(([i, offset]) =>
    command(`messageNearDeadline(${i}, ${offset})`, ({ model, real }) => {
      // A message queued for a second at, just before or just after the next deadline: at the
      // deadline itself the timer must run first (SPEC 2.2), as the model does by advancing first.
      const next = model.nextDueS();
      const atS = next === Infinity ? model.nowS : Math.max(model.nowS, next + offset);
      let outcome = -1;
      real.at(atS, () => (outcome = real.engine.message(real.handle(i))));
      real.advance(atS);
      model.advance(atS);
      return { model: model.message(i), real: outcome };
    }),
  ),
  fc.tuple(id, fc.integer({ min: 990, max: 1_001 })).map(([i, n]) =>
    command(`fillChat(${i}, ${n})`, ({ model, real }) => {
      // n fresh identities: reaches and passes the 1000-participant limit (50417).
      const codes: string[] = [];
      for (let k = 0; k < n; k++) {
        const who = real.nextIdentity++;
        codes.push(`${model.addChat(i, who)}:${real.engine.addChatParticipant(real.handle(i), who)}`);
      }
      return { model: codes.map((c) => c.split(':')[0]).join(), real: codes.map((c) => c.split(':')[1]).join() };
    }),
  ),
  id.map((i) =>
    command(`fillNonChat(${i})`, ({ model, real }) => {
      // 51 fresh addresses: reaches and passes the 50 non-chat limit (50418).
      const m: number[] = [];
      const r: number[] = [];
      for (let k = 0; k < 51; k++) {
        const a = real.nextAddress++;
        m.push(model.addNonChat(i, a));
        r.push(real.engine.addNonChatParticipant(real.handle(i), a));
      }
      return { model: m.join(), real: r.join() };
    }),
  ),
  someId.map((who) =>
    command(`joinMany(${who})`, ({ model, real }) => {
      // 1001 new conversations, the identity added to each: reaches its limit (50214).
      const m: number[] = [];
      const r: number[] = [];
      for (let k = 0; k < 1_001; k++) {
        model.create(undefined, { inactive: 'PT0S', closed: 'PT0S' });
        real.engine.createConversation({ timers: { inactive: 'PT0S', closed: 'PT0S' } });
        real.remember(real.engine.lastCreated);
        const i = model.conversations.length - 1;
        m.push(model.addChat(i, who));
        r.push(real.engine.addChatParticipant(real.handle(i), who));
      }
      return { model: m.join(), real: r.join() };
    }),
  ),
  id.map((i) =>
    command(`delete(${i})`, ({ model, real }) => {
      const heard = real.deleted.length;
      const code = real.engine.deleteConversation(real.handle(i));
      // No state change and no webhook (the changes must stay empty); the listener hears of it.
      expect(real.deleted.slice(heard)).toEqual(code === OK ? [i] : []);
      return { model: model.delete(i), real: code };
    }),
  ),
  fc.tuple(id, someId).map(([i, who]) =>
    command(`removeChat(${i}, ${who})`, ({ model, real }) => ({ model: model.removeChat(i, who), real: real.engine.removeChatParticipant(real.handle(i), who) })),
  ),
  fc.tuple(id, someId).map(([i, a]) =>
    command(`removeNonChat(${i}, ${a})`, ({ model, real }) => ({ model: model.removeNonChat(i, a), real: real.engine.removeNonChatParticipant(real.handle(i), a) })),
  ),
];

const settings: fc.Arbitrary<ModelSettings> = fc.record({
  defaultInactiveS: fc.constantFrom(0, 60, 300),
  defaultClosedS: fc.constantFrom(0, 600, 3_600),
  autoCreation: fc.boolean(),
  closedOnlyClock: fc.constantFrom('since-creation' as const, 'since-last-message' as const),
  participantAddIsActivity: fc.boolean(),
});

/** Every command, the everyday ones often, the bulk ones (limits) rarely. */
const anyCommand = fc.oneof(
  { arbitrary: create!, weight: 6 },
  { arbitrary: update!, weight: 5 },
  { arbitrary: message!, weight: 6 },
  { arbitrary: addChat!, weight: 3 },
  { arbitrary: addNonChat!, weight: 3 },
  { arbitrary: inbound!, weight: 4 },
  { arbitrary: advance!, weight: 4 },
  { arbitrary: advanceToDeadline!, weight: 5 },
  { arbitrary: messageNearDeadline!, weight: 4 },
  { arbitrary: fillChat!, weight: 1 },
  { arbitrary: fillNonChat!, weight: 1 },
  { arbitrary: joinMany!, weight: 1 },
);

/** The same, with SPEC 8's requests. */
const withRemoval = fc.oneof(
  { arbitrary: anyCommand, weight: 12 },
  { arbitrary: remove!, weight: 1 },
  { arbitrary: removeChat!, weight: 1 },
  { arbitrary: removeNonChat!, weight: 1 },
);

describe('the engine agrees with the reference model', () => {
  it('after every command of any sequence (property), closed conversations released', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(settings, fc.commands([anyCommand], { maxCommands: 60, size: '+1' }), (s, cmds) => {
        fc.modelRun(() => ({ model: new Model(s), real: new Real(s, false) }), cmds);
      }),
      fcParams(200),
    );
  });

  it('after every command of any sequence with deletes and removals (property), closed conversations kept', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(settings, fc.commands([withRemoval], { maxCommands: 60, size: '+1' }), (s, cmds) => {
        fc.modelRun(() => ({ model: new Model(s), real: new Real(s, true) }), cmds);
      }),
      fcParams(200),
    );
  });
});
