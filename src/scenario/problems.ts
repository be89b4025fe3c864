// Collects the problems of one scenario file, one line each: file, field path, what was
// received, what is allowed. All problems are gathered before anything runs.

import { DURATION_FORMS, durationProblem, parseDurationS } from '../engine/duration.js';
import { closest } from './suggest.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Problem lines kept per file: a hostile file can have millions; the rest are counted. */
export const MAX_PROBLEM_LINES = 100;
const MAX_PATH = 200;

export class Problems {
  private readonly lines: string[] = [];
  /** Problems found so far (all of them, also those past MAX_PROBLEM_LINES). */
  count = 0;

  constructor(readonly file: string) {}

  /** `path: message`, with the value received when there is one. */
  add(path: string, message: string, received?: Json): void {
    if (++this.count > MAX_PROBLEM_LINES) return;
    const got = received === undefined ? '' : `; got ${show(received)}`;
    // A path holds the user's keys, which may be huge: cut short like values.
    const where = path.length > MAX_PATH ? `${path.slice(0, MAX_PATH - 3)}...` : path;
    this.lines.push(`${this.file}: ${where || '(top level)'}: ${message}${got}`);
  }

  /**
   * `path` does not hold `what`: "missing; expected <what>" where the key is absent (undefined),
   * else "expected <what>; got <value>" (null included, when the file says null).
   */
  expected(path: string, what: string, value: Json | undefined): void {
    this.add(path, value === undefined ? `missing; expected ${what}` : `expected ${what}`, value);
  }

  /** The problem lines, at most MAX_PROBLEM_LINES, then one line saying how many more there are. */
  report(): string[] {
    const more = this.count - this.lines.length;
    return more > 0 ? [...this.lines, `${this.file}: and ${more} more problem${more === 1 ? '' : 's'}`] : [...this.lines];
  }

  /** The object at `path`, after reporting keys it may not have; undefined if not an object. */
  object(value: Json | undefined, path: string, allowed: readonly string[]): JsonObject | undefined {
    if (!isObject(value)) {
      this.add(path, 'expected an object', value);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const hint = closest(key, allowed);
      this.add(join(path, key), `unknown key${hint === undefined ? '.' : `; did you mean "${hint}"?`} Allowed here: ${allowed.join(', ')}`);
    }
    return value;
  }

  /** A string at `path`, or undefined after reporting what is there instead. */
  string(value: Json | undefined, path: string, what = 'a string'): string | undefined {
    if (typeof value === 'string') return value;
    this.expected(path, what, value);
    return undefined;
  }

  boolean(value: Json | undefined, path: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.add(path, 'expected true or false', value);
    return undefined;
  }

  /** One of `allowed`, with a suggestion for a near miss. */
  oneOf<T extends string>(value: Json | undefined, path: string, allowed: readonly T[]): T | undefined {
    const list = allowed.map((a) => `"${a}"`).join(', ');
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const hint = typeof value === 'string' ? closest(value, allowed) : undefined;
    const did = hint === undefined ? '' : ` (did you mean "${hint}"?)`;
    this.expected(path, `one of ${list}${did}`, value);
    return undefined;
  }
}

/** Seconds of a duration at `path`, or undefined after reporting it. */
export function duration(p: Problems, value: Json | undefined, path: string): number | undefined {
  if (typeof value !== 'string') {
    p.expected(path, DURATION_FORMS, value);
    return undefined;
  }
  const problem = durationProblem(value);
  if (problem !== undefined) {
    p.add(path, problem, value);
    return undefined;
  }
  return parseDurationS(value);
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

const SHOWN = 60;

/**
 * A value as the user wrote it, cut short if long. Built piece by piece and stopped once long
 * enough, so a huge or deeply nested value costs no more than its first few dozen characters.
 */
export function show(value: Json): string {
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= SHOWN;
  };
  const walk = (v: Json): boolean => {
    if (v === null || typeof v !== 'object') return emit(JSON.stringify(typeof v === 'string' && v.length > SHOWN ? v.slice(0, SHOWN + 1) : v));
    if (Array.isArray(v)) {
      if (!emit('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !emit(',')) || !walk(v[i]!)) return false;
      return emit(']');
    }
    if (!emit('{')) return false;
    let first = true;
    for (const key in v) {
      if ((!first && !emit(',')) || !emit(`${JSON.stringify(key.length > SHOWN ? key.slice(0, SHOWN + 1) : key)}:`) || !walk(v[key]!)) return false;
      first = false;
    }
    return emit('}');
  };
  walk(value);
  const text = parts.join('');
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 3)}...` : text;
}
