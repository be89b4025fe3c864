import { describe, expect, it } from 'vitest';
import { Census } from '../../src/engine/census.js';
import { ACTIVE, CLOSED, INACTIVE } from '../../src/engine/states.js';

describe('Census', () => {
  it('counts open conversations by state, keeps the peaks, and integrates the time spent open', () => {
    const c = new Census({ nowS: 0 });
    c.opened(ACTIVE, 0); // one open from 0
    c.opened(INACTIVE, 10); // two open from 10
    c.moved(ACTIVE, INACTIVE, 20);
    c.moved(INACTIVE, CLOSED, 30); // one open from 30
    expect([c.active, c.inactive, c.open]).toEqual([0, 1, 1]);
    expect([c.peakOpen, c.peakActive, c.peakInactive]).toEqual([2, 1, 2]);
    // 10 s x 1 + 20 s x 2 + 70 s x 1
    expect(c.openSeconds(100)).toBe(120);
  });
});
