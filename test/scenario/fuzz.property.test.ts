// Bad input never crashes: arbitrary JSON and mutated shipped scenarios either run or are
// refused with one line per problem; never an exception, a stack trace, exit code 1, or a
// partial report.

import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/run/scripted.js';
import { runTraffic } from '../../src/run/traffic.js';
import type { Scenario } from '../../src/scenario/types.js';
import { expectedEvents } from '../../src/scenario/traffic.js';
import { parseScenario } from '../../src/scenario/validate.js';
import { convsim } from '../cli/spawn.js';
import { fcParams } from '../fc.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SHIPPED = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join('scenarios', f), 'utf8')) as Json);

/** Every path to a value in the document. */
function paths(doc: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(doc)) return here.concat(...doc.slice(0, 40).map((v, i) => paths(v, [...at, i])));
  if (doc !== null && typeof doc === 'object') return here.concat(...Object.entries(doc).map(([k, v]) => paths(v, [...at, k])));
  return here;
}

type Mutation = { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'repeat'; times: number };

/** A copy of `doc` with the value at `where` replaced, deleted, or repeated into a huge array. */
function mutate(doc: Json, where: (string | number)[], m: Mutation): Json {
  const copy = structuredClone(doc);
  if (where.length === 0) return m.kind === 'replace' ? m.value : m.kind === 'repeat' ? Array.from({ length: m.times }, () => copy) : null;
  let parent = copy as Record<string | number, Json>;
  for (const key of where.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = where[where.length - 1]!;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (m.kind === 'replace') parent[last] = m.value;
  else parent[last] = Array.from({ length: m.times }, () => structuredClone(parent[last]!));
  return copy;
}

const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(1e308, -1e308, 2 ** 53, -1, 0, 0.5, '', 'P1Y', 'PT-5S', 'P99999999999D', 'PT0S', 'P1DT', '2026-02-30T00:00:00Z', 'closed', 'x'.repeat(10_000)),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: nasty.map((value): Mutation => ({ kind: 'replace', value })), weight: 6 },
  { arbitrary: fc.constant<Mutation>({ kind: 'delete' }), weight: 2 },
  { arbitrary: fc.integer({ min: 2, max: 2_000 }).map((times): Mutation => ({ kind: 'repeat', times })), weight: 1 },
);

const mutated = fc.tuple(fc.nat(SHIPPED.length - 1), fc.nat(), mutation, fc.nat(), mutation).map(([which, at1, m1, at2, m2]) => {
  let doc: Json = SHIPPED[which]!;
  const p1 = paths(doc);
  doc = mutate(doc, p1[at1 % p1.length]!, m1);
  const p2 = paths(doc);
  return mutate(doc, p2[at2 % p2.length]!, m2);
});

/** Problem lines: one line each, naming the file, never a stack trace. */
function expectProblemLines(lines: readonly string[], file: string): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.startsWith(`${file}: `), line).toBe(true);
    expect(line).not.toMatch(/\n|\bat .*\(.*:\d+:\d+\)|TypeError|RangeError|undefined is not/);
  }
}

/** Runs a valid scenario if it is small enough for a test; it must not throw. */
function runIfSmall(s: Scenario): void {
  if (s.kind === 'script') runScript(s);
  else if (small(s)) runTraffic(s, { trace: undefined });
}

/** Valid, but small enough to run inside a test: a few hundred thousand events at most. */
function small(s: Scenario): boolean {
  return s.kind === 'script' || (expectedEvents(s.traffic, s.untilS) < 300_000 && s.untilS / s.traffic.intervalS < 20_000);
}

/** A value built to be expensive: deep nesting, a long string, or many entries that are each a problem. */
type Hostile = { shape: 'deep-array' | 'deep-object' | 'long-string' | 'many-items' | 'many-keys'; size: number };

const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  fc.record({ shape: fc.constantFrom<Hostile['shape']>('deep-array', 'deep-object'), size: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ shape: fc.constant<Hostile['shape']>('long-string'), size: fc.integer({ min: 0, max: 5_000_000 }) }),
  fc.record({ shape: fc.constantFrom<Hostile['shape']>('many-items', 'many-keys'), size: fc.integer({ min: 0, max: 200_000 }) }),
);

/** The JSON text of `h`, built as text so that depth costs no recursion here either. */
function hostileText(h: Hostile): string {
  switch (h.shape) {
    case 'deep-array':
      return '['.repeat(h.size) + ']'.repeat(h.size);
    case 'deep-object':
      return '{"a":'.repeat(h.size) + '1' + '}'.repeat(h.size);
    case 'long-string':
      return JSON.stringify('P'.repeat(h.size));
    case 'many-items':
      return `[${Array.from({ length: h.size }, (_, i) => (i % 2 === 0 ? '{"at":"P1Y"}' : '7')).join(',')}]`;
    case 'many-keys':
      return `{${Array.from({ length: h.size }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  }
}

describe('bad input never crashes', () => {
  it('hostile depth, length and count anywhere in a shipped scenario: bounded problem lines (property)', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.nat(SHIPPED.length - 1), fc.nat(), hostile, (which, at, h) => {
        const doc = SHIPPED[which]!;
        const all = paths(doc);
        const where = all[at % all.length]!;
        // Splice the hostile text in place of a marker, so the document is never built as objects.
        const marker = '"__HOSTILE__"';
        const text = JSON.stringify(mutate(doc, where, { kind: 'replace', value: '__HOSTILE__' })).replace(marker, hostileText(h));
        const v = parseScenario('h.json', text);
        if (v.ok) return;
        expectProblemLines(v.problems, 'h.json');
        expect(v.problems.length).toBeLessThanOrEqual(101);
        for (const line of v.problems) expect(line.length).toBeLessThan(2_000);
      }),
      fcParams(60),
    );
  });

  it('arbitrary JSON: a scenario or problem lines, never an exception (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const v = parseScenario('f.json', JSON.stringify(value));
        if (!v.ok) expectProblemLines(v.problems, 'f.json');
      }),
      fcParams(400),
    );
  });

  it('text that is not JSON: one line with the position', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const v = parseScenario('f.json', text);
        if (!v.ok) expectProblemLines(v.problems, 'f.json');
      }),
      fcParams(200),
    );
  });

  it('mutated shipped scenarios either run or give problem lines (property)', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(mutated, (doc) => {
        const v = parseScenario('m.json', JSON.stringify(doc));
        if (v.ok) runIfSmall(v.scenario);
        else expectProblemLines(v.problems, 'm.json');
      }),
      fcParams(300),
    );
  });

  it('through the command: exit 0 with reports, or exit 2 with problem lines and nothing written (property)', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(mutated, (doc) => {
        const dir = mkdtempSync(path.join(tmpdir(), 'convsim-fuzz-'));
        writeFileSync(path.join(dir, 'm.json'), JSON.stringify(doc));
        const v = parseScenario('m.json', JSON.stringify(doc));
        if (v.ok && !small(v.scenario)) return;
        const r = convsim(['run', 'm.json', '--out', 'out'], dir);
        expect([0, 2]).toContain(r.code);
        if (r.code === 2) {
          expectProblemLines(r.stderr.trimEnd().split('\n'), 'm.json');
          expect(existsSync(path.join(dir, 'out'))).toBe(false);
        } else {
          expect(r.stderr).toBe('');
          expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
        }
      }),
      fcParams(15),
    );
  });
});
