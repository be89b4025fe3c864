// The bench's child processes (steady.ts, whole-run.ts, hold-model.ts, report-overhead.ts): each
// case that must not share this process's JIT state runs in one, and answers with JSON.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inliningFlagsIn } from '../util/inlining.js';

/** An inlining budget given on the bench's node command line (util/inlining.ts), if any. */
export const GIVEN_INLINING = inliningFlagsIn(process.execArgv);

/**
 * What a child of the bench (steady.ts, whole-run.ts, hold-model.ts, report-overhead.ts) printed
 * as JSON: `node NODE_ARGS FILE ARGS`, with `input` on its standard input. If it fails, the error
 * names `what` it was running, its exit code and its standard error.
 */
export function childJson<T>(what: string, file: string, args: readonly string[], input?: string, nodeArgs: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): T {
  // A budget given to the bench's node goes to its children too (before `nodeArgs`, which may set their own).
  const r = spawnSync(process.execPath, [...GIVEN_INLINING, ...nodeArgs, fileURLToPath(new URL(file, import.meta.url)), ...args], { input, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${what}: the process exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as T;
}
