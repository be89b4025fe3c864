// The command line: the argument table (yargs; each command's options are checked in options.ts),
// then the command, with one catch deciding the exit code (errors.ts lists them). Signals and a
// closed standard output are handled here, so that no Node stack ever reaches the user for either.

import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { closest } from '../scenario/suggest.js';
import {
  BadInput,
  CannotWrite,
  EXIT_BAD_INPUT,
  EXIT_THRESHOLDS,
  EXIT_BUSY,
  EXIT_CANNOT_WRITE,
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_SIGINT,
  EXIT_SIGTERM,
  Interrupted,
} from './errors.js';
import { STDIN } from './load.js';
import { reportCommand } from './report-command.js';
import { compareCommand } from './compare-command.js';
import { mergeCommand } from './merge-command.js';
import { findCommand } from './find-command.js';
import { overridesOf, reportOptions, serveOptions, STDIN_PLACEHOLDER, sweepOptions } from './options.js';
import { sweepCommand } from './sweep-command.js';
import { runCommand, type RunIo } from './run-command.js';
import { VERSION } from './version.js';

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Standard input, read whole for the file "-". */
  readonly stdin?: AsyncIterable<Buffer | string>;
  /** Where SIGINT and SIGTERM arrive (the process); absent in tests that do not need them. */
  readonly signals?: { on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown; off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown };
}

const EXIT_CODES = `Exit codes:
  0    done: every scenario ran and its report folder is written (serve: stopped by Ctrl-C)
  3    report, compare: an expect threshold failed or is inconclusive (the report is written);
       sweep --find: no decided answer (none in the range, inconclusive, or not monotone)
  2    bad input: a scenario file or an argument (nothing was written), or a capacity limit
       that a run reached (its folder was not written; earlier scenarios' folders were)
  4    a report folder cannot be written (not a folder, a symbolic link, foreign files in it,
       no permission, disk full, file too large); the previous folder is left as it was;
       serve: the port is in use or not allowed
  5    another convsim run is writing the same report folder; nothing was touched
  130  interrupted (Ctrl-C; 143 for SIGTERM); the folder being written is left as it was
  1    convsim itself failed (a bug: please report it, with the stack trace)

Documentation: ${fileURLToPath(new URL('../../README.md', import.meta.url))}`;

const RUN_OPTIONS = ['out', 'trace', 'quiet', 'help', 'replications', 'warmup', 'confidence', 'jobs', 'set', 'metric', 'shard', 'find', 'between', 'until', 'largest', 'max-replications', 'step', 'port', 'host', 'clock', 'speed', 'scenario', 'account-sid', 'auth-token'] as const;
const BOOLEAN_OPTIONS = ['trace', 'quiet', 'largest'] as const;

