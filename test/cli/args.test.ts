// The command line says what it does: --version, help with the exit codes, "-" for standard
// input, one --out, strict switches, suggestions for unknown flags, and a closed stdout.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convsim } from './spawn.js';

const BIN = path.resolve('dist/cli/bin.js');
const GOOD = { name: 'good', start: '2026-01-05T09:00:00Z', until: 'PT1H', script: [{ at: 'PT0S', do: 'createConversation', conversation: 'c', timers: { inactive: 'PT1M' } }] };

function tmp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'convsim-args-'));
  writeFileSync(path.join(dir, 'good.json'), JSON.stringify(GOOD));
  return dir;
}

describe('version and help', () => {
  it('--version prints the package version', () => {
    expect(convsim(['--version'])).toEqual({ code: 0, stdout: `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`, stderr: '' });
  });

  it('--help and run --help list the exit codes and point to the README', () => {
    for (const args of [['--help'], ['run', '--help']]) {
      const r = convsim(args);
      expect(r.code).toBe(0);
      for (const code of ['0 ', '2 ', '4 ', '5 ', '130', '1 ']) expect(r.stdout).toMatch(new RegExp(`^  ${code}`, 'm'));
      expect(r.stdout).toContain(`Documentation: ${path.resolve('README.md')}`);
    }
    expect(convsim(['run', '--help']).stdout).toContain('"-" reads one from standard input');
  });
});

describe('"-" reads a scenario from standard input', () => {
  it('runs it like a file', () => {
    const dir = tmp();
    const r = spawnSync(process.execPath, [BIN, 'run', '-', '--out', 'out'], { cwd: dir, input: JSON.stringify(GOOD), encoding: 'utf8' });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toBe('good: 1 conversation (0 active, 1 inactive, 0 closed), 1 transition, 1 webhook, 0 rejections, 0 autocreated -> out/good\n');
    expect(JSON.parse(readFileSync(path.join(dir, 'out/good/run.json'), 'utf8')).scenario.file).toBe('(stdin)');
  });

  it('names standard input in problem lines, and refuses it twice', () => {
    const dir = tmp();
    const r = spawnSync(process.execPath, [BIN, 'run', '-', '--out', 'out'], { cwd: dir, input: '{"name": 1}', encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('(stdin): name: expected a name of letters, digits, ".", "_" and "-" (it names the report folder); got 1');
    const twice = spawnSync(process.execPath, [BIN, 'run', '-', '-'], { cwd: dir, input: JSON.stringify(GOOD), encoding: 'utf8' });
    expect(twice.status).toBe(2);
    expect(twice.stderr.split('\n')[0]).toBe('convsim: "-" (standard input) can be given once only');
  });

  it('an empty standard input is bad input, never exit 0 with nothing done', () => {
    const dir = tmp();
    const r = spawnSync(process.execPath, [BIN, 'run', '-', '--out', 'out'], { cwd: dir, input: '', encoding: 'utf8' });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 2, stderr: '(stdin): (top level): invalid JSON: Unexpected end of JSON input\n' });
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('flags', () => {
  it('--out takes exactly one non-empty value', () => {
    const dir = tmp();
    expect(convsim(['run', 'good.json', '--out', 'a', '--out', 'b'], dir)).toMatchObject({ code: 2, stderr: 'convsim: --out: give it once; got 2 values\n' });
    expect(convsim(['run', 'good.json', '--out'], dir)).toMatchObject({ code: 2, stderr: 'convsim: Not enough arguments following: out (see convsim --help)\n' });
    expect(convsim(['run', 'good.json', '--out', ''], dir)).toMatchObject({ code: 2, stderr: 'convsim: --out: expected a folder; got an empty value (see convsim --help)\n' });
    expect(convsim(['run', 'good.json', '--out='], dir)).toMatchObject({ code: 2, stderr: 'convsim: --out: expected a folder; got an empty value (see convsim --help)\n' });
    expect(readdirSync(dir)).toEqual(['good.json']);
  });

  it('switches are strict: --trace=yes is refused, =true and =false are taken', () => {
    const dir = tmp();
    expect(convsim(['run', 'good.json', '--trace=yes'], dir)).toMatchObject({ code: 2, stderr: 'convsim: --trace is a switch: give it alone (or =true / =false); got "--trace=yes"\n' });
    expect(convsim(['run', 'good.json', '--quiet=1', '--out', 'o'], dir)).toMatchObject({ code: 2, stderr: 'convsim: --quiet is a switch: give it alone (or =true / =false); got "--quiet=1"\n' });
    expect(convsim(['run', 'good.json', '--quiet=true', '--trace=false', '--out', 'o'], dir).code).toBe(0);
  });

  it('an unknown flag gets the closest known one', () => {
    expect(convsim(['run', 'good.json', '--trce'])).toMatchObject({ code: 2, stderr: 'convsim: Unknown argument: trce; did you mean --trace for trce? (see convsim --help)\n' });
    expect(convsim(['run', 'good.json', '--bogus'])).toMatchObject({ code: 2, stderr: 'convsim: Unknown argument: bogus (see convsim --help)\n' });
    expect(convsim(['rnu', 'good.json'])).toMatchObject({ code: 2 });
  });
});

describe('a closed standard output', () => {
  it('neither prints a Node stack nor skips later scenarios', () => {
    const dir = tmp();
    const names = ['a', 'b', 'c', 'd'];
    for (const n of names) writeFileSync(path.join(dir, `${n}.json`), JSON.stringify({ ...GOOD, name: n }));
    // `head -c 0` closes the pipe at once: every line convsim prints meets a closed reader.
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" run ${names.map((n) => `${n}.json`).join(' ')} --out out | head -c 0; echo "exit \${PIPESTATUS[0]}" >&2`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('exit 0\n');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(names);
  });
});
