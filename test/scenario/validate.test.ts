// Scenario files: what is accepted, the defaults, and the exact problem lines (they are API).

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import { parseScenario } from '../../src/scenario/validate.js';

const BASE = { name: 'x', start: '2026-01-05T09:00:00Z', until: 'P1D', script: [] as unknown[] };
const TRAFFIC = {
  arrivals: [{ duration: 'P1D', ratePerHour: 10 }],
  agents: { count: 2 },
  customers: { count: 100 },
  messages: { perVisit: 3, gap: 'PT1M' },
};

function problems(doc: unknown): readonly string[] {
  const v = parseScenario('s.json', typeof doc === 'string' ? doc : JSON.stringify(doc));
  return v.ok ? [] : v.problems;
}

function scenario(doc: unknown) {
  const v = parseScenario('s.json', JSON.stringify(doc));
  if (!v.ok) throw new Error(v.problems.join('\n'));
  return v.scenario;
}

describe('parseScenario: valid files', () => {
  it('fills in the defaults: seed 1, no default timers, autocreation on, the guide readings', () => {
    const s = scenario(BASE);
    expect(s).toMatchObject({ name: 'x', description: '', startEpochS: 1_767_603_600, untilS: 86_400, seed: 1, script: [] });
    expect(s.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('reads the account and semantics sections', () => {
    const s = scenario({
      ...BASE,
      account: { defaultTimers: { inactive: 'P30D', closed: 'PT0S' }, autoCreation: false },
      semantics: { closedOnlyClock: 'since-last-message', participantAddIsActivity: true },
    });
    expect(s.settings).toEqual({
      defaultInactiveS: 2_592_000,
      defaultClosedS: 0,
      autoCreation: false,
      closedOnlyClock: 'since-last-message',
      participantAddIsActivity: true,
    });
  });

  it('passes request parameters through for the engine to judge', () => {
    const s = scenario({
      ...BASE,
      script: [
        { at: 'PT0S', do: 'createConversation', conversation: 'c', state: 'archived', timers: { inactive: 'P1Y' } },
        { at: 'PT1M', do: 'updateConversation', conversation: 'c', timers: { closed: 'PT1S' } },
      ],
    });
    expect(s.kind === 'script' && s.script).toEqual([
      { atS: 0, do: 'createConversation', conversation: 'c', state: 'archived', timers: { inactive: 'P1Y' } },
      { atS: 60, do: 'updateConversation', conversation: 'c', timers: { closed: 'PT1S' }, webhookEnabled: false },
    ]);
  });
});

describe('parseScenario: problem lines', () => {
  it('reports invalid JSON with its line and column', () => {
    expect(problems('{\n  "name": "x",\n}')).toEqual([
      `s.json: (top level): invalid JSON: Expected double-quoted property name in JSON at position 17 (line 3, column 1)`,
    ]);
  });

  it('reports a file that is not an object', () => {
    expect(problems('[1]')).toEqual(['s.json: (top level): expected an object; got [1]']);
  });

  it('reports each missing required key', () => {
    expect(problems({})).toEqual([
      's.json: name: missing; expected a name of letters, digits, ".", "_" and "-" (it names the report folder)',
      's.json: start: missing; expected a UTC timestamp like "2026-01-05T09:00:00Z"',
      's.json: until: missing; expected an ISO 8601 duration of days, hours, minutes and seconds, like "PT5M", "P30D" or "P1DT12H"',
      's.json: script: missing; expected an array of actions (or a "traffic" section for generated traffic)',
    ]);
  });

  it('suggests the key meant by a near miss, and lists what is allowed', () => {
    expect(problems({ ...BASE, semantic: {} })).toEqual([
      's.json: semantic: unknown key; did you mean "semantics"? Allowed here: name, description, start, until, seed, account, semantics, script, traffic, report, expect',
    ]);
    expect(problems({ ...BASE, colour: 1 })).toEqual([
      's.json: colour: unknown key. Allowed here: name, description, start, until, seed, account, semantics, script, traffic, report, expect',
    ]);
  });

  it('reports wrong types, bad timestamps, bad durations and bad settings, all at once', () => {
    expect(
      problems({
        name: 'a b',
        start: '2026-01-05 09:00',
        until: 'PT0S',
        seed: 1.5,
        account: { defaultTimers: { inactive: 'PT30S', closed: 'P1Y' }, autoCreation: 'yes' },
        semantics: { closedOnlyClock: 'since-creaton', participantAddIsActivity: 1 },
        script: {},
      }),
    ).toEqual([
      's.json: name: expected a name of letters, digits, ".", "_" and "-", at most 100, starting with a letter or digit (it names the report folder); got "a b"',
      's.json: start: expected a UTC timestamp to the second, like "2026-01-05T09:00:00Z"; got "2026-01-05 09:00"',
      's.json: until: expected a duration longer than zero; got "PT0S"',
      's.json: seed: expected a whole number from 0 to 4294967295; got 1.5',
      's.json: account.defaultTimers.inactive: expected "PT0S" (no default) or at least 60 seconds (PT1M); got "PT30S"',
      's.json: account.defaultTimers.closed: years, months and weeks are not allowed: write days instead (P365D, P180D, P14D); got "P1Y"',
      's.json: account.autoCreation: expected true or false; got "yes"',
      's.json: semantics.closedOnlyClock: expected one of "since-creation", "since-last-message" (did you mean "since-creation"?); got "since-creaton"',
      's.json: semantics.participantAddIsActivity: expected true or false; got 1',
      's.json: script: expected an array of actions; got {}',
    ]);
  });

  it('rejects a closed default timer under the minimum', () => {
    expect(problems({ ...BASE, account: { defaultTimers: { closed: 'PT5M' } } })).toEqual([
      's.json: account.defaultTimers.closed: expected "PT0S" (no default) or at least 600 seconds (PT10M); got "PT5M"',
    ]);
  });

  it('takes a script or a traffic section, not both and not neither', () => {
    expect(problems({ ...BASE, script: undefined })).toEqual([
      's.json: script: missing; expected an array of actions (or a "traffic" section for generated traffic)',
    ]);
    expect(problems({ ...BASE, traffic: TRAFFIC })).toEqual([
      's.json: (top level): expected "script" or "traffic", not both: a scenario is either scripted or generated',
    ]);
  });

  it('reports bad actions: unknown action, bad at, action after until, keys of another action', () => {
    expect(
      problems({
        ...BASE,
        script: [
          { at: 'PT5', do: 'mesage', conversation: 'c' },
          { at: 'P2D', do: 'createConversation', conversation: 'c' },
          { at: 'PT0S', do: 'message', conversation: 'c', identity: 'a' },
          'create c',
        ],
      }),
    ).toEqual([
      's.json: script[0].do: expected one of "createConversation", "addParticipant", "message", "updateConversation", "inboundMessage", "deleteConversation", "removeParticipant" (did you mean "message"?); got "mesage"',
      's.json: script[0].at: expected an ISO 8601 duration of days, hours, minutes and seconds, like "PT5M", "P30D" or "P1DT12H"; got "PT5"',
      `s.json: script[1].at: is after the scenario's "until"; the action would never run; got "P2D"`,
      's.json: script[2].identity: unknown key. Allowed here: at, do, conversation, author',
      's.json: script[3]: expected an action object with "at" and "do"; got "create c"',
    ]);
  });

  it('reports conversation ids created twice or never created', () => {
    expect(
      problems({
        ...BASE,
        script: [
          { at: 'PT0S', do: 'createConversation', conversation: 'c', state: 5 },
          { at: 'PT0S', do: 'createConversation', conversation: 'c' },
          { at: 'PT0S', do: 'message', conversation: 'ghost' },
          { at: 'PT0S', do: 'createConversation', conversation: 'auto-1' },
          { at: 'PT0S', do: 'createConversation', conversation: 'has space' },
        ],
      }),
    ).toEqual([
      's.json: script[0].state: expected a state name (the engine rejects names other than active, inactive, closed with 50378); got 5',
      's.json: script[1].conversation: conversation "c" is already created by script[0]; each id is created once',
      's.json: script[3].conversation: ids starting with "auto-" are reserved for autocreated conversations; got "auto-1"',
      's.json: script[4].conversation: expected an id of letters, digits and ". _ : + @ -", at most 100; got "has space"',
      's.json: script[2].conversation: conversation "ghost" is never created; add a createConversation action for it',
    ]);
  });

  it('reports participants that are neither or both kinds, and bad channels', () => {
    const create = { at: 'PT0S', do: 'createConversation', conversation: 'c' };
    expect(
      problems({
        ...BASE,
        script: [
          create,
          { at: 'PT0S', do: 'addParticipant', conversation: 'c' },
          { at: 'PT0S', do: 'addParticipant', conversation: 'c', identity: 'a', address: '+1', channel: 'sms' },
          { at: 'PT0S', do: 'addParticipant', conversation: 'c', address: '+1', channel: 'SMS' },
          { at: 'PT0S', do: 'inboundMessage', address: '', channel: 'sms' },
          { at: 'PT0S', do: 'updateConversation', conversation: 'c', webhookEnabled: 'true' },
          { at: 'PT0S', do: 'updateConversation', conversation: 'c', timers: { inactve: 'PT5M' } },
        ],
      }),
    ).toEqual([
      's.json: script[1]: addParticipant needs a chat "identity", or a non-chat "address" and "channel"',
      's.json: script[2]: a participant is either a chat "identity" or a non-chat "address" with its "channel", not both',
      's.json: script[3].channel: expected one of "sms", "whatsapp" (did you mean "sms"?); got "SMS"',
      's.json: script[4].address: expected a non-empty address; got ""',
      's.json: script[5]: updateConversation needs "state", "timers" or both',
      's.json: script[5].webhookEnabled: expected true or false; got "true"',
      's.json: script[6].timers.inactve: unknown key; did you mean "inactive"? Allowed here: inactive, closed',
    ]);
  });

  it('reads deleteConversation and removeParticipant (SPEC 8); a deleted id stays taken', () => {
    const create = { at: 'PT0S', do: 'createConversation', conversation: 'c' };
    expect(
      problems({
        ...BASE,
        script: [
          create,
          { at: 'PT1M', do: 'removeParticipant', conversation: 'c' },
          { at: 'PT1M', do: 'removeParticipant', conversation: 'c', identity: 'a', address: '+1', channel: 'sms' },
          { at: 'PT1M', do: 'removeParticipant', conversation: 'ghost', identity: 'a' },
          { at: 'PT2M', do: 'deleteConversation', conversation: 'c', state: 'closed' },
          { at: 'PT3M', do: 'createConversation', conversation: 'c' },
        ],
      }),
    ).toEqual([
      's.json: script[1]: removeParticipant needs a chat "identity", or a non-chat "address" and "channel"',
      's.json: script[2]: a participant is either a chat "identity" or a non-chat "address" with its "channel", not both',
      's.json: script[4].state: unknown key. Allowed here: at, do, conversation',
      's.json: script[5].conversation: conversation "c" is already created by script[0]; each id is created once',
      's.json: script[3].conversation: conversation "ghost" is never created; add a createConversation action for it',
    ]);
    const ok = scenario({
      ...BASE,
      script: [create, { at: 'PT1M', do: 'removeParticipant', conversation: 'c', address: '+1', channel: 'whatsapp' }, { at: 'PT2M', do: 'deleteConversation', conversation: 'c' }],
    });
    expect(ok.kind === 'script' && ok.script.slice(1)).toEqual([
      { atS: 60, do: 'removeParticipant', conversation: 'c', address: '+1', channel: 'whatsapp' },
      { atS: 120, do: 'deleteConversation', conversation: 'c' },
    ]);
  });
});
