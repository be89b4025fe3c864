// Runs a scripted scenario: the script's actions on the run loop, beside the engine's timers,
// recording every event (trace.ts). Can be advanced in steps. No I/O.

import { OK } from '../engine/codes.js';
import { NO_CONVERSATION } from '../engine/table.js';
import type { Channel, ScriptAction, ScriptScenario } from '../scenario/types.js';
import { CapacityExceeded } from '../util/capacity.js';
import { Interner } from '../util/interner.js';
import { RunLoop } from './loop.js';
import type { RunOutcome, ScenarioRun } from './run.js';
import { TraceArrays, TraceRecorder, type Trace } from './trace.js';

export interface RunResult extends Trace {
  readonly scenario: ScriptScenario;
  /** Script actions that ran (those after `until` do not). */
  readonly actionsRun: number;
  /** Timers that changed a state. */
  readonly timersFired: number;
}

/** The script's one event kind: an action, by its index in the script. */
const KIND_ACTION = 0;

export function runScript(scenario: ScriptScenario): RunResult {
  const run = new ScriptRun(scenario);
  run.advance(scenario.untilS);
  return run.result();
}

export class ScriptRun implements ScenarioRun {
  private readonly loop: RunLoop;
  private readonly sink = new TraceArrays();
  private readonly trace: TraceRecorder;
  private readonly identities = new Interner();
  private readonly addresses = new Interner();
  private readonly addressNames: { channel: Channel; address: string }[] = [];
  private readonly byId = new Map<string, number>();
  private actionsRun = 0;

  constructor(readonly scenario: ScriptScenario) {
    let loop: RunLoop | undefined;
    this.trace = new TraceRecorder({ get nowS() { return loop!.nowS; } }, (address) => this.addressNames[address]!, this.sink);
    // Scripts may delete conversations and remove participants (SPEC 8): closed ones are kept.
    loop = new RunLoop(scenario.settings, this.trace, { horizonS: scenario.untilS, engineOptions: { retainClosed: true } });
    this.loop = loop;
    this.trace.attach(loop.engine);
    loop.drive({
      dispatch: (_kind, i) => {
        this.actionsRun++;
        this.perform(scenario.script[i]!);
      },
    });
    scenario.script.forEach((action, i) => loop.schedule(action.atS, KIND_ACTION, i));
  }

  get nowS(): number {
    return this.loop.nowS;
  }

  /** Actions and timers that ran so far. */
  events(): number {
    return this.actionsRun + this.loop.engine.timersFired;
  }

  /** Runs until `untilS` (at most the scenario's `until`). */
  advance(untilS: number): void {
    try {
      this.loop.runUntil(untilS);
    } catch (e) {
      if (e instanceof CapacityExceeded) e.atS ??= this.loop.nowS;
      throw e;
    }
  }

  finish(): RunOutcome {
    return { kind: 'script', result: this.result() };
  }

  result(): RunResult {
    return { scenario: this.scenario, ...this.sink.rows, conversations: this.trace.conversations(), actionsRun: this.actionsRun, timersFired: this.loop.engine.timersFired };
  }

  private addressId(channel: Channel, address: string): number {
    const id = this.addresses.id(`${channel}:${address}`);
    this.addressNames[id] = { channel, address };
    return id;
  }

  private perform(action: ScriptAction): void {
    const engine = this.loop.engine;
    if (action.do === 'inboundMessage') {
      engine.inboundMessage(this.addressId(action.channel, action.address));
      return;
    }
    // An id whose creation was rejected (or is still to come) names nothing: 20404.
    const handle = this.byId.get(action.conversation) ?? NO_CONVERSATION;
    let outcome;
    switch (action.do) {
      case 'createConversation':
        outcome = engine.createConversation(action);
        if (outcome === OK) {
          this.byId.set(action.conversation, engine.lastCreated);
          this.trace.created(engine.lastCreated, action.conversation);
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
            ? engine.addChatParticipant(handle, this.identities.id(action.identity))
            : engine.addNonChatParticipant(handle, this.addressId(action.channel, action.address));
        break;
      case 'removeParticipant':
        outcome =
          'identity' in action
            ? engine.removeChatParticipant(handle, this.identities.id(action.identity))
            : engine.removeNonChatParticipant(handle, this.addressId(action.channel, action.address));
        break;
      case 'deleteConversation':
        outcome = engine.deleteConversation(handle);
        break;
    }
    if (outcome !== OK) this.trace.rejected(action.do, action.conversation, outcome);
  }
}
