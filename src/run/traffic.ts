// Runs a generated-traffic scenario: the generator and the engine's timers on the run loop,
// closing a timeseries row at every interval boundary. Metrics are always kept; the per-event
// trace only when asked (it grows with the run). No I/O; callers that show progress step it.

import type { ErrorCode } from '../engine/codes.js';
import type { Engine, EngineListener } from '../engine/engine.js';
import type { ReasonCode, StateCode } from '../engine/states.js';
import type { Handle } from '../engine/table.js';
import { Random } from '../sim/random.js';
import type { TrafficScenario } from '../scenario/types.js';
import { TrafficGenerator, type RejectedAction, type TrafficObserver } from '../traffic/generator.js';
import type { TrafficSpec } from '../traffic/types.js';
import { CapacityExceeded } from '../util/capacity.js';
import { RunLoop } from './loop.js';
import type { RunOutcome, ScenarioRun } from './run.js';
import { ARRIVALS, CREATED, MESSAGES, Metrics, REST_UPDATES, type IntervalRow } from './metrics.js';
import { TraceRecorder, type ConversationRow, type TraceSink } from './trace.js';

export interface TrafficRunOptions {
  /** Where the per-event rows go (they grow with the run), or undefined to keep no trace. */
  readonly trace: TraceSink | undefined;
  /** Open conversations from which the loop looks ahead (run/loop.ts); it changes no output. */
  readonly lookAheadOpen?: number | undefined;
}

export interface TrafficResult {
  readonly scenario: TrafficScenario;
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

export function runTraffic(scenario: TrafficScenario, options: TrafficRunOptions): TrafficResult {
  const run = new TrafficRun(scenario, options.trace, undefined, options.lookAheadOpen);
  run.advance(scenario.untilS);
  return run.result();
}

/**
 * A traffic run that can be advanced in steps (benchmarks time a steady-state window this way).
 * Metrics rows close at every interval boundary, whatever the steps.
 */
export class TrafficRun implements ScenarioRun {
  readonly engine: Engine;
  private readonly loop: RunLoop;
  private readonly metrics = new Metrics();
  private readonly trace: TraceRecorder | undefined;
  private readonly spec: TrafficSpec;
  private nextIntervalEndS: number;
  private readonly generator: TrafficGenerator;

  /** `probe`: another listener (a report's statistics), told of creations too; `lookAheadOpen`: see run/loop.ts. */
  constructor(
    readonly scenario: TrafficScenario,
    traceSink: TraceSink | undefined,
    probe?: RunProbe,
    lookAheadOpen?: number,
  ) {
    const spec = scenario.traffic;
    this.spec = spec;
    const m = this.metrics;
    let loop: RunLoop | undefined;
    const clock = { get nowS(): number { return loop!.nowS; } };
    const trace = traceSink === undefined ? undefined : new TraceRecorder(clock, (address) => generator.addressOf(address), traceSink);
    this.trace = trace;
    const extra = [trace, probe].filter((l): l is TraceRecorder | RunProbe => l !== undefined);
    loop = new RunLoop(scenario.settings, extra.length === 0 ? m : new Both(m, extra.length === 1 ? extra[0]! : new Both(extra[0]!, extra[1]!)), { horizonS: scenario.untilS, lookAheadOpen });
    this.loop = loop;
    const engine = loop.engine;
    this.engine = engine;
    trace?.attach(engine);
    const observer = new RunObserver(m, engine, trace, probe);
    const generator: TrafficGenerator = new TrafficGenerator(spec, engine, loop, new Random(scenario.seed), observer);
    this.generator = generator;
    loop.drive(generator);
    this.nextIntervalEndS = Math.min(spec.intervalS, scenario.untilS);
    generator.start();
  }

  /** The simulated time the run has reached, in seconds. */
  get nowS(): number {
    return this.loop.nowS;
  }

  /** Customers of the pool who have arrived so far: per-customer state is kept for these only. */
  get customersArrived(): number {
    return this.generator.customersArrived;
  }

  /** The generator's records ever taken: of visits in progress, and of customers waiting to come back. */
  get visitRecords(): { readonly visits: number; readonly waiting: number } {
    return this.generator.records;
  }

  /** Events queued now, and the bytes the queues hold. */
  queue(): { pending: number; bytes: number } {
    return this.loop.queue;
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
      if (e instanceof CapacityExceeded) e.atS ??= this.loop.nowS;
      throw e;
    }
  }

  private step(untilS: number): void {
    const end = Math.min(untilS, this.scenario.untilS);
    while (this.nextIntervalEndS <= end) {
      this.loop.runUntil(this.nextIntervalEndS);
      this.metrics.endInterval(this.nextIntervalEndS, this.engine);
      if (this.nextIntervalEndS === this.scenario.untilS) {
        this.nextIntervalEndS = Infinity;
        return;
      }
      this.nextIntervalEndS = Math.min(this.nextIntervalEndS + this.spec.intervalS, this.scenario.untilS);
    }
    if (end > this.loop.nowS) this.loop.runUntil(end);
  }

  finish(): RunOutcome {
    return { kind: 'traffic', result: this.result() };
  }

  result(): TrafficResult {
    const engine = this.engine;
    const c = engine.counters;
    const m = this.metrics;
    return {
      scenario: this.scenario,
      intervals: m.rows,
      totals: m.totals,
      events: this.events(),
      timersFired: engine.timersFired,
      peaks: { open: c.peakOpen, active: c.peakActive, inactive: c.peakInactive, identityOpen: c.peakIdentityOpen },
      final: { open: c.open, active: c.active, inactive: c.inactive, created: m.totals[CREATED]! },
      openSeconds: c.openSeconds(this.loop.nowS),
      memory: { conversationTable: engine.bytes.table, eventQueues: this.loop.queue.bytes },
      conversations: this.trace?.conversations(),
    };
  }
}

/**
 * What the generator reports, counted in the metrics (and traced, and told to a probe). A class,
 * not an object of closures: a call site then sees the same methods in every run of a process.
 */
class RunObserver implements TrafficObserver {
  constructor(
    private readonly metrics: Metrics,
    private readonly engine: Engine,
    private readonly trace: TraceRecorder | undefined,
    private readonly probe: RunProbe | undefined,
  ) {}
  arrival(): void {
    this.metrics.count(ARRIVALS);
  }
  message(): void {
    this.metrics.count(MESSAGES);
  }
  restUpdate(): void {
    this.metrics.count(REST_UPDATES);
  }
  created(conversation: Handle): void {
    this.metrics.count(CREATED);
    this.probe?.created(conversation);
    this.trace?.created(conversation, `c${this.engine.view(conversation)!.serial}`);
  }
  rejected(action: RejectedAction, conversation: Handle, code: ErrorCode): void {
    this.metrics.rejected(code);
    this.trace?.rejected(action, this.trace.idOf(conversation) ?? '', code);
  }
}

/** A listener that is also told of the conversations the application creates (autocreations come as autoCreated). */
export interface RunProbe extends EngineListener {
  created(conversation: Handle): void;
}

/** Both listeners, in order: the metrics, then the trace (and a probe). */
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
