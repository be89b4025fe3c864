// The guide's scenarios (and SPEC 8's) replayed through HTTP against the emulator give exactly
// what `convsim run` gives for the same file: the same webhooks (signed, in order, at the same
// instants), the same rejections, and every conversation in the same state with the same dates. Twice: with the manual clock, and with the real clock
// driven by a @sinonjs/fake-timers clock (createClock, not a global install).

import { readFileSync } from 'node:fs';
import FakeTimers from '@sinonjs/fake-timers';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { REASON_NAMES, STATE_NAMES } from '../../src/engine/states.js';
import { conversationSid } from '../../src/engine/webhook.js';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { runScript } from '../../src/run/scripted.js';
import type { ScriptScenario } from '../../src/scenario/types.js';
import { parseScenario } from '../../src/scenario/validate.js';
import { formatTimestamp } from '../../src/util/iso-time.js';
import { raw, receiver } from './helpers.js';

const FILES = ['scenario-1-both-timers', 'scenario-2-no-timers', 'scenario-3-inactive-only', 'scenario-4-closed-only', 'removal', 'autocreation', 'errors'];

function scenario(name: string): ScriptScenario {
  const v = parseScenario(`${name}.json`, readFileSync(`scenarios/${name}.json`, 'utf8'));
  if (!v.ok || v.scenario.kind !== 'script') throw new Error(`${name} is not a script scenario`);
  return v.scenario;
}

/** What `convsim run` gives: the webhooks' fields and the rejections. */
function expected(s: ScriptScenario) {
  const r = runScript(s);
  return {
    webhooks: r.transitions
      .filter((t) => t.webhook)
      .map((t) => ({ ConversationSid: conversationSid(t.serial), StateFrom: STATE_NAMES[t.from], StateTo: STATE_NAMES[t.to], Reason: REASON_NAMES[t.reason], StateUpdated: formatTimestamp(s.startEpochS + t.atS) })),
    rejections: r.rejections.map((x) => [x.atS, x.action, x.code]),
    // How every conversation that exists at the end stands: state and API dates, in creation order.
    conversations: r.conversations.map((c) => ({
      state: STATE_NAMES[c.state],
      timers: {
        ...(c.dateInactiveS === undefined ? {} : { date_inactive: formatTimestamp(s.startEpochS + c.dateInactiveS) }),
        ...(c.dateClosedS === undefined ? {} : { date_closed: formatTimestamp(s.startEpochS + c.dateClosedS) }),
      },
    })),
  };
}

/** Plays the script's actions as HTTP requests, each at its time; returns the rejections seen. */
async function replay(emulator: RunningEmulator, s: ScriptScenario, moveTo: (atS: number) => Promise<void>) {
  const sids = new Map<string, string>();
  /** Participant SIDs by conversation and identity or address: Twilio removes a number by its participant SID. */
  const members = new Map<string, string>();
  const member = (a: { conversation: string } & ({ identity: string } | { address: string; channel: string })) => `${a.conversation}|${'identity' in a ? a.identity : address(a)}`;
  const rejections: [number, string, number][] = [];
  const sidOf = (id: string) => sids.get(id) ?? 'CHffffffffffffffffffffffffffffffff';
  const address = (a: { address: string; channel: string }) => (a.channel === 'whatsapp' ? `whatsapp:${a.address}` : a.address);
  const form = (o: Record<string, string | undefined>) => new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  const actions = s.script.map((a, i) => ({ a, i })).sort((x, y) => x.a.atS - y.a.atS || x.i - y.i);
  for (const { a } of actions) {
    await moveTo(a.atS);
    let r;
    switch (a.do) {
      case 'createConversation':
        r = await raw(emulator, 'POST', '/v1/Conversations', form({ State: a.state, 'Timers.Inactive': a.timers?.inactive, 'Timers.Closed': a.timers?.closed }));
        if (r.status === 201) sids.set(a.conversation, r.json!['sid'] as string);
        break;
      case 'updateConversation':
        r = await raw(emulator, 'POST', `/v1/Conversations/${sidOf(a.conversation)}`, form({ State: a.state, 'Timers.Inactive': a.timers?.inactive, 'Timers.Closed': a.timers?.closed }), a.webhookEnabled ? { 'x-twilio-webhook-enabled': 'true' } : {});
        break;
      case 'message':
        r = await raw(emulator, 'POST', `/v1/Conversations/${sidOf(a.conversation)}/Messages`, form({ Author: a.author, Body: 'hello' }));
        break;
      case 'addParticipant':
        r = await raw(emulator, 'POST', `/v1/Conversations/${sidOf(a.conversation)}/Participants`, form('identity' in a ? { Identity: a.identity } : { 'MessagingBinding.Address': address(a) }));
        if (r.status === 201) members.set(member(a), r.json!['sid'] as string);
        break;
      case 'removeParticipant':
        r = await raw(emulator, 'DELETE', `/v1/Conversations/${sidOf(a.conversation)}/Participants/${members.get(member(a)) ?? 'MBffffffffffffffffffffffffffffffff'}`);
        break;
      case 'deleteConversation':
        r = await raw(emulator, 'DELETE', `/v1/Conversations/${sidOf(a.conversation)}`);
        break;
      case 'inboundMessage':
        r = await raw(emulator, 'POST', '/convsim/v1/Inbound', form({ From: address(a), Body: 'hi' }));
        break;
    }
    if (r.status >= 400) rejections.push([a.atS, a.do, r.json!['code'] as number]);
  }
  await moveTo(s.untilS);
  return rejections;
}

