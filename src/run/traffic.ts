// Runs a generated-traffic scenario: the generator and the engine's timers on one event queue,
// in steps of one timeseries interval. Metrics are always kept; the per-event trace only when
// asked (it grows with the run). No I/O; progress is reported through a callback.

import type { ErrorCode } from '../engine/codes.js';
import { Engine, type EngineListener } from '../engine/engine.js';
import type { ReasonCode, StateCode } from '../engine/states.js';
import type { Handle } from '../engine/table.js';
import { Random } from '../sim/random.js';
import { Scheduler, URGENT } from '../sim/scheduler.js';
import type { Scenario } from '../scenario/types.js';
import { KIND_TIMER, TrafficGenerator, type TrafficObserver } from '../traffic/generator.js';
import type { TrafficSpec } from '../traffic/types.js';
import { CapacityExceeded } from '../util/capacity.js';
import { ARRIVALS, CREATED, MESSAGES, Metrics, REST_UPDATES, type IntervalRow } from './metrics.js';
import { TraceRecorder, type ConversationRow, type TraceSink } from './trace.js';

export interface TrafficRunOptions {
  /** Where the per-event rows go (they grow with the run), or undefined to keep no trace. */
  readonly trace: TraceSink | undefined;
  /** Called after each interval with the simulated seconds done and the events so far. */
  readonly progress?: (doneS: number, events: number) => void;
}

export interface TrafficResult {
  readonly scenario: Scenario;
  readonly intervals: readonly IntervalRow[];
  /** Counts of the whole run, in COUNTERS order. */
  readonly totals: Float64Array;
  /** Arrivals, messages, REST calls and timers that fired: what the simulation delivered. */
  readonly events: number;
  readonly timersFired: number;
  readonly peaks: { readonly open: number; readonly active: number; readonly inactive: number; readonly identityOpen: number };
  readonly final: { readonly open: number; readonly active: number; readonly inactive: number; readonly created: number };
  /** Conversation-seconds spent open (for Little's law: mean open = this / until). */
  readonly openSeconds: number;
  /** Bytes of the engine's conversation table and of the event queues at the end. */
  readonly memory: { readonly conversationTable: number; readonly eventQueues: number };
  /** With a trace: every conversation created, in creation order, as it stands at the end. */
  readonly conversations: readonly ConversationRow[] | undefined;
}

export function runTraffic(scenario: Scenario, spec: TrafficSpec, options: TrafficRunOptions): TrafficResult {
  const run = new TrafficRun(scenario, spec, options.trace);
  for (let endS = 0; endS < scenario.untilS; ) {
    endS = Math.min(endS + spec.intervalS, scenario.untilS);
    run.advance(endS);
    options.progress?.(endS, run.events());
  }
  return run.result();
}

/**
 * A traffic run that can be advanced in steps (benchmarks time a steady-state window this way).
 * Metrics rows close at every interval boundary, whatever the steps.
 */
export class TrafficRun {
  readonly engine: Engine;
  private readonly scheduler = new Scheduler();
  private readonly metrics = new Metrics();
  private readonly trace: TraceRecorder | undefined;
  private readonly dispatch: (kind: number, payload: number) => void;
  private readonly fire: () => void;
  private nextIntervalEndS: number;

