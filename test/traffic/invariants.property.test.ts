// Invariants over generated traffic: random traffic sections run on an engine that checks
// every request and every state change as it happens (ProbeEngine), then the totals at the end.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OK, type Outcome } from '../../src/engine/codes.js';
import { Engine, type Clock, type ConversationView, type EngineListener, type TimerQueue, type UpdateRequest } from '../../src/engine/engine.js';
import type { EngineSettings } from '../../src/engine/settings.js';
import { ACTIVE, CLOSED, INACTIVE, API, EVENT, TIMER, type ReasonCode, type StateCode } from '../../src/engine/states.js';
import { NO_CONVERSATION, type Handle } from '../../src/engine/table.js';
import { RunLoop } from '../../src/run/loop.js';
import { Random } from '../../src/sim/random.js';
import { TrafficGenerator } from '../../src/traffic/generator.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fcParams } from '../fc.js';
import { scenarioOf, trafficScenario } from './arbitraries.js';

/** The transitions SPEC allows, and the reason each carries. */
const ALLOWED = new Set([
  `${ACTIVE}>${INACTIVE}:${TIMER}`,
  `${INACTIVE}>${CLOSED}:${TIMER}`,
  `${ACTIVE}>${CLOSED}:${TIMER}`,
  `${INACTIVE}>${ACTIVE}:${EVENT}`,
  `${ACTIVE}>${INACTIVE}:${API}`,
  `${INACTIVE}>${ACTIVE}:${API}`,
  `${ACTIVE}>${CLOSED}:${API}`,
  `${INACTIVE}>${CLOSED}:${API}`,
]);

class Violation extends Error {}
function must(ok: boolean, what: string): void {
  if (!ok) throw new Violation(what);
}

/** An engine that checks, around every request, that a rejection changed nothing. */
class ProbeEngine extends Engine {
  /** When each open conversation's clocks last restarted (creation, message, REST), by serial. */
  readonly lastRestart = new Map<number, number>();
  /** The webhookEnabled of the REST request under way, if any. */
  restWebhook: boolean | undefined;

  constructor(
    settings: EngineSettings,
    private readonly probeClock: Clock,
    timers: TimerQueue,
    listener: EngineListener,
  ) {
    super(settings, probeClock, timers, listener);
  }

  private snapshot(h: Handle): string {
    const c = this.counters;
    return JSON.stringify([this.view(h) ?? null, [c.open, c.active, c.inactive, c.largestIdentityOpen]]);
  }

  private guarded(h: Handle, request: () => Outcome, restarts: boolean): Outcome {
    const before = this.snapshot(h);
    const outcome = request();
    if (outcome !== OK) must(this.snapshot(h) === before, `a rejected request (${outcome}) changed conversation ${h}`);
    else if (restarts) {
      const v = this.view(h);
      if (v !== undefined) this.lastRestart.set(v.serial, this.now());
    }
    must(this.counters.largestIdentityOpen <= 1000, `an identity is in ${this.counters.largestIdentityOpen} open conversations`);
    return outcome;
  }

  now(): number {
    return this.probeClock.nowS;
  }

  override open(state: typeof ACTIVE | typeof INACTIVE, inactiveS: number, closedS: number): Handle {
    const h = super.open(state, inactiveS, closedS);
    this.lastRestart.set(this.view(h)!.serial, this.now());
    return h;
  }
  override message(h: Handle): Outcome {
    return this.guarded(h, () => super.message(h), true);
  }
  override addChatParticipant(h: Handle, identity: number): Outcome {
    return this.guarded(h, () => super.addChatParticipant(h, identity), this.settings.participantAddIsActivity);
  }
  override addNonChatParticipant(h: Handle, address: number): Outcome {
    return this.guarded(h, () => super.addNonChatParticipant(h, address), this.settings.participantAddIsActivity);
  }
  override updateConversation(h: Handle, request: UpdateRequest): Outcome {
    this.restWebhook = request.webhookEnabled === true;
    const outcome = this.guarded(h, () => super.updateConversation(h, request), true);
    this.restWebhook = undefined;
    return outcome;
  }
  override inboundMessageIn(address: number, conversation: Handle): Handle {
    const bound = this.boundConversation(address);
    const landed = super.inboundMessageIn(address, conversation);
    must(landed === this.boundConversation(address), 'an inbound message landed elsewhere than its address is bound to');
    if (bound !== NO_CONVERSATION) must(landed === bound, 'an inbound message left its conversation');
    if (landed !== NO_CONVERSATION) this.lastRestart.set(this.view(landed)!.serial, this.now());
    return landed;
  }
  override inboundMessage(address: number): Outcome {
    const bound = this.boundConversation(address);
    const outcome = super.inboundMessage(address);
    const now = this.boundConversation(address);
    if (bound !== NO_CONVERSATION) must(now === bound, 'an inbound message left its conversation');
    if (now !== NO_CONVERSATION) this.lastRestart.set(this.view(now)!.serial, this.now());
    return outcome;
  }
}

