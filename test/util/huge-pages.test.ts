// Huge pages: convsim's simulating commands start again once with glibc's huge page tunable,
// only where it can help, never over a setting given, passing signals on and the exit code back.

import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { followParent, hugePagesEnv, hugePagesSystem, PARENT_CHECK_MS, relaunchWithHugePages, type HugePagesSystem } from '../../src/util/huge-pages.js';

const LINUX: HugePagesSystem = { platform: 'linux', glibc: '2.36', transparentHugePages: 'madvise' };

describe('hugePagesEnv', () => {
  it('adds the tunable, keeping the environment and any other tunables', () => {
    expect(hugePagesEnv({ PATH: '/bin' }, LINUX)).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, LINUX)).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1' });
    expect(hugePagesEnv({ GLIBC_TUNABLES: '' }, { ...LINUX, transparentHugePages: 'always' })).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    // An unknown mode (no /sys file, say) is tried: glibc ignores what the kernel cannot do.
    expect(hugePagesEnv({}, { ...LINUX, transparentHugePages: undefined, glibc: '2.35' })).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
  });

  it('leaves a setting given as it is: that is how a user opts out', () => {
    for (const given of ['glibc.malloc.hugetlb=0', 'glibc.malloc.hugetlb=2', 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0']) {
      expect(hugePagesEnv({ GLIBC_TUNABLES: given }, LINUX)).toBeUndefined();
    }
  });

  it('does nothing where it cannot help: not Linux, not glibc, glibc before 2.35, huge pages never', () => {
    expect(hugePagesEnv({}, { ...LINUX, platform: 'darwin' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, glibc: undefined })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, glibc: '2.34' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, glibc: '1.99' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, transparentHugePages: 'never' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, glibc: '3.0' })).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
  });
});

/** A child process that does what the test tells it to. */
class FakeChild extends EventEmitter {
  readonly killed: string[] = [];
  kill(signal: string): boolean {
    this.killed.push(signal);
    return true;
  }
}

