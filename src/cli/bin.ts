#!/usr/bin/env node
import { raiseInliningBudget } from '../util/inlining.js';
import { followParent, relaunchWithHugePages } from '../util/huge-pages.js';

/** The commands that simulate, which huge pages speed up (util/huge-pages.ts); the others start no second process. */
const SIMULATING = new Set(['run', 'report', 'compare', 'sweep', 'serve']);

const relaunched = SIMULATING.has(process.argv[2] ?? '') ? await relaunchWithHugePages() : undefined;
if (relaunched !== undefined) process.exitCode = relaunched;
else {
  followParent(); // a child started by the line above stops with its parent
  // Before any simulation code is optimized (util/inlining.ts says why and how to opt out).
  raiseInliningBudget();

  // A reader that closed our standard output (`convsim run ... | head -1`) stops the printing, not the run.
  let stdoutClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stdoutClosed = true;
  });
  const stdout = { write: (text: string): boolean => stdoutClosed || process.stdout.write(text) };
  const stdin = { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() };
  // Imported here, not above: a process that only starts the child and waits loads none of it.
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv.slice(2), { stdout, stderr: process.stderr, stdin, signals: process });
}