  constructor(
    readonly scenario: Scenario,
    private readonly spec: TrafficSpec,
    traceSink: TraceSink | undefined,
  ) {
    const queue = this.scheduler;
    const m = this.metrics;
    const trace = traceSink === undefined ? undefined : new TraceRecorder(queue, (address) => generator.addressOf(address), traceSink);
    this.trace = trace;
    const listener: EngineListener = trace === undefined ? m : new Both(m, trace);
    const engine = new Engine(scenario.settings, queue, { arm: (slot, atS) => queue.schedule(atS, URGENT, KIND_TIMER, slot) }, listener);
    this.engine = engine;
    trace?.attach(engine);
    const observer: TrafficObserver = {
      arrival: () => m.count(ARRIVALS),
      message: () => m.count(MESSAGES),
      restUpdate: () => m.count(REST_UPDATES),
      created(conversation: Handle) {
        m.count(CREATED);
        trace?.created(conversation, `c${engine.view(conversation)!.serial}`);
      },
      rejected(action, conversation: Handle, code: ErrorCode) {
        m.rejected(code);
        trace?.rejected(action, trace.idOf(conversation) ?? '', code);
      },
    };
    const generator: TrafficGenerator = new TrafficGenerator(spec, engine, queue, new Random(scenario.seed), scenario.untilS, observer);
    this.dispatch = (kind, payload) => {
      if (kind === KIND_TIMER) engine.timerDue(payload);
      else generator.dispatch(kind, payload);
    };
    this.fire = () => engine.fireDueTimers();
    this.nextIntervalEndS = Math.min(spec.intervalS, scenario.untilS);
    generator.start();
  }

  /** The simulated time the run has reached, in seconds. */
  get nowS(): number {
    return this.scheduler.nowS;
  }

  /** Events queued now, and the bytes the queues hold. */
  queue(): { pending: number; bytes: number } {
    return { pending: this.scheduler.pending, bytes: this.scheduler.bytes };
  }

  /** Arrivals, messages, REST calls and timers that fired so far. */
  events(): number {
    const m = this.metrics;
    const count = (i: number): number => m.totals[i]! + m.current[i]!;
    return count(ARRIVALS) + count(MESSAGES) + count(REST_UPDATES) + this.engine.timersFired;
  }

  /** Runs until `untilS` (at most the scenario's `until`), closing every interval on the way. */
  advance(untilS: number): void {
    try {
      this.step(untilS);
    } catch (e) {
      if (e instanceof CapacityExceeded) e.atS ??= this.scheduler.nowS;
      throw e;
    }
  }

  private step(untilS: number): void {
    const end = Math.min(untilS, this.scenario.untilS);
    while (this.nextIntervalEndS <= end) {
      this.scheduler.run(this.nextIntervalEndS, this.dispatch, this.fire);
      this.metrics.endInterval(this.nextIntervalEndS, this.engine);
      if (this.nextIntervalEndS === this.scenario.untilS) {
        this.nextIntervalEndS = Infinity;
        return;
      }
      this.nextIntervalEndS = Math.min(this.nextIntervalEndS + this.spec.intervalS, this.scenario.untilS);
    }
    if (end > this.scheduler.nowS) this.scheduler.run(end, this.dispatch, this.fire);
  }

  result(): TrafficResult {
    const engine = this.engine;
    const m = this.metrics;
    return {
      scenario: this.scenario,
      intervals: m.rows,
      totals: m.totals,
      events: this.events(),
      timersFired: engine.timersFired,
      peaks: { open: engine.census.peakOpen, active: engine.census.peakActive, inactive: engine.census.peakInactive, identityOpen: m.peakIdentityOpen },
      final: { open: engine.table.openCount, active: engine.census.active, inactive: engine.census.inactive, created: m.totals[CREATED]! },
      openSeconds: engine.census.openSeconds(this.scheduler.nowS),
      memory: { conversationTable: engine.table.bytes, eventQueues: this.scheduler.bytes },
      conversations: this.trace?.conversations(),
    };
  }
}

/** Both listeners, in order: the metrics, then the trace. */
class Both implements EngineListener {
  constructor(
    private readonly first: EngineListener,
    private readonly second: EngineListener,
  ) {}
  transition(conversation: Handle, from: StateCode, to: StateCode, reason: ReasonCode, webhook: boolean): void {
    this.first.transition(conversation, from, to, reason, webhook);
    this.second.transition(conversation, from, to, reason, webhook);
  }
  autoCreated(conversation: Handle, address: number, previousSerial: number): void {
    this.first.autoCreated(conversation, address, previousSerial);
    this.second.autoCreated(conversation, address, previousSerial);
  }
  inboundDropped(address: number): void {
    this.first.inboundDropped(address);
    this.second.inboundDropped(address);
  }
}
