// The emulator's throughput and latency on loopback: the emulator runs in its own process
// (`convsim serve`, one core), the load from another (the other core): autocannon at full speed
// from this one, the open-loop client (paced-client.ts) for the latency at a fixed rate. Each
// repeats create a conversation, add a participant, send a message. And the heap the emulator
// keeps per conversation, in this process.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';
import { launchEnv } from '../cli/launch.js';
import { DEFAULT_SETTINGS } from '../engine/settings.js';
import { CHAT_SERVICE_SID, MESSAGING_SERVICE_SID } from '../engine/webhook.js';
import { Emulator } from '../serve/emulator.js';
import { inliningFlagsIn } from '../util/inlining.js';
import type { LatencyAtRate } from './paced-client.js';

export interface ServeBench {
  /** Requests per second at full speed (the three requests together), median of the runs. */
  readonly requestsPerSecond: number;
  /**
   * Requests per second of the emulator's own CPU time (user + system, from /proc), median of the
   * runs: what one core serves. On two cores the load tool competes with it, so the observed rate
   * can stay under this. Undefined where /proc is not there.
   */
  readonly requestsPerCpuSecond: number | undefined;
  /** Latency at a fixed rate, open-loop (bench/paced.ts), run by run: the emulator, and a bare Node server under the same load in turns. */
  readonly atRate: { readonly emulator: readonly LatencyAtRate[]; readonly bare: readonly LatencyAtRate[] };
  /** p99 by autocannon's `overallRate` (bursts at the top of each second; see bench/paced.ts), emulator and bare server. */
  readonly autocannonP99Ms: { readonly emulator: number; readonly bare: number };
  readonly rate: number;
  readonly errors: number;
}

export type { LatencyAtRate };

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const PACED_CLIENT = fileURLToPath(new URL('./paced-client.js', import.meta.url));
const TOKEN = 'bench-token-0001';
const ACCOUNT = 'AC00000000000000000000000000000001';

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (Linux; 100 ticks a second). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function serve(): Promise<{ url: string; child: ChildProcess }> {
  // The CLI raises V8's inlining budget itself (util/inlining.ts); one given to the bench's node is
  // passed on. The process settings are the convsim command's (cli/launch.ts).
  const child = spawn(process.execPath, [...inliningFlagsIn(process.execArgv), BIN, 'serve', '--port', '0', '--clock', 'manual', '--auth-token', TOKEN], { stdio: ['ignore', 'pipe', 'inherit'], env: launchEnv() });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('convsim serve did not start within 20 s')), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/[^\s]+)\n/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { url, child };
}

/**
 * A bare Node HTTP server in its own process, answering every request with a conversation-sized
 * JSON body: what the machine and the load tool add by themselves. Idle connections are kept 72 s,
 * as fastify (the emulator) keeps them: with Node's 5 s a client can reuse a socket just as the
 * server closes it, the likely cause of the errors the baseline's run reported once.
 */
async function baselineServer(): Promise<{ url: string; child: ChildProcess }> {
  const script = `const body = JSON.stringify({ sid: 'CH' + '0'.repeat(32), state: 'active', padding: 'x'.repeat(600) });
const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end(body); }); });
server.keepAliveTimeout = 72000;
server.listen(0, '127.0.0.1', () => console.log('on http://127.0.0.1:' + server.address().port));`;
  // The same process settings as the emulator's, so that the difference is the emulator's own.
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: launchEnv() });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the baseline server did not start within 20 s')), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /on (http:\/\/[^\s]+)/.exec(d.toString());
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { url, child };
}

/** One connection's cycle: a conversation, an agent (a fresh identity: no agent reaches 1000), a message. */
function requests(): autocannon.Request[] {
  let n = 0;
  const sidOf = (context: object): string => (context as { sid?: string }).sid ?? '';
  return [
    { method: 'POST', path: '/v1/Conversations', body: 'FriendlyName=bench&Timers.Inactive=PT1H', onResponse: (_s, body, context) => void ((context as { sid?: string }).sid = (JSON.parse(body) as { sid: string }).sid) },
    { method: 'POST', setupRequest: (req, context) => ({ ...req, path: `/v1/Conversations/${sidOf(context)}/Participants`, body: `Identity=agent-${n++}` }) },
    { method: 'POST', setupRequest: (req, context) => ({ ...req, path: `/v1/Conversations/${sidOf(context)}/Messages`, body: 'Author=agent&Body=hello' }) },
  ];
}

/**
 * Latency at `rate` requests/s for `durationS` (bench/paced-client.ts), measured from a process of
 * its own: a fresh heap and an event loop that does nothing else, so that the load generator's
 * own pauses stay out of the latencies.
 */
