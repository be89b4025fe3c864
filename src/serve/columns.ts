// What the emulator's column stores (store.ts, participants.ts, messages.ts) share: their first
// capacity, and the attributes most resources have, which they keep out of their columns.

/** Attributes as most resources have them; any other value is kept in a Map beside the columns. */
export const NO_ATTRIBUTES = '{}';
/** Rows a column holds before it first grows. */
export const INITIAL = 1_024;
