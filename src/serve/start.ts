// startEmulator: the emulator as a library, one per test file if you like (as
// mongodb-memory-server does for MongoDB): it listens on loopback on a port the OS picks, and
// returns its URL, its credentials, the clock's controls, the webhooks' state and close().

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseDurationS } from '../engine/duration.js';
import { DEFAULT_SETTINGS, type EngineSettings } from '../engine/settings.js';
import { ACCOUNT_SID, CHAT_SERVICE_SID, MESSAGING_SERVICE_SID } from '../engine/webhook.js';
import { SYSTEM_CLOCK, type WallClock } from './clock.js';
import { Emulator } from './emulator.js';
import { httpServer } from './http.js';
import type { WebhookStats } from './webhooks.js';

export interface StartOptions {
  /** 0 (the default): a port the OS picks. */
  readonly port?: number;
  /** Loopback by default; anything else exposes the emulator to the network. */
  readonly host?: string;
  /** manual (the default for the library): time moves only when told; real: it follows the wall clock. */
  readonly clock?: 'manual' | 'real';
  /** With the real clock: simulated seconds per wall second (default 1). */
  readonly speed?: number;
  /** Account defaults and the semantics switches (a scenario's account and semantics sections). */
  readonly settings?: Partial<EngineSettings>;
  readonly accountSid?: string;
  /** Default: 32 random hex digits. */
  readonly authToken?: string;
  /** Where simulated time starts (default: now, to the second). */
  readonly start?: Date;
  /** The wall clock the real clock follows (tests pass a @sinonjs/fake-timers clock). */
  readonly wallClock?: WallClock;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Where failed webhooks and internal errors are reported (default: standard error). */
  readonly log?: (line: string) => void;
}

export interface RunningEmulator {
  /** http://host:port, with no trailing slash: point your Twilio client's requests here. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly clock: {
    readonly mode: 'manual' | 'real';
    /** Simulated now. */
    now(): Date;
    /** Manual clock: moves time forward (an ISO 8601 duration like "P30D", or seconds), firing every timer due, in order. */
    advance(by: string | number): Promise<void>;
  };
  readonly webhooks: {
    /** Resolves once every webhook queued so far was delivered or failed. */
    idle(): Promise<void>;
    readonly stats: WebhookStats;
  };
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const wall = options.wallClock ?? SYSTEM_CLOCK;
  const mode = options.clock ?? 'manual';
  const speed = options.speed ?? 1;
  if (!(speed > 0 && Number.isFinite(speed))) throw new RangeError(`speed must be a positive number; got ${speed}`);
  const accountSid = options.accountSid ?? ACCOUNT_SID;
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new RangeError(`accountSid must be AC and 32 hex digits, as Twilio's are; got ${JSON.stringify(accountSid)}`);
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  if (authToken === '') throw new RangeError('authToken must not be empty');
  const epochMs = Math.floor((options.start?.getTime() ?? wall.now()) / 1000) * 1000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emulator = new Emulator({
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    account: { accountSid, chatServiceSid: CHAT_SERVICE_SID, messagingServiceSid: MESSAGING_SERVICE_SID },
    authToken,
    clock: mode === 'manual' ? { mode } : { mode, speed, wall },
    epochMs,
    log,
  });
  const app = await httpServer(emulator, { accountSid, authToken, bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, log });
  try {
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  } catch (e) {
    emulator.clock.stop();
    throw e;
  }
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  emulator.setBaseUrl(url);
  return {
    url,
    accountSid,
    authToken,
    clock: {
      mode,
      now: () => {
        emulator.clock.sync();
        return new Date(epochMs + emulator.loop.nowS * 1000);
      },
      advance: async (by) => {
        const seconds = typeof by === 'number' ? by : parseDurationS(by);
        if (seconds === undefined || !Number.isInteger(seconds) || seconds < 0) throw new RangeError(`advance: expected whole seconds or an ISO 8601 duration like "P30D"; got ${JSON.stringify(by)}`);
        emulator.clock.advance(seconds);
      },
    },
    webhooks: {
      idle: () => emulator.webhooks.idle(),
      get stats() {
        return emulator.webhooks.stats;
      },
    },
    close: async () => {
      emulator.clock.stop();
      await app.close();
      emulator.webhooks.stop();
      await emulator.webhooks.idle();
    },
  };
}
