// The command as a user runs it: exit codes, exact stderr lines, and nothing written on bad input.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convsim } from './spawn.js';


function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'convsim-cli-'));
}

const GOOD = { name: 'good', start: '2026-01-05T09:00:00Z', until: 'PT1H', script: [{ at: 'PT0S', do: 'createConversation', conversation: 'c', timers: { inactive: 'PT1M' } }] };

describe('convsim run', () => {
  it('writes the five CSV files and prints one summary line per scenario', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(GOOD));
    const r = convsim(['run', 'good.json', '--out', 'out'], dir);
    expect(r).toEqual({
      code: 0,
      stdout: 'good: 1 conversation (0 active, 1 inactive, 0 closed), 1 transition, 1 webhook, 0 rejections, 0 autocreated -> out/good\n',
      stderr: '',
    });
    expect(readdirSync(path.join(dir, 'out/good')).sort()).toEqual(['autocreations.csv', 'conversations.csv', 'rejections.csv', 'run.json', 'transitions.csv', 'webhooks.csv']);
    // Nothing else is left beside the folder: no work folder, no lock.
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['good']);
    expect(readFileSync(path.join(dir, 'out/good/transitions.csv'), 'utf8')).toBe(
      'time,offset_s,conversation,from,to,reason\n2026-01-05T09:01:00Z,60,c,active,inactive,TIMER\n',
    );
  });

  it('writes under reports/ by default', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(GOOD));
    expect(convsim(['run', 'good.json'], dir).code).toBe(0);
    expect(existsSync(path.join(dir, 'reports/good/conversations.csv'))).toBe(true);
  });

  it('exits 2 with one line per problem of every file, and writes nothing', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(GOOD));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...GOOD, name: 'bad', untl: 'P1D', seed: 'one' }));
    writeFileSync(path.join(dir, 'broken.json'), '{"name": ');
    const r = convsim(['run', 'good.json', 'bad.json', 'broken.json', 'missing.json', '--out', 'out'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'bad.json: untl: unknown key; did you mean "until"? Allowed here: name, description, start, until, seed, account, semantics, script, traffic, report, expect',
        'bad.json: seed: expected a whole number from 0 to 4294967295; got "one"',
        'broken.json: (top level): invalid JSON: Unexpected end of JSON input',
        'missing.json: cannot read the scenario file: no such file',
        '',
      ].join('\n'),
    );
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('exits 2 when two files share a scenario name', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(GOOD));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(GOOD));
    const r = convsim(['run', 'a.json', 'b.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('b.json: name: "good" is also the name of a.json; each scenario writes its own report folder, so names must differ\n');
  });

  it('exits 4 when --out is a file, before running anything', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(GOOD));
    writeFileSync(path.join(dir, 'taken'), 'not a folder');
    const r = convsim(['run', 'good.json', '--out', 'taken/reports'], dir);
    expect(r).toEqual({ code: 4, stdout: '', stderr: `convsim: --out taken/reports: ${path.join(dir, 'taken')} is a file, not a folder\n` });
  });

  it('reports a bad --out together with the scenario problems, in one round, exit 2', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...GOOD, seed: -1 }));
    writeFileSync(path.join(dir, 'taken'), 'not a folder');
    const r = convsim(['run', 'bad.json', '--out', 'taken/reports'], dir);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `bad.json: seed: expected a whole number from 0 to 4294967295; got -1\nconvsim: --out taken/reports: ${path.join(dir, 'taken')} is a file, not a folder\n`,
    });
  });

  it('exits 2 with a usage line for a missing command, missing files or an unknown option', () => {
    expect(convsim([])).toMatchObject({ code: 2, stderr: 'convsim: name a command: convsim run <file...>, report <file>, compare <base> <proposal>, sweep <file>, merge <dirs...> or serve (see convsim --help)\n' });
    expect(convsim(['run'])).toMatchObject({ code: 2, stderr: 'convsim: Not enough non-option arguments: got 0, need at least 1 (see convsim --help)\n' });
    expect(convsim(['run', 'x.json', '--bogus'])).toMatchObject({ code: 2, stderr: 'convsim: Unknown argument: bogus (see convsim --help)\n' });
  });

  it('prints help and exits 0', () => {
    const r = convsim(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('convsim run <files..>');
    expect(convsim(['run', '--help']).stdout).toContain('--out');
  });

  it('prints a warning for a valid scenario that is likely not what was meant, and runs it (exit 0)', () => {
    const dir = tmp();
    const trap = {
      name: 'trap',
      start: '2026-01-05T00:00:00Z',
      until: 'PT2H',
      traffic: {
        arrivals: [{ duration: 'PT2H', ratePerHour: 10 }],
        agents: { count: 1 },
        customers: { count: 10, channels: { sms: 1 } },
        messages: { perVisit: 2, gap: 'PT1M' },
        timers: [{ inactive: 'PT5M', closed: 'PT10M' }],
        returns: { probability: 0.9, pause: 'PT30M' },
      },
    };
    writeFileSync(path.join(dir, 'trap.json'), JSON.stringify(trap));
    const r = convsim(['run', 'trap.json', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^trap\.json: account\.defaultTimers: warning: SMS\/WhatsApp customers who write after their conversation closed/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    // Customers come back after their conversation closed: every autocreated one has no timer.
    const summary = JSON.parse(readFileSync(path.join(dir, 'out/trap/summary.json'), 'utf8'));
    expect(summary.totals.autocreated).toBeGreaterThan(0);
    expect(summary.autocreated_without_timers).toBe(summary.totals.autocreated);
  });
});
