// CSV: every file convsim writes goes through here, in batches of rows (never the whole file as
// one string), with cells a spreadsheet would execute neutralised. The per-event files of a run
// are formatted here, from a kept trace or row by row as a run goes; no file is written here.

import { stringify } from 'csv-stringify/sync';
import { errorMessage } from '../engine/codes.js';
import { REASON_NAMES, STATE_NAMES } from '../engine/states.js';
import { WEBHOOK_FIELDS, webhookRecord } from '../engine/webhook.js';
import type { ConversationRow, InboundRow, RejectionRow, Trace, TraceSink, TransitionRow } from '../run/trace.js';
import type { Scenario } from '../scenario/types.js';
import { formatTimestamp } from '../util/iso-time.js';

export type Cell = string | number;

/** A text cell a spreadsheet would run as a formula starts with one of these (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number is safe to leave as it is, sign and all (phone numbers like +15550100 among them). */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * A text cell as written: unchanged, or with a leading apostrophe when a spreadsheet would
 * otherwise execute it. Scenario ids, addresses and identities may come from real data.
 */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

const OPTIONS = { eof: true, record_delimiter: '\n', cast: { string: neutralised } } as const;

/** Rows per call of the formatter: one string per batch, never one for the whole file. */
const BATCH = 8_192;

/** A CSV file as consecutive pieces of text, the header first; their concatenation is the file. */
export function* csvChunks(header: readonly string[], rows: Iterable<readonly Cell[]>): Generator<string> {
  let batch: Cell[][] = [header as Cell[]];
  for (const row of rows) {
    batch.push(row as Cell[]);
    if (batch.length === BATCH) {
      yield stringify(batch, OPTIONS);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, OPTIONS);
}

/** Rows (without a header) as CSV text, for writers that collect rows as a run goes. */
export function csvRows(rows: readonly (readonly Cell[])[]): string {
  return stringify(rows as Cell[][], OPTIONS);
}

/** A whole CSV file as one string: for small files and tests only. */
export function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [...csvChunks(header, rows)].join('');
}

/** The per-event files and their headers, in the order they are written. */
export const TRACE_HEADERS = {
  'transitions.csv': ['time', 'offset_s', 'conversation', 'from', 'to', 'reason'],
  'webhooks.csv': ['time', 'offset_s', 'conversation', ...WEBHOOK_FIELDS],
  'rejections.csv': ['time', 'offset_s', 'action', 'conversation', 'code', 'message'],
  'conversations.csv': ['conversation', 'state', 'date_inactive', 'date_closed', 'participants', 'non_chat_participants'],
  'autocreations.csv': ['time', 'offset_s', 'channel', 'address', 'outcome', 'conversation', 'previous_conversation'],
} as const;

export type TraceFile = keyof typeof TRACE_HEADERS;
export const TRACE_FILES = Object.keys(TRACE_HEADERS) as TraceFile[];

/** Each per-event row as CSV cells; times twice, as a timestamp and as seconds since the start. */
export class TraceCells {
  constructor(private readonly startS: number) {}

  private time(atS: number): [string, number] {
    return [formatTimestamp(this.startS + atS), atS];
  }
  private stamp(atS: number | undefined): string {
    return atS === undefined ? '' : formatTimestamp(this.startS + atS);
  }
  transition(t: TransitionRow): Cell[] {
    return [...this.time(t.atS), t.conversation, STATE_NAMES[t.from], STATE_NAMES[t.to], REASON_NAMES[t.reason]];
  }
  webhook(t: TransitionRow): Cell[] {
    const record = webhookRecord(t.serial, t.from, t.to, t.reason, formatTimestamp(this.startS + t.atS));
    return [...this.time(t.atS), t.conversation, ...WEBHOOK_FIELDS.map((f) => record[f])];
  }
  rejection(r: RejectionRow): Cell[] {
    return [...this.time(r.atS), r.action, r.conversation, r.code, errorMessage(r.code)];
  }
  conversation(c: ConversationRow): Cell[] {
    return [c.conversation, STATE_NAMES[c.state], this.stamp(c.dateInactiveS), this.stamp(c.dateClosedS), c.participants, c.nonChatParticipants];
  }
  inbound(r: InboundRow): Cell[] {
    return [...this.time(r.atS), r.channel, r.address, r.conversation === undefined ? 'dropped' : 'autocreated', r.conversation ?? '', r.previous ?? ''];
  }
}

function* mapped<T>(rows: Iterable<T>, f: (row: T) => Cell[], keep: (row: T) => boolean = () => true): Generator<Cell[]> {
  for (const row of rows) if (keep(row)) yield f(row);
}

/** The per-event files of a run whose trace was kept, by file name, each as pieces of text. */
export function traceFiles(scenario: Scenario, trace: Trace): [TraceFile, Iterable<string>][] {
  const cells = new TraceCells(scenario.startEpochS);
  return [
    ['transitions.csv', csvChunks(TRACE_HEADERS['transitions.csv'], mapped(trace.transitions, (t) => cells.transition(t)))],
    ['webhooks.csv', csvChunks(TRACE_HEADERS['webhooks.csv'], mapped(trace.transitions, (t) => cells.webhook(t), (t) => t.webhook))],
    ['rejections.csv', csvChunks(TRACE_HEADERS['rejections.csv'], mapped(trace.rejections, (r) => cells.rejection(r)))],
    ['conversations.csv', csvChunks(TRACE_HEADERS['conversations.csv'], mapped(trace.conversations, (c) => cells.conversation(c)))],
    ['autocreations.csv', csvChunks(TRACE_HEADERS['autocreations.csv'], mapped(trace.inbound, (r) => cells.inbound(r)))],
  ];
}

/**
 * A TraceSink that turns rows into CSV text as a run goes and hands it to `write` in batches, so
 * a long traced run is bounded by the disk, not by memory. `finish` adds conversations.csv.
 */
export class TraceCsvWriter implements TraceSink {
  private readonly cells: TraceCells;
  private readonly pending = new Map<TraceFile, Cell[][]>(TRACE_FILES.map((f) => [f, []]));

  constructor(
    scenario: Scenario,
    private readonly write: (file: TraceFile, text: string) => void,
  ) {
    this.cells = new TraceCells(scenario.startEpochS);
    for (const f of TRACE_FILES) if (f !== 'conversations.csv') write(f, csvRows([TRACE_HEADERS[f] as unknown as Cell[]]));
  }

  transition(row: TransitionRow): void {
    this.add('transitions.csv', this.cells.transition(row));
    if (row.webhook) this.add('webhooks.csv', this.cells.webhook(row));
  }
  rejection(row: RejectionRow): void {
    this.add('rejections.csv', this.cells.rejection(row));
  }
  inbound(row: InboundRow): void {
    this.add('autocreations.csv', this.cells.inbound(row));
  }

  /** Writes what is still pending, then conversations.csv. */
  finish(conversations: readonly ConversationRow[]): void {
    for (const f of TRACE_FILES) this.flush(f);
    for (const text of csvChunks(TRACE_HEADERS['conversations.csv'], mapped(conversations, (c) => this.cells.conversation(c)))) this.write('conversations.csv', text);
  }

  private add(file: TraceFile, cells: Cell[]): void {
    const rows = this.pending.get(file)!;
    rows.push(cells);
    if (rows.length === BATCH) this.flush(file);
  }

  private flush(file: TraceFile): void {
    const rows = this.pending.get(file)!;
    if (rows.length === 0) return;
    this.write(file, csvRows(rows));
    rows.length = 0;
  }
}
