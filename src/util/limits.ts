// Limits that several layers must agree on, each derived from one constant here: the event core
// packs times and ids into Int32 values, and the engine, the scenario checks and the traffic
// generator keep theirs within the same bounds.

/** Event times and deadlines are whole seconds stored as Int32. */
export const MAX_TIME_S = 2 ** 31 - 1;

/**
 * The longest duration convsim takes (`until`, `at`, timers): half of MAX_TIME_S, so that a
 * deadline (a time up to `until` plus a timer) still fits. 2^30 - 1 s, about 34 years.
 */
export const MAX_DURATION_S = (MAX_TIME_S - 1) / 2;

/** Ids that travel in an event's payload (conversation slots, visits, customers): 28 bits. */
export const ID_BITS = 28;
export const ID_LIMIT = 2 ** ID_BITS;
