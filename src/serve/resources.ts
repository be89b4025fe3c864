// The emulator's resources as Twilio's Conversations v1 API shows them: the JSON of a
// conversation, a participant, a message, a list page, an error. Pure: records in, JSON out.
// Every rule lives in the engine; these are the shapes only.

import { errorMessage, type ErrorCode } from '../engine/codes.js';
import type { ConversationView } from '../engine/engine.js';
import { STATE_NAMES } from '../engine/states.js';

export interface Account {
  readonly accountSid: string;
  readonly chatServiceSid: string;
  readonly messagingServiceSid: string;
  /** The emulator's own URL, for `url`, `links` and `next_page_url`: clients can follow them. */
  readonly baseUrl: string;
  /** Epoch milliseconds of virtual second 0. */
  readonly epochMs: number;
}

export interface ConversationRecord {
  readonly sid: string;
  readonly handle: number;
  uniqueName: string | null;
  friendlyName: string | null;
  attributes: string;
  readonly createdS: number;
  updatedS: number;
  /** In the order they joined (see `appended`; not a Map: most conversations have two). */
  participants: ParticipantRecord[];
  /** In order of their index (see `appended`). */
  messages: MessageRecord[];
}

export interface ParticipantRecord {
  readonly sid: string;
  readonly conversation: ConversationRecord;
  readonly identity: string | null;
  readonly binding: { readonly type: 'sms' | 'whatsapp'; readonly address: string; readonly proxyAddress: string | null } | null;
  readonly attributes: string;
  readonly createdS: number;
}

export interface MessageRecord {
  readonly sid: string;
  readonly index: number;
  readonly author: string;
  readonly body: string | null;
  readonly attributes: string;
  readonly participantSid: string | null;
  readonly createdS: number;
}

/**
 * `list` with `item` at its end. The emulator keeps a list of participants and one of messages for
 * every conversation it has served, and most are short: while short, the result is an exact-size
 * copy (a push would allocate 16 spare slots); once long, the list itself, pushed onto.
 */
export function appended<T>(list: T[], item: T): T[] {
  if (list.length >= 16) {
    list.push(item);
    return list;
  }
  return list.concat([item]);
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

export function conversationJson(a: Account, c: ConversationRecord, view: ConversationView) {
  const url = conversationUrl(a, c.sid);
  const timers: Record<string, string> = {};
  if (view.dateInactiveS !== undefined) timers['date_inactive'] = date(a, view.dateInactiveS);
  if (view.dateClosedS !== undefined) timers['date_closed'] = date(a, view.dateClosedS);
  return {
    account_sid: a.accountSid,
    chat_service_sid: a.chatServiceSid,
    messaging_service_sid: a.messagingServiceSid,
    sid: c.sid,
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

export function participantJson(a: Account, c: ConversationRecord, p: ParticipantRecord) {
  return {
    account_sid: a.accountSid,
    conversation_sid: c.sid,
    sid: p.sid,
    identity: p.identity,
    attributes: p.attributes,
    messaging_binding: p.binding === null ? null : { type: p.binding.type, address: p.binding.address, proxy_address: p.binding.proxyAddress },
    role_sid: null,
    date_created: date(a, p.createdS),
    date_updated: date(a, p.createdS),
    url: `${conversationUrl(a, c.sid)}/Participants/${p.sid}`,
    last_read_message_index: null,
    last_read_timestamp: null,
  };
}

export function messageJson(a: Account, c: ConversationRecord, m: MessageRecord) {
  const url = `${conversationUrl(a, c.sid)}/Messages/${m.sid}`;
  return {
    account_sid: a.accountSid,
    conversation_sid: c.sid,
    sid: m.sid,
    index: m.index,
    author: m.author,
    body: m.body,
    media: null,
    attributes: m.attributes,
    participant_sid: m.participantSid,
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
  return {
    account_sid: a.accountSid,
    chat_service_sid: a.chatServiceSid,
    participant_sid: p.sid,
    participant_user_sid: null,
    participant_identity: p.identity,
    participant_messaging_binding: participantJson(a, c, p).messaging_binding,
    conversation_sid: c.sid,
    conversation_unique_name: c.uniqueName,
    conversation_friendly_name: c.friendlyName,
    conversation_attributes: c.attributes,
    conversation_date_created: conversation.date_created,
    conversation_date_updated: conversation.date_updated,
    conversation_created_by: null,
    conversation_state: conversation.state,
    conversation_timers: conversation.timers,
    links: { participant: `${conversation.url}/Participants/${p.sid}`, conversation: conversation.url },
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
