// Who is where, across conversations (SPEC 3): how many non-closed conversations each chat
// identity is in, and which non-closed conversation each non-chat address is bound to.
// Identities and addresses are small integer ids given by the caller; storage grows on demand.
//
// Storage is paged: ids come in pages of PAGE ids, each page a typed array of its own, made the
// first time an id in it is used, and never moved. A run's customers get ids in the order they
// first arrive, so the pages fill one after another and hold the customers who came, not the pool;
// there is at most one partly used page per array. Grown as one array copied into a larger one
// (as until 2026-12-07), the per-address array was the largest thing a run allocated: copied
// about eight times over on the way up, each copy into fresh memory that the kernel had to fault
// in (about 6,000 of the 11,000 page faults of the shipped contact centre's run, on a machine
// where a fault costs about 9 µs).
//
// Ids are whole numbers from 0 to 2^32 - 1 (isId, checked on every access: a larger or fractional
// id would otherwise land on another id's place in a page). Reading one outside that range finds
// nothing; writing one is a RangeError.

const UNBOUND = -1;
const PAGE_BITS = 12;
/** Ids per page: 8 KiB of counts, 32 KiB of bindings. */
const PAGE = 1 << PAGE_BITS;
const IN_PAGE = PAGE - 1;

export class Registry {
  /**
   * Non-closed conversations per chat identity: 16 bits, since no identity can be in more than
   * 1000 (SPEC 3; addChatParticipant refuses the 1001st). Half the bytes of an Int32Array: an
   * identity's count is read at random (a customer's join and leave), and over millions of
   * customers the array's size decides how often such a read misses the cache.
   */
  private readonly openOf: Uint16Array[] = noPages();
  /**
   * Per address, side by side (one cache line for both): at 2a the slot it is bound to, or
   * UNBOUND; at 2a + 1 the serial of the last conversation it was bound to, 0 = never (serials
   * are below 2^32, stored as Int32 and read back unsigned).
   */
  private readonly address: Int32Array[] = noPages();

  openConversationsOf(identity: number): number {
    const page = identity >>> PAGE_BITS;
    return page < this.openOf.length && isId(identity) ? this.openOf[page]![identity & IN_PAGE]! : 0;
  }

  /** The identity joined one more non-closed conversation; returns its count now. */
  joined(identity: number): number {
    const page = identity >>> PAGE_BITS;
    if (page >= this.openOf.length || !isId(identity)) addPages(this.openOf, identity, countsPage);
    return ++this.openOf[page]![identity & IN_PAGE]!;
  }

  /** The identity left a conversation (it closed); returns its count now. */
  left(identity: number): number {
    return --this.openOf[identity >>> PAGE_BITS]![identity & IN_PAGE]!;
  }

  /** Bytes held by the per-identity and per-address pages. */
  get bytes(): number {
    return this.openOf.length * PAGE * 2 + this.address.length * PAGE * 8;
  }

  /** The slot of the non-closed conversation the address is bound to, or -1. */
  boundSlotOf(address: number): number {
    const page = address >>> PAGE_BITS;
    return page < this.address.length && isId(address) ? this.address[page]![(address & IN_PAGE) << 1]! : UNBOUND;
  }

  /** The serial of the conversation the address was last bound to, or 0 if never. */
  lastSerialOf(address: number): number {
    const page = address >>> PAGE_BITS;
    return page < this.address.length && isId(address) ? this.address[page]![((address & IN_PAGE) << 1) + 1]! >>> 0 : 0;
  }

  bind(address: number, slot: number, serial: number): void {
    const page = address >>> PAGE_BITS;
    if (page >= this.address.length || !isId(address)) addPages(this.address, address, unboundPage);
    const bindings = this.address[page]!;
    const i = (address & IN_PAGE) << 1;
    bindings[i] = slot;
    bindings[i + 1] = serial | 0;
  }

  unbind(address: number): void {
    this.address[address >>> PAGE_BITS]![(address & IN_PAGE) << 1] = UNBOUND;
  }

  /** The address's last binding ended otherwise than by a close (SPEC 8): its next autocreation names no conversation. */
  forget(address: number): void {
    const page = address >>> PAGE_BITS;
    if (page < this.address.length && isId(address)) this.address[page]![((address & IN_PAGE) << 1) + 1] = 0;
  }
}

/** Whether `id` is a whole number from 0 to 2^32 - 1: `>>> 0` gives it back unchanged, and any other number changed. */
function isId(id: number): boolean {
  return id >>> 0 === id;
}

/**
 * An empty list of pages that V8 already stores as a list of objects. An empty literal (`[]`)
 * starts as a list of small integers and changes kind at its first page, so each new registry's
 * lists (a report's next replication, a bench's next run) would first show optimized code another
 * hidden class, and V8 would throw that code away ("wrong map").
 */
function noPages<T>(): T[] {
  const pages = [null as T];
  pages.length = 0;
  return pages;
}

/** A page of identities in no conversation. */
function countsPage(): Uint16Array {
  return new Uint16Array(PAGE);
}

/** A page of addresses never bound: each unbound, with serial 0. */
function unboundPage(): Int32Array {
  const bindings = new Int32Array(2 * PAGE);
  for (let i = 0; i < bindings.length; i += 2) bindings[i] = UNBOUND;
  return bindings;
}

/** Adds the pages up to the one that holds `id` (made by `page`), after checking the id. */
function addPages<T>(pages: T[], id: number, page: () => T): void {
  if (!isId(id)) throw new RangeError(`participant ids are whole numbers from 0 to 2^32 - 1; got ${id}`);
  while (pages.length <= id >>> PAGE_BITS) pages.push(page());
}
