// The scripted runner: script actions and timers on one queue, as the command runs them.

import { describe, expect, it } from 'vitest';
import { REASON_NAMES, STATE_NAMES } from '../../src/engine/states.js';
import { runScript } from '../../src/run/scripted.js';
import { parseScenario } from '../../src/scenario/validate.js';

function run(script: unknown[], extra: object = {}) {
  const v = parseScenario('s.json', JSON.stringify({ name: 's', start: '2026-01-05T00:00:00Z', until: 'P1D', script, ...extra }));
  if (!v.ok) throw new Error(v.problems.join('\n'));
  if (v.scenario.kind !== 'script') throw new Error('not a script');
  const r = runScript(v.scenario);
  return {
    transitions: r.transitions.map((t) => [t.atS, t.conversation, `${STATE_NAMES[t.from]}->${STATE_NAMES[t.to]}`, REASON_NAMES[t.reason]]),
    rejections: r.rejections.map((x) => [x.atS, x.action, x.conversation, x.code]),
  };
}

describe('runScript', () => {
  it('runs a timer due at an instant before a script action at that instant (SPEC 2.2)', () => {
    const r = run([
      { at: 'PT0S', do: 'createConversation', conversation: 'c', timers: { inactive: 'PT5M' } },
      { at: 'PT5M', do: 'message', conversation: 'c' },
    ]);
    expect(r.transitions).toEqual([
      [300, 'c', 'active->inactive', 'TIMER'],
      [300, 'c', 'inactive->active', 'EVENT'],
      [600, 'c', 'active->inactive', 'TIMER'],
    ]);
  });

  it('rejects a message at the very second a closed timer fires (50377)', () => {
    const r = run([
      { at: 'PT0S', do: 'createConversation', conversation: 'c', timers: { closed: 'PT10M' } },
      { at: 'PT10M', do: 'message', conversation: 'c' },
    ]);
    expect(r.transitions).toEqual([[600, 'c', 'active->closed', 'TIMER']]);
    expect(r.rejections).toEqual([[600, 'message', 'c', 50377]]);
  });

  it('runs actions at the same second in file order, whatever their order in time elsewhere', () => {
    const r = run([
      { at: 'PT1M', do: 'updateConversation', conversation: 'c', state: 'inactive' },
      { at: 'PT1M', do: 'updateConversation', conversation: 'c', state: 'active' },
      { at: 'PT0S', do: 'createConversation', conversation: 'c' },
    ]);
    expect(r.transitions).toEqual([
      [60, 'c', 'active->inactive', 'API'],
      [60, 'c', 'inactive->active', 'API'],
    ]);
  });

  it('answers 20404 to actions on a conversation whose creation was rejected, or that is not created yet', () => {
    const r = run([
      { at: 'PT0S', do: 'message', conversation: 'late' },
      { at: 'PT1M', do: 'createConversation', conversation: 'late' },
      { at: 'PT0S', do: 'createConversation', conversation: 'bad', state: 'closed' },
      { at: 'PT1M', do: 'message', conversation: 'bad' },
    ]);
    expect(r.rejections).toEqual([
      [0, 'message', 'late', 20404],
      [0, 'createConversation', 'bad', 50384],
      [60, 'message', 'bad', 20404],
    ]);
  });

  it('does not run actions after until', () => {
    const r = run([{ at: 'P1D', do: 'createConversation', conversation: 'c', timers: { inactive: 'PT1M' } }], { until: 'P1D' });
    expect(r.transitions).toEqual([]);
  });
});
