// Report folders are complete and from one run, or not there: real interrupts (spawn, signal,
// inspect the folder), concurrent runs, a full file system, a file-size limit, symlink traps,
// foreign files, stale work folders, and the provenance in run.json.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convsim } from './spawn.js';

const BIN = path.resolve('dist/cli/bin.js');

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'convsim-folder-'));
}

const SMALL = { name: 'small', start: '2026-01-05T09:00:00Z', until: 'PT1H', script: [{ at: 'PT0S', do: 'createConversation', conversation: 'c', timers: { inactive: 'PT1M' } }] };

/** Generated traffic that runs for many seconds: long enough to be interrupted mid-run. */
const LONG = {
  name: 'long',
  start: '2026-01-05T00:00:00Z',
  until: 'P200D',
  account: { defaultTimers: { inactive: 'PT30M', closed: 'P1D' } },
  traffic: {
    arrivals: [{ duration: 'P200D', ratePerHour: 20_000 }],
    agents: { count: 1000 },
    customers: { count: 1_000_000 },
    messages: { perVisit: { type: 'geometric', mean: 6 }, gap: { type: 'exponential', mean: 'PT2M' } },
    interval: 'P1D',
  },
};

/** The folder of a successful earlier run: every later failure must leave it byte for byte. */
function previousRun(dir: string, scenario: object, name: string): Map<string, string> {
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(scenario));
  expect(convsim(['run', `${name}.json`, '--out', 'out'], dir).code).toBe(0);
  return snapshot(path.join(dir, 'out', name));
}

function snapshot(folder: string): Map<string, string> {
  return new Map(readdirSync(folder).map((f) => [f, readFileSync(path.join(folder, f), 'utf8')]));
}

/** Starts convsim, waits until its work folder exists (the run is under way), then returns it. */
async function startedRun(dir: string, args: string[], work: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const safety = setTimeout(() => child.kill('SIGKILL'), 60_000);
  for (let i = 0; i < 500 && !existsSync(work); i++) await new Promise((r) => setTimeout(r, 20));
  expect(existsSync(work)).toBe(true);
  // A moment more, so that the simulation itself is running.
  await new Promise((r) => setTimeout(r, 300));
  return {
    child,
    async done() {
      const r = await exited;
      clearTimeout(safety);
      return { ...r, stderr, stdout };
    },
  };
}

