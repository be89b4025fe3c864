// Huge pages for convsim's own processes (the CLI's simulating commands and the bench): they are
// started again, once, with glibc asked to back its large allocations with transparent huge pages.
//
// Why: a large run's state lives in typed arrays (the conversation table, the timing wheels, the
// generator's records) that every event reads at random places. With 4 KiB pages, the records of
// 275,000 open conversations (the 1e7 contact centre) span thousands of pages, more than the
// processor's TLB maps, so many reads wait for a page walk before they wait for the data. With
// 2 MiB pages a few entries map it all. Measured here (fresh processes taking turns, README
// "Benchmarks"): the 1e7 contact centre 1.08-1.18x faster, the 1e6 one and the shipped one within
// noise (0.98-1.04x). Outputs are the same bytes: only where memory comes from changes.
//
// How: glibc reads GLIBC_TUNABLES once, when a process starts; `glibc.malloc.hugetlb=1` makes its
// malloc advise the kernel (madvise MADV_HUGEPAGE) for the memory it maps, which is where Node
// puts the backing stores of typed arrays. Node 20 cannot replace its own process (no execve),
// so the process starts a child with the setting, passes it the signals it gets and exits with
// its code. Nothing is done where it cannot help: not Linux, not glibc, the kernel's transparent
// huge pages set to `never`, or a `glibc.malloc.hugetlb` setting already given (which is how a
// user opts out: GLIBC_TUNABLES=glibc.malloc.hugetlb=0). The child follows its parent: if the
// parent dies without passing a signal on (SIGKILL), the child kills itself the same way within
// a tenth of a second of its next pause (a run pauses every tenth of a second of computing), so
// that `kill -9` stops convsim as it would stop one process.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb';

/** What decides whether the setting can help here. */
export interface HugePagesSystem {
  readonly platform: NodeJS.Platform;
  /** glibc's version, or undefined for another C library (musl). */
  readonly glibc: string | undefined;
  /** The kernel's transparent huge page mode (`always`, `madvise`, `never`), or undefined if unknown. */
  readonly transparentHugePages: string | undefined;
}

/** This process's system, as HugePagesSystem describes it. */
export function hugePagesSystem(): HugePagesSystem {
  const header = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header;
  let mode: string | undefined;
  try {
    // "always [madvise] never": the bracketed word is the mode in force.
    mode = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    mode = undefined;
  }
  return { platform: process.platform, glibc: header.glibcVersionRuntime, transparentHugePages: mode };
}

/**
 * The environment to start again with, or undefined when there is nothing to do: a setting of
 * `glibc.malloc.hugetlb` already given (by the user, or by the process that started this one) is
 * kept as it is, and other tunables are kept beside the one added.
 */
export function hugePagesEnv(env: NodeJS.ProcessEnv, system: HugePagesSystem): NodeJS.ProcessEnv | undefined {
  if (system.platform !== 'linux' || system.glibc === undefined || !atLeast(system.glibc, 2, 35)) return undefined;
  if (system.transparentHugePages === 'never') return undefined;
  const given = env['GLIBC_TUNABLES'] ?? '';
  if (given.split(':').some((t) => t.split('=')[0] === HUGE_PAGES_TUNABLE)) return undefined;
  return { ...env, GLIBC_TUNABLES: given === '' ? `${HUGE_PAGES_TUNABLE}=1` : `${given}:${HUGE_PAGES_TUNABLE}=1` };
}

/** Set in the child's environment to its parent's process id: the child watches that parent. */
export const RELAUNCHED_BY = 'CONVSIM_RELAUNCHED_BY';

/** How often a relaunched child looks whether its parent is still there. */
export const PARENT_CHECK_MS = 100;

/**
 * In a relaunched child (RELAUNCHED_BY names this process's parent): removes the mark, so that
 * processes it starts in turn do not take it for theirs, and kills this process with SIGKILL
 * once the parent is gone (its id is then no longer this process's parent id; already gone: at once). Returns
 * the watch (unref'd: it keeps no process alive), or undefined if this is not such a child.
 */
export function followParent(env: NodeJS.ProcessEnv = process.env, parentId: () => number = () => process.ppid, die: () => void = () => process.kill(process.pid, 'SIGKILL')): NodeJS.Timeout | undefined {
  const mark = env[RELAUNCHED_BY];
  if (mark === undefined) return undefined;
  delete env[RELAUNCHED_BY];
  const parent = Number(mark);
  if (parent !== parentId()) {
    die(); // the parent died before the child started watching
    return undefined;
  }
  const watch = setInterval(() => {
    if (parentId() !== parent) die();
  }, PARENT_CHECK_MS);
  watch.unref();
  return watch;
}

/** glibc 2.35 is the first with the tunable; an older one ignores it, and a restart would only cost time. */
function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** The signals passed on to the child: it stops on them as it would alone (a terminal's Ctrl-C reaches both; the first one counts). */
const PASSED_ON = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** How the child is started: tests pass a fake. */
export type Starter = (execPath: string, args: readonly string[], env: NodeJS.ProcessEnv) => ChildProcess;

const startChild: Starter = (execPath, args, env) => spawn(execPath, args, { env, stdio: 'inherit' });

/**
 * Starts this program again with huge pages, when they can help and are not set yet, and
 * resolves with the exit code to leave with (a child killed by a signal: 128 + its number, as a
 * shell reports it). Resolves with undefined when the caller should go on in this process
 * (nothing to do, or the child could not be started).
 */
export async function relaunchWithHugePages(
  env: NodeJS.ProcessEnv = process.env,
  system: () => HugePagesSystem = hugePagesSystem,
  start: Starter = startChild,
  signals: Pick<NodeJS.Process, 'on' | 'off'> = process,
): Promise<number | undefined> {
  if (env['GLIBC_TUNABLES']?.includes(HUGE_PAGES_TUNABLE) === true) return undefined; // the common check first: no probe
  const childEnv = hugePagesEnv(env, system());
  if (childEnv === undefined) return undefined;
  const child = start(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { ...childEnv, [RELAUNCHED_BY]: String(process.pid) });
  const passOn = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const s of PASSED_ON) signals.on(s, passOn);
  try {
    return await new Promise<number | undefined>((resolve) => {
      let started = false;
      child.on('spawn', () => (started = true));
      // A child that could not start: go on here, without huge pages (an error after the start,
      // a signal that could not be passed on, changes nothing: the exit still comes).
      child.on('error', () => started || resolve(undefined));
      child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal])));
    });
  } finally {
    for (const s of PASSED_ON) signals.off(s, passOn);
  }
}
