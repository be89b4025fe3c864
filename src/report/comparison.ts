// Two configurations side by side, with common random numbers: replication i of both ran with
// the same seed, so each figure's difference is measured replication by replication, and its
// paired interval is narrower than two separate intervals would allow. Pure: text from results.

import { formatDurationS } from '../engine/duration.js';
import { estimate, pairedDifferences, type Estimate } from '../stats/interval.js';
import { csvChunks, type Cell } from './csv.js';
import { escapeHtml } from './escape.js';
import type { Figure } from './figures.js';
import { number, page, terminalNumber } from './page.js';
import type { Judgement } from './verdicts.js';

export interface FigurePair {
  readonly name: string;
  readonly label: string;
  readonly unit: Figure['unit'];
  readonly base: Estimate | undefined;
  readonly proposal: Estimate | undefined;
  /** Proposal minus base, replication by replication; undefined where either was not measured. */
  readonly difference: Estimate | undefined;
  /** The paired interval excludes zero. */
  readonly significant: boolean;
}

export function pairFigures(base: readonly Figure[], proposal: readonly Figure[], confidence: number): FigurePair[] {
  return base.map((b, k) => {
    const p = proposal[k]!;
    const diffs = pairedDifferences(b.values, p.values);
    const difference = diffs.length === b.values.length && diffs.length > 0 ? estimate(diffs, confidence) : undefined;
    const significant = difference !== undefined && (difference.low > 0 || difference.high < 0);
    return { name: b.name, label: b.label, unit: b.unit, base: b.estimate, proposal: p.estimate, difference, significant };
  });
}

const round = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 1e6) / 1e6);

export interface Comparison {
  readonly base: { readonly name: string; readonly file: string };
  readonly proposal: { readonly name: string; readonly file: string };
  readonly seed: number;
  readonly replications: number;
  readonly confidence: number;
  readonly fromS: number;
  readonly overrides: readonly string[];
  readonly pairs: readonly FigurePair[];
  readonly verdicts: { readonly base: readonly Judgement[]; readonly proposal: readonly Judgement[] };
}

export const COMPARE_VERSION = 1;

export function compareJson(c: Comparison): string {
  const e = (x: Estimate | undefined) => (x === undefined ? null : { mean: round(x.mean), low: round(x.low), high: round(x.high) });
  return `${JSON.stringify(
    {
      version: COMPARE_VERSION,
      base: c.base,
      proposal: c.proposal,
      seed: c.seed,
      replications: c.replications,
      confidence: c.confidence,
      statistics_from_s: c.fromS,
      overrides: c.overrides,
      figures: Object.fromEntries(c.pairs.map((p) => [p.name, { label: p.label, unit: p.unit, base: e(p.base), proposal: e(p.proposal), difference: e(p.difference), significant: p.significant }])),
      expect: {
        base: c.verdicts.base.map((j) => ({ figure: j.figure, bound: j.bound.text, verdict: j.verdict })),
        proposal: c.verdicts.proposal.map((j) => ({ figure: j.figure, bound: j.bound.text, verdict: j.verdict })),
      },
    },
    null,
    2,
  )}\n`;
}

export function compareCsv(c: Comparison): Iterable<string> {
  const header = ['figure', 'base_mean', 'base_low', 'base_high', 'proposal_mean', 'proposal_low', 'proposal_high', 'difference_mean', 'difference_low', 'difference_high', 'significant'];
  const cell = (x: number | undefined): Cell => (x === undefined ? '' : (round(x) as number));
  const rows = c.pairs.map((p): Cell[] => [
    p.name,
    cell(p.base?.mean),
    cell(p.base?.low),
    cell(p.base?.high),
    cell(p.proposal?.mean),
    cell(p.proposal?.low),
    cell(p.proposal?.high),
    cell(p.difference?.mean),
    cell(p.difference?.low),
    cell(p.difference?.high),
    p.significant ? 1 : 0,
  ]);
  return csvChunks(header, rows);
}

