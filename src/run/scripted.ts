// Runs a scripted scenario: the script's actions and the engine's timers on one event queue,
// recording every event (trace.ts). No I/O.

import { OK } from '../engine/codes.js';
import { Engine } from '../engine/engine.js';
import { NO_CONVERSATION } from '../engine/table.js';
import { NORMAL, Scheduler, URGENT } from '../sim/scheduler.js';
import type { Channel, Scenario, ScriptAction } from '../scenario/types.js';
import { CapacityExceeded } from '../util/capacity.js';
import { Interner } from '../util/interner.js';
import { TraceArrays, TraceRecorder, type Trace } from './trace.js';

export interface RunResult extends Trace {
  readonly scenario: Scenario;
  /** Script actions that ran (those after `until` do not). */
  readonly actionsRun: number;
  /** Timers that changed a state. */
  readonly timersFired: number;
}

const KIND_TIMER = 0;
const KIND_SCRIPT = 1;

export function runScript(scenario: Scenario, script: readonly ScriptAction[]): RunResult {
  const queue = new Scheduler();
  const identities = new Interner();
  const addresses = new Interner();
  const addressNames: { channel: Channel; address: string }[] = [];
  const sink = new TraceArrays();
  const trace = new TraceRecorder(queue, (address) => addressNames[address]!, sink);
  const engine = new Engine(scenario.settings, queue, { arm: (slot, atS) => queue.schedule(atS, URGENT, KIND_TIMER, slot) }, trace);
  trace.attach(engine);
  const byId = new Map<string, number>();
  let actionsRun = 0;

  const addressId = (channel: Channel, address: string): number => {
    const id = addresses.id(`${channel}:${address}`);
    addressNames[id] = { channel, address };
    return id;
  };

  const perform = (action: ScriptAction): void => {
    if (action.do === 'inboundMessage') {
      engine.inboundMessage(addressId(action.channel, action.address));
      return;
    }
    // An id whose creation was rejected (or is still to come) names nothing: 20404.
    const handle = byId.get(action.conversation) ?? NO_CONVERSATION;
    let outcome;
    switch (action.do) {
      case 'createConversation':
        outcome = engine.createConversation(action);
        if (outcome === OK) {
          byId.set(action.conversation, engine.lastCreated);
          trace.created(engine.lastCreated, action.conversation);
        }
        break;
      case 'updateConversation':
        outcome = engine.updateConversation(handle, action);
        break;
      case 'message':
        outcome = engine.message(handle);
        break;
      case 'addParticipant':
        outcome =
          'identity' in action
            ? engine.addChatParticipant(handle, identities.id(action.identity))
            : engine.addNonChatParticipant(handle, addressId(action.channel, action.address));
        break;
    }
    if (outcome !== OK) trace.rejected(action.do, action.conversation, outcome);
  };

  script.forEach((action, i) => queue.schedule(action.atS, NORMAL, KIND_SCRIPT, i));
  try {
    queue.run(
      scenario.untilS,
      (kind, payload) => {
        if (kind === KIND_TIMER) engine.timerDue(payload);
        else {
          actionsRun++;
          perform(script[payload]!);
        }
      },
      () => engine.fireDueTimers(),
    );
  } catch (e) {
    if (e instanceof CapacityExceeded) e.atS ??= queue.nowS;
    throw e;
  }
  return { scenario, ...sink.rows, conversations: trace.conversations(), actionsRun, timersFired: engine.timersFired };
}
