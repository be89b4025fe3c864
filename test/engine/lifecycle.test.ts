// SPEC 1 and 2: states, transitions with their reasons, the clocks, the ordering at one instant,
// and the API's date_inactive / date_closed.

import { describe, expect, it } from 'vitest';
import { world } from './harness.js';

const BOTH = { inactive: 'PT300S', closed: 'PT30000S' };

describe('timers (SPEC 2.1, the guide scenarios)', () => {
  it('goes inactive after the inactive timer, then closed after the closed timer (scenario 1)', () => {
    const w = world();
    w.create({ timers: BOTH });
    w.at(100_000);
    expect(w.log).toEqual([
      [300, 'c active->inactive TIMER +webhook'],
      [30_300, 'c inactive->closed TIMER +webhook'],
    ]);
  });

  it('never changes state without timers (scenario 2)', () => {
    const w = world();
    const c = w.create();
    w.at(10 ** 9);
    expect(w.log).toEqual([]);
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: undefined, dateClosedS: undefined });
  });

  it('stays inactive for ever with only the inactive timer (scenario 3)', () => {
    const w = world();
    const c = w.create({ timers: { inactive: 'PT600S' } });
    w.at(10 ** 9);
    expect(w.log).toEqual([[600, 'c active->inactive TIMER +webhook']]);
    expect(w.show(c)).toEqual({ state: 'inactive', dateInactiveS: undefined, dateClosedS: undefined });
  });

  it('closes 30 days after creation with only the closed timer, messages or not (scenario 4)', () => {
    const w = world();
    const c = w.create({ timers: { closed: 'P30D' } });
    for (let day = 1; day < 30; day++) {
      w.at(day * 86_400);
      w.engine.message(c);
    }
    w.at(31 * 86_400);
    expect(w.log).toEqual([[30 * 86_400, 'c active->closed TIMER +webhook']]);
  });

  it('restarts the closed-only clock on every message when closedOnlyClock is since-last-message', () => {
    const w = world({ closedOnlyClock: 'since-last-message' });
    const c = w.create({ timers: { closed: 'PT1H' } });
    w.at(3_000);
    w.engine.message(c);
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: undefined, dateClosedS: 6_600 });
    w.at(10_000);
    expect(w.log).toEqual([[6_600, 'c active->closed TIMER +webhook']]);
  });

  it('restarts the inactive clock on every message', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.at(200);
    w.engine.message(c);
    w.at(499);
    expect(w.log).toEqual([]);
    w.at(500);
    expect(w.log).toEqual([[500, 'c active->inactive TIMER +webhook']]);
  });

  it('reactivates an inactive conversation on a new message, stopping the chained closed clock', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.at(1_000);
    w.engine.message(c);
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: 1_300, dateClosedS: 31_300 });
    w.at(100_000);
    expect(w.log).toEqual([
      [300, 'c active->inactive TIMER +webhook'],
      [1_000, 'c inactive->active EVENT +webhook'],
      [1_300, 'c active->inactive TIMER +webhook'],
      [31_300, 'c inactive->closed TIMER +webhook'],
    ]);
  });

  it('fires a timer due at an instant before a message at that instant (SPEC 2.2)', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.at(300);
    w.engine.message(c);
    expect(w.log).toEqual([
      [300, 'c active->inactive TIMER +webhook'],
      [300, 'c inactive->active EVENT +webhook'],
    ]);
  });

  it('keeps the closed-only deadline when a message reactivates an inactive conversation', () => {
    const w = world();
    const c = w.create({ timers: { closed: 'PT1H' } });
    w.at(600);
    w.engine.updateConversation(c, { state: 'inactive' });
    w.at(1_000);
    w.engine.message(c);
    // The REST change at 600 restarted the clock; the message did not.
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: undefined, dateClosedS: 4_200 });
  });

  it('starts the closed clock at creation for a conversation created inactive, with no transition', () => {
    const w = world();
    const c = w.create({ state: 'inactive', timers: BOTH });
    expect(w.show(c)).toEqual({ state: 'inactive', dateInactiveS: undefined, dateClosedS: 30_000 });
    w.at(40_000);
    expect(w.log).toEqual([[30_000, 'c inactive->closed TIMER +webhook']]);
  });
});

describe('REST updates (SPEC 2.1, 5)', () => {
  it('changes state with reason API and emits the webhook only when webhookEnabled', () => {
    const w = world();
    const c = w.create();
    w.at(10);
    w.engine.updateConversation(c, { state: 'inactive' });
    w.at(20);
    w.engine.updateConversation(c, { state: 'active', webhookEnabled: true });
    w.at(30);
    w.engine.updateConversation(c, { state: 'closed', webhookEnabled: false });
    expect(w.log).toEqual([
      [10, 'c active->inactive API'],
      [20, 'c inactive->active API +webhook'],
      [30, 'c active->closed API'],
    ]);
  });

  it('restarts the clocks on an update to the same state, with no transition and no webhook', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.at(250);
    w.engine.updateConversation(c, { state: 'active', webhookEnabled: true });
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: 550, dateClosedS: 30_550 });
    w.at(549);
    expect(w.log).toEqual([]);
  });

  it('starts the chained closed clock when REST moves the conversation to inactive', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.at(100);
    w.engine.updateConversation(c, { state: 'inactive', webhookEnabled: true });
    expect(w.show(c)).toEqual({ state: 'inactive', dateInactiveS: undefined, dateClosedS: 30_100 });
  });

  it('restarts the running clock from the moment of a timer update, earlier or later', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.at(100);
    w.engine.updateConversation(c, { timers: { inactive: 'PT60S' } });
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: 160, dateClosedS: 30_160 });
    w.at(160);
    w.engine.updateConversation(c, { timers: { closed: 'PT20M' } });
    expect(w.show(c)).toEqual({ state: 'inactive', dateInactiveS: undefined, dateClosedS: 1_360 });
    w.at(5_000);
    expect(w.log).toEqual([
      [160, 'c active->inactive TIMER +webhook'],
      [1_360, 'c inactive->closed TIMER +webhook'],
    ]);
  });

  it('turns a timer off with PT0S', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.engine.updateConversation(c, { timers: { inactive: 'PT0S' } });
    // Only the closed timer is left: it runs as the closed-only clock from now.
    expect(w.show(c)).toEqual({ state: 'active', dateInactiveS: undefined, dateClosedS: 30_000 });
    w.engine.updateConversation(c, { timers: { closed: 'PT0S' } });
    w.at(10 ** 8);
    expect(w.log).toEqual([]);
  });
});

