#!/usr/bin/env node
import { raiseInliningBudget } from '../util/inlining.js';
import { main } from './main.js';

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
process.exitCode = await main(process.argv.slice(2), { stdout, stderr: process.stderr, stdin, signals: process });
