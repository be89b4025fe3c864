// A sweep's plan: the dimensions given as `--set PATH=v1,v2,...`, their cross product (the
// cells), and which (cell, replication) jobs a shard `i/n` runs. Pure: text in, plan out.

import { parseOverride, pathText, type Override } from '../scenario/overrides.js';

export interface Dimension {
  /** The path as problem lines write it: `traffic.timers[0].closed`. */
  readonly path: string;
  /** Each value as the user wrote it. */
  readonly values: readonly string[];
  /** One override per value, its text `PATH=value` (what a problem line names). */
  readonly overrides: readonly Override[];
}

export interface Cell {
  /** Position in the cross product: the first dimension varies slowest. */
  readonly index: number;
  /** The value of each dimension, as written. */
  readonly values: readonly string[];
  /** Which value of each dimension. */
  readonly at: readonly number[];
  readonly overrides: readonly Override[];
}

/** The most cells one sweep may have: each is a full report's worth of replications. */
export const MAX_CELLS = 10_000;

/**
 * Splits "v1,v2,..." at the commas that are not inside quotes, brackets or braces, so a JSON
 * value (an object, an array, a string with a comma) stays one value.
 */
export function splitValues(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  out.push(raw.slice(start));
  return out;
}

/** `PATH=v1,v2,...` as a dimension, or the reason it is not one. */
export function parseDimension(text: string): Dimension | { problem: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) return { problem: `convsim: --set ${text}: expected PATH=VALUE or PATH=v1,v2,..., like traffic.agents.count=400,600,800` };
  const values = splitValues(text.slice(eq + 1));
  if (values.some((v) => v === '')) return { problem: `convsim: --set ${text}: a value is empty (two commas in a row, or one at an end)` };
  if (new Set(values).size !== values.length) return { problem: `convsim: --set ${text}: a value is given twice` };
  const overrides: Override[] = [];
  for (const v of values) {
    const o = parseOverride(`${text.slice(0, eq)}=${v}`);
    if ('problem' in o) return { problem: o.problem.replace(/--set [^:]*:/, `--set ${text}:`) };
    overrides.push(o);
  }
  return { path: pathText(overrides[0]!.path), values, overrides };
}

/** Every combination of one value per dimension, the first dimension varying slowest. */
export function cellsOf(dimensions: readonly Dimension[]): Cell[] {
  const count = dimensions.reduce((n, d) => n * d.values.length, 1);
  const cells: Cell[] = [];
  for (let index = 0; index < count; index++) {
    const at: number[] = [];
    let rest = index;
    for (let d = dimensions.length - 1; d >= 0; d--) {
      const size = dimensions[d]!.values.length;
      at[d] = rest % size;
      rest = Math.floor(rest / size);
    }
    cells.push({ index, at, values: at.map((k, d) => dimensions[d]!.values[k]!), overrides: at.map((k, d) => dimensions[d]!.overrides[k]!) });
  }
  return cells;
}

export interface Shard {
  /** From 1. */
  readonly index: number;
  readonly count: number;
}

/** `i/n`, or the reason it is not a shard. */
export function parseShard(text: string): Shard | { problem: string } {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || index < 1 || index > count) return { problem: `convsim: --shard: expected i/n with 1 <= i <= n <= 9999, like 2/4; got ${JSON.stringify(text)}` };
  return { index, count };
}

/**
 * The jobs of a sweep are numbered cell by cell (job = cell * replications + replication - 1);
 * shard i of n runs the jobs whose number is i - 1 modulo n, so every shard gets a share of
 * every cell, and the shards together run each job exactly once.
 */
export function jobsOfShard(cells: number, replications: number, shard: Shard | undefined): { cell: number; replication: number }[] {
  const jobs: { cell: number; replication: number }[] = [];
  for (let job = 0; job < cells * replications; job++) {
    if (shard !== undefined && job % shard.count !== shard.index - 1) continue;
    jobs.push({ cell: Math.floor(job / replications), replication: (job % replications) + 1 });
  }
  return jobs;
}
