// Collects the problems of one scenario file, one line each: file, field path, what was
// received, what is allowed. All problems are gathered before anything runs.

import { DURATION_FORMS, durationProblem, parseDurationS } from '../engine/duration.js';
import { closest } from './suggest.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export class Problems {
  readonly lines: string[] = [];

  constructor(readonly file: string) {}

  /** `path: message`, with the value received when there is one. */
  add(path: string, message: string, received?: Json): void {
    const got = received === undefined ? '' : `; got ${show(received)}`;
    this.lines.push(`${this.file}: ${path || '(top level)'}: ${message}${got}`);
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
    this.add(path, value === undefined ? `missing; expected ${what}` : `expected ${what}`, value);
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
    this.add(path, `${value === undefined ? 'missing; expected' : 'expected'} one of ${list}${did}`, value);
    return undefined;
  }
}

/** Seconds of a duration at `path`, or undefined after reporting it. */
export function duration(p: Problems, value: Json | undefined, path: string): number | undefined {
  if (typeof value !== 'string') {
    p.add(path, `${value === undefined ? 'missing; expected' : 'expected'} ${DURATION_FORMS}`, value);
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

/** A value as the user wrote it, cut short if long. */
function show(value: Json): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