describe('interrupts leave the previous folder intact, or no folder', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: says "interrupted", exits ${code}, and leaves the previous folder and nothing else`, { timeout: 60_000 }, async () => {
      const dir = tmp();
      const before = previousRun(dir, { ...LONG, until: 'PT1H', traffic: { ...LONG.traffic, interval: 'PT1H' } }, 'long');
      writeFileSync(path.join(dir, 'long.json'), JSON.stringify(LONG));
      const run = await startedRun(dir, ['run', 'long.json', '--out', 'out'], path.join(dir, 'out/.long.convsim-writing'));
      run.child.kill(signal);
      const r = await run.done();
      expect(r.code).toBe(code);
      expect(r.stderr).toBe('convsim: interrupted; report folders not yet complete were left as they were\n');
      expect(snapshot(path.join(dir, 'out/long'))).toEqual(before);
      expect(readdirSync(path.join(dir, 'out'))).toEqual(['long']);
    });
  }

  it('SIGKILL: the previous folder stays whole; the next run clears the dead run\'s work folder', { timeout: 60_000 }, async () => {
    const dir = tmp();
    const before = previousRun(dir, { ...LONG, until: 'PT1H', traffic: { ...LONG.traffic, interval: 'PT1H' } }, 'long');
    writeFileSync(path.join(dir, 'long.json'), JSON.stringify(LONG));
    const run = await startedRun(dir, ['run', 'long.json', '--out', 'out'], path.join(dir, 'out/.long.convsim-writing'));
    run.child.kill('SIGKILL');
    expect((await run.done()).signal).toBe('SIGKILL');
    expect(snapshot(path.join(dir, 'out/long'))).toEqual(before);
    // The dead run's work folder is still there; a new run takes it over, since its owner is gone.
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['.long.convsim-writing', 'long']);
    writeFileSync(path.join(dir, 'long.json'), JSON.stringify({ ...LONG, until: 'PT2H', traffic: { ...LONG.traffic, interval: 'PT1H' } }));
    expect(convsim(['run', 'long.json', '--out', 'out'], dir).code).toBe(0);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['long']);
    expect(readFileSync(path.join(dir, 'out/long/timeseries.csv'), 'utf8').split('\n')).toHaveLength(4);
  });
});

describe('a work folder whose owner is a zombie', () => {
  it.runIf(process.platform === 'linux')('is taken over: a dead process not yet reaped writes nothing more', { timeout: 60_000 }, async () => {
    // `sleep 0` exits at once and its parent, exec'd into `sleep 30`, never reaps it: a zombie.
    const holder = spawn('sh', ['-c', 'sleep 0 & exec sleep 30'], { stdio: 'ignore' });
    try {
      let zombie: number | undefined;
      for (let i = 0; i < 200 && zombie === undefined; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const kids = readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, 'utf8').trim();
        if (kids !== '' && / Z /.test(readFileSync(`/proc/${kids}/stat`, 'utf8').split(')').at(-1)!)) zombie = Number(kids);
      }
      expect(zombie).toBeDefined();
      expect(existsSync(`/proc/${zombie}`)).toBe(true);
      const dir = tmp();
      mkdirSync(path.join(dir, 'out/.small.convsim-writing'), { recursive: true });
      writeFileSync(path.join(dir, 'out/.small.convsim-writing/run.json'), JSON.stringify({ pid: zombie, host: hostname() }));
      writeFileSync(path.join(dir, 'small.json'), JSON.stringify(SMALL));
      expect(convsim(['run', 'small.json', '--out', 'out'], dir)).toMatchObject({ code: 0, stderr: '' });
      expect(readdirSync(path.join(dir, 'out'))).toEqual(['small']);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('two runs into the same folder', () => {
  it('the second refuses with exit 5 and touches nothing; the first completes', { timeout: 60_000 }, async () => {
    const dir = tmp();
    const shorter = { ...LONG, until: 'P4D' };
    writeFileSync(path.join(dir, 'long.json'), JSON.stringify(shorter));
    const first = await startedRun(dir, ['run', 'long.json', '--out', 'out'], path.join(dir, 'out/.long.convsim-writing'));
    const second = convsim(['run', 'long.json', '--out', 'out'], dir);
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(
      new RegExp(`^convsim: out/long is being written by another convsim run \\(process ${first.child.pid} on .+\\); nothing was touched: wait for it to finish, or choose another --out \\(if no such run exists, remove out/.long.convsim-writing\\)\\n$`),
    );
    const r = await first.done();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const provenance = JSON.parse(readFileSync(path.join(dir, 'out/long/run.json'), 'utf8'));
    expect(Object.keys(provenance.outputs).sort()).toEqual(['performance.json', 'summary.json', 'timeseries.csv']);
    expect(readFileSync(path.join(dir, 'out/long/timeseries.csv'), 'utf8').split('\n')).toHaveLength(6);
  });
});

describe('write-side problems: one line, exit 4, the previous folder intact', () => {
  it('a full file system (a 1 MiB tmpfs): "the disk is full"', { timeout: 60_000 }, (ctx) => {
    const dir = tmp();
    const mnt = path.join(dir, 'small-disk');
    mkdirSync(mnt);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' });
    if (mount.status !== 0) {
      console.log(`skipped: cannot mount a small tmpfs here (${(mount.stderr || mount.error?.message || '').trim()}); needs root`);
      ctx.skip();
    }
    try {
      const scenario = { ...LONG, until: 'P2D', traffic: { ...LONG.traffic, arrivals: [{ duration: 'P2D', ratePerHour: 200 }], interval: 'PT1H' } };
      writeFileSync(path.join(dir, 'long.json'), JSON.stringify(scenario));
      expect(convsim(['run', 'long.json', '--out', mnt], dir).code).toBe(0);
      const before = snapshot(path.join(mnt, 'long'));
      const r = convsim(['run', 'long.json', '--out', mnt, '--trace'], dir);
      expect(r).toEqual({ code: 4, stdout: '', stderr: `convsim: cannot write ${mnt}/long: the disk is full (ENOSPC); the previous folder was left as it was\n` });
      expect(snapshot(path.join(mnt, 'long'))).toEqual(before);
      expect(readdirSync(mnt)).toEqual(['long']);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('a file-size limit (ulimit -f): "file too large"', { timeout: 60_000 }, () => {
    const dir = tmp();
    const scenario = { ...LONG, until: 'P2D', traffic: { ...LONG.traffic, arrivals: [{ duration: 'P2D', ratePerHour: 200 }], interval: 'PT1H' } };
    const before = previousRun(dir, scenario, 'long');
    const r = spawnSync('bash', ['-c', `ulimit -f 64 && exec "${process.execPath}" "${BIN}" run long.json --out out --trace`], { cwd: dir, encoding: 'utf8' });
    expect({ code: r.status, stderr: r.stderr }).toEqual({
      code: 4,
      stderr: 'convsim: cannot write out/long: a file would exceed the file-size limit (EFBIG; see ulimit -f); the previous folder was left as it was\n',
    });
    expect(snapshot(path.join(dir, 'out/long'))).toEqual(before);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['long']);
  });

  it('the report folder is a file', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'small.json'), JSON.stringify(SMALL));
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'out/small'), 'mine');
    expect(convsim(['run', 'small.json', '--out', 'out'], dir)).toEqual({ code: 4, stdout: '', stderr: 'convsim: cannot write out/small: it is a file, not a folder\n' });
    expect(readFileSync(path.join(dir, 'out/small'), 'utf8')).toBe('mine');
  });

  it('the report folder holds files convsim did not write: they are never deleted', () => {
    const dir = tmp();
    previousRun(dir, SMALL, 'small');
    writeFileSync(path.join(dir, 'out/small/notes.txt'), 'my notes');
    expect(convsim(['run', 'small.json', '--out', 'out'], dir)).toEqual({
      code: 4,
      stdout: '',
      stderr: 'convsim: cannot write out/small: it holds files convsim did not write (notes.txt); convsim replaces the whole folder, so move them away or choose another --out\n',
    });
    expect(readFileSync(path.join(dir, 'out/small/notes.txt'), 'utf8')).toBe('my notes');
  });

  it('nothing runs when any folder is refused: the check comes before the simulation', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'small.json'), JSON.stringify(SMALL));
    writeFileSync(path.join(dir, 'long.json'), JSON.stringify(LONG));
    mkdirSync(path.join(dir, 'out/long'), { recursive: true });
    writeFileSync(path.join(dir, 'out/long/keep.txt'), 'x');
    const r = convsim(['run', 'small.json', 'long.json', '--out', 'out'], dir);
    expect(r.code).toBe(4);
    // small.json comes first: had anything run, its summary line would be here and its folder written.
    expect(r.stdout).toBe('');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['long']);
  });
});

describe('symbolic links are never followed out of --out', () => {
  it('refuses a report folder that is a link, and leaves where it points untouched', () => {
    const dir = tmp();
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'transitions.csv'), 'precious');
    writeFileSync(path.join(dir, 'small.json'), JSON.stringify(SMALL));
    mkdirSync(path.join(dir, 'out'));
    symlinkSync(elsewhere, path.join(dir, 'out/small'));
    expect(convsim(['run', 'small.json', '--out', 'out'], dir)).toEqual({
      code: 4,
      stdout: '',
      stderr: 'convsim: cannot write out/small: it is a symbolic link, and convsim never writes through links: remove the link or choose another --out\n',
    });
    expect(readFileSync(path.join(elsewhere, 'transitions.csv'), 'utf8')).toBe('precious');
    expect(lstatSync(path.join(dir, 'out/small')).isSymbolicLink()).toBe(true);
  });

  it('replaces a link planted inside the folder instead of writing through it', () => {
    const dir = tmp();
    previousRun(dir, SMALL, 'small');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const planted = path.join(dir, 'out/small/transitions.csv');
    spawnSync('rm', [planted]);
    symlinkSync(victim, planted);
    expect(convsim(['run', 'small.json', '--out', 'out'], dir).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(planted).isSymbolicLink()).toBe(false);
    expect(readFileSync(planted, 'utf8')).toBe('time,offset_s,conversation,from,to,reason\n2026-01-05T09:01:00Z,60,c,active,inactive,TIMER\n');
  });
});

describe('provenance', () => {
  it('run.json names the version, the command, the scenario and its SHA-256, the seed, the parameters, the times and every file', () => {
    const dir = tmp();
    const text = JSON.stringify({ ...SMALL, seed: 42 });
    writeFileSync(path.join(dir, 'small.json'), text);
    expect(convsim(['run', 'small.json', '--out', 'out'], dir).code).toBe(0);
    const run = JSON.parse(readFileSync(path.join(dir, 'out/small/run.json'), 'utf8'));
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    expect(run).toMatchObject({
      convsim: version,
      command: ['convsim', 'run', 'small.json', '--out', 'out'],
      scenario: { file: 'small.json', name: 'small', sha256: createHash('sha256').update(text).digest('hex') },
      seed: 42,
      parameters: { start: '2026-01-05T09:00:00Z', until_s: 3600, script_actions: 1 },
    });
    expect(Date.parse(run.finished_at)).toBeGreaterThanOrEqual(Date.parse(run.started_at));
    const files = readdirSync(path.join(dir, 'out/small')).filter((f) => f !== 'run.json').sort();
    expect(Object.keys(run.outputs).sort()).toEqual(files);
    for (const f of files) {
      const bytes = readFileSync(path.join(dir, 'out/small', f));
      expect(run.outputs[f]).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  });
});

describe('CSV injection', () => {
  it('neutralises cells a spreadsheet would execute, and leaves phone numbers as they are', () => {
    const dir = tmp();
    const scenario = {
      name: 'inject',
      start: '2026-01-05T09:00:00Z',
      until: 'PT1H',
      script: [
        { at: 'PT0S', do: 'inboundMessage', address: '=HYPERLINK("http://x","y")', channel: 'sms' },
        { at: 'PT0S', do: 'inboundMessage', address: '@SUM(1)', channel: 'sms' },
        { at: 'PT0S', do: 'inboundMessage', address: '-2+3', channel: 'sms' },
        { at: 'PT0S', do: 'inboundMessage', address: '+15550100', channel: 'sms' },
      ],
    };
    writeFileSync(path.join(dir, 'inject.json'), JSON.stringify(scenario));
    expect(convsim(['run', 'inject.json', '--out', 'out'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'out/inject/autocreations.csv'), 'utf8')).toBe(
      [
        'time,offset_s,channel,address,outcome,conversation,previous_conversation',
        `2026-01-05T09:00:00Z,0,sms,"'=HYPERLINK(""http://x"",""y"")",autocreated,auto-1,`,
        "2026-01-05T09:00:00Z,0,sms,'@SUM(1),autocreated,auto-2,",
        "2026-01-05T09:00:00Z,0,sms,'-2+3,autocreated,auto-3,",
        '2026-01-05T09:00:00Z,0,sms,+15550100,autocreated,auto-4,',
        '',
      ].join('\n'),
    );
  });
});
