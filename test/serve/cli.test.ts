// convsim serve on the command line: it prints where it listens and its credentials, serves,
// and stops gracefully on SIGINT or SIGTERM with exit 0; bad options exit 2 and start nothing.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convsim } from '../cli/spawn.js';

const BIN = path.resolve('dist/cli/bin.js');

describe('convsim serve', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('serves until %s, then stops with exit 0', async (signal) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--clock', 'manual', '--auth-token', 'cli-token-123', '--scenario', 'scenarios/scenario-1-both-timers.json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed within 15 s; stdout: ${stdout}; stderr: ${stderr}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
          if (m !== null && stdout.includes('Ctrl-C stops it.')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(stdout).toContain('  account SID  AC00000000000000000000000000000001\n  auth token   cli-token-123\n');
      // A manual clock starts at the scenario's start.
      expect(stdout).toContain('  clock        manual, at 2026-01-05T09:00:00Z');
      const auth = `Basic ${Buffer.from('AC00000000000000000000000000000001:cli-token-123').toString('base64')}`;
      const r = await fetch(`${url}/v1/Conversations`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'FriendlyName=from-the-cli' });
      expect(r.status).toBe(201);
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stderr).toBe(`convsim serve: ${signal}: stopping (waiting for webhooks in flight)\n`);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('exits 4 when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      expect(convsim(['serve', '--port', String(port)])).toMatchObject({ code: 4, stderr: `convsim: --port ${port}: the port is in use on 127.0.0.1; choose another, or 0 for any free port\n` });
    } finally {
      blocker.close();
    }
  });

  it('refuses bad options with one line each, exit 2', () => {
    const r = convsim(['serve', '--port', '99999', '--clock', 'fast', '--account-sid', 'AC1', '--auth-token', 'short']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'convsim: --port: expected a whole number from 0 to 65535; got "99999"',
        'convsim: --clock: expected real or manual; got "fast"',
        'convsim: --account-sid: expected AC and 32 hex digits, as Twilio\'s are; got "AC1"',
        'convsim: --auth-token: expected at least 8 characters',
        '',
      ].join('\n'),
    );
    expect(convsim(['serve', '--clock', 'manual', '--speed', '60'])).toMatchObject({ code: 2, stderr: 'convsim: --speed: only with --clock real (a manual clock moves only when told)\n' });
    expect(convsim(['serve', '--scenario', 'nope.json'])).toMatchObject({ code: 2, stderr: 'nope.json: cannot read the scenario file: no such file\n' });
  });
});
