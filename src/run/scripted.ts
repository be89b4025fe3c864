// Runs a scripted scenario: the script's actions and the engine's timers on one event queue,
// collecting what happened as rows. Pure apart from the engine and queue it builds; no I/O.

import { OK, type ErrorCode } from '../engine/codes.js';
import { Engine, type EngineListener } from '../engine/engine.js';
import { CLOSED, type ReasonCode, type StateCode } from '../engine/states.js';
import { NO_CONVERSATION, type Handle } from '../engine/table.js';
import { NORMAL, Scheduler, URGENT } from '../sim/scheduler.js';
import { AUTO_ID_PREFIX, type ActionName, type Channel, type Scenario, type ScriptAction } from '../scenario/types.js';

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

export interface RunResult {
  readonly scenario: Scenario;
  readonly transitions: readonly TransitionRow[];
  readonly rejections: readonly RejectionRow[];
  readonly inbound: readonly InboundRow[];
  /** Every conversation created, in creation order, as it stands at the end. */
  readonly conversations: readonly ConversationRow[];
  /** Script actions that ran (those after `until` do not). */
  readonly actionsRun: number;
  /** Timers that changed a state. */
  readonly timersFired: number;
}

const KIND_TIMER = 0;
const KIND_SCRIPT = 1;

interface Known {
  readonly id: string;
  readonly handle: Handle;
  /** Set when the conversation closes, since the engine releases it then. */
  final?: ConversationRow;
}

export function runScript(scenario: Scenario): RunResult {
  const queue = new Scheduler();
  const transitions: TransitionRow[] = [];
  const rejections: RejectionRow[] = [];
  const inbound: InboundRow[] = [];
  const known: Known[] = [];
  const byId = new Map<string, Known>();
  const byHandle = new Map<Handle, Known>();
  const idOfSerial = new Map<number, string>();
  const identities = new Interner();
  const addresses = new Interner();
  const addressNames: { channel: Channel; address: string }[] = [];
  let autoCreated = 0;
  let actionsRun = 0;

  const remember = (id: string, handle: Handle): void => {
    const k: Known = { id, handle };
    known.push(k);
    byId.set(id, k);
    byHandle.set(handle, k);
    idOfSerial.set(engine.view(handle)!.serial, id);
  };

  const listener: EngineListener = {
    transition(handle, from, to, reason, webhook) {
      const k = byHandle.get(handle)!;
      const view = engine.view(handle)!;
      transitions.push({ atS: queue.nowS, conversation: k.id, serial: view.serial, from, to, reason, webhook });
      if (to === CLOSED) {
        k.final = row(k.id, view);
        byHandle.delete(handle);
      }
    },
    autoCreated(handle, address, previousSerial) {
      const id = `${AUTO_ID_PREFIX}${++autoCreated}`;
      remember(id, handle);
      inbound.push({ atS: queue.nowS, ...addressNames[address]!, conversation: id, previous: idOfSerial.get(previousSerial) });
    },
    inboundDropped(address) {
      inbound.push({ atS: queue.nowS, ...addressNames[address]!, conversation: undefined, previous: undefined });
    },
  };
  const engine = new Engine(scenario.settings, queue, { arm: (slot, atS) => queue.schedule(atS, URGENT, KIND_TIMER, slot) }, listener);

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
    const handle = byId.get(action.conversation)?.handle ?? NO_CONVERSATION;
    let outcome;
    switch (action.do) {
      case 'createConversation':
        outcome = engine.createConversation(action);
        // A rejected creation leaves the id naming nothing: later actions on it get 20404.
        if (outcome === OK) remember(action.conversation, engine.lastCreated);
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
    if (outcome !== OK) rejections.push({ atS: queue.nowS, action: action.do, conversation: action.conversation, code: outcome });
  };

  scenario.script.forEach((action, i) => queue.schedule(action.atS, NORMAL, KIND_SCRIPT, i));
  queue.run(
    scenario.untilS,
    (kind, payload) => {
      if (kind === KIND_TIMER) engine.timerDue(payload);
      else {
        actionsRun++;
        perform(scenario.script[payload]!);
      }
    },
    () => engine.fireDueTimers(),
  );

  const conversations = known.map((k) => k.final ?? row(k.id, engine.view(k.handle)!));
  return { scenario, transitions, rejections, inbound, conversations, actionsRun, timersFired: engine.timersFired };
}

function row(conversation: string, view: NonNullable<ReturnType<Engine['view']>>): ConversationRow {
  return {
    conversation,
    state: view.state,
    dateInactiveS: view.dateInactiveS,
    dateClosedS: view.dateClosedS,
    participants: view.participants,
    nonChatParticipants: view.nonChatParticipants,
  };
}

/** Small integer ids for strings, in order of first use. */
class Interner {
  private readonly ids = new Map<string, number>();

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) this.ids.set(text, (id = this.ids.size));
    return id;
  }
}
