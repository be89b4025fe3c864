// Progress on long runs: shown on a terminal, silent with --quiet, in CI, or when stderr is not a terminal.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCommand } from '../../src/cli/run-command.js';

const LONG = 'scenarios/traffic-contact-centre.json';
const SHORT = 'scenarios/traffic-support-desk.json';

describe('progress', () => {
  it('reports percent of simulated time, events and rate, then the writing phase, then clears the line', { timeout: 60_000 }, async () => {
    const lines: string[] = [];
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-progress-'));
    await runCommand({ files: [LONG], out, trace: false, overrides: [] }, { print: () => undefined, warn: () => undefined, progress: (l) => lines.push(l), stdin: async () => Buffer.alloc(0), interrupted: () => undefined, argv: [] });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^traffic-contact-centre: \d+% \(P\w+ of P7D\), [\d.]+[kM]? events, [\d.]+[kM]? events\/s$/);
    // Writing the files is a phase of its own, shown before the line is cleared.
    expect(lines.filter((l) => !/%/.test(l))).toEqual(['traffic-contact-centre: writing timeseries.csv', 'traffic-contact-centre: writing summary.json', 'traffic-contact-centre: writing performance.json', '']);
  });

  it('stays silent when stderr is not a terminal, with --quiet, and in CI', { timeout: 60_000 }, async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-progress-'));
    const written: string[] = [];
    const io = (isTTY: boolean) => ({ stdout: { write: () => true }, stderr: { isTTY, write: (t: string) => written.push(t) } });
    const ci = process.env['CI'];
    try {
      delete process.env['CI'];
      expect(await main(['run', SHORT, '--out', out], io(false))).toBe(0);
      expect(await main(['run', SHORT, '--out', out, '--quiet'], io(true))).toBe(0);
      process.env['CI'] = 'true';
      expect(await main(['run', SHORT, '--out', out], io(true))).toBe(0);
      expect(written).toEqual([]);
      delete process.env['CI'];
      expect(await main(['run', SHORT, '--out', out], io(true))).toBe(0);
      expect(written.join('')).toContain('traffic-support-desk: ');
    } finally {
      if (ci === undefined) delete process.env['CI'];
      else process.env['CI'] = ci;
    }
  });
});
