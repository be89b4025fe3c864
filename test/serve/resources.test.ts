// The emulator's per-conversation lists: exact-size while short, pushed onto once long.

import { describe, expect, it } from 'vitest';
import { appended } from '../../src/serve/resources.js';

describe('appended', () => {
  it('copies a short list to one of exactly its new length, and pushes onto a long one', () => {
    let list: number[] = [];
    const seen: number[][] = [];
    for (let i = 0; i < 20; i++) {
      const before = list;
      list = appended(list, i);
      if (i < 16) expect(list).not.toBe(before);
      else expect(list).toBe(before);
      expect(before.length).toBe(i < 16 ? i : i + 1);
      seen.push(list);
    }
    expect(list).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // A short list handed out before an append is not changed by it.
    expect(seen[2]).toEqual([0, 1, 2]);
  });
});
