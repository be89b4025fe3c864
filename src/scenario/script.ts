// The `script` section: timed API calls and inbound messages. Checks each action's keys and
// types, and that every conversation id is created exactly once and used only if created.
// A request's `state` and `timers` values are passed on as written: the engine judges them.

import type { TimersRequest } from '../engine/timers.js';
import { Problems, duration, isObject, join, type Json, type JsonObject } from './problems.js';
import { ACTIONS, AUTO_ID_PREFIX, CHANNELS, type ActionName, type ScriptAction } from './types.js';

const KEYS: Record<ActionName, readonly string[]> = {
  createConversation: ['at', 'do', 'conversation', 'state', 'timers'],
  addParticipant: ['at', 'do', 'conversation', 'identity', 'address', 'channel'],
  message: ['at', 'do', 'conversation', 'author'],
  updateConversation: ['at', 'do', 'conversation', 'state', 'timers', 'webhookEnabled'],
  inboundMessage: ['at', 'do', 'address', 'channel'],
  deleteConversation: ['at', 'do', 'conversation'],
  removeParticipant: ['at', 'do', 'conversation', 'identity', 'address', 'channel'],
};

const ID = /^[A-Za-z0-9][A-Za-z0-9._:+@-]{0,99}$/;
const ID_FORM = 'an id of letters, digits and ". _ : + @ -", at most 100';

export function checkScript(p: Problems, value: Json | undefined, untilS: number | undefined): ScriptAction[] | undefined {
  if (!Array.isArray(value)) {
    p.add('script', 'expected an array of actions', value ?? null);
    return undefined;
  }
  const before = p.count;
  const actions: ScriptAction[] = [];
  const created = new Map<string, number>();
  const used: { id: string; path: string }[] = [];
  value.forEach((item, i) => {
    const path = join('script', i);
    const action = checkAction(p, item, path, untilS);
    if (action !== undefined) actions.push(action);
    // Ids are cross-checked from what is written, even where the rest of the action is wrong.
    if (!isObject(item) || typeof item['conversation'] !== 'string' || typeof item['do'] !== 'string' || item['do'] === 'inboundMessage') return;
    // An id that is not of the allowed form has its own problem line already.
    if (!ID.test(item['conversation'])) return;
    const id = item['conversation'];
    const idPath = join(path, 'conversation');
    if (item['do'] !== 'createConversation') used.push({ id, path: idPath });
    else if (created.has(id)) p.add(idPath, `conversation "${id}" is already created by script[${created.get(id)}]; each id is created once`);
    else created.set(id, i);
  });
  for (const { id, path } of used) {
    if (!created.has(id)) p.add(path, `conversation "${id}" is never created; add a createConversation action for it`);
  }
  return p.count === before ? actions : undefined;
}

function checkAction(p: Problems, item: Json, path: string, untilS: number | undefined): ScriptAction | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    p.add(path, 'expected an action object with "at" and "do"', item);
    return undefined;
  }
  const what = p.oneOf(item['do'], join(path, 'do'), ACTIONS);
  const atS = duration(p, item['at'], join(path, 'at'));
  if (atS !== undefined && untilS !== undefined && atS > untilS) {
    p.add(join(path, 'at'), `is after the scenario's "until"; the action would never run`, item['at'] ?? null);
  }
  if (what === undefined) return undefined; // its other keys cannot be judged without knowing the action
  const o = p.object(item, path, KEYS[what])!;
  const before = p.count;
  const action = build(p, o, path, what);
  return action === undefined || atS === undefined || p.count !== before ? undefined : ({ atS, ...action } as ScriptAction);
}

/** An action without its time (Omit distributed over the union). */
type Body = ScriptAction extends infer A ? (A extends unknown ? Omit<A, 'atS'> : never) : never;

