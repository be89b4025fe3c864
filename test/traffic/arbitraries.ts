// Random, small scenarios with generated traffic, for the properties of the traffic generator,
// the run loop and the outputs. Small enough that a run takes milliseconds.

import fc from 'fast-check';
import { parseScenario } from '../../src/scenario/validate.js';
import type { TrafficScenario } from '../../src/scenario/types.js';

const seconds = (s: number): string => `PT${s}S`;

const durationDistribution = (maxS: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: 0, max: maxS }).map(seconds),
    fc.integer({ min: 1, max: maxS }).map((mean) => ({ type: 'exponential', mean: seconds(mean) })),
    fc.tuple(fc.integer({ min: 0, max: maxS }), fc.integer({ min: 0, max: maxS })).map(([a, b]) => ({ type: 'uniform', min: seconds(Math.min(a, b)), max: seconds(Math.max(a, b)) })),
    fc.integer({ min: 1, max: maxS }).map((median) => ({ type: 'lognormal', median: seconds(median), sigma: 0.8 })),
    fc.array(fc.integer({ min: 0, max: maxS }), { minLength: 1, maxLength: 4 }).map((values) => ({ type: 'empirical', values: values.map(seconds) })),
  );

const countDistribution = fc.oneof(
  fc.integer({ min: 1, max: 8 }),
  fc.integer({ min: 1, max: 8 }).map((mean) => ({ type: 'geometric', mean })),
  fc.integer({ min: 0, max: 8 }).map((mean) => ({ type: 'poisson', mean })),
);

const timer = (values: string[]): fc.Arbitrary<string> => fc.constantFrom(...values);
const inactive = timer(['PT0S', 'PT60S', 'PT5M', 'PT30M', 'PT2H']);
const closed = timer(['PT0S', 'PT600S', 'PT1H', 'PT6H', 'P1D']);

/** The JSON of a small traffic scenario. */
export const trafficScenarioJson = fc.record({
  name: fc.constant('prop'),
  start: fc.constant('2026-01-05T00:00:00Z'),
  until: fc.integer({ min: 1, max: 72 }).map((h) => `PT${h}H`),
  seed: fc.nat(1_000_000),
  account: fc.record({
    defaultTimers: fc.record({ inactive, closed }),
    autoCreation: fc.boolean(),
  }),
  semantics: fc.record({
    closedOnlyClock: fc.constantFrom('since-creation', 'since-last-message'),
    participantAddIsActivity: fc.boolean(),
  }),
  traffic: fc.record(
    {
      arrivals: fc.array(
        fc.record({
          duration: fc.integer({ min: 1, max: 24 }).map((h) => `PT${h}H`),
          ratePerHour: fc.integer({ min: 0, max: 300 }),
          rampTo: fc.integer({ min: 0, max: 300 }),
          process: fc.constantFrom('poisson', 'uniform'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      agents: fc.record({ count: fc.integer({ min: 1, max: 4 }), assignment: fc.constantFrom('round-robin', 'random') }),
      customers: fc.record({
        count: fc.integer({ min: 1, max: 60 }),
        channels: fc.record({ chat: fc.nat(3), sms: fc.nat(3), whatsapp: fc.nat(3) }).filter((c) => c.chat + c.sms + c.whatsapp > 0),
      }),
      messages: fc.record({ perVisit: countDistribution, gap: durationDistribution(900) }),
      returns: fc.record({ probability: fc.double({ min: 0, max: 0.9, noNaN: true }), pause: durationDistribution(20_000) }),
      timers: fc.oneof(
        fc.constant('defaults'),
        fc.array(fc.record({ weight: fc.integer({ min: 1, max: 3 }), inactive, closed }), { minLength: 1, maxLength: 3 }),
      ),
      afterLastMessage: fc.record({
        probability: fc.double({ min: 0, max: 1, noNaN: true }),
        delay: durationDistribution(3_600),
        state: fc.constantFrom('active', 'inactive', 'closed'),
        webhookEnabled: fc.boolean(),
      }),
      interval: fc.constantFrom('PT10M', 'PT1H', 'PT7H'),
    },
    { requiredKeys: ['arrivals', 'agents', 'customers', 'messages'] },
  ),
});

/** A traffic scenario from its JSON (throws if it is not valid generated traffic). */
export function scenarioOf(json: unknown): TrafficScenario {
  const v = parseScenario('prop.json', JSON.stringify(json));
  if (!v.ok) throw new Error(`the arbitrary made an invalid scenario:\n${v.problems.join('\n')}`);
  if (v.scenario.kind !== 'traffic') throw new Error('the arbitrary made a scripted scenario');
  return v.scenario;
}

export const trafficScenario = trafficScenarioJson.map(scenarioOf);
