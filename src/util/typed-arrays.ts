// Growing typed arrays: the storage of every per-conversation and per-event table.

export type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/**
 * A copy of `a`, for a constructor to store over a typed array field that is replaced when it grows.
 * V8 compiles a field that has only ever held one value as a constant, and when it first changes,
 * throws away every function compiled that way. A buffer that first grows mid-run would take the
 * run's hottest functions with it, to be compiled again; stored twice in the constructor, before
 * anything is compiled, it is an ordinary field from the start. Number fields that first change
 * mid-run (the wheel's window start, the arrivals' phase, the census's inactive count, ...) are
 * stored twice the same way, another number first. test/run/second-run.test.ts checks that the
 * shipped contact centre's run throws nothing away so ("code dependencies").
 */
export function replaceable<T extends TypedArray>(a: T): T {
  return a.slice() as T;
}

/** A copy of `a` with room for `n` elements, the new ones zero. */
export function grown<T extends TypedArray>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a as never);
  return b;
}

/**
 * The capacity a table grows to when it must hold element `needed` (an index): an eighth more
 * than now, at least `minimum`. The conversation table and the emulator's store grow this way,
 * so right after a growth step they hold at most 12.5% slack (bytes per open conversation stay
 * within an eighth of the live size at every size); each element is copied about eight times in
 * all, at memory speed, each time into fresh memory. (The engine's per-customer registry, the
 * largest such array in a big run, is in pages instead: engine/registry.ts says why.)
 */
export function grownCapacity(current: number, needed: number, minimum: number): number {
  return Math.max(needed + 1, minimum, current + (current >>> 3));
}
