// `convsim compare base.json proposal.json`: both traffic scenarios replicated with common random
// numbers (replication i of both uses the same seed, derived from the base's), every figure side
// by side with the paired difference, and each side's `expect` thresholds. Published whole.

import { formatDurationS } from '../engine/duration.js';
import { compareCsv, compareHtml, compareJson, compareTable, pairFigures, type Comparison } from '../report/comparison.js';
import { figures } from '../report/figures.js';
import { expectProblems, judge } from '../report/verdicts.js';
import { capacityProblems } from '../run/capacity.js';
import type { Bound } from '../scenario/report.js';
import type { TrafficScenario } from '../scenario/types.js';
import { BadInput, CannotWrite } from './errors.js';
import { ReportFolder, outProblems } from './folder.js';
import { loadAll } from './load.js';
import { DEFAULT_CONFIDENCE, DEFAULT_REPLICATIONS, replicate, type ReportOptions } from './report-command.js';
import type { RunIo } from './run-command.js';
import { VERSION } from './version.js';

export const COMPARE_FILES = ['compare.html', 'compare.json', 'compare.csv'] as const;

export interface CompareOptions extends Omit<ReportOptions, 'file'> {
  readonly base: string;
  readonly proposal: string;
}

/** Returns whether every threshold of both sides passed (exit 0) or not (exit 3). */
export async function compareCommand(options: CompareOptions, io: RunIo): Promise<boolean> {
  const load = await loadAll([options.base, options.proposal], io.stdin, options.overrides, false);
  const problems: string[] = load.ok ? [] : [...load.problems];
  const loaded = load.ok ? load.loaded : [];
  for (const l of loaded) {
    const s = l.scenario;
    if (s.kind !== 'traffic') problems.push(`${s.file}: script: convsim compare replicates generated traffic; this scenario is a script`);
    else problems.push(...expectProblems(s.file, s.expect), ...capacityProblems(s, { trace: false }));
  }
  const out = outProblems(options.out);
  if (problems.length > 0) throw new BadInput([...problems, ...out]);
  if (out.length > 0) throw new CannotWrite(out);
  const base = loaded[0]!.scenario as TrafficScenario;
  // Common random numbers: the proposal runs with the base's seeds.
  const proposal: TrafficScenario = { ...(loaded[1]!.scenario as TrafficScenario), seed: base.seed };
  for (const w of load.ok ? load.warnings : []) io.warn(w);

  const n = options.replications ?? base.report.replications ?? DEFAULT_REPLICATIONS;
  const confidence = options.confidence ?? base.report.confidence ?? DEFAULT_CONFIDENCE;
  const requested = options.warmup ?? base.report.warmup ?? 'auto';
  const name = `${base.name}-vs-${proposal.name}`;
  const provenance = {
    convsim: VERSION,
    command: ['convsim', ...io.argv],
    base: { file: base.file, name: base.name, sha256: loaded[0]!.sha256 },
    proposal: { file: proposal.file, name: proposal.name, sha256: loaded[1]!.sha256 },
    seed: base.seed,
    parameters: { overrides: options.overrides.map((o) => o.text), replications: n, confidence, warmup: requested === 'auto' ? 'auto' : formatDurationS(requested), jobs: options.jobs },
    node: process.version,
    started_at: new Date().toISOString(),
  };
  const folder = ReportFolder.open(options.out, name, [...COMPARE_FILES], provenance);
  try {
    // Both sides measure the same window: the later of their warm-ups.
    const a = await replicate(base, n, requested, options.jobs, io);
    const b = await replicate(proposal, n, requested, options.jobs, io, a.warmup.fromS);
    let baseReps = a.replications;
    if (b.warmup.fromS > a.warmup.fromS) baseReps = (await replicate(base, n, b.warmup.fromS, options.jobs, io)).replications;
    const fromS = Math.max(a.warmup.fromS, b.warmup.fromS);
    const baseFigures = figures(baseReps, confidence);
    const proposalFigures = figures(b.replications, confidence);
    // Each side's thresholds, and the other's, judged on both.
    const expect = new Map<string, Bound>([...base.expect, ...proposal.expect]);
    const c: Comparison = {
      base: { name: base.name, file: base.file },
      proposal: { name: proposal.name, file: proposal.file },
      seed: base.seed,
      replications: n,
      confidence,
      fromS,
      overrides: options.overrides.map((o) => o.text),
      pairs: pairFigures(baseFigures, proposalFigures, confidence),
      verdicts: { base: judge(baseFigures, expect), proposal: judge(proposalFigures, expect) },
    };
    const files: [string, Iterable<string>][] = [
      ['compare.html', [compareHtml(c)]],
      ['compare.json', [compareJson(c)]],
      ['compare.csv', compareCsv(c)],
    ];
    folder.writeFiles(files, (file) => io.progress?.(`${name}: writing ${file}`));
    folder.publish();
    io.progress?.('');
    for (const line of compareTable(c)) io.print(line);
    io.print(`-> ${folder.target}`);
    return [...c.verdicts.base, ...c.verdicts.proposal].every((j) => j.verdict === 'pass');
  } finally {
    folder.abandon();
  }
}