async function pacedRun(url: string, rate: number, durationS: number): Promise<LatencyAtRate> {
  const child = spawn(process.execPath, [PACED_CLIENT, url, String(rate), String(durationS), ACCOUNT, TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the paced load client exited with ${code}`);
  return JSON.parse(out) as LatencyAtRate;
}

async function run(url: string, options: Partial<autocannon.Options>): Promise<autocannon.Result> {
  // Loaded when used: the bench's memory cases run first, on a heap without it.
  const { default: load } = await import('autocannon');
  return load({
    url,
    connections: 10,
    duration: 8,
    headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    requests: requests(),
    ...options,
  });
}

export async function serveBench(quick: boolean): Promise<ServeBench> {
  const { url, child } = await serve();
  try {
    // Warm the server's JIT, then measure: full speed three times (median), then a fixed rate.
    await run(url, { duration: quick ? 1 : 3 });
    const rates: number[] = [];
    const perCpu: number[] = [];
    let errors = 0;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const before = cpuSeconds(child.pid!);
      const r = await run(url, { duration: quick ? 2 : 8 });
      const after = cpuSeconds(child.pid!);
      rates.push(r.requests.average);
      if (before !== undefined && after !== undefined && after > before) perCpu.push(r.requests.total / (after - before));
      errors += r.errors + r.non2xx;
    }
    rates.sort((a, b) => a - b);
    perCpu.sort((a, b) => a - b);
    const rate = 2_000;
    const seconds = quick ? 2 : 10;
    const bare = await baselineServer();
    try {
      // Emulator and bare server in turns, 3 times (once if quick): the medians of their p99s,
      // each run beside its pair, so that a bad minute of a shared machine falls on both.
      const emulatorRuns: LatencyAtRate[] = [];
      const bareRuns: LatencyAtRate[] = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        emulatorRuns.push(await pacedRun(url, rate, seconds));
        bareRuns.push(await pacedRun(bare.url, rate, seconds));
      }
      for (const r of emulatorRuns) errors += r.errors;
      const bursts = await run(url, { duration: seconds, overallRate: rate, connections: 10 });
      errors += bursts.errors + bursts.non2xx;
      const bareBursts = await run(bare.url, { duration: seconds, overallRate: rate, connections: 10 });
      return {
        requestsPerSecond: rates[Math.floor(rates.length / 2)]!,
        requestsPerCpuSecond: perCpu[Math.floor(perCpu.length / 2)],
        atRate: { emulator: emulatorRuns, bare: bareRuns },
        autocannonP99Ms: { emulator: bursts.latency.p99, bare: bareBursts.latency.p99 },
        rate,
        errors,
      };
    } finally {
      bare.child.kill('SIGTERM');
    }
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Memory the emulator keeps per conversation it has served (create, an agent, a message; no
 * HTTP): the growth of the heap and of typed arrays' buffers over `n` cycles after full
 * collections, indexes included. Needs node --expose-gc.
 */
export async function emulatorBytesPerConversation(n: number, gc: () => void): Promise<number> {
  const e = new Emulator({
    settings: DEFAULT_SETTINGS,
    account: { accountSid: ACCOUNT, chatServiceSid: CHAT_SERVICE_SID, messagingServiceSid: MESSAGING_SERVICE_SID },
    authToken: TOKEN,
    clock: { mode: 'manual' },
    epochMs: 0,
    log: () => undefined,
  });
  e.setBaseUrl('http://127.0.0.1:4010');
  let sid = '';
  const cycle = (i: number): void => {
    const created = e.handle((x) => x.createConversation({ FriendlyName: 'bench', 'Timers.Inactive': 'PT1H' }));
    sid = (created.body as { sid: string }).sid;
    e.handle((x) => x.addParticipant(sid, { Identity: `agent-${i}` }));
    e.handle((x) => x.sendMessage(sid, { Author: 'agent', Body: 'hello' }));
  };
  // Buffers are freed after collections, in the background, some only after several: collect
  // until their total holds still (earlier cases' buffers freed during the count would go negative).
  const settle = async (): Promise<void> => {
    let last = -1;
    for (let still = 0, i = 0; still < 3 && i < 40; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 25));
      const now = process.memoryUsage().arrayBuffers;
      still = now === last ? still + 1 : 0;
      last = now;
    }
  };
  // Warm: the first conversations grow the engine's arrays and the Maps' first tables.
  for (let i = 0; i < 1_000; i++) cycle(i);
  await settle();
  // The heap and the typed arrays' buffers (outside the heap): the engine's and the store's columns.
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  for (let i = 1_000; i < 1_000 + n; i++) cycle(i);
  await settle();
  const bytes = (used() - before) / n;
  // The emulator is still in use here, so the collections above could not take it.
  if (e.handle((x) => x.fetchConversation(sid)).status !== 200) throw new Error('the emulator lost its last conversation');
  return bytes;
}