function parser(args: readonly string[]): Argv {
  return yargs([...args])
    .scriptName('convsim')
    .usage('$0 <command> [options]\n\nSimulates the Twilio Conversations lifecycle (states, timers, limits, webhooks) from scenario files.')
    .command('run <files..>', 'run scenario files and write their report folders', (y) =>
      y
        .usage('$0 run <files..> [options]\n\nRuns each scenario file ("-" reads one from standard input) and writes <out>/<name>/.')
        .positional('files', { type: 'string', array: true, default: undefined, describe: 'scenario JSON files (see scenarios/), or - for standard input' })
        .option('out', {
          type: 'string',
          default: 'reports',
          requiresArg: true,
          describe: 'folder for the reports; each scenario replaces <out>/<name>/ whole, once its run is complete',
        })
        .option('trace', { type: 'boolean', default: false, describe: 'generated traffic: also write the per-event CSVs (they grow with every event)' })
        .option('set', { type: 'string', array: true, requiresArg: true, describe: 'change one value of every scenario: PATH=VALUE, like traffic.agents.count=40 (repeatable)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress line (it only shows when stderr is a terminal and CI is not set)' })
        .example('$0 run scenarios/*.json', 'run every shipped scenario into reports/')
        .example('$0 run my.json --out /tmp/r', 'write /tmp/r/<name>/')
        .example('cat my.json | $0 run -', 'read the scenario from standard input')
        .epilogue(EXIT_CODES),
    )
    .command('report <file>', 'replicate a traffic scenario and write a capacity-planning report with confidence intervals', (y) =>
      y
        .usage('$0 report <file> [options]\n\nRuns N replications of a generated-traffic scenario (in parallel), and writes <out>/<name>/: summary.json, replications.csv, timeseries.csv.')
        .positional('file', { type: 'string', describe: 'a scenario JSON file with a traffic section, or - for standard input' })
        .option('replications', { type: 'string', requiresArg: true, describe: 'independent replications, 2 to 10000 (default: the scenario\'s report.replications, else 10)' })
        .option('warmup', { type: 'string', requiresArg: true, describe: 'statistics start after it: a duration (PT0S: none) or auto (MSER-5; the default)' })
        .option('confidence', { type: 'string', requiresArg: true, describe: 'confidence level of the intervals, 0.5 to 0.999 (default 0.95)' })
        .option('jobs', { type: 'string', requiresArg: true, describe: 'worker threads, 1 to 64 (default: the number of cores)' })
        .option('set', { type: 'string', array: true, requiresArg: true, describe: 'change one value of the scenario: PATH=VALUE, like traffic.timers[0].closed=PT6H (repeatable; x0.8 scales a number)' })
        .option('out', { type: 'string', default: 'reports/capacity', requiresArg: true, describe: 'folder for the reports; the report replaces <out>/<name>/ whole' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar (it only shows when stderr is a terminal and CI is not set)' })
        .example('$0 report scenarios/traffic-support-desk.json', 'ten replications into reports/capacity/traffic-support-desk/')
        .example('$0 report my.json --replications 30 --warmup P1D --jobs 2', '')
        .epilogue(EXIT_CODES),
    )
    .command('compare <base> <proposal>', 'replicate two traffic scenarios with common random numbers and compare every figure', (y) =>
      y
        .usage('$0 compare <base> <proposal> [options]\n\nRuns both scenarios N times with the same seeds, and writes <out>/<base>-vs-<proposal>/: compare.html, compare.json, compare.csv.')
        .positional('base', { type: 'string', describe: 'the scenario as it is' })
        .positional('proposal', { type: 'string', describe: 'the scenario with the change (it runs with the base\'s seeds)' })
        .option('replications', { type: 'string', requiresArg: true, describe: 'paired replications, 2 to 10000 (default 10)' })
        .option('warmup', { type: 'string', requiresArg: true, describe: 'a duration or auto (MSER-5; both sides measure from the later warm-up)' })
        .option('confidence', { type: 'string', requiresArg: true, describe: 'confidence level, 0.5 to 0.999 (default 0.95)' })
        .option('jobs', { type: 'string', requiresArg: true, describe: 'worker threads, 1 to 64 (default: the number of cores)' })
        .option('set', { type: 'string', array: true, requiresArg: true, describe: 'change a value of both scenarios: PATH=VALUE (repeatable)' })
        .option('out', { type: 'string', default: 'reports/compare', requiresArg: true, describe: 'folder for the comparisons' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .example('$0 compare base.json proposal.json', 'ten paired replications into reports/compare/<base>-vs-<proposal>/')
        .epilogue(EXIT_CODES),
    )
    .command('sweep <file>', 'replicate a traffic scenario for every combination of changed values, or find the value that meets a threshold', (y) =>
      y
        .usage(
          '$0 sweep <file> --set PATH=v1,v2,... [--set ...] [options]\n$0 sweep <file> --find PATH --between LO HI --until "FIGURE OP VALUE" [options]\n\nRuns every cell (one value of each --set) N times with common random numbers, and writes <out>/<name>/: sweep.html, sweep.json, sweep.csv. With --find, bisects one parameter instead and writes <out>/<name>.find/.',
        )
        .positional('file', { type: 'string', describe: 'a scenario JSON file with a traffic section, or - for standard input' })
        .option('set', { type: 'string', array: true, requiresArg: true, describe: 'a dimension: PATH=v1,v2,... (commas inside JSON values are kept); x0.8,x1.2 scale a number; a single value is a fixed change (repeatable)' })
        .option('metric', { type: 'string', requiresArg: true, describe: 'the figure of the heat map and line charts (default: the first expect figure, else identityOpen.p99)' })
        .option('replications', { type: 'string', requiresArg: true, describe: 'replications per cell, 2 to 10000 (default: the scenario\'s report.replications, else 10)' })
        .option('warmup', { type: 'string', requiresArg: true, describe: 'a duration, or auto (MSER-5 per cell; every cell measures from the latest choice)' })
        .option('confidence', { type: 'string', requiresArg: true, describe: 'confidence level, 0.5 to 0.999 (default 0.95)' })
        .option('jobs', { type: 'string', requiresArg: true, describe: 'worker threads shared by all cells, 1 to 64 (default: the number of cores)' })
        .option('shard', { type: 'string', requiresArg: true, describe: 'run shard i of n (like 2/4) and write <out>/<name>.shard-i-of-n/partial.json for convsim merge; needs a fixed --warmup' })
        .option('find', { type: 'string', requiresArg: true, describe: 'the parameter to search, a PATH like traffic.agents.count' })
        .option('between', { type: 'string', nargs: 2, requiresArg: true, describe: 'with --find: the range, LO HI (two numbers, or two durations like PT1H P30D)' })
        .option('until', { type: 'string', requiresArg: true, describe: 'with --find: the threshold, "FIGURE OP VALUE" like "identityOpen.p99 < 800", judged on the interval' })
        .option('largest', { type: 'boolean', default: false, describe: 'with --find: the largest passing value (default: the smallest)' })
        .option('step', { type: 'string', requiresArg: true, describe: 'with --find: the grid step (default 1 for whole numbers and 1 s for durations, else a thousandth of the range)' })
        .option('max-replications', { type: 'string', requiresArg: true, describe: 'with --find: a point still inconclusive gets more replications, up to this (default: 4 x --replications, at least 40)' })
        .option('out', { type: 'string', default: 'reports/sweep', requiresArg: true, describe: 'folder for the sweeps' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .example('$0 sweep my.json --set traffic.timers[0].closed=PT2H,PT6H,P1D --set traffic.agents.count=400,600,800', 'a 3 x 3 grid into reports/sweep/<name>/')
        .example('$0 sweep my.json --find traffic.agents.count --between 50 2000 --until "identityOpen.p99 < 800"', 'the smallest team that keeps the busiest agents under 800')
        .example('$0 sweep my.json --set traffic.agents.count=400,600 --warmup P1D --shard 1/2', 'half of the jobs; then convsim merge')
        .epilogue(EXIT_CODES),
    )
    .command('merge <dirs..>', 'combine the partial results of a sharded sweep into the outputs of the whole sweep', (y) =>
      y
        .usage('$0 merge <dirs..> [options]\n\nReads <dir>/partial.json of every shard (convsim sweep --shard i/n), checks that they are the same sweep, version and scenario, and writes <out>/<name>/ as the unsharded sweep would, byte for byte.')
        .positional('dirs', { type: 'string', array: true, describe: 'the shards\' folders, <out>/<name>.shard-i-of-n' })
        .option('out', { type: 'string', default: 'reports/sweep', requiresArg: true, describe: 'folder for the merged sweep' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress line' })
        .example('$0 merge reports/sweep/desk.shard-*', '')
        .epilogue(EXIT_CODES),
    )
    .command('serve', 'serve a Twilio Conversations emulator on the engine, with a clock you control', (y) =>
      y
        .usage('$0 serve [options]\n\nServes Conversations v1 (conversations, participants, messages, configuration, webhooks) on the engine, signed onConversationStateUpdated webhooks included, until Ctrl-C.')
        .option('port', { type: 'string', default: '4010', requiresArg: true, describe: 'port to listen on, 0 for any free one' })
        .option('host', { type: 'string', default: '127.0.0.1', requiresArg: true, describe: 'address to listen on (loopback by default; anything else exposes it to the network)' })
        .option('clock', { type: 'string', default: 'real', requiresArg: true, describe: 'real: simulated time follows the wall clock; manual: it moves only with POST /convsim/v1/Clock Advance=P30D' })
        .option('speed', { type: 'string', requiresArg: true, describe: 'with --clock real: simulated seconds per wall second (default 1)' })
        .option('scenario', { type: 'string', requiresArg: true, describe: "a scenario file whose account defaults and semantics switches to use (a manual clock also starts at its start); its script or traffic is not run" })
        .option('account-sid', { type: 'string', requiresArg: true, describe: 'the account SID clients authenticate with (default AC000...01)' })
        .option('auth-token', { type: 'string', requiresArg: true, describe: 'the auth token clients authenticate with and webhooks are signed with (default: random, printed)' })
        .example('$0 serve --clock manual', 'then: curl -u AC...:TOKEN -d Advance=P30D http://127.0.0.1:4010/convsim/v1/Clock')
        .epilogue(EXIT_CODES),
    )
    .demandCommand(1, 'name a command: convsim run <file...>, report <file>, compare <base> <proposal>, sweep <file>, merge <dirs...> or serve')
    .recommendCommands()
    .strict()
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .epilogue(EXIT_CODES)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      // yargs' own complaints (YError) are the user's mistakes; anything else is ours.
      if (error !== undefined && error !== null && error.name !== 'YError') throw error;
      throw new BadInput([`convsim: ${withSuggestion(message ?? error?.message ?? 'bad arguments')} (see convsim --help)`]);
    });
}

/** yargs' "Unknown argument: trce" with the closest known option. */
function withSuggestion(message: string): string {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (m === null) return message;
  const hints = m[1]!
    .split(', ')
    .map((word) => [word, closest(word, RUN_OPTIONS)] as const)
    .filter(([, hint]) => hint !== undefined)
    .map(([word, hint]) => `--${hint} for ${word}`);
  return hints.length === 0 ? message : `${message}; did you mean ${hints.join(', ')}?`;
}

/**
 * What yargs accepts quietly and a user would not mean: `--trace=yes` (read as false), `--out`
 * twice, and a lone "-", which yargs drops. Returns the arguments with "-" kept as a file.
 */
function preCheck(args: readonly string[]): { args: string[]; stdin: boolean } {
  const problems: string[] = [];
  for (const a of args) {
    const m = /^--(?:no-)?([a-z-]+)=(.*)$/s.exec(a);
    if (m !== null && (BOOLEAN_OPTIONS as readonly string[]).includes(m[1]!) && m[2] !== 'true' && m[2] !== 'false') {
      problems.push(`convsim: --${m[1]} is a switch: give it alone (or =true / =false); got ${JSON.stringify(a)}`);
    }
  }
  const outs = args.filter((a) => a === '--out' || a.startsWith('--out='));
  if (outs.length > 1) problems.push(`convsim: --out: give it once; got ${outs.length} values`);
  if (problems.length > 0) throw new BadInput(problems);
  // yargs drops a lone "-"; a placeholder keeps it among the files.
  const stdin = args.includes(STDIN);
  return { args: args.map((a) => (a === STDIN ? STDIN_PLACEHOLDER : a)), stdin };
}

export async function main(args: readonly string[], io: Io): Promise<number> {
  let signal: 'SIGINT' | 'SIGTERM' | undefined;
  const onSigint = (): void => void (signal ??= 'SIGINT');
  const onSigterm = (): void => void (signal ??= 'SIGTERM');
  io.signals?.on('SIGINT', onSigint);
  io.signals?.on('SIGTERM', onSigterm);
  try {
    const pre = preCheck(args);
    let helpShown = false;
    const argv = await parser(pre.args).parseAsync(pre.args, {}, (_err, _argv, output) => {
      if (output !== '') {
        io.stdout.write(`${output}\n`);
        helpShown = true;
      }
    });
    if (helpShown) return EXIT_OK;
    const [command] = argv._;
    if (command === 'compare') {
      const { file: _file, ...rest } = reportOptions({ ...argv, file: argv['base'] });
      const base = argv['base'] as string;
      const proposal = argv['proposal'] as string;
      const passed = await compareCommand(
        { ...rest, base: base === STDIN_PLACEHOLDER ? STDIN : base, proposal: proposal === STDIN_PLACEHOLDER ? STDIN : proposal },
        runIo(io, argv, args, () => signal),
      );
      return passed ? EXIT_OK : EXIT_THRESHOLDS;
    }
    if (command === 'sweep') {
      const { overrides: _o, ...base } = reportOptions({ ...argv, set: undefined });
      const options = sweepOptions(argv, base);
      const sweepIo = runIo(io, argv, args, () => signal);
      const passed = options.find === undefined ? await sweepCommand(options, sweepIo) : await findCommand(options, options.find, sweepIo);
      return passed ? EXIT_OK : EXIT_THRESHOLDS;
    }
    if (command === 'serve') {
      let stopNow: (s: 'SIGINT' | 'SIGTERM') => void = () => undefined;
      const stopped = new Promise<'SIGINT' | 'SIGTERM'>((resolve) => (stopNow = resolve));
      const onSignal = (s: 'SIGINT' | 'SIGTERM') => () => stopNow(s);
      const [int, term] = [onSignal('SIGINT'), onSignal('SIGTERM')];
      io.signals?.on('SIGINT', int);
      io.signals?.on('SIGTERM', term);
      try {
        // Loaded here: the HTTP framework it brings takes about 0.15 s to import, which every
        // other command would pay (a `convsim run` of a small scenario: 0.58 s with it, 0.44 without).
        const { serveCommand } = await import('./serve-command.js');
        await serveCommand(serveOptions(argv), runIo(io, argv, args, () => signal), { stopped });
      } finally {
        io.signals?.off('SIGINT', int);
        io.signals?.off('SIGTERM', term);
      }
      return EXIT_OK;
    }
    if (command === 'merge') {
      const out = argv['out'] as string;
      if (out === '') throw new BadInput(['convsim: --out: expected a folder; got an empty value (see convsim --help)']);
      await mergeCommand({ dirs: argv['dirs'] as string[], out }, runIo(io, argv, args, () => signal));
      return EXIT_OK;
    }
    if (command === 'report') {
      const passed = await reportCommand(reportOptions(argv), runIo(io, argv, args, () => signal));
      return passed ? EXIT_OK : EXIT_THRESHOLDS;
    }
    if (command === 'run') {
      const out = argv['out'] as string;
      if (out === '') throw new BadInput(['convsim: --out: expected a folder; got an empty value (see convsim --help)']);
      await runCommand(
        { files: (argv['files'] as string[]).map((f) => (f === STDIN_PLACEHOLDER ? STDIN : f)), out, trace: argv['trace'] === true, overrides: overridesOf(argv) },
        runIo(io, argv, args, () => signal),
      );
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof BadInput) {
      io.stderr.write(`${e.lines.join('\n')}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof CannotWrite) {
      io.stderr.write(`${e.lines.join('\n')}\n`);
      return e.exitCode === EXIT_BUSY ? EXIT_BUSY : EXIT_CANNOT_WRITE;
    }
    if (e instanceof Interrupted) {
      io.stderr.write(`${io.stderr.isTTY === true ? '\r\x1b[K' : ''}convsim: interrupted; report folders not yet complete were left as they were\n`);
      return e.signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
    }
    io.stderr.write(`convsim: internal error, please report it: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  } finally {
    io.signals?.off('SIGINT', onSigint);
    io.signals?.off('SIGTERM', onSigterm);
  }
}

function runIo(io: Io, argv: Record<string, unknown>, args: readonly string[], signal: () => 'SIGINT' | 'SIGTERM' | undefined): RunIo {
  const showProgress = io.stderr.isTTY === true && argv['quiet'] !== true && !process.env['CI'];
  return {
    print: (line) => io.stdout.write(`${line}\n`),
    warn: (line) => io.stderr.write(`${line}\n`),
    progress: showProgress ? (line) => io.stderr.write(`\r\x1b[K${line}`) : undefined,
    stdin: () => readAll(io.stdin),
    interrupted: signal,
    argv: args,
  };
}

async function readAll(stdin: AsyncIterable<Buffer | string> | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  if (stdin !== undefined) for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}
