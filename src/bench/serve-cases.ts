// The bench's emulator cases: `convsim serve` under load (serve.ts measures, this makes the rows).

import { fixed, thousands } from './fixed.js';
import { medianOf, type Row } from './rows.js';
import { emulatorBytesPerConversation, serveBench, type LatencyAtRate } from './serve.js';

/** The run whose p99 is the median (the lower middle one of an even count). */
function medianRun(runs: readonly LatencyAtRate[]): LatencyAtRate {
  return [...runs].sort((a, b) => a.p99Ms - b.p99Ms)[Math.floor((runs.length - 1) / 2)]!;
}

/** The emulator's cases: the memory it keeps per conversation, then `convsim serve` under load; their rows. */
export async function serveRows(quick: boolean, gc: () => void): Promise<Row[]> {
  const rows: Row[] = [];
  const emulatorBytes = await emulatorBytesPerConversation(quick ? 10_000 : 100_000, gc);
  const served = await serveBench(quick);
  const perCore = served.requestsPerCpuSecond;
  rows.push({
    case: 'convsim serve: create + participant + message, full speed',
    result: `${Math.round(served.requestsPerSecond).toLocaleString('en-US')} requests/s observed; ${perCore === undefined ? 'n/a' : thousands(fixed(perCore, 0, 10_000))} per second of the emulator's CPU (${served.errors} errors)`,
    target: '>= 10,000/s on one core',
    met: (perCore ?? served.requestsPerSecond) >= 10_000 && served.errors === 0,
  });
  const rateText = served.rate.toLocaleString('en-US');
  /** The run with the median p99, and every run's p99 (`thresholdMs`: the p99 it is judged against, if any). */
  const latencyText = (runs: readonly LatencyAtRate[], thresholdMs = NaN): string => {
    const l = medianRun(runs);
    return `p99 ${fixed(l.p99Ms, 2, thresholdMs)} ms, median of ${runs.length} (${runs.map((r) => r.p99Ms.toFixed(1)).join(', ')}); in that run p50 ${l.p50Ms.toFixed(2)}, max ${l.maxMs.toFixed(1)}, the client's own lateness p99 ${l.startLagP99Ms.toFixed(2)}, ${Math.round(l.achievedRate).toLocaleString('en-US')} answered/s${runs.some((r) => r.overloaded) ? ', OVERLOADED' : ''}${runs.some((r) => r.errors > 0) ? ', with errors' : ''}`;
  };
  const atRate = medianRun(served.atRate.emulator);
  rows.push({
    case: `convsim serve: latency at ${rateText} requests/s, open loop`,
    result: latencyText(served.atRate.emulator, 5),
    target: 'p99 < 5 ms',
    met: atRate.p99Ms < 5 && served.atRate.emulator.every((r) => !r.overloaded && r.errors === 0 && r.achievedRate >= 0.95 * served.rate),
  });
  rows.push({ case: `baseline: a bare Node HTTP server, the same load, in turns with it`, result: latencyText(served.atRate.bare), target: '(what the machine and the client add)', met: undefined });
  // Each emulator run beside the bare server's run that followed it: a noisy minute falls on both,
  // so the difference says what the emulator adds even when the absolute p99 does not.
  const added = served.atRate.emulator.map((r, i) => r.p99Ms - served.atRate.bare[i]!.p99Ms);
  const signed = (ms: number): string => `${ms >= 0 ? '+' : '-'}${Math.abs(ms).toFixed(2)}`;
  rows.push({
    case: `convsim serve: p99 over the bare server's, run by run`,
    result: `${signed(medianOf(added))} ms, median of ${added.length} (${added.map(signed).join(', ')})`,
    target: '(what the emulator adds)',
    met: undefined,
  });
  rows.push({
    case: 'convsim serve: memory kept per conversation served (an agent, a message; heap and typed arrays)',
    result: `${Math.round(emulatorBytes)} bytes`,
    target: '(836 when kept as objects with SID strings)',
    met: undefined,
  });
  rows.push({
    case: `autocannon's overallRate ${rateText}/s (bursts; see bench/paced.ts)`,
    result: `p99 ${served.autocannonP99Ms.emulator.toFixed(1)} ms; bare server ${served.autocannonP99Ms.bare.toFixed(1)} ms`,
    target: '(for comparison with earlier runs)',
    met: undefined,
  });
  return rows;
}
