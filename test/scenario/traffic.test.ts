// The traffic section: defaults, distributions, and the exact problem lines.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/validate.js';

const BASE = { name: 'x', start: '2026-01-05T00:00:00Z', until: 'P1D' };
const TRAFFIC = {
  arrivals: [{ duration: 'P1D', ratePerHour: 10 }],
  agents: { count: 2 },
  customers: { count: 100 },
  messages: { perVisit: 3, gap: 'PT1M' },
};

function parse(traffic: unknown, until = BASE.until) {
  return parseScenario('t.json', JSON.stringify({ ...BASE, until, traffic }));
}
function problems(traffic: unknown, until = BASE.until): readonly string[] {
  const v = parse(traffic, until);
  return v.ok ? [] : v.problems;
}

describe('traffic section', () => {
  it('fills in the defaults: poisson arrivals, round-robin, chat customers, account timers, hourly rows', () => {
    const v = parse(TRAFFIC);
    if (!v.ok) throw new Error(v.problems.join('\n'));
    if (v.scenario.kind !== 'traffic') throw new Error('expected generated traffic');
    expect(v.scenario.traffic).toEqual({
      arrivals: [{ durationS: 86_400, ratePerHour: 10, rampToPerHour: 10, process: 'poisson' }],
      agents: { count: 2, assignment: 'round-robin' },
      customers: { count: 100, channelWeights: [1, 0, 0] },
      messages: { perVisit: { type: 'fixed', value: 3 }, gap: { type: 'fixed', value: 60 } },
      returns: undefined,
      timers: undefined,
      afterLastMessage: undefined,
      intervalS: 3_600,
    });
  });

  it('reads every distribution type, durations in seconds', () => {
    const v = parse({
      ...TRAFFIC,
      messages: { perVisit: { type: 'poisson', mean: 4 }, gap: { type: 'lognormal', median: 'PT1M', sigma: 0.5 } },
      returns: { probability: 0.5, pause: { type: 'empirical', values: ['PT1H', 'P1D'] } },
      afterLastMessage: { probability: 1, delay: { type: 'uniform', min: 'PT1M', max: 'PT2M' }, state: 'closed' },
      timers: [{ weight: 2, inactive: 'PT5M', closed: 'P1D' }, { inactive: 'PT0S' }],
    });
    if (!v.ok) throw new Error(v.problems.join('\n'));
    if (v.scenario.kind !== 'traffic') throw new Error('expected generated traffic');
    const t = v.scenario.traffic;
    expect(t.messages).toEqual({ perVisit: { type: 'poisson', mean: 4 }, gap: { type: 'lognormal', median: 60, sigma: 0.5 } });
    expect(t.returns).toEqual({ probability: 0.5, pause: { type: 'empirical', values: [3_600, 86_400] } });
    expect(t.afterLastMessage).toEqual({ probability: 1, delay: { type: 'uniform', min: 60, max: 120 }, state: 'closed', webhookEnabled: false });
    expect(t.timers).toEqual([
      { weight: 2, inactiveS: 300, closedS: 86_400 },
      { weight: 1, inactiveS: 0, closedS: 0 },
    ]);
  });

  it('reports every problem of a bad traffic section at once', () => {
    expect(
      problems({
        arrivals: [{ duration: 'P1D', ratePerHour: -1, proces: 'poisson' }],
        agents: { count: 0, assignment: 'least-busy' },
        customers: { count: 10, channels: { chat: 0, sms: 0, fax: 1 } },
        messages: { perVisit: { type: 'geometric', mean: 0.5 }, gap: { type: 'exponential', mean: 120 } },
        returns: { probability: 1.5, pause: { type: 'normal', mean: 'PT1H' } },
        timers: [{ inactive: 'PT30S' }],
        afterLastMessage: { probability: 0.5, delay: 'PT1M', state: 'archived' },
        interval: 'PT0S',
      }),
    ).toEqual([
      't.json: traffic.arrivals[0].proces: unknown key; did you mean "process"? Allowed here: duration, ratePerHour, rampTo, process',
      't.json: traffic.arrivals[0].ratePerHour: expected a number from 0 to 1000000000; got -1',
      't.json: traffic.agents.count: expected a whole number from 1 to 268435456; got 0',
      't.json: traffic.agents.assignment: expected one of "round-robin", "random"; got "least-busy"',
      't.json: traffic.customers.channels.fax: unknown key. Allowed here: chat, sms, whatsapp',
      't.json: traffic.customers.channels: expected at least one channel with a weight above zero; got {"chat":0,"sms":0,"fax":1}',
      't.json: traffic.messages.perVisit.mean: expected a mean of at least 1 (a geometric count is 1, 2, ...); got 0.5',
      't.json: traffic.messages.gap.mean: expected an ISO 8601 duration of days, hours, minutes and seconds, like "PT5M", "P30D" or "P1DT12H"; got 120',
      't.json: traffic.returns.probability: expected a number from 0 to 0.999; got 1.5',
      't.json: traffic.returns.pause.type: expected one of "fixed", "uniform", "exponential", "lognormal", "geometric", "poisson", "empirical"; got "normal"',
      't.json: traffic.timers[0].inactive: expected "PT0S" (off) or at least 60 seconds (PT1M); got "PT30S"',
      't.json: traffic.afterLastMessage.state: expected one of "active", "inactive", "closed"; got "archived"',
      't.json: traffic.interval: expected a duration longer than zero; got "PT0S"',
    ]);
  });

  it('reports missing sections and a channel mix with no weight', () => {
    expect(problems({ arrivals: [], customers: { count: 5, channels: { sms: 0 } } })).toEqual([
      't.json: traffic.arrivals: expected a non-empty array of phases like {"duration": "P1D", "ratePerHour": 100}; got []',
      't.json: traffic.agents: missing; expected an object with count, assignment',
      't.json: traffic.customers.channels: expected at least one channel with a weight above zero; got {"sms":0}',
      't.json: traffic.messages: missing; expected an object with perVisit, gap',
    ]);
  });

  it('says "missing" for a field left out, and "got null" only for one written as null', () => {
    const missing = {
      arrivals: [{ duration: 'P1D' }],
      agents: { assignment: 'random' },
      customers: {},
      messages: { perVisit: { type: 'empirical' }, gap: 'PT1M' },
    };
    expect(problems(missing)).toEqual([
      't.json: traffic.arrivals[0].ratePerHour: missing; expected a number from 0 to 1000000000',
      't.json: traffic.agents.count: missing; expected a whole number from 1 to 268435456',
      't.json: traffic.customers.count: missing; expected a whole number from 1 to 268435456',
      't.json: traffic.messages.perVisit.values: missing; expected a non-empty array of numbers',
    ]);
    expect(problems({ ...TRAFFIC, agents: { count: null } })).toEqual(['t.json: traffic.agents.count: expected a whole number from 1 to 268435456; got null']);
    expect(problems({ ...TRAFFIC, messages: { perVisit: { type: 'empirical', values: null }, gap: 'PT1M' } })).toEqual([
      't.json: traffic.messages.perVisit.values: expected a non-empty array of numbers; got null',
    ]);
    expect(problems({ ...TRAFFIC, arrivals: null })).toEqual([
      't.json: traffic.arrivals: expected a non-empty array of phases like {"duration": "P1D", "ratePerHour": 100}; got null',
    ]);
    expect(problems({ ...TRAFFIC, arrivals: undefined })).toEqual([
      't.json: traffic.arrivals: missing; expected a non-empty array of phases like {"duration": "P1D", "ratePerHour": 100}',
    ]);
  });
});

