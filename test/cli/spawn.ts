// Runs the built command as a user would; npm test builds it first.

import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve('dist/cli/bin.js');

export function convsim(args: string[], cwd = process.cwd()) {
  // A big buffer: a fuzzed file can have hundreds of thousands of problem lines.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 2 ** 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
