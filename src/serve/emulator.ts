// The emulator's core, without HTTP: Twilio's Conversations requests as operations on the one
// engine, through the one run loop (closed conversations kept, SPEC 8's deletes and removals).
// Before each request the clock is brought to the present, so timers due first fire first (SPEC
// 2.2). The engine decides every rule and every code; this keeps what the API shows beside it
// (SIDs, names, attributes, messages) and turns records into Twilio's JSON.

import { OK, type Outcome } from '../engine/codes.js';
import { parseDurationS, formatDurationS } from '../engine/duration.js';
import type { EngineListener } from '../engine/engine.js';
import type { EngineSettings } from '../engine/settings.js';
import { conversationSid, sid, webhookRecord } from '../engine/webhook.js';
import { STATE_NAMES } from '../engine/states.js';
import { NO_CONVERSATION, type Handle } from '../engine/table.js';
import { RunLoop } from '../run/loop.js';
import { Interner } from '../util/interner.js';
import { MAX_TIME_S } from '../util/limits.js';
import { ManualClock, RealClock, type EmulatorClock, type WallClock } from './clock.js';
import { NO_ATTRIBUTES } from './columns.js';
import { INVALID_PARAMETER, invalid, isJson, one, pageAsked, timersOf, type Params } from './params.js';
import type { ParticipantRecord } from './participants.js';
import { conversationJson, date, failure, messageJson, page, participantConversationJson, participantJson, rejected, type Account, type Reply } from './resources.js';
import { Store, type ConversationRecord } from './store.js';
import { DEFAULT_WEBHOOK_CONFIG, WebhookSender, updatedWebhookConfig, type WebhookConfig } from './webhooks.js';

export interface EmulatorOptions {
  readonly settings: EngineSettings;
  readonly account: Omit<Account, 'baseUrl' | 'epochMs'>;
  readonly authToken: string;
  readonly clock: { readonly mode: 'manual' } | { readonly mode: 'real'; readonly speed: number; readonly wall: WallClock };
  /** Epoch milliseconds of virtual second 0 (whole seconds). */
  readonly epochMs: number;
  readonly log: (line: string) => void;
}

const STATE_UPDATED = 'onConversationStateUpdated';

/** An identity no request can name (form values hold no NUL): the participant that is in no conversation. */
const NOBODY = '\u0000';

export class Emulator {
  readonly loop: RunLoop;
  readonly clock: EmulatorClock;
  readonly webhooks: WebhookSender;
  private account: Account;
  private webhookConfig: WebhookConfig = DEFAULT_WEBHOOK_CONFIG;
  private readonly identities = new Interner();
  private readonly addresses = new Interner();
  private readonly store = new Store(this.identities, this.addresses, new Interner());

  constructor(options: EmulatorOptions) {
    this.account = { ...options.account, baseUrl: '', epochMs: options.epochMs };
    this.webhooks = new WebhookSender(options.authToken, options.log);
    const listener: EngineListener = {
      transition: (handle, from, to, reason, webhook) => {
        const serial = this.store.serialAt(handle);
        if (serial !== 0) this.store.touch(serial, this.loop.nowS);
        if (!webhook || serial === 0) return;
        const record = webhookRecord(serial, from, to, reason, date(this.account, this.loop.nowS));
        this.webhooks.post(this.webhookConfig, STATE_UPDATED, { ...record, AccountSid: this.account.accountSid, ChatServiceSid: this.account.chatServiceSid, MessagingServiceSid: this.account.messagingServiceSid });
      },
      autoCreated: (handle, address) => {
        const c = this.remember(handle, null, null, NO_ATTRIBUTES);
        this.store.participants.add(c.serial, { address }, null, NO_ATTRIBUTES, this.loop.nowS);
      },
      // A dropped message changes nothing: inbound() sees no conversation bound afterwards.
      inboundDropped: () => undefined,
    };
    this.loop = new RunLoop(options.settings, listener, { engineOptions: { retainClosed: true } });
    this.clock = options.clock.mode === 'manual' ? new ManualClock(this.loop) : new RealClock(this.loop, options.clock.wall, options.clock.speed);
  }

  /**
   * A request at the present: the clock first runs every timer due by now (so a timer due at this
   * second goes before the request, SPEC 2.2), then the request; afterwards the real clock wakes
   * for any timer the request queued. Every operation below runs through here.
   */
  handle(operation: (e: this) => Reply): Reply {
    this.clock.sync();
    const r = operation(this);
    this.clock.sync();
    return r;
  }