describe('traffic section limits', () => {
  it('refuses returns that never end, and work of more than 1e10 events', () => {
    expect(problems({ ...TRAFFIC, returns: { probability: 1, pause: 'PT0S' } })).toEqual(['t.json: traffic.returns.probability: expected a number from 0 to 0.999; got 1']);
    expect(problems({ ...TRAFFIC, arrivals: [{ duration: 'P365D', ratePerHour: 100_000 }], messages: { perVisit: 20_000, gap: 'PT1S' } }, 'P365D')).toEqual([
      't.json: traffic: arrivals, messages per visit and returns would make about 1.8e+13 events; convsim runs at most 1e+10 in one scenario (about half an hour)',
    ]);
  });

  it('refuses phases that would bring more than a billion arrivals', () => {
    expect(problems({ ...TRAFFIC, arrivals: [{ duration: 'P3650D', ratePerHour: 1e6, rampTo: 2e6 }] }, 'P3650D')).toEqual([
      't.json: traffic.arrivals: the phases would bring about 1.3e+11 arrivals; convsim runs at most 1e+9 in one scenario',
    ]);
  });

  it('counts only the arrivals before "until", a phase cut by it in part', () => {
    // Ten years of phases, but a run of one day: about 1e6 * 24 * 1.0014 arrivals, well under the bound.
    expect(problems({ ...TRAFFIC, arrivals: [{ duration: 'P3650D', ratePerHour: 1e6, rampTo: 2e6 }] }, 'P1D')).toEqual([]);
    expect(problems({ ...TRAFFIC, arrivals: [{ duration: 'P1D', ratePerHour: 10 }, { duration: 'P3650D', ratePerHour: 1e9 }] }, 'P1D')).toEqual([]);
    expect(problems({ ...TRAFFIC, arrivals: [{ duration: 'P1D', ratePerHour: 10 }, { duration: 'P3650D', ratePerHour: 1e9 }] }, 'P2D')).toEqual([
      't.json: traffic.arrivals: the phases would bring about 2.4e+10 arrivals; convsim runs at most 1e+9 in one scenario',
    ]);
  });

  it('bounds the timeseries rows: until / interval at most a million', () => {
    expect(problems({ ...TRAFFIC, interval: 'PT1S' }, 'P11D')).toEqual([]);
    expect(problems({ ...TRAFFIC, interval: 'PT1S' }, 'P12D')).toEqual([
      't.json: traffic.interval: with "until" P12D this makes 1036800 timeseries rows; convsim writes at most 1000000 (choose an interval of at least PT2S); got "PT1S"',
    ]);
    expect(problems({ ...TRAFFIC, interval: 'PT1S' }, 'P12427DT13H37M3S')[0]).toMatch(/makes 1073741823 timeseries rows; convsim writes at most 1000000 \(choose an interval of at least PT17M54S\)/);
  });
});

