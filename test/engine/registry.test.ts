import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/engine/registry.js';

describe('Registry', () => {
  it('binds, unbinds and forgets addresses, with serials up to 2^32 - 1 read back whole', () => {
    const r = new Registry();
    expect(r.boundSlotOf(5)).toBe(-1);
    expect(r.lastSerialOf(5)).toBe(0);
    r.bind(5, 7, 0xffffffff);
    r.bind(1_000, 0, 2 ** 31);
    expect(r.boundSlotOf(5)).toBe(7);
    expect(r.lastSerialOf(5)).toBe(4_294_967_295);
    expect(r.lastSerialOf(1_000)).toBe(2_147_483_648);
    // Addresses between, grown into, are unbound and were never bound.
    for (const a of [0, 6, 999, 1_001]) {
      expect(r.boundSlotOf(a)).toBe(-1);
      expect(r.lastSerialOf(a)).toBe(0);
    }
    r.unbind(5);
    expect(r.boundSlotOf(5)).toBe(-1);
    expect(r.lastSerialOf(5)).toBe(4_294_967_295);
    r.forget(5);
    expect(r.lastSerialOf(5)).toBe(0);
  });

  it('holds 8 bytes per address and 2 per identity, in pages of 4,096 ids: at most one page unused', () => {
    const r = new Registry();
    expect(r.bytes).toBe(0);
    r.bind(0, 0, 1);
    r.joined(0);
    expect(r.bytes).toBe(4096 * 10);
    for (let a = 0; a < 100_000; a++) r.bind(a, a, a + 1);
    for (let i = 0; i < 100_000; i++) r.joined(i);
    expect(r.bytes).toBe(Math.ceil(100_000 / 4096) * 4096 * 10);
    expect(r.openConversationsOf(99_999)).toBe(1);
    expect(r.boundSlotOf(99_999)).toBe(99_999);
    expect(r.lastSerialOf(99_999)).toBe(100_000);
    // Beyond the last page: nothing bound, nobody in a conversation.
    expect(r.boundSlotOf(4096 * 25)).toBe(-1);
    expect(r.lastSerialOf(4096 * 25)).toBe(0);
    expect(r.openConversationsOf(4096 * 25)).toBe(0);
    // Ids on both sides of a page's edge are apart.
    r.bind(4095, 7, 9);
    r.bind(4096, 8, 10);
    expect([r.boundSlotOf(4095), r.lastSerialOf(4095), r.boundSlotOf(4096), r.lastSerialOf(4096)]).toEqual([7, 9, 8, 10]);
  });

  it('refuses an id that is not a whole number from 0, and changes nothing', () => {
    const r = new Registry();
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) {
      expect(() => r.bind(bad, 0, 1)).toThrow(RangeError);
      expect(() => r.joined(bad)).toThrow(/participant ids are whole numbers from 0 to 2\^32 - 1/);
    }
    expect(r.bytes).toBe(0);
    // Once the page an id would wrap or round into exists, still refused, and nothing changes.
    r.bind(1, 3, 4);
    expect(r.joined(5)).toBe(1);
    const bytes = r.bytes;
    for (const bad of [1.5, 2 ** 32 + 1, 2 ** 32 + 5]) {
      expect(() => r.bind(bad, 9, 9)).toThrow(RangeError);
      expect(() => r.joined(bad)).toThrow(RangeError);
      // Reading one finds nothing, not the id it would land on.
      expect([r.boundSlotOf(bad), r.lastSerialOf(bad), r.openConversationsOf(bad)]).toEqual([-1, 0, 0]);
    }
    expect([r.boundSlotOf(1), r.lastSerialOf(1), r.openConversationsOf(5), r.bytes]).toEqual([3, 4, 1, bytes]);
  });

  it('counts an identity up to the 1000 limit and back (16 bits per identity hold it)', () => {
    const r = new Registry();
    for (let n = 1; n <= 1000; n++) expect(r.joined(7)).toBe(n);
    expect(r.openConversationsOf(7)).toBe(1000);
    for (let n = 999; n >= 0; n--) expect(r.left(7)).toBe(n);
    expect(r.openConversationsOf(7)).toBe(0);
  });
});