  /** Where the emulator is reached, once it listens: the URLs in every resource start with it. */
  setBaseUrl(url: string): void {
    this.account = { ...this.account, baseUrl: url };
  }

  get accountSid(): string {
    return this.account.accountSid;
  }

  private remember(handle: Handle, uniqueName: string | null, friendlyName: string | null, attributes: string): ConversationRecord {
    return this.store.addConversation(this.loop.engine.view(handle)!.serial, handle, uniqueName, friendlyName, attributes, this.loop.nowS);
  }

  /** A conversation by SID or unique name, as Twilio addresses them. */
  private find(sidOrName: string): ConversationRecord | undefined {
    return this.store.conversation(sidOrName);
  }

  private json(c: ConversationRecord) {
    return conversationJson(this.account, c, this.loop.engine.view(c.handle)!);
  }

  private notFound(what: string): Reply {
    return failure(404, 20404, `The requested resource ${what} was not found`);
  }

  // ---- conversations

  createConversation(params: Params): Reply {
    const uniqueName = one(params, 'UniqueName') ?? null;
    if (uniqueName !== null && this.store.hasUniqueName(uniqueName)) return failure(409, 50353, 'Conversation with provided unique name already exists');
    const attributes = one(params, 'Attributes') ?? NO_ATTRIBUTES;
    if (!isJson(attributes)) return invalid('Attributes must be a valid JSON string');
    const state = one(params, 'State');
    const timers = timersOf(params);
    const engine = this.loop.engine;
    const code = engine.createConversation({ ...(state === undefined ? {} : { state }), ...(timers === undefined ? {} : { timers }) });
    if (code !== OK) return rejected(code);
    const c = this.remember(engine.lastCreated, uniqueName, one(params, 'FriendlyName') ?? null, attributes);
    return { status: 201, body: this.json(c) };
  }

  listConversations(params: Params): Reply {
    const state = one(params, 'State');
    const engine = this.loop.engine;
    const all = this.store.conversationSerials();
    const items = state === undefined ? all : all.filter((serial) => STATE_NAMES[engine.view(this.store.handleOf(serial))!.state] === state);
    return this.listed('/v1/Conversations', 'conversations', items, (serial) => this.json(this.store.conversationOf(serial)), params, state === undefined ? {} : { State: state });
  }

  fetchConversation(sidOrName: string): Reply {
    const c = this.find(sidOrName);
    return c === undefined ? this.notFound(`/Conversations/${sidOrName}`) : { status: 200, body: this.json(c) };
  }

  updateConversation(sidOrName: string, params: Params, webhookEnabled: boolean): Reply {
    const c = this.find(sidOrName);
    const engine = this.loop.engine;
    const handle = c?.handle ?? NO_CONVERSATION;
    const state = one(params, 'State');
    const timers = timersOf(params);
    const attributes = one(params, 'Attributes');
    if (attributes !== undefined && !isJson(attributes)) return invalid('Attributes must be a valid JSON string');
    const uniqueName = one(params, 'UniqueName');
    if (uniqueName !== undefined && c !== undefined && uniqueName !== c.uniqueName && this.store.hasUniqueName(uniqueName)) return failure(409, 50353, 'Conversation with provided unique name already exists');
    // The engine judges every write: state and timers as the rules say; any other field as a write to this conversation.
    const code: Outcome = state !== undefined || timers !== undefined ? engine.updateConversation(handle, { ...(state === undefined ? {} : { state }), ...(timers === undefined ? {} : { timers }), webhookEnabled }) : engine.writable(handle);
    if (code !== OK) return rejected(code);
    const friendlyName = one(params, 'FriendlyName');
    const fields = {
      ...(friendlyName === undefined ? {} : { friendlyName }),
      ...(attributes === undefined ? {} : { attributes }),
      ...(uniqueName === undefined ? {} : { uniqueName: uniqueName === '' ? null : uniqueName }),
    };
    return { status: 200, body: this.json(this.store.update(c!.serial, fields, this.loop.nowS)) };
  }

  deleteConversation(sidOrName: string): Reply {
    const c = this.find(sidOrName);
    const code = this.loop.engine.deleteConversation(c?.handle ?? NO_CONVERSATION);
    if (code !== OK) return rejected(code);
    this.store.deleteConversation(c!.serial);
    return { status: 204, body: undefined };
  }

  // ---- participants