describe('regressions found by the fuzz properties', () => {
  it('reports an arrival phase that is not an object, without crashing on the arrivals total', () => {
    expect(problems({ ...TRAFFIC, arrivals: [{ duration: 'PT1H', ratePerHour: 5 }, [{ duration: 'PT1H' }]] })).toEqual([
      't.json: traffic.arrivals[1]: expected an object; got [{"duration":"PT1H"}]',
    ]);
  });
});

describe('the autocreation trap (SPEC 4)', () => {
  const WARNING =
    't.json: account.defaultTimers: warning: SMS/WhatsApp customers who write after their conversation closed get an autocreated one, which takes the account default timers, not traffic.timers (as Twilio does); with none set, it never goes inactive or closes. Set account.defaultTimers, or keep this on purpose (summary.json counts them as autocreated_without_timers)';
  const warnings = (scenario: object): readonly string[] => {
    const v = parseScenario('t.json', JSON.stringify({ ...BASE, ...scenario }));
    if (!v.ok) throw new Error(v.problems.join('\n'));
    return v.warnings;
  };
  const smsWithTimers = { ...TRAFFIC, customers: { count: 100, channels: { chat: 1, sms: 1 } }, timers: [{ inactive: 'PT5M', closed: 'PT1H' }] };

  it('warns when SMS/WhatsApp customers can autocreate, traffic.timers is set and the account has no defaults', () => {
    expect(warnings({ traffic: smsWithTimers })).toEqual([WARNING]);
  });

  it('is quiet with account defaults, with chat customers only, without a timer mix, or with autoCreation off', () => {
    expect(warnings({ traffic: smsWithTimers, account: { defaultTimers: { inactive: 'PT5M', closed: 'PT1H' } } })).toEqual([]);
    expect(warnings({ traffic: { ...smsWithTimers, customers: { count: 100 } } })).toEqual([]);
    expect(warnings({ traffic: { ...smsWithTimers, timers: 'defaults' } })).toEqual([]);
    expect(warnings({ traffic: smsWithTimers, account: { autoCreation: false } })).toEqual([]);
  });
});
