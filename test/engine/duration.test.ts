import { describe, expect, it } from 'vitest';
import { durationProblem, formatDurationS, parseDurationS } from '../../src/engine/duration.js';

describe('parseDurationS', () => {
  it.each([
    ['P30D', 30 * 86_400],
    ['PT5M', 300],
    ['PT30000S', 30_000],
    ['P1DT12H', 129_600],
    ['PT90M', 5_400],
    ['P365D', 31_536_000],
    ['PT1H1M1S', 3_661],
    ['P007D', 7 * 86_400],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDurationS(text)).toBe(seconds);
  });

  it.each(['PT0S', 'P0D', 'PT0M', 'P0DT0H'])('reads the zero duration %s as 0 (timer off)', (text) => {
    expect(parseDurationS(text)).toBe(0);
  });

  it.each(['P1Y', 'P6M', 'P2W', 'PT1.5S', 'PT0,5M', 'P', 'PT', 'P1DT', '', 'pt5m', '-PT5M', 'PT5', '5M', 'P1H', 'PT1D', 'P1DT1H1D', ' PT5M', 'PT5M ', 'P99999999999999999999D'])(
    'rejects %j',
    (text) => {
      expect(parseDurationS(text)).toBeUndefined();
    },
  );
});

describe('durationProblem', () => {
  it('accepts a valid duration', () => {
    expect(durationProblem('PT5M')).toBeUndefined();
  });
  it.each(['P1Y', 'P6M', 'P2W'])('tells the user to write days instead of %s', (text) => {
    expect(durationProblem(text)).toBe('years, months and weeks are not allowed: write days instead (P365D, P180D, P14D)');
  });
  it('says fractions are not allowed', () => {
    expect(durationProblem('PT1.5S')).toBe('fractions are not allowed: timers have one-second precision');
  });
  it('describes the allowed forms otherwise', () => {
    expect(durationProblem('5 minutes')).toBe(
      'expected an ISO 8601 duration of days, hours, minutes and seconds, like "PT5M", "P30D" or "P1DT12H"',
    );
  });
});

describe('formatDurationS', () => {
  it.each([
    [0, 'PT0S'],
    [90, 'PT1M30S'],
    [600, 'PT10M'],
    [86_400, 'P1D'],
    [129_601, 'P1DT12H1S'],
  ])('writes %i seconds as %s', (seconds, text) => {
    expect(formatDurationS(seconds)).toBe(text);
    expect(parseDurationS(text)).toBe(seconds);
  });
});
