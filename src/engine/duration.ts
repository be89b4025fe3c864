// ISO 8601 durations as the Conversations API takes them (SPEC 2): days, hours, minutes and
// seconds only, whole numbers, components may exceed their usual range. Parsed to whole seconds.

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

import { MAX_DURATION_S } from '../util/limits.js';

/** The longest duration convsim takes (util/limits.ts); longer values are invalid, like a bad format. */
export { MAX_DURATION_S };

/** What a valid duration looks like, for error messages. */
export const DURATION_FORMS = 'an ISO 8601 duration of days, hours, minutes and seconds, like "PT5M", "P30D" or "P1DT12H"';

/**
 * Whole seconds of `text`, or `undefined` when it is not a duration convsim accepts.
 * Zero durations (`PT0S`, `P0D`) parse to 0: whether 0 means "off" is the caller's rule.
 */
export function parseDurationS(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (m === null) return undefined;
  const [, d, h, min, s] = m;
  // "P" and "PT" match with no component, and "P1DT" has a T with nothing after it.
  if (d === undefined && h === undefined && min === undefined && s === undefined) return undefined;
  if (text.endsWith('T')) return undefined;
  const seconds = num(d) * 86_400 + num(h) * 3_600 + num(min) * 60 + num(s);
  return seconds <= MAX_DURATION_S ? seconds : undefined;
}

function num(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits);
}

/**
 * Why `text` is not a valid duration, in a few words the user can act on; `undefined` if it is valid.
 * Years, months and weeks get their own hint because the guide tells users to write days instead.
 */
export function durationProblem(text: string): string | undefined {
  if (parseDurationS(text) !== undefined) return undefined;
  // Linear-time tests only (no nested quantifiers): `text` may be as long as the file.
  const datePart = text.split('T', 1)[0]!;
  if (/^P\d+[YMW]/.test(text) || /\d[YW]/.test(datePart)) {
    return `years, months and weeks are not allowed: write days instead (P365D, P180D, P14D)`;
  }
  if (/[.,]\d/.test(text)) return 'fractions are not allowed: timers have one-second precision';
  if (/^-/.test(text)) return 'negative durations are not allowed';
  if (DURATION.test(text) && !text.endsWith('T')) return `longer than the longest duration convsim takes, ${formatDurationS(MAX_DURATION_S)} (about 34 years)`;
  return `expected ${DURATION_FORMS}`;
}

/** The canonical form of a number of seconds, for messages and reports: 90 -> "PT1M30S". */
export function formatDurationS(seconds: number): string {
  if (seconds === 0) return 'PT0S';
  const days = Math.floor(seconds / 86_400);
  let rest = seconds - days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const time = (hours ? `${hours}H` : '') + (minutes ? `${minutes}M` : '') + (secs ? `${secs}S` : '');
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
