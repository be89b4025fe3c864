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
import { ARRIVALS, CREATED, MESSAGES, Metrics, REST_UPDATES, type IntervalRow } from './metrics.js';
import { TraceRecorder, type Trace } from './trace.js';

export interface TrafficRunOptions {
  readonly trace: boolean;
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
  readonly trace: Trace | undefined;
}

export function runTraffic(scenario: Scenario, spec: TrafficSpec, options: TrafficRunOptions): TrafficResult {
  const queue = new Scheduler();
  const random = new Random(scenario.seed);
  const metrics = new Metrics();
  const trace = options.trace ? new TraceRecorder(queue, (address) => generator.addressOf(address)) : undefined;
  const listener: EngineListener = trace === undefined ? metrics : new Both(metrics, trace);
  const engine = new Engine(scenario.settings, queue, { arm: (slot, atS) => queue.schedule(atS, URGENT, KIND_TIMER, slot) }, listener);
  trace?.attach(engine);
  const m = metrics;
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
  const generator: TrafficGenerator = new TrafficGenerator(spec, engine, queue, random, scenario.untilS, observer);
  const g = generator;
  const dispatch = (kind: number, payload: number): void => {
    if (kind === KIND_TIMER) engine.timerDue(payload);
    else g.dispatch(kind, payload);
  };
  const fire = (): void => engine.fireDueTimers();

  g.start();
  const events = (): number => m.totals[ARRIVALS]! + m.totals[MESSAGES]! + m.totals[REST_UPDATES]! + engine.timersFired;
  for (let endS = 0; endS < scenario.untilS; ) {
    endS = Math.min(endS + spec.intervalS, scenario.untilS);
    queue.run(endS, dispatch, fire);
    m.endInterval(endS, engine);
    options.progress?.(endS, events());
  }
  return {
    scenario,
    intervals: m.rows,
    totals: m.totals,
    events: events(),
    timersFired: engine.timersFired,
    peaks: { open: engine.peakOpen, active: engine.peakActive, inactive: engine.peakInactive, identityOpen: m.peakIdentityOpen },
    final: { open: engine.table.openCount, active: engine.activeCount, inactive: engine.inactiveCount, created: m.totals[CREATED]! },
    openSeconds: engine.openSeconds(),
    memory: { conversationTable: engine.table.bytes, eventQueues: queue.bytes },
    trace: trace?.result(),
  };
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
