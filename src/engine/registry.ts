// Who is where, across conversations (SPEC 3): how many non-closed conversations each chat
// identity is in, and which non-closed conversation each non-chat address is bound to.
// Identities and addresses are small integer ids given by the caller; arrays grow on demand.

import { grown, grownCapacity } from '../util/typed-arrays.js';

const UNBOUND = -1;

export class Registry {
  /**
   * Non-closed conversations per chat identity: 16 bits, since no identity can be in more than
   * 1000 (SPEC 3; addChatParticipant refuses the 1001st). Half the bytes of an Int32Array: an
   * identity's count is read at random (a customer's join and leave), and over millions of
   * customers the array's size decides how often such a read misses the cache.
   */
  private openOf = new Uint16Array(0);
  /**
   * Per address, side by side (one cache line for both): at 2a the slot it is bound to, or
   * UNBOUND; at 2a + 1 the serial of the last conversation it was bound to, 0 = never (serials
   * are below 2^32, stored as Int32 and read back unsigned).
   */
  private address = new Int32Array(0);

  openConversationsOf(identity: number): number {
    return identity < this.openOf.length ? this.openOf[identity]! : 0;
  }

  /** The identity joined one more non-closed conversation; returns its count now. */
  joined(identity: number): number {
    if (identity >= this.openOf.length) this.openOf = grown(this.openOf, capacityFor(this.openOf.length, identity));
    return ++this.openOf[identity]!;
  }

  /** The identity left a conversation (it closed); returns its count now. */
  left(identity: number): number {
    return --this.openOf[identity]!;
  }

  /** Bytes held by the per-identity and per-address arrays. */
  get bytes(): number {
    return this.openOf.byteLength + this.address.byteLength;
  }

  /** The slot of the non-closed conversation the address is bound to, or -1. */
  boundSlotOf(address: number): number {
    return 2 * address < this.address.length ? this.address[2 * address]! : UNBOUND;
  }

  /** The serial of the conversation the address was last bound to, or 0 if never. */
  lastSerialOf(address: number): number {
    return 2 * address < this.address.length ? this.address[2 * address + 1]! >>> 0 : 0;
  }

  bind(address: number, slot: number, serial: number): void {
    if (2 * address >= this.address.length) {
      const old = this.address.length;
      this.address = grown(this.address, 2 * capacityFor(old / 2, address));
      for (let i = old; i < this.address.length; i += 2) this.address[i] = UNBOUND;
    }
    this.address[2 * address] = slot;
    this.address[2 * address + 1] = serial | 0;
  }

  unbind(address: number): void {
    this.address[2 * address] = UNBOUND;
  }

  /** The address's last binding ended otherwise than by a close (SPEC 8): its next autocreation names no conversation. */
  forget(address: number): void {
    if (2 * address < this.address.length) this.address[2 * address + 1] = 0;
  }
}

function capacityFor(current: number, id: number): number {
  if (!Number.isInteger(id) || id < 0) throw new RangeError(`participant ids are whole numbers from 0; got ${id}`);
  return grownCapacity(current, id, 64);
}
