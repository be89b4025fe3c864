// The run loop: the engine on the event core, the one wiring every driver uses.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import { ACTIVE, REASON_NAMES, STATE_NAMES } from '../../src/engine/states.js';
import { RunLoop } from '../../src/run/loop.js';
import { fcParams } from '../fc.js';

/** A loop whose driver logs [time, what] and can send a message to the first conversation. */
function world(horizonS?: number, lookAheadOpen?: number) {
  const log: [number, string][] = [];
  const loop: RunLoop = new RunLoop(
    { ...DEFAULT_SETTINGS, defaultInactiveS: 60 },
    {
      transition: (_h, from, to, reason) => log.push([loop.nowS, `${STATE_NAMES[from]}->${STATE_NAMES[to]} ${REASON_NAMES[reason]}`]),
      autoCreated: () => undefined,
      inboundDropped: () => undefined,
    },
    { ...(horizonS === undefined ? {} : { horizonS }), lookAheadOpen },
  );
  loop.drive({
    dispatch: (kind, payload) => {
      log.push([loop.nowS, `event ${kind}:${payload}`]);
      if (kind === 1) loop.engine.message(loop.engine.lastCreated);
    },
  });
  return { loop, log };
}

describe('RunLoop', () => {
  it('fires a timer due at an instant before the driver events at it (SPEC 2.2)', () => {
    const { loop, log } = world();
    loop.engine.createConversation({});
    loop.schedule(60, 1, 7);
    loop.runUntil(200);
    expect(log).toEqual([
      [60, 'active->inactive TIMER'],
      [60, 'event 1:7'],
      [60, 'inactive->active EVENT'],
      [120, 'active->inactive TIMER'],
    ]);
    expect(loop.nowS).toBe(200);
  });

  it('does not queue events after its horizon, and runs no further than it', () => {
    const { loop, log } = world(100);
    expect(loop.schedule(100, 0, 1)).toBe(true);
    expect(loop.schedule(101, 0, 2)).toBe(false);
    // A draw that lands centuries away is simply dropped, not an error.
    expect(loop.schedule(2 ** 40, 0, 3)).toBe(false);
    loop.runUntil(10 ** 6);
    expect(log).toEqual([[100, 'event 0:1']]);
    expect(loop.nowS).toBe(100);
    expect(loop.queue.pending).toBe(0);
  });

  it("keeps the engine's timer kind apart: a driver has kinds 0 to 6", () => {
    const { loop } = world();
    expect(() => loop.schedule(1, 7, 0)).toThrow("a driver's event kinds are 0 to 6; got 7");
    expect(() => loop.schedule(1, -1, 0)).toThrow("a driver's event kinds are 0 to 6; got -1");
    expect(() => loop.drive({ dispatch: () => undefined })).toThrow('this loop already has a driver');
  });

  it('gives the same log however it is stepped to a time (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1_000), fc.integer({ min: 0, max: 1 })), { maxLength: 40 }), fc.array(fc.nat(300), { maxLength: 20 }), (events, steps) => {
        const run = (cuts: number[]) => {
          const w = world();
          w.loop.engine.createConversation({});
          events.forEach(([t, kind], i) => w.loop.schedule(t, kind, i));
          let t = 0;
          for (const c of cuts) w.loop.runUntil((t = Math.min(2_000, t + c)));
          w.loop.runUntil(2_000);
          return w.log;
        };
        expect(run(steps)).toEqual(run([]));
      }),
      fcParams(100),
    );
  });

  it("looks ahead from lookAheadOpen open conversations: the engine's timer entries and the driver's own events, before any of the instant's events run", () => {
    const seen: string[] = [];
    class LoggingEngine extends Engine {
      override lookAheadAtSlots(slots: Int32Array, count: number): void {
        for (const slot of slots.subarray(0, count)) seen.push(`engine ahead ${slot} at ${loop.nowS}`);
        super.lookAheadAtSlots(slots, count);
      }
    }
    const loop: RunLoop = new RunLoop(
      { ...DEFAULT_SETTINGS, defaultInactiveS: 60 },
      { transition: (_h, from, to) => seen.push(`${STATE_NAMES[from]}->${STATE_NAMES[to]} at ${loop.nowS}`), autoCreated: () => undefined, inboundDropped: () => undefined },
      { lookAheadOpen: 2, engine: (settings, clock, timers, listener, options) => new LoggingEngine(settings, clock, timers, listener, options) },
    );
    loop.drive({
      dispatch: (kind, payload) => void seen.push(`event ${kind}:${payload} at ${loop.nowS}`),
      lookAhead: (events, count) => {
        for (const packed of events.subarray(0, count)) seen.push(`driver ahead ${packed & 7}:${packed >>> 3} at ${loop.nowS}`);
      },
    });
    loop.engine.open(ACTIVE, 60, 0);
    loop.schedule(10, 3, 7); // one conversation open: below lookAheadOpen
    loop.runUntil(10);
    loop.engine.open(ACTIVE, 60, 0); // two open: their inactive timers come due at 60 and 70
    loop.schedule(70, 3, 8);
    loop.schedule(70, 0, 9);
    loop.runUntil(100);
    expect(seen).toEqual([
      'event 3:7 at 10',
      'engine ahead 0 at 60',
      'active->inactive at 60',
      'engine ahead 1 at 70',
      'driver ahead 3:8 at 70',
      'driver ahead 0:9 at 70',
      'active->inactive at 70',
      'event 3:8 at 70',
      'event 0:9 at 70',
    ]);
  });

  it('runs a driver without lookAhead when looking ahead (the engine still looks at its timers)', () => {
    const { loop, log } = world(undefined, 0);
    for (let i = 0; i < 3; i++) loop.engine.open(ACTIVE, 60, 0);
    loop.schedule(60, 0, 1);
    loop.runUntil(60);
    expect(log.map(([, what]) => what)).toEqual(['active->inactive TIMER', 'active->inactive TIMER', 'active->inactive TIMER', 'event 0:1']);
  });
});
