// The command line: the argument table (yargs) and its checks, then the command, with one catch
// deciding the exit code (errors.ts lists them). Signals and a closed standard output are
// handled here, so that no Node stack ever reaches the user for either.

import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { closest } from '../scenario/suggest.js';
import {
  BadInput,
  CannotWrite,
  EXIT_BAD_INPUT,
  EXIT_BUSY,
  EXIT_CANNOT_WRITE,
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_SIGINT,
  EXIT_SIGTERM,
  Interrupted,
} from './errors.js';
import { STDIN } from './load.js';
import { runCommand } from './run-command.js';
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
  0    done: every scenario ran and its report folder is written
  2    bad input: a scenario file or an argument (nothing was written), or a capacity limit
       that a run reached (its folder was not written; earlier scenarios' folders were)
  4    a report folder cannot be written (not a folder, a symbolic link, foreign files in it,
       no permission, disk full, file too large); the previous folder is left as it was
  5    another convsim run is writing the same report folder; nothing was touched
  130  interrupted (Ctrl-C; 143 for SIGTERM); the folder being written is left as it was
  1    convsim itself failed (a bug: please report it, with the stack trace)

Documentation: ${fileURLToPath(new URL('../../README.md', import.meta.url))}`;

const RUN_OPTIONS = ['out', 'trace', 'quiet', 'help'] as const;
const BOOLEAN_OPTIONS = ['trace', 'quiet'] as const;

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
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress line (it only shows when stderr is a terminal and CI is not set)' })
        .example('$0 run scenarios/*.json', 'run every shipped scenario into reports/')
        .example('$0 run my.json --out /tmp/r', 'write /tmp/r/<name>/')
        .example('cat my.json | $0 run -', 'read the scenario from standard input')
        .epilogue(EXIT_CODES),
    )
    .demandCommand(1, 'name a command: convsim run <file...>')
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

const STDIN_PLACEHOLDER = '\u0000stdin';

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
    if (command === 'run') {
      const out = argv['out'] as string;
      if (out === '') throw new BadInput(['convsim: --out: expected a folder; got an empty value (see convsim --help)']);
      const showProgress = io.stderr.isTTY === true && argv['quiet'] !== true && !process.env['CI'];
      await runCommand(
        { files: (argv['files'] as string[]).map((f) => (f === STDIN_PLACEHOLDER ? STDIN : f)), out, trace: argv['trace'] === true },
        {
          print: (line) => io.stdout.write(`${line}\n`),
          warn: (line) => io.stderr.write(`${line}\n`),
          progress: showProgress ? (line) => io.stderr.write(`\r\x1b[K${line}`) : undefined,
          stdin: () => readAll(io.stdin),
          interrupted: () => signal,
          argv: args,
        },
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

async function readAll(stdin: AsyncIterable<Buffer | string> | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  if (stdin !== undefined) for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}
