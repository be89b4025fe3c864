// Each conversation's participants (or messages) in the order they were added: a list of serials
// per conversation, linked by serial. Serials start at 1; 0 means none: an empty list, the end.

import { grown, grownCapacity } from '../util/typed-arrays.js';
import { INITIAL } from './columns.js';

export class ConversationLists {
  // By conversation serial: the list's ends.
  private first = new Int32Array(INITIAL);
  private last = new Int32Array(INITIAL);
  /** By item serial: the one after it in its conversation's list. */
  private next = new Int32Array(INITIAL);

  /** Adds `item`, a serial never added before, at the end of `conversation`'s list. */
  append(conversation: number, item: number): void {
    if (conversation >= this.first.length) {
      const n = grownCapacity(this.first.length, conversation, INITIAL);
      this.first = grown(this.first, n);
      this.last = grown(this.last, n);
    }
    if (item >= this.next.length) this.next = grown(this.next, grownCapacity(this.next.length, item, INITIAL));
    const last = this.last[conversation]!;
    if (last === 0) this.first[conversation] = item;
    else this.next[last] = item;
    this.last[conversation] = item;
  }

  /** The first item of `conversation`'s list, 0 if it has none. */
  firstOf(conversation: number): number {
    return conversation < this.first.length ? this.first[conversation]! : 0;
  }

  /** The last item of `conversation`'s list, 0 if it has none. */
  lastOf(conversation: number): number {
    return conversation < this.last.length ? this.last[conversation]! : 0;
  }

  /** The item after `item` in its list, 0 at the end. */
  after(item: number): number {
    return this.next[item]!;
  }

  /** Takes `item` out of `conversation`'s list (a scan from its start). */
  remove(conversation: number, item: number): void {
    let before = 0;
    for (let q = this.firstOf(conversation); q !== 0 && q !== item; q = this.next[q]!) before = q;
    if (before === 0) this.first[conversation] = this.next[item]!;
    else this.next[before] = this.next[item]!;
    if (this.last[conversation] === item) this.last[conversation] = before;
  }
}
