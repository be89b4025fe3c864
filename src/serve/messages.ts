// The emulator's messages, of every conversation it has served: columns indexed by message serial,
// each conversation's messages a list linked by serial, in the order of their index. Serials start
// at 1; 0 means none.

import type { Interner } from '../util/interner.js';
import { grown, grownCapacity } from '../util/typed-arrays.js';
import { INITIAL, NO_ATTRIBUTES } from './columns.js';

export interface MessageRecord {
  /** The SID is sid('IM', serial). */
  readonly serial: number;
  readonly index: number;
  readonly author: string;
  readonly body: string | null;
  readonly attributes: string;
  /** The serial of the participant who wrote it, 0 if the author is none. */
  readonly participant: number;
  readonly createdS: number;
}

export class Messages {
  private serial = 0;
  private index = new Int32Array(INITIAL);
  /** Authors' interned ids: most messages are written by a few names. */
  private author = new Int32Array(INITIAL);
  private participant = new Int32Array(INITIAL);
  private createdS = new Float64Array(INITIAL);
  private next = new Int32Array(INITIAL);
  private readonly bodies: (string | null)[] = [null];
  private readonly attributes = new Map<number, string>();
  // By conversation serial: the list's ends, and how many it has had.
  private first = new Int32Array(INITIAL);
  private last = new Int32Array(INITIAL);
  private count = new Int32Array(INITIAL);

  /** `authors` interns messages' authors. */
  constructor(private readonly authors: Interner) {}

  /** A message at the next index of `conversation`; `participant` is its author's serial, 0 if none. */
  add(conversation: number, author: string, body: string | null, attributes: string, participant: number, nowS: number): MessageRecord {
    const m = ++this.serial;
    if (m >= this.author.length) this.growMessages(m);
    if (conversation >= this.first.length) this.growConversations(conversation);
    this.index[m] = this.count[conversation]!++;
    this.author[m] = this.authors.id(author);
    this.participant[m] = participant;
    this.createdS[m] = nowS;
    this.bodies[m] = body;
    if (attributes !== NO_ATTRIBUTES) this.attributes.set(m, attributes);
    const last = this.last[conversation]!;
    if (last === 0) this.first[conversation] = m;
    else this.next[last] = m;
    this.last[conversation] = m;
    return this.record(m);
  }

  /** A conversation's messages in the order of their index. */
  of(conversation: number): MessageRecord[] {
    const all: MessageRecord[] = [];
    if (conversation >= this.first.length) return all;
    for (let m = this.first[conversation]!; m !== 0; m = this.next[m]!) all.push(this.record(m));
    return all;
  }

  /** A deleted conversation's texts freed; its messages' slots in the columns stay, as serials are not reused. */
  drop(conversation: number): void {
    if (conversation >= this.first.length) return;
    for (let m = this.first[conversation]!; m !== 0; m = this.next[m]!) {
      this.bodies[m] = null;
      this.attributes.delete(m);
    }
  }

  private record(m: number): MessageRecord {
    return {
      serial: m,
      index: this.index[m]!,
      author: this.authors.text(this.author[m]!),
      body: this.bodies[m] ?? null,
      attributes: this.attributes.get(m) ?? NO_ATTRIBUTES,
      participant: this.participant[m]!,
      createdS: this.createdS[m]!,
    };
  }

  private growMessages(m: number): void {
    const n = grownCapacity(this.author.length, m, INITIAL);
    this.index = grown(this.index, n);
    this.author = grown(this.author, n);
    this.participant = grown(this.participant, n);
    this.createdS = grown(this.createdS, n);
    this.next = grown(this.next, n);
  }

  private growConversations(conversation: number): void {
    const n = grownCapacity(this.first.length, conversation, INITIAL);
    this.first = grown(this.first, n);
    this.last = grown(this.last, n);
    this.count = grown(this.count, n);
  }
}
