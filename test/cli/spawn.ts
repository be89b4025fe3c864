// Runs the built command as a user would; npm test builds it first.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const BIN = path.resolve('dist/cli/bin.js');

export function convsim(args: string[], cwd = process.cwd()) {
  // A big buffer: a fuzzed file can have hundreds of thousands of problem lines.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 2 ** 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The process that runs the simulation for a convsim process started by a test: its child, when
 * it started again with huge pages (util/huge-pages.ts), else itself. Linux: read from /proc.
 */
export function simulatingPid(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter((p) => p !== '');
  return children.length === 1 ? Number(children[0]) : pid;
}

/** Waits up to `ms` for process `pid` to be gone (or a zombie); returns whether it is. */
export async function gone(pid: number, ms = 5_000): Promise<boolean> {
  for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 25))) {
    if (!existsSync(`/proc/${pid}`) || / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!)) return true;
    if (Date.now() >= end) return false;
  }
}