  addParticipant(sidOrName: string, params: Params): Reply {
    const c = this.find(sidOrName);
    const handle = c?.handle ?? NO_CONVERSATION;
    const identity = one(params, 'Identity');
    const address = one(params, 'MessagingBinding.Address');
    const attributes = one(params, 'Attributes') ?? NO_ATTRIBUTES;
    if (!isJson(attributes)) return invalid('Attributes must be a valid JSON string');
    if ((identity === undefined) === (address === undefined)) {
      return invalid('A participant needs either Identity (chat) or MessagingBinding.Address (SMS, WhatsApp), not both');
    }
    const engine = this.loop.engine;
    const member = identity !== undefined ? this.identities.id(identity) : this.addresses.id(address!);
    const code = identity !== undefined ? engine.addChatParticipant(handle, member) : engine.addNonChatParticipant(handle, member);
    if (code !== OK) return rejected(code);
    const p = this.store.participants.add(c!.serial, identity !== undefined ? { identity: member } : { address: member }, one(params, 'MessagingBinding.ProxyAddress') ?? null, attributes, this.loop.nowS);
    return { status: 201, body: participantJson(this.account, p) };
  }

  listParticipants(sidOrName: string, params: Params): Reply {
    const c = this.find(sidOrName);
    if (c === undefined) return this.notFound(`/Conversations/${sidOrName}`);
    return this.listed(`/v1/Conversations/${conversationSid(c.serial)}/Participants`, 'participants', this.store.participants.of(c.serial), (p) => participantJson(this.account, p), params);
  }

  fetchParticipant(sidOrName: string, who: string): Reply {
    const c = this.find(sidOrName);
    const p = c === undefined ? undefined : this.store.participants.find(c.serial, who);
    return p === undefined ? this.notFound(`/Conversations/${sidOrName}/Participants/${who}`) : { status: 200, body: participantJson(this.account, p) };
  }

  removeParticipant(sidOrName: string, who: string): Reply {
    const c = this.find(sidOrName);
    const p = c === undefined ? undefined : this.store.participants.find(c.serial, who);
    const engine = this.loop.engine;
    const handle = c?.handle ?? NO_CONVERSATION;
    // The engine decides (20404 for no such participant, checked before 50377); an unknown one is asked as an identity never seen.
    const code =
      p?.address !== null && p?.address !== undefined ? engine.removeNonChatParticipant(handle, this.addresses.id(p.address)) : engine.removeChatParticipant(handle, this.identities.id(p?.identity ?? NOBODY));
    if (code !== OK) return rejected(code);
    this.store.participants.remove(p!.serial);
    return { status: 204, body: undefined };
  }

  // ---- messages

  sendMessage(sidOrName: string, params: Params): Reply {
    const c = this.find(sidOrName);
    const code = this.loop.engine.message(c?.handle ?? NO_CONVERSATION);
    if (code !== OK) return rejected(code);
    const author = one(params, 'Author') ?? 'system';
    const attributes = one(params, 'Attributes') ?? NO_ATTRIBUTES;
    const m = this.store.addMessage(c!.serial, author, one(params, 'Body') ?? null, attributes, this.store.participants.find(c!.serial, author)?.serial ?? 0, this.loop.nowS);
    return { status: 201, body: messageJson(this.account, c!, m) };
  }

  listMessages(sidOrName: string, params: Params): Reply {
    const c = this.find(sidOrName);
    if (c === undefined) return this.notFound(`/Conversations/${sidOrName}`);
    const order = one(params, 'Order') === 'desc' ? 'desc' : 'asc';
    const messages = this.store.messages.of(c.serial);
    const items = order === 'desc' ? messages.reverse() : messages;
    return this.listed(`/v1/Conversations/${conversationSid(c.serial)}/Messages`, 'messages', items, (m) => messageJson(this.account, c, m), params, order === 'desc' ? { Order: 'desc' } : {});
  }

  // ---- the participant's view, the account

  listParticipantConversations(params: Params): Reply {
    const identity = one(params, 'Identity');
    const address = one(params, 'Address');
    if ((identity === undefined) === (address === undefined)) return invalid('Give either Identity or Address');
    // In the order the participants joined.
    const entries = this.store.participants.ofMember(identity ?? null, address ?? null);
    const render = (p: ParticipantRecord) => {
      const c = this.store.conversationOf(p.conversation);
      return participantConversationJson(this.account, c, p, this.loop.engine.view(c.handle)!);
    };
    return this.listed('/v1/ParticipantConversations', 'conversations', entries, render, params, identity !== undefined ? { Identity: identity } : { Address: address! });
  }

