// `convsim serve`: the Twilio Conversations emulator on the command line. It prints where it
// listens and its credentials, serves until SIGINT or SIGTERM, then stops gracefully (exit 0).

import { BadInput, CannotWrite } from './errors.js';
import { loadAll } from './load.js';
import type { RunIo } from './run-command.js';
import { startEmulator, type RunningEmulator } from '../serve/start.js';
import { VERSION } from './version.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly clock: 'real' | 'manual';
  readonly speed: number;
  readonly scenario: string | undefined;
  readonly accountSid: string | undefined;
  readonly authToken: string | undefined;
}

export interface Stopper {
  /** Resolves with the signal that asks the server to stop. */
  readonly stopped: Promise<'SIGINT' | 'SIGTERM'>;
}

export async function serveCommand(options: ServeOptions, io: RunIo, stop: Stopper): Promise<void> {
  let settings = {};
  let start: Date | undefined;
  if (options.scenario !== undefined) {
    const load = await loadAll([options.scenario], io.stdin);
    if (!load.ok) throw new BadInput(load.problems);
    const s = load.loaded[0]!.scenario;
    settings = s.settings;
    // A manual clock starts at the scenario's start, so dates match `convsim run` of the same file.
    if (options.clock === 'manual') start = new Date(s.startEpochS * 1000);
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      port: options.port,
      host: options.host,
      clock: options.clock,
      speed: options.speed,
      settings,
      ...(start === undefined ? {} : { start }),
      ...(options.accountSid === undefined ? {} : { accountSid: options.accountSid }),
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
      log: io.warn,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CannotWrite([`convsim: --port ${options.port}: the port is in use on ${options.host}; choose another, or 0 for any free port`]);
    if (code === 'EACCES') throw new CannotWrite([`convsim: --port ${options.port}: permission denied (ports below 1024 need privileges); choose a port from 1024`]);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CannotWrite([`convsim: --host ${options.host}: not an address of this machine`]);
    if (e instanceof RangeError) throw new BadInput([`convsim: ${e.message}`]);
    throw e;
  }
  io.print(`convsim ${VERSION} serve: a Twilio Conversations emulator on ${emulator.url}`);
  io.print(`  account SID  ${emulator.accountSid}`);
  io.print(`  auth token   ${emulator.authToken}`);
  io.print(
    options.clock === 'manual'
      ? `  clock        manual, at ${emulator.clock.now().toISOString().replace('.000Z', 'Z')}: POST ${emulator.url}/convsim/v1/Clock with Advance=P30D moves it`
      : `  clock        real${options.speed === 1 ? '' : `, ${options.speed} times faster`}, from ${emulator.clock.now().toISOString().replace('.000Z', 'Z')}`,
  );
  io.print(`  inbound SMS  POST ${emulator.url}/convsim/v1/Inbound with From=+15550100 (or whatsapp:+15550100)`);
  if (options.host !== '127.0.0.1' && options.host !== '::1' && options.host !== 'localhost') io.warn(`convsim serve: listening on ${options.host}: reachable from the network, protected by the auth token only`);
  io.print('Ctrl-C stops it.');
  const signal = await stop.stopped;
  io.warn(`convsim serve: ${signal}: stopping (waiting for webhooks in flight)`);
  await emulator.close();
}
