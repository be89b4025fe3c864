// `convsim merge DIR...`: the partial results of a sharded sweep (`convsim sweep --shard i/n`),
// combined into the outputs the unsharded sweep writes, byte for byte. Each partial records the
// convsim version, the scenario's text and every setting; merge refuses partials that disagree,
// a shard missing or given twice, and a version other than its own.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FigureRow } from '../report/figures.js';
import { SWEEP_FILES } from '../report/sweep.js';
import { BadInput, CannotWrite } from './errors.js';
import { ReportFolder, outProblems } from './folder.js';
import type { RunIo } from './run-command.js';
import { fixedWarmupRule } from './report-command.js';
import { finishSweep, PARTIAL_FILE, PARTIAL_FORMAT, prepareSweep, publishSweep, type SweepInput } from './sweep-command.js';
import { VERSION } from './version.js';

export interface MergeOptions {
  readonly dirs: readonly string[];
  readonly out: string;
}

interface Partial {
  readonly dir: string;
  readonly sha256: string;
  readonly convsim: string;
  readonly shard: { readonly index: number; readonly count: number };
  readonly input: SweepInput & { readonly warmup: number };
  readonly jobs: readonly { readonly cell: number; readonly replication: number; readonly row: readonly (number | null)[] }[];
}

function readPartial(dir: string): Partial | { problem: string } {
  const file = path.join(dir, PARTIAL_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: `${dir}: ${code === 'ENOENT' || code === 'ENOTDIR' ? `no ${PARTIAL_FILE}: not a shard's folder (convsim sweep --shard i/n writes one)` : `cannot read ${PARTIAL_FILE}: ${String(code ?? e)}`}` };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { problem: `${file}: not valid JSON: the file is damaged; run that shard again` };
  }
  const shard = json['shard'] as Partial['shard'] | undefined;
  const input = json['input'] as Partial['input'] | undefined;
  const ok =
    json['format'] === PARTIAL_FORMAT &&
    typeof json['convsim'] === 'string' &&
    Number.isInteger(shard?.index) &&
    Number.isInteger(shard?.count) &&
    typeof input?.text === 'string' &&
    typeof input.file === 'string' &&
    typeof input.sha256 === 'string' &&
    Array.isArray(input.sets) &&
    typeof input.warmup === 'number' &&
    Array.isArray(json['jobs']);
  if (!ok) return { problem: `${file}: not a convsim sweep partial result (or a damaged one); run that shard again` };
  return { dir, sha256: createHash('sha256').update(bytes).digest('hex'), convsim: json['convsim'] as string, shard: shard!, input: input!, jobs: json['jobs'] as Partial['jobs'] };
}

/** Every check across the partials: one line per problem. */
function consistency(parts: readonly Partial[]): string[] {
  const problems: string[] = [];
  const first = parts[0]!;
  for (const p of parts) {
    if (p.convsim !== VERSION) problems.push(`${p.dir}: written by convsim ${p.convsim}; this is convsim ${VERSION}: merge with the version that ran the shards (every shard must run the same version)`);
  }
  for (const p of parts.slice(1)) {
    if (p.input.sha256 !== first.input.sha256) problems.push(`${p.dir}: ran another scenario than ${first.dir} (${p.input.file}, SHA-256 ${p.input.sha256.slice(0, 12)}..., against ${first.input.file}, ${first.input.sha256.slice(0, 12)}...)`);
    else {
      const differs = (['file', 'sets', 'replications', 'confidence', 'warmup', 'metric'] as const).filter((k) => JSON.stringify(p.input[k]) !== JSON.stringify(first.input[k]));
      if (differs.length > 0) problems.push(`${p.dir}: ran with other settings than ${first.dir}: ${differs.join(', ')} differ`);
    }
    if (p.shard.count !== first.shard.count) problems.push(`${p.dir}: is shard ${p.shard.index}/${p.shard.count}, but ${first.dir} is one of ${first.shard.count}`);
  }
  if (problems.length > 0) return problems;
  const n = first.shard.count;
  const seen = new Map<number, string>();
  for (const p of parts) {
    const other = seen.get(p.shard.index);
    if (other !== undefined) problems.push(`${p.dir}: shard ${p.shard.index}/${n} is also ${other}; give each shard once`);
    seen.set(p.shard.index, p.dir);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) problems.push(`convsim: merge: missing ${missing.length === 1 ? 'shard' : 'shards'} ${missing.map((i) => `${i}/${n}`).join(', ')}: every shard's folder is needed`);
  return problems;
}

export async function mergeCommand(options: MergeOptions, io: RunIo): Promise<boolean> {
  const read = options.dirs.map(readPartial);
  const problems = read.flatMap((r) => ('problem' in r ? [r.problem] : []));
  if (problems.length > 0) throw new BadInput(problems);
  const parts = read as Partial[];
  const inconsistent = consistency(parts);
  if (inconsistent.length > 0) throw new BadInput(inconsistent);
  const input = parts[0]!.input;
  const p = prepareSweep(input);
  const byCell: (FigureRow | undefined)[][] = p.cells.map(() => new Array<FigureRow | undefined>(p.replications));
  for (const part of parts) {
    for (const j of part.jobs) {
      const slot = byCell[j.cell];
      if (slot === undefined || !Number.isInteger(j.replication) || j.replication < 1 || j.replication > p.replications || slot[j.replication - 1] !== undefined) {
        throw new BadInput([`${part.dir}: ${PARTIAL_FILE} has a replication that is out of place (cell ${j.cell}, replication ${j.replication}): the file is damaged; run that shard again`]);
      }
      slot[j.replication - 1] = j.row.map((x) => x ?? undefined);
    }
  }
  if (byCell.some((rows) => rows.some((r) => r === undefined))) throw new BadInput(['convsim: merge: the shards do not hold every replication of every cell: a partial result is damaged; run the shards again']);
  const out = outProblems(options.out);
  if (out.length > 0) throw new CannotWrite(out);

  const sweep = finishSweep(p, byCell as FigureRow[][], input.warmup, fixedWarmupRule(input.warmup));
  const provenance = {
    convsim: VERSION,
    command: ['convsim', ...io.argv],
    scenario: { file: input.file, name: sweep.scenario.name, sha256: input.sha256 },
    seed: sweep.seed,
    parameters: { merged: parts.map((x) => ({ dir: x.dir, shard: `${x.shard.index}/${x.shard.count}`, sha256: x.sha256 })), sets: input.sets },
    node: process.version,
    started_at: new Date().toISOString(),
  };
  const folder = ReportFolder.open(options.out, sweep.scenario.name, [...SWEEP_FILES], provenance);
  try {
    await publishSweep(folder, sweep, io);
    return true;
  } finally {
    folder.abandon();
  }
}
