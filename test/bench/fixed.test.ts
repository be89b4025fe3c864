import { describe, expect, it } from 'vitest';
import { fixed, thousands } from '../../src/bench/fixed.js';

describe("the bench table's numbers", () => {
  it('prints the usual decimals away from the threshold', () => {
    expect(fixed(1.8234, 2, 1.8)).toBe('1.82');
    expect(fixed(5.555, 2, 10)).toBe('5.55');
    expect(fixed(43.94, 1, 30)).toBe('43.9');
  });

  it('prints more where the usual ones would show the threshold itself, so the verdict beside it reads true', () => {
    expect(fixed(1.797, 2, 1.8)).toBe('1.797');
    expect(fixed(1.8049, 2, 1.8)).toBe('1.805');
    expect(fixed(1.15004, 2, 1.15)).toBe('1.15004');
    expect(fixed(9.9999, 2, 10)).toBe('9.9999');
    expect(fixed(63.96, 1, 64)).toBe('63.96');
    expect(fixed(4.996, 2, 5)).toBe('4.996');
    expect(fixed(9999.6, 0, 10_000)).toBe('9999.6');
  });

  it('separates thousands in what it printed, keeping its decimals', () => {
    expect(thousands(fixed(32449.3, 0, 10_000))).toBe('32,449');
    expect(thousands(fixed(9999.6, 0, 10_000))).toBe('9,999.6');
  });

  it('prints a value equal to the threshold, or one against no threshold, as usual', () => {
    expect(fixed(1.8, 2, 1.8)).toBe('1.80');
    expect(fixed(2.5, 2, NaN)).toBe('2.50');
  });
});
