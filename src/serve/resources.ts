// The emulator's resources as Twilio's Conversations v1 API shows them: the JSON of a
// conversation, a participant, a message, a list page, an error. Pure: records in, JSON out.
// Every rule lives in the engine; these are the shapes only.

import { errorMessage, type ErrorCode } from '../engine/codes.js';
import type { ConversationView } from '../engine/engine.js';
import { STATE_NAMES } from '../engine/states.js';
import { sid } from '../engine/webhook.js';
import type { MessageRecord } from './messages.js';
import type { ParticipantRecord } from './participants.js';
import type { ConversationRecord } from './store.js';

export interface Account {
  readonly accountSid: string;
  readonly chatServiceSid: string;
  readonly messagingServiceSid: string;
  /** The emulator's own URL, for `url`, `links` and `next_page_url`: clients can follow them. */
  readonly baseUrl: string;
  /** Epoch milliseconds of virtual second 0. */
  readonly epochMs: number;
}

/** The last dates formatted: most of a response's dates are the same few seconds (now, creation). */
const recentDates = new Map<number, string>();

/** ISO 8601 at second precision, as the API writes dates: 2015-12-16T22:18:37Z. */
export function date(a: Account, offsetS: number): string {
  const ms = a.epochMs + offsetS * 1000;
  let text = recentDates.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (recentDates.size >= 64) recentDates.clear();
    recentDates.set(ms, text);
  }
  return text;
}

export function conversationUrl(a: Account, sid: string): string {
  return `${a.baseUrl}/v1/Conversations/${sid}`;
}

/** Twilio writes WhatsApp addresses with their channel: whatsapp:+1555...; anything else is SMS here. */
export function channelOf(address: string): 'sms' | 'whatsapp' {
  return address.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
}

export function conversationJson(a: Account, c: ConversationRecord, view: ConversationView) {
  const conversationSid = sid('CH', c.serial);
  const url = conversationUrl(a, conversationSid);
  const timers: Record<string, string> = {};
  if (view.dateInactiveS !== undefined) timers['date_inactive'] = date(a, view.dateInactiveS);
  if (view.dateClosedS !== undefined) timers['date_closed'] = date(a, view.dateClosedS);
  return {
    account_sid: a.accountSid,
    chat_service_sid: a.chatServiceSid,
    messaging_service_sid: a.messagingServiceSid,
    sid: conversationSid,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    state: STATE_NAMES[view.state],
    date_created: date(a, c.createdS),
    date_updated: date(a, c.updatedS),
    timers,
    url,
    links: { participants: `${url}/Participants`, messages: `${url}/Messages`, webhooks: `${url}/Webhooks` },
    bindings: null,
  };
}

export function participantJson(a: Account, p: ParticipantRecord) {
  const conversationSid = sid('CH', p.conversation);
  const participantSid = sid('MB', p.serial);
  return {
    account_sid: a.accountSid,
    conversation_sid: conversationSid,
    sid: participantSid,
    identity: p.identity,
    attributes: p.attributes,
    messaging_binding: bindingJson(p),
    role_sid: null,
    date_created: date(a, p.createdS),
    date_updated: date(a, p.createdS),
    url: `${conversationUrl(a, conversationSid)}/Participants/${participantSid}`,
    last_read_message_index: null,
    last_read_timestamp: null,
  };
}

function bindingJson(p: ParticipantRecord) {
  return p.address === null ? null : { type: channelOf(p.address), address: p.address, proxy_address: p.proxyAddress };
}

export function messageJson(a: Account, c: ConversationRecord, m: MessageRecord) {
  const conversationSid = sid('CH', c.serial);
  const messageSid = sid('IM', m.serial);
  const url = `${conversationUrl(a, conversationSid)}/Messages/${messageSid}`;
  return {
    account_sid: a.accountSid,
    conversation_sid: conversationSid,
    sid: messageSid,
    index: m.index,
    author: m.author,
    body: m.body,
    media: null,
    attributes: m.attributes,
    participant_sid: m.participant === 0 ? null : sid('MB', m.participant),
    date_created: date(a, m.createdS),
    date_updated: date(a, m.createdS),
    url,
    delivery: null,
    links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
    content_sid: null,
  };
}

export function participantConversationJson(a: Account, c: ConversationRecord, p: ParticipantRecord, view: ConversationView) {
  const conversation = conversationJson(a, c, view);
  const participantSid = sid('MB', p.serial);
  return {
    account_sid: a.accountSid,
    chat_service_sid: a.chatServiceSid,
    participant_sid: participantSid,
    participant_user_sid: null,
    participant_identity: p.identity,
    participant_messaging_binding: bindingJson(p),
    conversation_sid: conversation.sid,
    conversation_unique_name: c.uniqueName,
    conversation_friendly_name: c.friendlyName,
    conversation_attributes: c.attributes,
    conversation_date_created: conversation.date_created,
    conversation_date_updated: conversation.date_updated,
    conversation_created_by: null,
    conversation_state: conversation.state,
    conversation_timers: conversation.timers,
    links: { participant: `${conversation.url}/Participants/${participantSid}`, conversation: conversation.url },
  };
}

/** Page sizes as Twilio takes them: 50 by default, at most 1000. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * A list page with Twilio's `meta`: `next_page_url` carries the offset, so the official client can
 * follow it. Only the page's items are rendered.
 */
export function page<T>(a: Account, path: string, key: string, items: readonly T[], render: (item: T) => unknown, query: Readonly<Record<string, string>>, pageSize: number, pageNumber: number, offset: number) {
  const slice = items.slice(offset, offset + pageSize).map(render);
  const url = (p: number, o: number) => {
    const q = new URLSearchParams({ ...query, PageSize: String(pageSize), Page: String(p), ...(o === 0 ? {} : { PageToken: `PT${o}` }) });
    return `${a.baseUrl}${path}?${q.toString()}`;
  };
  return {
    [key]: slice,
    meta: {
      page: pageNumber,
      page_size: pageSize,
      first_page_url: url(0, 0),
      previous_page_url: pageNumber === 0 ? null : url(pageNumber - 1, Math.max(0, offset - pageSize)),
      url: url(pageNumber, offset),
      next_page_url: offset + pageSize < items.length ? url(pageNumber + 1, offset + pageSize) : null,
      key,
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** Twilio's error envelope. */
export function failure(status: number, code: number, message: string, moreInfo = `https://www.twilio.com/docs/errors/${code}`): Reply {
  return { status, body: { code, message, more_info: moreInfo, status } };
}

/** An engine rejection: 404 for 20404, 400 for the others (a client error the request caused). */
export function rejected(code: ErrorCode): Reply {
  return failure(code === 20404 ? 404 : 400, code, errorMessage(code));
}
