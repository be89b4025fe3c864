// The commands' options as yargs parsed them, checked as strictly as a scenario's fields (every
// problem at once, exit 2 through BadInput) and turned into each command's typed options: the
// check() apart from the run, as main.ts keeps the argument table.

import { parseDurationS } from '../engine/duration.js';
import { MAX_REPLICATIONS } from '../scenario/report.js';
import { parseOverride, type Override } from '../scenario/overrides.js';
import { parseShard, type Shard } from '../sweep/plan.js';
import { BadInput } from './errors.js';
import { STDIN } from './load.js';
import { DEFAULT_CONFIDENCE, defaultJobs, type ReportOptions } from './report-command.js';
import type { ServeOptions } from './serve-command.js';
import type { FindOptions, SweepOptions } from './sweep-command.js';

/** What stands for "-" (standard input) among the arguments yargs sees: it drops a lone "-". */
export const STDIN_PLACEHOLDER = '\u0000stdin';

/** The report's options, each checked as strictly as a scenario field; all problems at once. */
export function reportOptions(argv: Record<string, unknown>): ReportOptions {
  const problems: string[] = [];
  const wholeNumber = (name: string, min: number, max: number): number | undefined => {
    const text = argv[name];
    if (text === undefined) return undefined;
    const n = Number(text);
    if (typeof text === 'string' && /^\d+$/.test(text) && n >= min && n <= max) return n;
    problems.push(`convsim: --${name}: expected a whole number from ${min} to ${max}; got ${JSON.stringify(text)}`);
    return undefined;
  };
  const replications = wholeNumber('replications', 2, MAX_REPLICATIONS);
  const jobs = wholeNumber('jobs', 1, 64) ?? defaultJobs();
  let warmup: number | 'auto' | undefined;
  const w = argv['warmup'];
  if (w === 'auto') warmup = 'auto';
  else if (typeof w === 'string') {
    warmup = parseDurationS(w);
    if (warmup === undefined) problems.push(`convsim: --warmup: expected "auto" or an ISO 8601 duration like "P1D" or "PT0S"; got ${JSON.stringify(w)}`);
  }
  let confidence: number | undefined;
  const c = argv['confidence'];
  if (typeof c === 'string') {
    confidence = Number(c);
    if (!(/^0?\.\d+$/.test(c) && confidence >= 0.5 && confidence <= 0.999)) {
      problems.push(`convsim: --confidence: expected a number from 0.5 to 0.999, like ${DEFAULT_CONFIDENCE}; got ${JSON.stringify(c)}`);
    }
  }
  const out = argv['out'] as string;
  if (out === '') problems.push('convsim: --out: expected a folder; got an empty value');
  if (problems.length > 0) throw new BadInput(problems);
  const file = argv['file'] as string;
  return { file: file === STDIN_PLACEHOLDER ? STDIN : file, out, replications, warmup, confidence, jobs, overrides: overridesOf(argv) };
}

/** The emulator's options, each checked; all problems at once. */
export function serveOptions(argv: Record<string, unknown>): ServeOptions {
  const problems: string[] = [];
  const portText = argv['port'] as string;
  const port = Number(portText);
  if (!(/^\d{1,5}$/.test(portText) && port <= 65_535)) problems.push(`convsim: --port: expected a whole number from 0 to 65535; got ${JSON.stringify(portText)}`);
  const clock = argv['clock'] as string;
  if (clock !== 'real' && clock !== 'manual') problems.push(`convsim: --clock: expected real or manual; got ${JSON.stringify(clock)}`);
  const speedText = argv['speed'] as string | undefined;
  const speed = speedText === undefined ? 1 : Number(speedText);
  if (speedText !== undefined && !(/^\d+(\.\d+)?$/.test(speedText) && speed > 0 && speed <= 1e9)) problems.push(`convsim: --speed: expected a positive number up to 1e9, like 60 (a minute per second); got ${JSON.stringify(speedText)}`);
  if (speedText !== undefined && clock === 'manual') problems.push('convsim: --speed: only with --clock real (a manual clock moves only when told)');
  const host = argv['host'] as string;
  if (host === '') problems.push('convsim: --host: expected an address like 127.0.0.1; got an empty value');
  const accountSid = argv['account-sid'] as string | undefined;
  if (accountSid !== undefined && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) problems.push(`convsim: --account-sid: expected AC and 32 hex digits, as Twilio's are; got ${JSON.stringify(accountSid)}`);
  const authToken = argv['auth-token'] as string | undefined;
  if (authToken !== undefined && authToken.length < 8) problems.push('convsim: --auth-token: expected at least 8 characters');
  if (problems.length > 0) throw new BadInput(problems);
  const scenario = argv['scenario'] as string | undefined;
  return { port, host, clock: clock as 'real' | 'manual', speed, scenario: scenario === STDIN_PLACEHOLDER ? STDIN : scenario, accountSid, authToken };
}

/** The sweep's own options on top of the report's; all problems at once. */
export function sweepOptions(argv: Record<string, unknown>, base: Omit<ReportOptions, 'overrides'>): SweepOptions {
  const problems: string[] = [];
  let shard: Shard | undefined;
  if (typeof argv['shard'] === 'string') {
    const s = parseShard(argv['shard']);
    if ('problem' in s) problems.push(s.problem);
    else shard = s;
  }
  let find: FindOptions | undefined;
  const withFind = ['between', 'until', 'step', 'max-replications'].filter((k) => argv[k] !== undefined);
  if (typeof argv['find'] === 'string') {
    const between = argv['between'] as string[] | undefined;
    const until = argv['until'] as string | undefined;
    if (between === undefined) problems.push('convsim: --find: give the range with --between LO HI');
    if (until === undefined) problems.push('convsim: --find: give the threshold with --until "FIGURE OP VALUE", like --until "identityOpen.p99 < 800"');
    let maxReplications: number | undefined;
    const m = argv['max-replications'];
    if (m !== undefined) {
      maxReplications = Number(m);
      if (!(typeof m === 'string' && /^\d+$/.test(m) && maxReplications >= 2 && maxReplications <= MAX_REPLICATIONS)) problems.push(`convsim: --max-replications: expected a whole number from 2 to ${MAX_REPLICATIONS}; got ${JSON.stringify(m)}`);
    }
    if (between !== undefined && until !== undefined) find = { path: argv['find'], between: [String(between[0]), String(between[1])], until, largest: argv['largest'] === true, maxReplications, step: argv['step'] as string | undefined };
  } else if (withFind.length > 0 || argv['largest'] === true) {
    problems.push(`convsim: --${withFind[0] ?? 'largest'}: only with --find PATH`);
  }
  if (problems.length > 0) throw new BadInput(problems);
  return { ...base, sets: (argv['set'] as string[] | undefined) ?? [], metric: argv['metric'] as string | undefined, shard, find };
}

/** Every --set, parsed; all malformed ones reported at once. */
export function overridesOf(argv: Record<string, unknown>): Override[] {
  const texts = (argv['set'] as string[] | undefined) ?? [];
  const parsed = texts.map(parseOverride);
  const problems = parsed.filter((p): p is { problem: string } => 'problem' in p).map((p) => p.problem);
  if (problems.length > 0) throw new BadInput(problems);
  return parsed as Override[];
}
