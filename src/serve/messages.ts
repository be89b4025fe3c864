// The emulator's messages, of every conversation it has served: columns indexed by message serial,
// each conversation's messages a list (lists.ts) in the order of their index. Serials start at 1;
// 0 means none.

import type { Interner } from '../util/interner.js';
import { grown, grownCapacity } from '../util/typed-arrays.js';
import { INITIAL, NO_ATTRIBUTES } from './columns.js';
import { ConversationLists } from './lists.js';

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
  private readonly bodies: (string | null)[] = [null];
  private readonly attributes = new Map<number, string>();
  private readonly lists = new ConversationLists();

  /** `authors` interns messages' authors. */
  constructor(private readonly authors: Interner) {}

  /** A message at the next index of `conversation`; `participant` is its author's serial, 0 if none. */
  add(conversation: number, author: string, body: string | null, attributes: string, participant: number, nowS: number): MessageRecord {
    const m = ++this.serial;
    if (m >= this.author.length) this.grow(m);
    // One more than the conversation's last message: messages are never taken out of a list.
    const last = this.lists.lastOf(conversation);
    this.index[m] = last === 0 ? 0 : this.index[last]! + 1;
    this.author[m] = this.authors.id(author);
    this.participant[m] = participant;
    this.createdS[m] = nowS;
    this.bodies[m] = body;
    if (attributes !== NO_ATTRIBUTES) this.attributes.set(m, attributes);
    this.lists.append(conversation, m);
    return this.record(m);
  }

  /** A conversation's messages in the order of their index. */
  of(conversation: number): MessageRecord[] {
    const all: MessageRecord[] = [];
    for (let m = this.lists.firstOf(conversation); m !== 0; m = this.lists.after(m)) all.push(this.record(m));
    return all;
  }

  /** A deleted conversation's texts freed; its messages' slots in the columns stay, as serials are not reused. */
  drop(conversation: number): void {
    for (let m = this.lists.firstOf(conversation); m !== 0; m = this.lists.after(m)) {
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

  private grow(m: number): void {
    const n = grownCapacity(this.author.length, m, INITIAL);
    this.index = grown(this.index, n);
    this.author = grown(this.author, n);
    this.participant = grown(this.participant, n);
    this.createdS = grown(this.createdS, n);
  }
}
