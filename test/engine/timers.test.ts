import { describe, expect, it } from 'vitest';
import { checkTimer, checkTimers } from '../../src/engine/timers.js';

describe('checkTimer', () => {
  it('takes PT0S as off, exempt from the minimum', () => {
    expect(checkTimer('inactive', 'PT0S')).toEqual({ ok: true, seconds: 0 });
    expect(checkTimer('closed', 'PT0S')).toEqual({ ok: true, seconds: 0 });
  });
  it('rejects an inactive timer under 60 s with 50375 and accepts 60 s', () => {
    expect(checkTimer('inactive', 'PT59S')).toEqual({ ok: false, code: 50375 });
    expect(checkTimer('inactive', 'PT60S')).toEqual({ ok: true, seconds: 60 });
  });
  it('rejects a closed timer under 600 s with 50376 and accepts 600 s', () => {
    expect(checkTimer('closed', 'PT599S')).toEqual({ ok: false, code: 50376 });
    expect(checkTimer('closed', 'PT10M')).toEqual({ ok: true, seconds: 600 });
  });
  it('rejects a bad format with 50379 (inactive) and 50380 (closed)', () => {
    expect(checkTimer('inactive', 'P1Y')).toEqual({ ok: false, code: 50379 });
    expect(checkTimer('closed', '30 days')).toEqual({ ok: false, code: 50380 });
  });
  it('does not mistake a timer of 50379 seconds for an error code', () => {
    expect(checkTimer('inactive', 'PT50379S')).toEqual({ ok: true, seconds: 50_379 });
  });
});

describe('checkTimers', () => {
  it('keeps the fallback values for timers the request leaves out', () => {
    expect(checkTimers({ closed: 'PT1H' }, 300, 0)).toEqual({ ok: true, inactiveS: 300, closedS: 3_600 });
    expect(checkTimers(undefined, 60, 600)).toEqual({ ok: true, inactiveS: 60, closedS: 600 });
  });
  it('reports the inactive timer before the closed one, format before minimum', () => {
    expect(checkTimers({ inactive: 'PT1S', closed: 'bad' }, 0, 0)).toEqual({ ok: false, code: 50375 });
    expect(checkTimers({ inactive: 'bad', closed: 'bad' }, 0, 0)).toEqual({ ok: false, code: 50379 });
    expect(checkTimers({ inactive: 'PT1M', closed: 'PT1S' }, 0, 0)).toEqual({ ok: false, code: 50376 });
  });
});