describe('date_inactive and date_closed (SPEC 2.3)', () => {
  it('shows both in active with both timers, the closed one projected', () => {
    const w = world();
    expect(w.show(w.create({ timers: BOTH }))).toEqual({ state: 'active', dateInactiveS: 300, dateClosedS: 30_300 });
  });
  it('shows only date_inactive in active with only the inactive timer', () => {
    const w = world();
    expect(w.show(w.create({ timers: { inactive: 'PT10M' } }))).toEqual({ state: 'active', dateInactiveS: 600, dateClosedS: undefined });
  });
  it('shows only date_closed in active with only the closed timer', () => {
    const w = world();
    expect(w.show(w.create({ timers: { closed: 'PT10M' } }))).toEqual({ state: 'active', dateInactiveS: undefined, dateClosedS: 600 });
  });
  it('shows date_closed from the entry into inactive when chained', () => {
    const w = world();
    const c = w.create({ timers: BOTH });
    w.at(300);
    expect(w.show(c)).toEqual({ state: 'inactive', dateInactiveS: undefined, dateClosedS: 30_300 });
  });
});

describe('account default timers (SPEC 2)', () => {
  it('applies the defaults timer by timer to conversations created without them', () => {
    const w = world({ defaultInactiveS: 600, defaultClosedS: 3_600 });
    expect(w.show(w.create())).toEqual({ state: 'active', dateInactiveS: 600, dateClosedS: 4_200 });
    expect(w.show(w.create({ timers: { inactive: 'PT120S' } }))).toEqual({ state: 'active', dateInactiveS: 120, dateClosedS: 3_720 });
  });
  it('lets an explicit PT0S override a default', () => {
    const w = world({ defaultInactiveS: 600, defaultClosedS: 3_600 });
    expect(w.show(w.create({ timers: { inactive: 'PT0S' } }))).toEqual({ state: 'active', dateInactiveS: undefined, dateClosedS: 3_600 });
  });
});

describe('timers due at the same instant (SPEC 2.2)', () => {
  it('fire in the order their clocks were last started, as one setTimeout per clock would', () => {
    const w = world();
    const a = w.create({ timers: { inactive: 'PT5M' } }, 'a');
    w.at(100);
    w.engine.message(a); // a's clock restarts first, due 400; its queued entry (300) is re-armed at 300
    w.create({ timers: { inactive: 'PT5M' } }, 'b'); // b's clock starts next, due 400, queued at once
    w.at(1_000);
    expect(w.log).toEqual([
      [400, 'a active->inactive TIMER +webhook'],
      [400, 'b active->inactive TIMER +webhook'],
    ]);
  });

  // Batches of up to 32 are sorted in place (insertion sort), larger ones by a native sort of
  // numbers made of the arm sequence and the index (engine/due.ts); in orders near and far
  // from the one wanted.
  const orders: [string, (n: number) => number[]][] = [
    // 37 is prime to every n here: most entries far from their place.
    ['shuffled', (n) => Array.from({ length: n }, (_, i) => (i * 37) % n)],
    ['reversed', (n) => Array.from({ length: n }, (_, i) => n - 1 - i)],
    // Neighbours swapped, and every tenth entry 5 places late: a few moves each, as in traffic.
    ['nearly in order', (n) => {
      const o = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i + 1 < n; i += 3) [o[i], o[i + 1]] = [o[i + 1]!, o[i]!];
      for (let i = 0; i + 5 < n; i += 10) o.splice(i + 5, 0, o.splice(i, 1)[0]!);
      return o;
    }],
    // In order but for the last entry, which belongs first: n - 1 moves for it alone.
    ['last first', (n) => [...Array.from({ length: n - 1 }, (_, i) => i + 1), 0]],
  ];
  it.each(orders.flatMap(([name, order]) => [3, 32, 33, 100, 1_000].map((n) => [name, n, order] as const)))(
    'keep that order in a batch re-armed out of their queue order: %s, %i',
    (_name, n, orderOf) => {
      const w = world();
      const handles = Array.from({ length: n }, (_, i) => w.create({ timers: { inactive: 'PT1M' } }, `c${i}`));
      w.at(30);
      // Restarted in this order: each entry queued at 60 re-arms at 90.
      const order = orderOf(n);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const i of order) w.engine.message(handles[i]!);
      w.at(1_000);
      expect(w.log).toEqual(order.map((i) => [90, `c${i} active->inactive TIMER +webhook`]));
    },
  );

  it('keep that order when a restart reorders conversations created together', () => {
    const w = world();
    const a = w.create({ timers: { inactive: 'PT1M' } }, 'a');
    const b = w.create({ timers: { inactive: 'PT1M' } }, 'b');
    w.at(30);
    w.engine.message(b);
    w.engine.message(a);
    w.at(1_000);
    expect(w.log).toEqual([
      [90, 'b active->inactive TIMER +webhook'],
      [90, 'a active->inactive TIMER +webhook'],
    ]);
  });
});
