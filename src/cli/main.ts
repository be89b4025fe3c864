// The command line: the argument table (yargs), then the command, with one catch deciding the
// exit code: 0 done, 2 the user's input is bad (one line per problem), 1 convsim itself failed.

import yargs, { type Argv } from 'yargs';
import { BadInput, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK } from './errors.js';
import { runCommand } from './run-command.js';

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

function parser(args: readonly string[]): Argv {
  return yargs([...args])
    .scriptName('convsim')
    .usage('$0 <command> [options]\n\nSimulates the Twilio Conversations lifecycle (states, timers, limits, webhooks) from scenario files.')
    .command('run <files..>', 'run scenario files and write their reports', (y) =>
      y
        .positional('files', { type: 'string', array: true, describe: 'scenario JSON files (see scenarios/)' })
        .option('out', { type: 'string', default: 'reports', describe: 'folder for the reports; each scenario writes <out>/<name>/' })
        .option('trace', { type: 'boolean', default: false, describe: 'generated traffic: also write the per-event CSVs (for small runs: they grow with every event)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress line on long runs (it only shows on a terminal, never in CI)' })
        .example('$0 run scenarios/*.json', 'run every shipped scenario into reports/')
        .example('$0 run my.json --out /tmp/r', 'write /tmp/r/<name>/*.csv'),
    )
    .demandCommand(1, 'name a command: convsim run <file...>')
    .strict()
    .version(false)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new BadInput([`convsim: ${message} (see convsim --help)`]);
    });
}

export async function main(args: readonly string[], io: Io): Promise<number> {
  try {
    let helpShown = false;
    const argv = await parser(args).parseAsync([...args], {}, (_err, _argv, output) => {
      if (output !== '') {
        io.stdout.write(`${output}\n`);
        helpShown = true;
      }
    });
    if (helpShown) return EXIT_OK;
    const [command] = argv._;
    if (command === 'run') {
      const showProgress = io.stderr.isTTY === true && argv['quiet'] !== true && !process.env['CI'];
      await runCommand(
        { files: argv['files'] as string[], out: argv['out'] as string, trace: argv['trace'] === true },
        {
          print: (line) => io.stdout.write(`${line}\n`),
          progress: showProgress ? (line) => io.stderr.write(`\r\x1b[K${line}`) : undefined,
        },
      );
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof BadInput) {
      io.stderr.write(`${e.lines.join('\n')}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr.write(`convsim: internal error, please report it: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
