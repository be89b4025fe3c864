// Hostile files are cheap to reject: deep nesting, long strings, huge arrays, hundreds of
// thousands of problems, and text that is not UTF-8. Output is bounded; nothing overflows the
// stack; no regular expression is super-linear in its input.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/cli/load.js';
import { durationProblem, parseDurationS } from '../../src/engine/duration.js';
import { show } from '../../src/scenario/problems.js';
import { parseScenario } from '../../src/scenario/validate.js';
import { convsim } from '../cli/spawn.js';

const BASE = { name: 'x', start: '2026-01-05T00:00:00Z', until: 'P1D' };

function problems(doc: unknown): readonly string[] {
  const v = parseScenario('h.json', typeof doc === 'string' ? doc : JSON.stringify(doc));
  return v.ok ? [] : v.problems;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('hostile shapes', () => {
  it('a script nested a hundred thousand arrays deep: one line, the value cut short', () => {
    expect(problems(`{"name":"x","start":"2026-01-05T00:00:00Z","until":"P1D","script":[${nested(100_000)}]}`)).toEqual([
      `h.json: script[0]: expected an action object with "at" and "do"; got ${'['.repeat(57)}...`,
    ]);
  });

  it('a ten-megabyte string shows its first characters only', () => {
    const lines = problems({ ...BASE, name: 'n'.repeat(10_000_000), script: [] });
    expect(lines).toEqual([`h.json: name: expected a name of letters, digits, ".", "_" and "-", at most 100, starting with a letter or digit (it names the report folder); got "${'n'.repeat(56)}...`]);
  });

  it('a quarter of a million problems: the first hundred, then how many more', () => {
    const script = Array.from({ length: 250_000 }, () => ({ at: 'PT1S' }));
    const lines = problems({ ...BASE, script });
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe('h.json: script[0].do: missing; expected one of "createConversation", "addParticipant", "message", "updateConversation", "inboundMessage", "deleteConversation", "removeParticipant"');
    expect(lines[100]).toBe('h.json: and 249900 more problems');
  });

  it('a key of a million characters gets no "did you mean" search, and the path is cut short', () => {
    const lines = problems({ ...BASE, script: [], ['k'.repeat(1_000_000)]: 1 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`h.json: ${'k'.repeat(197)}...: unknown key. Allowed here: name, description, start, until, seed, account, semantics, script, traffic, report, expect`);
  });

  it('durations: the checks are linear, even on a megabyte of digits', () => {
    for (const text of ['P' + '1'.repeat(1_000_000) + 'X', 'P' + '1D'.repeat(300_000) + 'Y', 'PT' + '9'.repeat(1_000_000) + 'M1W']) {
      expect(parseDurationS(text)).toBeUndefined();
      expect(durationProblem(text)).toBeDefined();
    }
  });

  it('show() stops after the first sixty characters of any value', () => {
    let deep: unknown[] = [];
    const top = deep;
    for (let i = 0; i < 200_000; i++) deep = (deep[0] = []) as unknown[];
    expect(show(top as never)).toBe('['.repeat(57) + '...');
    expect(show({ a: 1, b: 'two' })).toBe('{"a":1,"b":"two"}');
    expect(show(Array.from({ length: 1e6 }, (_, i) => i))).toBe('[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,...');
  });
});

describe('encodings', () => {
  const json = JSON.stringify({ ...BASE, script: [] });

  it('accepts UTF-8 with or without a byte-order mark', () => {
    expect(decode('f.json', Buffer.from(json, 'utf8'))).toBe(json);
    expect(decode('f.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')]))).toBe(json);
  });

  it('says a UTF-16 file is UTF-16, with or without its byte-order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]);
    expect(decode('f.json', le)).toEqual({ problem: 'f.json: (top level): the file is UTF-16; save it as UTF-8' });
    expect(decode('f.json', Buffer.from(json, 'utf16le'))).toEqual({ problem: 'f.json: (top level): the file looks like UTF-16 (it has zero bytes); save it as UTF-8' });
  });

  it('points at the first byte that is not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    expect(decode('f.json', bytes)).toEqual({ problem: 'f.json: (top level): the file is not valid UTF-8 (first bad byte at offset 13); save it as UTF-8' });
  });

  it('through the command: exit 2, one line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'convsim-hostile-'));
    writeFileSync(path.join(dir, 'latin1.json'), Buffer.from(JSON.stringify({ ...BASE, description: 'café', script: [] }), 'latin1'));
    expect(convsim(['run', 'latin1.json', '--out', 'out'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'latin1.json: (top level): the file is not valid UTF-8 (first bad byte at offset 75); save it as UTF-8\n',
    });
  });
});
