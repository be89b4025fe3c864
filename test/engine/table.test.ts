// The conversation table's handles: a slot and its generation packed in one number.

import { describe, expect, it } from 'vitest';
import { ACTIVE } from '../../src/engine/states.js';
import { ConversationTable, NO_CONVERSATION, SLOT_LIMIT } from '../../src/engine/table.js';

describe('handles', () => {
  it('name their slot through every generation, and only the live one: past 2^16 reuses (the generation wraps) and past handles of 2^32', () => {
    const t = new ConversationTable();
    const other = t.allocate(); // slot 0, never released
    t.setState(other, ACTIVE);
    let previous = NO_CONVERSATION;
    let beyond32Bits = 0;
    for (let i = 0; i < 70_000; i++) {
      const slot = t.allocate();
      expect(slot).toBe(1); // the one freed just before
      t.setState(slot, ACTIVE);
      const h = t.handleOf(slot);
      if (h >= 2 ** 32) beyond32Bits++;
      expect(h % SLOT_LIMIT).toBe(1);
      expect(t.slotOf(h)).toBe(1);
      expect(t.stateAtHandle(h)).toBe(ACTIVE);
      if (previous !== NO_CONVERSATION) expect(t.slotOf(previous)).toBe(-1); // stale
      t.release(slot);
      expect(t.slotOf(h)).toBe(-1);
      previous = h;
    }
    expect(beyond32Bits).toBeGreaterThan(40_000);
    expect(t.slotOf(t.handleOf(other))).toBe(other);
  });

  it('NO_CONVERSATION names no slot, and a look ahead reads nothing for it', () => {
    const t = new ConversationTable();
    t.setState(t.allocate(), ACTIVE);
    expect(t.slotOf(NO_CONVERSATION)).toBe(-1);
    expect(t.stateAtHandle(NO_CONVERSATION)).toBe(0);
  });
});