  configuration(): Reply {
    const s = this.loop.engine.settings;
    const url = `${this.account.baseUrl}/v1/Configuration`;
    return {
      status: 200,
      body: {
        account_sid: this.account.accountSid,
        default_chat_service_sid: this.account.chatServiceSid,
        default_messaging_service_sid: this.account.messagingServiceSid,
        default_inactive_timer: s.defaultInactiveS === 0 ? null : formatDurationS(s.defaultInactiveS),
        default_closed_timer: s.defaultClosedS === 0 ? null : formatDurationS(s.defaultClosedS),
        url,
        links: { service: `${this.account.baseUrl}/v1/Services/${this.account.chatServiceSid}`, webhooks: `${url}/Webhooks` },
      },
    };
  }

  updateConfiguration(params: Params): Reply {
    const inactive = one(params, 'DefaultInactiveTimer');
    const closed = one(params, 'DefaultClosedTimer');
    const code = this.loop.engine.setDefaultTimers({ ...(inactive === undefined ? {} : { inactive }), ...(closed === undefined ? {} : { closed }) });
    return code !== OK ? rejected(code) : this.configuration();
  }

  webhookConfiguration(): Reply {
    const w = this.webhookConfig;
    return {
      status: 200,
      body: { account_sid: this.account.accountSid, method: w.method, filters: w.filters, pre_webhook_url: w.preWebhookUrl, post_webhook_url: w.postWebhookUrl, target: w.target, url: `${this.account.baseUrl}/v1/Configuration/Webhooks` },
    };
  }

  updateWebhookConfiguration(params: Params): Reply {
    const updated = updatedWebhookConfig(this.webhookConfig, params);
    if ('status' in updated) return updated;
    this.webhookConfig = updated;
    return this.webhookConfiguration();
  }

  // ---- the emulator's own endpoints (under /convsim, a path no Twilio API uses)

  clockJson(): Reply {
    return { status: 200, body: { mode: this.clock.mode, now: date(this.account, this.loop.nowS), offset_s: this.loop.nowS, next_event: this.nextEvent() } };
  }

  private nextEvent(): string | null {
    const next = this.loop.nextEventS();
    return next === Infinity ? null : date(this.account, next);
  }

  advanceClock(params: Params): Reply {
    const text = one(params, 'Advance');
    const seconds = text === undefined ? undefined : parseDurationS(text);
    if (seconds === undefined) return invalid('Advance must be an ISO 8601 duration like P30D or PT90S');
    if (this.clock.mode !== 'manual') return failure(409, INVALID_PARAMETER, 'The clock is real: it follows the wall clock (start the emulator with --clock manual to move it yourself)');
    if (this.loop.nowS + seconds > MAX_TIME_S) return invalid(`Advance would take the clock past ${date(this.account, MAX_TIME_S)}, the last second convsim can represent`);
    this.clock.advance(seconds);
    return this.clockJson();
  }

  /** An inbound SMS or WhatsApp from `From` (SPEC 4): routed to its conversation, autocreating one after a close, or dropped. */
  inbound(params: Params): Reply {
    const from = one(params, 'From');
    if (from === undefined || from === '') return invalid('From is required: the sender\'s address, like +15550100 or whatsapp:+15550100');
    const engine = this.loop.engine;
    const address = this.addresses.id(from);
    const before = engine.boundConversation(address);
    engine.inboundMessage(address);
    const after = engine.boundConversation(address);
    if (after === NO_CONVERSATION) return { status: 200, body: { outcome: 'dropped', conversation_sid: null, message_sid: null } };
    const c = this.store.atHandle(after)!;
    const m = this.store.addMessage(c.serial, from, one(params, 'Body') ?? null, NO_ATTRIBUTES, this.store.participants.withAddress(c.serial, from)?.serial ?? 0, this.loop.nowS);
    return { status: 201, body: { outcome: before === NO_CONVERSATION ? 'autocreated' : 'routed', conversation_sid: conversationSid(c.serial), message_sid: sid('IM', m.serial) } };
  }

  webhookStats(): Reply {
    const s = this.webhooks.stats;
    return { status: 200, body: { queued: s.queued, delivered: s.delivered, failed: s.failed, last_error: s.lastError } };
  }

  /** A page of `items`: only the page's items are rendered as JSON, however many there are. */
  private listed<T>(path: string, key: string, items: readonly T[], render: (item: T) => unknown, params: Params, query: Record<string, string> = {}): Reply {
    const asked = pageAsked(params);
    if ('status' in asked) return asked;
    return { status: 200, body: page(this.account, path, key, items, render, query, asked.size, asked.page, asked.offset) };
  }
}
