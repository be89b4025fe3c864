// A small world for engine tests: an engine on the run loop, a log of [time, what] pairs,
// and helpers that advance the clock (timers due at t fire before the caller acts at t).

import { expect } from 'vitest';
import { OK } from '../../src/engine/codes.js';
import type { CreateRequest } from '../../src/engine/engine.js';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../src/engine/settings.js';
import { REASON_NAMES, STATE_NAMES } from '../../src/engine/states.js';
import type { Handle } from '../../src/engine/table.js';
import { RunLoop } from '../../src/run/loop.js';

export function world(settings: Partial<EngineSettings> = {}, options: { retainClosed?: boolean } = {}) {
  const log: [number, string][] = [];
  const names = new Map<Handle, string>();
  const name = (h: Handle): string => names.get(h) ?? `#${h}`;
  const queue: RunLoop = new RunLoop(
    { ...DEFAULT_SETTINGS, ...settings },
    {
      transition(h, from, to, reason, webhook) {
        log.push([queue.nowS, `${name(h)} ${STATE_NAMES[from]}->${STATE_NAMES[to]} ${REASON_NAMES[reason]}${webhook ? ' +webhook' : ''}`]);
      },
      autoCreated(h, address, previousSerial) {
        names.set(h, `auto(${address})`);
        log.push([queue.nowS, `autocreated for address ${address}, previous serial ${previousSerial}`]);
      },
      inboundDropped(address) {
        log.push([queue.nowS, `dropped inbound from address ${address}`]);
      },
      deleted(h) {
        log.push([queue.nowS, `${name(h)} deleted`]);
      },
    },
    { engineOptions: options },
  );
  const engine = queue.engine;
  return {
    engine,
    queue,
    log,
    /** Advances the clock to `t` seconds, firing every timer due until then. */
    at(t: number): void {
      queue.runUntil(t);
    },
    create(request: CreateRequest = {}, label = 'c'): Handle {
      expect(engine.createConversation(request)).toBe(OK);
      names.set(engine.lastCreated, label);
      return engine.lastCreated;
    },
    /** State name and API timestamps (offsets) of a conversation. */
    show(h: Handle) {
      const v = engine.view(h);
      if (v === undefined) return options.retainClosed === true ? 'gone (deleted)' : 'gone (closed)';
      return { state: STATE_NAMES[v.state], dateInactiveS: v.dateInactiveS, dateClosedS: v.dateClosedS };
    },
  };
}
