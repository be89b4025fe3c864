// The baseline: the benchmark workload driven the way a JavaScript developer would write it,
// an object per conversation and one setTimeout per running clock on a @sinonjs/fake-timers
// clock, reset with clearTimeout. Same arrivals and distributions as convsim's generator, same
// rules for the lifecycle (inactive timer, chained closed timer, reactivation, identity counts).

import FakeTimers from '@sinonjs/fake-timers';
import { Random } from '../sim/random.js';
import { Arrivals } from '../traffic/arrivals.js';
import { sampler } from '../traffic/distributions.js';
import { CLOSED_S, GAP_MEAN_S, INACTIVE_S, MESSAGES_MEAN, ratePerHourFor } from './workload.js';

interface Conversation {
  state: 'active' | 'inactive' | 'closed';
  timer: FakeTimers.TimerId | undefined;
  agent: number;
  customer: number;
}

export interface BaselineRun {
  /** Advances simulated time to `untilS`. */
  advance(untilS: number): void;
  /** Arrivals, messages and timers that fired so far. */
  events(): number;
  open(): number;
}

export function baseline(live: number, days: number, seed = 1): BaselineRun {
  const clock = FakeTimers.createClock(0, 10 ** 9);
  const random = new Random(seed);
  const untilS = days * 86_400;
  const arrivals = new Arrivals([{ durationS: untilS, ratePerHour: ratePerHourFor(live), rampToPerHour: ratePerHourFor(live), process: 'poisson' }], random);
  const perVisit = sampler({ type: 'geometric', mean: MESSAGES_MEAN });
  const gap = sampler({ type: 'exponential', mean: GAP_MEAN_S });
  const agents = Math.max(10, Math.ceil(live / 500));
  const customers = Math.max(10_000, live * 5);
  const openPerIdentity = new Map<number, number>();
  let events = 0;
  let open = 0;
  let nextAgent = 0;

  const join = (identity: number): void => {
    openPerIdentity.set(identity, (openPerIdentity.get(identity) ?? 0) + 1);
  };
  const leave = (identity: number): void => {
    openPerIdentity.set(identity, openPerIdentity.get(identity)! - 1);
  };

  const goInactive = (c: Conversation): void => {
    events++;
    c.state = 'inactive';
    c.timer = clock.setTimeout(() => close(c), CLOSED_S * 1000);
  };
  const close = (c: Conversation): void => {
    events++;
    c.state = 'closed';
    c.timer = undefined;
    open--;
    leave(c.agent);
    leave(agents + c.customer);
  };
  const message = (c: Conversation, left: number): void => {
    events++;
    if (c.state !== 'closed') {
      if (c.state === 'inactive') c.state = 'active';
      clock.clearTimeout(c.timer!);
      c.timer = clock.setTimeout(() => goInactive(c), INACTIVE_S * 1000);
    }
    if (left > 1) clock.setTimeout(() => message(c, left - 1), gap.draw(random) * 1000);
  };
  const arrive = (): void => {
    events++;
    scheduleArrival();
    const customer = random.int(customers);
    const c: Conversation = { state: 'active', timer: undefined, agent: nextAgent++ % agents, customer };
    open++;
    join(c.agent);
    join(agents + customer);
    c.timer = clock.setTimeout(() => goInactive(c), INACTIVE_S * 1000);
    message(c, Math.max(1, perVisit.draw(random)));
  };
  const scheduleArrival = (): void => {
    const atS = arrivals.nextS();
    if (atS <= untilS) clock.setTimeout(arrive, atS * 1000 - clock.now);
  };
  scheduleArrival();

  return {
    advance(toS: number) {
      clock.tick(toS * 1000 - clock.now);
    },
    events: () => events,
    open: () => open,
  };
}
