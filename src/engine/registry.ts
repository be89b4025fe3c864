// Who is where, across conversations (SPEC 3): how many non-closed conversations each chat
// identity is in, and which non-closed conversation each non-chat address is bound to.
// Identities and addresses are small integer ids given by the caller; arrays grow on demand.

import { grown, grownCapacity } from '../util/typed-arrays.js';

const UNBOUND = -1;

export class Registry {
  /** Non-closed conversations per chat identity. */
  private openOf = new Int32Array(0);
  /** The slot an address is bound to, or UNBOUND. */
  private boundSlot = new Int32Array(0);
  /** The serial of the last conversation an address was bound to, 0 = never. */
  private lastSerial = new Float64Array(0);

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
    return this.openOf.byteLength + this.boundSlot.byteLength + this.lastSerial.byteLength;
  }

  /** The slot of the non-closed conversation the address is bound to, or -1. */
  boundSlotOf(address: number): number {
    return address < this.boundSlot.length ? this.boundSlot[address]! : UNBOUND;
  }

  /** The serial of the conversation the address was last bound to, or 0 if never. */
  lastSerialOf(address: number): number {
    return address < this.lastSerial.length ? this.lastSerial[address]! : 0;
  }

  bind(address: number, slot: number, serial: number): void {
    if (address >= this.boundSlot.length) {
      const n = capacityFor(this.boundSlot.length, address);
      const old = this.boundSlot.length;
      this.boundSlot = grown(this.boundSlot, n);
      this.boundSlot.fill(UNBOUND, old);
      this.lastSerial = grown(this.lastSerial, n);
    }
    this.boundSlot[address] = slot;
    this.lastSerial[address] = serial;
  }

  unbind(address: number): void {
    this.boundSlot[address] = UNBOUND;
  }

  /** The address's last binding ended otherwise than by a close (SPEC 8): its next autocreation names no conversation. */
  forget(address: number): void {
    if (address < this.lastSerial.length) this.lastSerial[address] = 0;
  }
}

function capacityFor(current: number, id: number): number {
  if (!Number.isInteger(id) || id < 0) throw new RangeError(`participant ids are whole numbers from 0; got ${id}`);
  return grownCapacity(current, id, 64);
}
