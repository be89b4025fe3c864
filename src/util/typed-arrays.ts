// Growing typed arrays: the storage of every per-conversation and per-event table.

export type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** A copy of `a` with room for `n` elements, the new ones zero. */
export function grown<T extends TypedArray>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a as never);
  return b;
}