interface Tally {
  created: number;
  closed: number;
  transitions: number;
  webhooks: number;
}

function runChecked(scenario: Scenario): { tally: Tally; engine: ProbeEngine } {
  if (scenario.kind !== 'traffic') throw new Error('a traffic scenario is expected');
  const spec = scenario.traffic;
  let queue: RunLoop;
  const tally: Tally = { created: 0, closed: 0, transitions: 0, webhooks: 0 };
  const closedSerials = new Set<number>();
  let lastNow = 0;
  let engine: ProbeEngine;
  const listener: EngineListener = {
    transition(h: Handle, from: StateCode, to: StateCode, reason: ReasonCode, webhook: boolean) {
      const view: ConversationView = engine.view(h)!;
      must(queue.nowS >= lastNow, `time went back from ${lastNow} to ${queue.nowS}`);
      lastNow = queue.nowS;
      must(!closedSerials.has(view.serial) && from !== CLOSED, `conversation ${view.serial} left closed`);
      must(ALLOWED.has(`${from}>${to}:${reason}`), `transition ${from}>${to} with reason ${reason}`);
      must(view.state === to, 'the listener saw a state other than the new one');
      if (reason === API) must(webhook === engine.restWebhook, 'a REST change emitted the webhook against its header');
      else must(webhook, 'a timer or message change emitted no webhook');
      if (reason === TIMER && from === ACTIVE && to === INACTIVE) {
        // Exactly the inactive timer after the last restart of the clock.
        const since = queue.nowS - engine.lastRestart.get(view.serial)!;
        must(since === view.inactiveTimerS, `went inactive ${since} s after its last activity, timer ${view.inactiveTimerS} s`);
      }
      if (reason === TIMER && from === ACTIVE && to === CLOSED) must(view.inactiveTimerS === 0, 'active -> closed by timer with an inactive timer set');
      if (to === CLOSED) {
        closedSerials.add(view.serial);
        tally.closed++;
      }
      tally.transitions++;
      if (webhook) tally.webhooks++;
    },
    autoCreated() {
      tally.created++;
    },
    inboundDropped() {},
  };
  queue = new RunLoop(scenario.settings, listener, { horizonS: scenario.untilS, engine: (s, clock, timers, l) => new ProbeEngine(s, clock, timers, l) });
  engine = queue.engine as ProbeEngine;
  const generator = new TrafficGenerator(spec, engine, queue, new Random(scenario.seed), {
    arrival() {},
    message() {},
    restUpdate() {},
    created() {
      tally.created++;
    },
    rejected() {},
  });
  queue.drive({
    dispatch(kind, payload) {
      must(queue.nowS >= lastNow, 'time went back');
      lastNow = queue.nowS;
      generator.dispatch(kind, payload);
    },
  });
  generator.start();
  queue.runUntil(scenario.untilS);
  // Every conversation created is in exactly one state at the end.
  const c = engine.counters;
  must(tally.created === c.open + tally.closed, `created ${tally.created}, open ${c.open}, closed ${tally.closed}`);
  must(c.open === c.active + c.inactive, 'open conversations are neither active nor inactive');
  return { tally, engine };
}

describe('generated traffic keeps the invariants', () => {
  it('closed is terminal, limits hold, transitions are SPEC\'s, timers are exact, rejections change nothing (property)', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(trafficScenario, (scenario) => {
        try {
          runChecked(scenario);
        } catch (e) {
          if (e instanceof Violation) expect.fail(e.message);
          throw e;
        }
      }),
      fcParams(150),
    );
  });

  it('holds at the limit: one agent driven past 1000 open conversations stays at 1000', () => {
    const scenario = scenarioOf({
      name: 'limit',
      start: '2026-01-05T00:00:00Z',
      until: 'PT6H',
      traffic: {
        arrivals: [{ duration: 'PT6H', ratePerHour: 600 }],
        agents: { count: 1 },
        customers: { count: 100_000 },
        messages: { perVisit: 1, gap: 'PT0S' },
        timers: [{ inactive: 'PT1H', closed: 'P1D' }],
      },
    });
    const { tally, engine } = runChecked(scenario);
    expect(engine.counters.peakIdentityOpen).toBe(1000);
    expect(tally.created).toBeGreaterThan(3000);
  });
});