/** The terminal's account: key figures side by side, the paired difference, then the verdicts. */
export function compareTable(c: Comparison): string[] {
  const key = ['open.mean', 'open.p99', 'identityOpen.p99', 'identityOpen.peak', 'identityOpen.refusedShare', 'lifetime.p50', 'webhooks.meanPerSecond', 'webhooks.worstMinute'];
  const show = (x: number | undefined): string => (x === undefined ? '-' : terminalNumber(x));
  const lines = [
    `${c.base.name} vs ${c.proposal.name}: ${c.replications} paired replications (common random numbers), statistics from ${formatDurationS(c.fromS)}, ${Math.round(c.confidence * 100)}% intervals`,
    `  ${'figure'.padEnd(28)} ${'base'.padStart(10)} ${'proposal'.padStart(10)}  difference`,
  ];
  for (const name of key) {
    const p = c.pairs.find((x) => x.name === name)!;
    const d = p.difference;
    lines.push(`  ${name.padEnd(28)} ${show(p.base?.mean).padStart(10)} ${show(p.proposal?.mean).padStart(10)}  ${d === undefined ? '-' : `${show(d.mean)} [${show(d.low)}, ${show(d.high)}]${p.significant ? ' *' : ''}`}`);
  }
  lines.push('  (* the paired interval excludes zero)');
  for (const [who, js] of [
    ['base', c.verdicts.base],
    ['proposal', c.verdicts.proposal],
  ] as const) {
    for (const j of js) lines.push(`  expect ${j.figure} ${j.bound.text} (${who}): ${j.verdict.toUpperCase()}`);
  }
  return lines;
}

const escape = escapeHtml;

/** compare.html: the same self-contained style as report.html: sentences first, then the table. */
export function compareHtml(c: Comparison): string {
  const pct = Math.round(c.confidence * 100);
  const show = (x: number | undefined): string => (x === undefined ? 'n/a' : number(x));
  const range = (e: Estimate | undefined): string => (e === undefined ? 'n/a' : `${show(e.mean)} <span class="ci">(${show(e.low)} to ${show(e.high)})</span>`);
  const sentences = c.pairs
    .filter((p) => p.significant)
    .slice(0, 12)
    .map((p) => `<li>${escape(p.label)}: ${show(p.base?.mean)} with the base, ${show(p.proposal?.mean)} with the proposal; the difference is ${range(p.difference)}.</li>`);
  const verdicts = (['base', 'proposal'] as const).flatMap((who) =>
    c.verdicts[who].map((j) => `<li class="${j.verdict}"><strong>${j.verdict.toUpperCase()}</strong> (${who}): ${escape(j.figure)} ${escape(j.bound.text)}</li>`),
  );
  const rows = c.pairs
    .map((p) => `<tr${p.significant ? ' class="significant"' : ''}><td><code>${escape(p.name)}</code></td><td>${range(p.base)}</td><td>${range(p.proposal)}</td><td>${range(p.difference)}</td></tr>`)
    .join('\n');
  return page(`Comparison: ${c.base.name} vs ${c.proposal.name}`, `<h1>${escape(c.base.name)} vs ${escape(c.proposal.name)}</h1>
<p class="meta">${c.replications} paired replications with common random numbers (replication i of both with the same seed, from ${c.seed}); statistics from ${formatDurationS(c.fromS)}; ${pct}% intervals in parentheses; the difference is the proposal minus the base, replication by replication.${c.overrides.length === 0 ? '' : ` Overrides: ${escape(c.overrides.join(', '))}.`}</p>
<h2>What changes</h2>
<ul>
${sentences.length === 0 ? '<li>No figure differs significantly: every paired interval includes zero.</li>' : sentences.join('\n')}
</ul>
${verdicts.length === 0 ? '' : `<h2>Thresholds</h2>\n<ul>\n${verdicts.join('\n')}\n</ul>`}
<h2>Every figure</h2>
<table>
<thead><tr><th>figure</th><th>base</th><th>proposal</th><th>difference (paired)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`);
}
