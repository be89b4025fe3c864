// The per-event CSV files of a run: pure functions from a RunResult to file texts.
// Times are written twice: as an ISO timestamp and as whole seconds since the scenario start.

import { stringify } from 'csv-stringify/sync';
import { errorMessage } from '../engine/codes.js';
import { REASON_NAMES, STATE_NAMES } from '../engine/states.js';
import { WEBHOOK_FIELDS, webhookRecord } from '../engine/webhook.js';
import type { Trace } from '../run/trace.js';
import type { Scenario } from '../scenario/types.js';
import { formatTimestamp } from '../util/iso-time.js';

type Cell = string | number;

export function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([header as Cell[], ...(rows as Cell[][])], { eof: true, record_delimiter: '\n' });
}

/** The per-event files of a run, by file name, in a fixed order. */
export function traceReport(scenario: Scenario, result: Trace): Map<string, string> {
  const startS = scenario.startEpochS;
  const time = (atS: number): [string, number] => [formatTimestamp(startS + atS), atS];
  const stamp = (atS: number | undefined): string => (atS === undefined ? '' : formatTimestamp(startS + atS));

  const transitions = csv(
    ['time', 'offset_s', 'conversation', 'from', 'to', 'reason'],
    result.transitions.map((t) => [...time(t.atS), t.conversation, STATE_NAMES[t.from], STATE_NAMES[t.to], REASON_NAMES[t.reason]]),
  );
  const webhooks = csv(
    ['time', 'offset_s', 'conversation', ...WEBHOOK_FIELDS],
    result.transitions
      .filter((t) => t.webhook)
      .map((t) => {
        const record = webhookRecord(t.serial, t.from, t.to, t.reason, formatTimestamp(startS + t.atS));
        return [...time(t.atS), t.conversation, ...WEBHOOK_FIELDS.map((f) => record[f])];
      }),
  );
  const rejections = csv(
    ['time', 'offset_s', 'action', 'conversation', 'code', 'message'],
    result.rejections.map((r) => [...time(r.atS), r.action, r.conversation, r.code, errorMessage(r.code)]),
  );
  const conversations = csv(
    ['conversation', 'state', 'date_inactive', 'date_closed', 'participants', 'non_chat_participants'],
    result.conversations.map((c) => [c.conversation, STATE_NAMES[c.state], stamp(c.dateInactiveS), stamp(c.dateClosedS), c.participants, c.nonChatParticipants]),
  );
  const inbound = csv(
    ['time', 'offset_s', 'channel', 'address', 'outcome', 'conversation', 'previous_conversation'],
    result.inbound.map((r) => [...time(r.atS), r.channel, r.address, r.conversation === undefined ? 'dropped' : 'autocreated', r.conversation ?? '', r.previous ?? '']),
  );
  return new Map([
    ['transitions.csv', transitions],
    ['webhooks.csv', webhooks],
    ['rejections.csv', rejections],
    ['conversations.csv', conversations],
    ['autocreations.csv', inbound],
  ]);
}