let emulator: RunningEmulator | undefined;
let hooks: Awaited<ReturnType<typeof receiver>> | undefined;
afterEach(async () => {
  await emulator?.close();
  await hooks?.close();
  emulator = undefined;
  hooks = undefined;
});

async function setUp(s: ScriptScenario, clock: 'manual' | 'real', wallClock?: FakeTimers.Clock) {
  hooks = await receiver();
  emulator = await startEmulator({
    settings: s.settings,
    start: new Date(s.startEpochS * 1000),
    clock,
    ...(wallClock === undefined ? {} : { wallClock: { now: () => wallClock.now, setTimeout: (f, ms) => wallClock.setTimeout(f, ms), clearTimeout: (h) => wallClock.clearTimeout(h as FakeTimers.TimerId) } }),
    log: () => undefined,
  });
  const r = await raw(emulator, 'POST', '/v1/Configuration/Webhooks', new URLSearchParams({ PostWebhookUrl: hooks.url, Filters: 'onConversationStateUpdated' }).toString());
  expect(r.status).toBe(200);
  return { emulator, hooks };
}

async function check(s: ScriptScenario, e: RunningEmulator, h: Awaited<ReturnType<typeof receiver>>, rejections: unknown[]) {
  const want = expected(s);
  const listed = await raw(e, 'GET', '/v1/Conversations?PageSize=1000');
  expect((listed.json!['conversations'] as { state: string; timers: object }[]).map((c) => ({ state: c.state, timers: c.timers }))).toEqual(want.conversations);
  const fields = ['ConversationSid', 'StateFrom', 'StateTo', 'Reason', 'StateUpdated'] as const;
  expect(h.received.map((x) => Object.fromEntries(fields.map((f) => [f, x.params[f]])))).toEqual(want.webhooks);
  expect(rejections).toEqual(want.rejections);
  for (const x of h.received) {
    expect(x.params['EventType']).toBe('onConversationStateUpdated');
    expect(x.params['AccountSid']).toBe(e.accountSid);
    expect(twilio.validateRequest(e.authToken, x.signature, x.url, x.params)).toBe(true);
  }
}

describe('a script through HTTP gives what convsim run gives', () => {
  it.each(FILES)('%s, manual clock', { timeout: 60_000 }, async (name) => {
    const s = scenario(name);
    const { emulator: e, hooks: h } = await setUp(s, 'manual');
    const start = s.startEpochS * 1000;
    const rejections = await replay(e, s, async (atS) => {
      const now = (e.clock.now().getTime() - start) / 1000;
      if (atS > now) await e.clock.advance(atS - now);
    });
    await e.webhooks.idle();
    await check(s, e, h, rejections);
  });

  it.each(FILES)('%s, real clock under fake timers', { timeout: 60_000 }, async (name) => {
    const s = scenario(name);
    const wall = FakeTimers.createClock(s.startEpochS * 1000);
    const { emulator: e, hooks: h } = await setUp(s, 'real', wall);
    const rejections = await replay(e, s, async (atS) => {
      const target = s.startEpochS * 1000 + atS * 1000;
      if (target > wall.now) wall.tick(target - wall.now);
    });
    await e.webhooks.idle();
    await check(s, e, h, rejections);
  });
});
