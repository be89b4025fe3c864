// How long this machine makes a read wait, by how much memory the reads roam over: a chain of
// dependent reads (each read's value is the next index) around a random cycle through an
// Int32Array of the given size, so no read can start before the one before it ends and the
// hardware cannot guess the next address. A whole run's events read records of the conversations
// they touch in an order no cache can predict; this measures what one such read costs when the
// records span 1 MB (the 1e6 contact centre's open conversations) and when they span 9 MB (the 1e7
// one's): the machine's part of the linear-growth row.

import { Random } from '../sim/random.js';

/** A random cyclic permutation of 0 .. n-1 (Sattolo's algorithm): following it from any entry visits all n once. */
export function randomCycle(n: number, random: Random): Int32Array {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`a cycle needs a whole number of at least 2 entries; got ${n}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i); // j < i: what makes it one cycle
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  // Entry order[k] holds the next one in the cycle, order[k + 1].
  const next = new Int32Array(n);
  for (let k = 0; k < n; k++) next[order[k]!] = order[(k + 1) % n]!;
  return next;
}

/** Nanoseconds per read of a dependent chain of `reads` reads around a random cycle spanning `bytes`, for each of `passes` passes. */
export function dependentReadNs(bytes: number, reads: number, passes = 3): number[] {
  const next = randomCycle(Math.max(2, Math.floor(bytes / 4)), new Random(1));
  const times: number[] = [];
  let at = 0;
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    for (let i = 0; i < reads; i++) at = next[at]!;
    times.push(((performance.now() - t0) * 1e6) / reads);
  }
  // The chain's end is used, so the loop cannot be dropped as dead code.
  if (at < 0) throw new Error('unreachable');
  return times;
}