function build(p: Problems, o: JsonObject, path: string, what: ActionName): Body | undefined {
  const conversation = what === 'inboundMessage' ? '' : id(p, o['conversation'], join(path, 'conversation'));
  if (conversation === undefined) return undefined;
  switch (what) {
    case 'createConversation':
      return { do: what, conversation, ...requestParameters(p, o, path) };
    case 'updateConversation': {
      if (o['state'] === undefined && o['timers'] === undefined) p.add(path, 'updateConversation needs "state", "timers" or both');
      const webhookEnabled = o['webhookEnabled'] === undefined ? false : p.boolean(o['webhookEnabled'], join(path, 'webhookEnabled'));
      return { do: what, conversation, ...requestParameters(p, o, path), webhookEnabled: webhookEnabled ?? false };
    }
    case 'message': {
      const author = o['author'] === undefined ? undefined : p.string(o['author'], join(path, 'author'));
      return author === undefined ? { do: what, conversation } : { do: what, conversation, author };
    }
    case 'addParticipant':
    case 'removeParticipant': {
      if (o['identity'] !== undefined) {
        if (o['address'] !== undefined || o['channel'] !== undefined) {
          p.add(path, 'a participant is either a chat "identity" or a non-chat "address" with its "channel", not both');
          return undefined;
        }
        const identity = p.string(o['identity'], join(path, 'identity'), 'a chat identity');
        return identity === undefined ? undefined : ({ do: what, conversation, identity } as Body);
      }
      if (o['address'] === undefined) {
        p.add(path, `${what} needs a chat "identity", or a non-chat "address" and "channel"`);
        return undefined;
      }
      return address(p, o, path, (a, channel) => ({ do: what, conversation, address: a, channel }) as Body);
    }
    case 'deleteConversation':
      return { do: what, conversation };
    case 'inboundMessage':
      return address(p, o, path, (a, channel) => ({ do: what, address: a, channel }));
  }
}

function id(p: Problems, value: Json | undefined, path: string): string | undefined {
  const text = p.string(value, path, ID_FORM);
  if (text === undefined) return undefined;
  if (!ID.test(text)) p.add(path, `expected ${ID_FORM}`, text);
  else if (text.startsWith(AUTO_ID_PREFIX)) p.add(path, `ids starting with "${AUTO_ID_PREFIX}" are reserved for autocreated conversations`, text);
  else return text;
  return undefined;
}

function address<T>(p: Problems, o: JsonObject, path: string, make: (address: string, channel: (typeof CHANNELS)[number]) => T): T | undefined {
  const a = p.string(o['address'], join(path, 'address'), 'a non-chat address like "+15550100"');
  const channel = p.oneOf(o['channel'], join(path, 'channel'), CHANNELS);
  if (a !== undefined && a.length === 0) p.add(join(path, 'address'), 'expected a non-empty address', a);
  return a === undefined || a.length === 0 || channel === undefined ? undefined : make(a, channel);
}

/** `state` (any string: the engine answers 50378) and `timers` (strings: the engine answers 50375-50380). */
function requestParameters(p: Problems, o: JsonObject, path: string): { state?: string; timers?: TimersRequest } {
  const out: { state?: string; timers?: TimersRequest } = {};
  if (o['state'] !== undefined) {
    const state = p.string(o['state'], join(path, 'state'), 'a state name (the engine rejects names other than active, inactive, closed with 50378)');
    if (state !== undefined) out.state = state;
  }
  if (o['timers'] !== undefined) {
    const tpath = join(path, 'timers');
    const timers = p.object(o['timers'], tpath, ['inactive', 'closed']);
    if (timers !== undefined) {
      const t: { inactive?: string; closed?: string } = {};
      for (const key of ['inactive', 'closed'] as const) {
        if (timers[key] === undefined) continue;
        const v = p.string(timers[key], join(tpath, key), 'an ISO 8601 duration string (the engine judges its value)');
        if (v !== undefined) t[key] = v;
      }
      out.timers = t;
    }
  }
  return out;
}
