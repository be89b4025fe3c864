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

  it('holds 8 bytes per address and 2 per identity, grown by an eighth', () => {
    const r = new Registry();
    for (let a = 0; a < 100_000; a++) r.bind(a, a, a + 1);
    for (let i = 0; i < 100_000; i++) r.joined(i);
    expect(r.bytes).toBeGreaterThanOrEqual(100_000 * 10);
    expect(r.bytes).toBeLessThanOrEqual(100_000 * 10 * 1.125 + 64 * 10);
    expect(r.openConversationsOf(99_999)).toBe(1);
    expect(r.boundSlotOf(99_999)).toBe(99_999);
  });

  it('counts an identity up to the 1000 limit and back (16 bits per identity hold it)', () => {
    const r = new Registry();
    for (let n = 1; n <= 1000; n++) expect(r.joined(7)).toBe(n);
    expect(r.openConversationsOf(7)).toBe(1000);
    for (let n = 999; n >= 0; n--) expect(r.left(7)).toBe(n);
    expect(r.openConversationsOf(7)).toBe(0);
  });
});
