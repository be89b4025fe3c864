// The bench's command line: its switches, and the emulator's cases end to end (--serve --quick:
// convsim serve in its own process, autocannon and the open-loop client on loopback, a few
// seconds). The rates depend on the machine, so this checks that every row is there, not its figures.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = path.resolve('dist/bench/main.js');

function bench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench', () => {
  it('refuses an unknown switch with exit 2, before measuring anything', async () => {
    const r = await bench(['--quick', '--fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bench: unknown argument --fast; it takes --quick, --scale, --serve\n');
    expect(r.stdout).toBe('');
  });

  it('--serve --quick runs only the emulator cases, each row with a figure', { timeout: 120_000 }, async () => {
    const r = await bench(['--serve', '--quick']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((line) => line.includes(' | ')).slice(1);
    const cases = rows.map((line) => line.split(' | ')[0]!.trim());
    expect(cases).toEqual([
      'convsim serve: create + participant + message, full speed',
      'convsim serve: latency at 2,000 requests/s, open loop',
      'baseline: a bare Node HTTP server, the same load, in turns with it',
      "convsim serve: p99 over the bare server's, run by run",
      'convsim serve: memory kept per conversation served (an agent, a message; heap and typed arrays)',
      "autocannon's overallRate 2,000/s (bursts; see bench/paced.ts)",
    ]);
    expect(rows[0]).toMatch(/[\d,]+ requests\/s observed; [\d,]+ per second of the emulator's CPU \(0 errors\)/);
    expect(rows[1]).toMatch(/p99 \d+\.\d\d ms, median of 1 .* [\d,]+ answered\/s/);
    // Errors would be the emulator's (a refused request); falling behind the rate could be the test machine's.
    expect(rows[1]).not.toMatch(/with errors/);
    expect(rows[4]).toMatch(/\| \d+ bytes/);
  });
});