describe('relaunchWithHugePages', () => {
  function launch(env: NodeJS.ProcessEnv, system: HugePagesSystem = LINUX) {
    const child = new FakeChild();
    const signals = new EventEmitter();
    const started: { args: readonly string[]; env: NodeJS.ProcessEnv }[] = [];
    let probed = 0;
    const code = relaunchWithHugePages(
      env,
      () => (probed++, system),
      (_execPath, args, childEnv) => {
        started.push({ args, env: childEnv });
        return child as unknown as ChildProcess;
      },
      signals as unknown as NodeJS.Process,
    );
    return { child, signals, started, code, probed: () => probed };
  }

  it("starts this program again with node's arguments and the tunable, and exits with the child's code", async () => {
    const l = launch({ HOME: '/root' });
    expect(l.started).toEqual([{ args: [...process.execArgv, ...process.argv.slice(1)], env: { HOME: '/root', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', CONVSIM_RELAUNCHED_BY: String(process.pid) } }]);
    l.child.emit('spawn');
    l.child.emit('exit', 3, null);
    expect(await l.code).toBe(3);
  });

  it('passes SIGINT, SIGTERM and SIGHUP on while the child runs, and stops listening after', async () => {
    const l = launch({});
    l.child.emit('spawn');
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) l.signals.emit(s, s);
    expect(l.child.killed).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP']);
    l.child.emit('exit', 130, null);
    expect(await l.code).toBe(130);
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => l.signals.listenerCount(s))).toEqual([0, 0, 0]);
  });

  it('reports a child killed by a signal as a shell does: 128 + its number', async () => {
    const l = launch({});
    l.child.emit('spawn');
    l.child.emit('exit', null, 'SIGKILL');
    expect(await l.code).toBe(137);
  });

  it('goes on in this process when the child cannot start, but not for an error after it started', async () => {
    const failed = launch({});
    failed.child.emit('error', new Error('spawn ENOMEM'));
    expect(await failed.code).toBeUndefined();
    const started = launch({});
    started.child.emit('spawn');
    started.child.emit('error', new Error('kill ESRCH'));
    started.child.emit('exit', 0, null);
    expect(await started.code).toBe(0);
  });

  it('starts nothing when the tunable is set already (the child itself), without probing the system', async () => {
    const l = launch({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(await l.code).toBeUndefined();
    expect(l.started).toEqual([]);
    expect(l.probed()).toBe(0);
  });

  it('starts nothing where it cannot help', async () => {
    const l = launch({}, { ...LINUX, transparentHugePages: 'never' });
    expect(await l.code).toBeUndefined();
    expect(l.started).toEqual([]);
  });
});

describe('followParent', () => {
  it('watches the parent that started this process, removes the mark, and dies once the parent is gone', async () => {
    const env: NodeJS.ProcessEnv = { CONVSIM_RELAUNCHED_BY: '4242', HOME: '/root' };
    let parent = 4242;
    let died = 0;
    const watch = followParent(env, () => parent, () => died++);
    try {
      expect(watch).toBeDefined();
      expect(env).toEqual({ HOME: '/root' });
      await new Promise((r) => setTimeout(r, PARENT_CHECK_MS * 2.5));
      expect(died).toBe(0);
      parent = 1; // orphaned: init (or a subreaper) adopts it
      await new Promise((r) => setTimeout(r, PARENT_CHECK_MS * 2.5));
      expect(died).toBeGreaterThan(0);
    } finally {
      clearInterval(watch);
    }
  });

  it('dies at once if the parent is gone already, and does nothing without the mark', () => {
    let died = 0;
    expect(followParent({ CONVSIM_RELAUNCHED_BY: '4242' }, () => 1, () => died++)).toBeUndefined();
    expect(died).toBe(1);
    expect(followParent({ HOME: '/root' }, () => 4242, () => died++)).toBeUndefined();
    expect(died).toBe(1);
  });
});

const BIN = path.resolve('dist/cli/bin.js');
const here = hugePagesSystem();
const relaunches = hugePagesEnv({}, here) !== undefined;

describe('convsim on this machine', () => {
  it('reads the system: the platform, and on Linux glibc and the huge page mode', () => {
    expect(here.platform).toBe(process.platform);
    if (process.platform === 'linux' && here.glibc !== undefined) expect(here.glibc).toMatch(/^\d+\.\d+/);
    if (here.transparentHugePages !== undefined) expect(['always', 'madvise', 'never']).toContain(here.transparentHugePages);
  });

  /** `convsim serve` started with `env`, once it serves: the process started, and the one that serves (its child, if it started one). */
  async function serving(env: NodeJS.ProcessEnv) {
    const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--clock', 'manual'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('convsim serve printed nothing within 15 s')), 15_000);
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ctrl-C stops it.')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const children = readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim().split(/\s+/).filter((p) => p !== '').map(Number);
    const server = children.length === 1 ? children[0]! : proc.pid!;
    return { proc, exited, children, server, environ: readFileSync(`/proc/${server}/environ`, 'utf8').split('\0') };
  }

  const { GLIBC_TUNABLES: _, ...plainEnv } = process.env;

  it.runIf(process.platform === 'linux' && relaunches)(
    'serves from a child with the tunable, which stops on the SIGTERM passed on (exit 0)',
    async () => {
      const r = await serving(plainEnv);
      try {
        expect(r.children).toHaveLength(1);
        expect(r.environ).toContain('GLIBC_TUNABLES=glibc.malloc.hugetlb=1');
        expect(r.environ.filter((v) => v.startsWith('CONVSIM_RELAUNCHED_BY='))).toEqual([`CONVSIM_RELAUNCHED_BY=${r.proc.pid}`]);
        r.proc.kill('SIGTERM');
        expect(await r.exited).toEqual({ code: 0, signal: null });
      } finally {
        r.proc.kill('SIGKILL');
      }
    },
    30_000,
  );

  it.runIf(process.platform === 'linux')(
    'starts no second process when the tunable is given (the way to opt out)',
    async () => {
      const r = await serving({ ...plainEnv, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' });
      try {
        expect(r.children).toEqual([]);
        expect(r.environ).toContain('GLIBC_TUNABLES=glibc.malloc.hugetlb=0');
        r.proc.kill('SIGINT');
        expect(await r.exited).toEqual({ code: 0, signal: null });
      } finally {
        r.proc.kill('SIGKILL');
      }
    },
    30_000,
  );

  it.runIf(process.platform === 'linux' && relaunches)(
    'the child stops when its parent is killed with SIGKILL, which it cannot pass on',
    async () => {
      const r = await serving(plainEnv);
      try {
        r.proc.kill('SIGKILL');
        expect(await r.exited).toEqual({ code: null, signal: 'SIGKILL' });
        let alive = true;
        for (let i = 0; i < 100 && alive; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          alive = existsSync(`/proc/${r.server}`) && !readFileSync(`/proc/${r.server}/stat`, 'utf8').includes(') Z ');
        }
        expect(alive).toBe(false);
      } finally {
        r.proc.kill('SIGKILL');
      }
    },
    30_000,
  );
});
