// A sweep's results and its files: every cell (one combination of the swept values) with every
// figure's interval and the `expect` verdicts; the chosen metric's paired differences between
// neighbouring cells (common random numbers: replication i of every cell ran with the same
// seed); and, for `--find`, the evaluated points and the answer. sweep.csv (a row per cell),
// sweep.json, sweep.html (heat map, line charts, tables) and the terminal's table. Pure.

import type * as vl from 'vega-lite';
import { formatDurationS } from '../engine/duration.js';
import { estimate, pairedDifferences, type Estimate } from '../stats/interval.js';
import type { FindResult } from '../sweep/find.js';
import { csvChunks, type Cell } from './csv.js';
import { escapeHtml as escape } from './escape.js';
import { FIGURE_NAMES, type Figure } from './figures.js';
import { CHART, FONT, number, page, svg, terminalNumber } from './page.js';
import type { Judgement } from './verdicts.js';

export const SWEEP_FILES = ['sweep.html', 'sweep.json', 'sweep.csv'] as const;
/** The layout of sweep.json: bumped when a field changes meaning or goes. */
export const SWEEP_VERSION = 1;

export interface SweepCell {
  /** The value of each dimension, as written. */
  readonly values: readonly string[];
  readonly replications: number;
  /** Where this cell's statistics start. */
  readonly fromS: number;
  readonly figures: readonly Figure[];
  readonly judgements: readonly Judgement[];
}

export interface FindOutcome {
  readonly path: string;
  readonly between: readonly [string, string];
  readonly step: string;
  readonly until: string;
  readonly largest: boolean;
  /** The parameter is a duration (seconds): charts show hours. */
  readonly duration: boolean;
  readonly maxReplications: number;
  readonly result: FindResult;
  /** A value of the parameter as the outputs write it (a duration, a number). */
  readonly show: (x: number) => string;
}

export interface Sweep {
  readonly scenario: { readonly name: string; readonly file: string };
  readonly seed: number;
  readonly replications: number;
  readonly confidence: number;
  readonly fromS: number;
  readonly warmupRule: string;
  /** Every `--set` as written. */
  readonly overrides: readonly string[];
  readonly dimensions: readonly { readonly path: string; readonly values: readonly string[] }[];
  readonly metric: string;
  readonly cells: readonly SweepCell[];
  readonly find: FindOutcome | undefined;
}

/** The metric's difference between two cells one step apart along a dimension. */
export interface Neighbour {
  readonly dimension: number;
  readonly from: number;
  readonly to: number;
  /** `to` minus `from`, replication by replication (the replications both have). */
  readonly difference: Estimate;
  /** What the difference's half-width would be from two independent samples: sqrt(a^2 + b^2). */
  readonly unpairedHalfWidth: number;
  readonly significant: boolean;
}

const metricOf = (sweep: Sweep, cell: SweepCell): Figure => cell.figures[FIGURE_NAMES.indexOf(sweep.metric)]!;

export function neighbours(sweep: Sweep): Neighbour[] {
  const out: Neighbour[] = [];
  const sizes = sweep.dimensions.map((d) => d.values.length);
  const stride = sizes.map((_, d) => sizes.slice(d + 1).reduce((a, b) => a * b, 1));
  sweep.cells.forEach((cell, from) => {
    sizes.forEach((size, d) => {
      const k = Math.floor(from / stride[d]!) % size;
      if (k + 1 >= size) return;
      const to = from + stride[d]!;
      const a = metricOf(sweep, cell);
      const b = metricOf(sweep, sweep.cells[to]!);
      const diffs = pairedDifferences(a.values, b.values);
      if (diffs.length < 2 || a.estimate === undefined || b.estimate === undefined) return;
      const difference = estimate(diffs, sweep.confidence);
      out.push({ dimension: d, from, to, difference, unpairedHalfWidth: Math.hypot(a.estimate.halfWidth, b.estimate.halfWidth), significant: difference.low > 0 || difference.high < 0 });
    });
  });
  return out;
}

const round = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 1e6) / 1e6);
const rounded = (e: Estimate | undefined) => (e === undefined ? null : { mean: round(e.mean), low: round(e.low), high: round(e.high) });

export function sweepJson(sweep: Sweep): string {
  const f = sweep.find;
  return `${JSON.stringify(
    {
      version: SWEEP_VERSION,
      scenario: sweep.scenario,
      seed: sweep.seed,
      replications: sweep.replications,
      confidence: sweep.confidence,
      statistics_from_s: sweep.fromS,
      warmup: sweep.warmupRule,
      overrides: sweep.overrides,
      dimensions: sweep.dimensions,
      metric: sweep.metric,
      cells: sweep.cells.map((c) => ({
        values: Object.fromEntries(c.values.map((v, d) => [sweep.dimensions[d]!.path, v])),
        replications: c.replications,
        statistics_from_s: c.fromS,
        figures: Object.fromEntries(c.figures.map((x) => [x.name, rounded(x.estimate)])),
        expect: c.judgements.map((j) => ({ figure: j.figure, bound: j.bound.text, verdict: j.verdict })),
      })),
      neighbours: neighbours(sweep).map((n) => ({
        dimension: sweep.dimensions[n.dimension]!.path,
        from: n.from,
        to: n.to,
        difference: rounded(n.difference),
        unpaired_half_width: round(n.unpairedHalfWidth),
        paired_half_width: round(n.difference.halfWidth),
        significant: n.significant,
      })),
      ...(f === undefined
        ? {}
        : {
            find: {
              parameter: f.path,
              between: f.between,
              step: f.step,
              until: f.until,
              direction: f.largest ? 'largest' : 'smallest',
              max_replications: f.maxReplications,
              status: f.result.status,
              answer: f.result.answer === undefined ? null : f.show(f.result.answer),
              fails_at: f.result.failsAt === undefined ? null : f.show(f.result.failsAt),
              monotone: f.result.violations.length === 0,
              violations: f.result.violations,
              points: f.result.points.map((p) => ({ value: f.show(p.x), replications: p.replications, metric: rounded(p.estimate), verdict: p.verdict })),
            },
          }),
    },
    null,
    2,
  )}\n`;
}

export function sweepCsv(sweep: Sweep): Iterable<string> {
  const expectNames = sweep.cells[0]?.judgements.map((j) => `expect ${j.figure} ${j.bound.text}`) ?? [];
  const header = [...sweep.dimensions.map((d) => d.path), 'replications', ...FIGURE_NAMES.flatMap((n) => [`${n}.mean`, `${n}.low`, `${n}.high`]), ...expectNames];
  const cell = (x: number | undefined): Cell => (x === undefined ? '' : (round(x) as number));
  const rows = sweep.cells.map((c): Cell[] => [
    ...c.values,
    c.replications,
    ...c.figures.flatMap((x) => [cell(x.estimate?.mean), cell(x.estimate?.low), cell(x.estimate?.high)]),
    ...c.judgements.map((j) => j.verdict),
  ]);
  return csvChunks(header, rows);
}

/** The metric as a short text: mean ± half-width. */
function short(e: Estimate | undefined): string {
  if (e === undefined) return '-';
  const show = terminalNumber;
  return `${show(e.mean)} ±${show(e.halfWidth)}`;
}

/** The dimensions with more than one value: the axes of the tables and charts. */
function axes(sweep: Sweep): number[] {
  return sweep.dimensions.flatMap((d, i) => (d.values.length > 1 ? [i] : []));
}

function verdictCounts(cell: SweepCell): string {
  const count = (v: string) => cell.judgements.filter((j) => j.verdict === v).length;
  return cell.judgements.length === 0 ? '' : `${count('pass')} pass, ${count('fail')} fail, ${count('inconclusive')} inconclusive`;
}

/** The terminal's account: the metric over the first two swept dimensions (a grid per value of the rest). */
export function sweepTable(sweep: Sweep): string[] {
  const pct = Math.round(sweep.confidence * 100);
  const lines = [`${sweep.scenario.name}: ${sweep.cells.length} cells x ${sweep.replications} replications (common random numbers), ${sweep.metric}: mean ±${pct}% half-width, statistics from ${formatDurationS(sweep.fromS)}`];
  const ax = axes(sweep);
  if (sweep.find !== undefined || ax.length < 2) {
    const shown = ax.length === 0 ? [0] : ax;
    for (const c of sweep.cells) {
      lines.push(`  ${shown.map((d) => `${sweep.dimensions[d]!.path}=${c.values[d]}`).join(' ').padEnd(40)} ${short(metricOf(sweep, c).estimate).padStart(18)}  ${c.replications} replications  ${verdictCounts(c)}`);
    }
  } else {
    const [a, b] = [ax[0]!, ax[1]!];
    const rest = ax.slice(2);
    const groups = new Map<string, SweepCell[]>();
    for (const c of sweep.cells) {
      const key = rest.map((d) => `${sweep.dimensions[d]!.path}=${c.values[d]}`).join(' ');
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const [key, cells] of groups) {
      if (key !== '') lines.push(`  ${key}`);
      const width = 18;
      lines.push(`  ${`${sweep.dimensions[a]!.path} \\ ${sweep.dimensions[b]!.path}`.padEnd(36)}${sweep.dimensions[b]!.values.map((v) => v.padStart(width)).join('')}`);
      for (const va of sweep.dimensions[a]!.values) {
        const row = sweep.dimensions[b]!.values.map((vb) => short(metricOf(sweep, cells.find((c) => c.values[a] === va && c.values[b] === vb)!).estimate).padStart(width));
        lines.push(`  ${va.padEnd(36)}${row.join('')}`);
      }
    }
  }
  const verdicts = sweep.cells.flatMap((c) => c.judgements);
  if (verdicts.length > 0) {
    const count = (v: string) => verdicts.filter((j) => j.verdict === v).length;
    lines.push(`  expect: ${count('pass')} pass, ${count('fail')} fail, ${count('inconclusive')} inconclusive, over ${sweep.cells.length} cells`);
  }
  const f = sweep.find;
  if (f !== undefined) lines.push(`  ${findSentence(f)}`);
  for (const v of f?.result.violations ?? []) lines.push(`  warning: not monotone: ${v}`);
  return lines;
}

/** The answer to `--find`, as one sentence. */
export function findSentence(f: FindOutcome): string {
  const r = f.result;
  const which = f.largest ? 'largest' : 'smallest';
  const [lo, hi] = f.between;
  switch (r.status) {
    case 'found':
      return `${which} ${f.path} with ${f.until}: ${f.show(r.answer!)} (it fails at ${f.show(r.failsAt!)})`;
    case 'edge':
      return `${which} ${f.path} with ${f.until}: ${f.show(r.answer!)}, the end of the range: it passes already at ${f.largest ? hi : lo}; widen --between to look further`;
    case 'inconclusive': {
      const fails = r.failsAt === undefined ? (f.largest ? hi : lo) : f.show(r.failsAt);
      const [a, b] = f.largest ? [f.show(r.answer!), fails] : [fails, f.show(r.answer!)];
      return `${which} ${f.path} with ${f.until}: inconclusive between ${a} and ${b}: it passes at ${f.show(r.answer!)}${r.failsAt === undefined ? '' : `, fails at ${f.show(r.failsAt)}`}, and ${f.maxReplications} replications (--max-replications) do not decide the values between`;
    }
    case 'none': {
      const end = f.largest ? lo : hi;
      const p = f.largest ? r.points[0] : r.points[r.points.length - 1];
      return `${which} ${f.path} with ${f.until}: none in ${lo} to ${hi}: at ${end} the threshold ${p?.verdict === 'fail' ? 'fails' : 'is still inconclusive'}`;
    }
  }
}

/** Draws the heat map's SVG tooltips: vega writes each cell's description as aria-label; a <title> child shows it on hover. */
function withTitles(svgText: string): string {
  return svgText
    .replace(/<path([^>]*?) aria-label="([^"]*)"([^>]*?)\/>/g, '<path$1 aria-label="$2"$3><title>$2</title></path>')
    .replace(/<text([^>]*?) aria-label="([^"]*)"([^>]*?)>([^<]*)<\/text>/g, '<text$1 aria-label="$2"$3>$4<title>$2</title></text>');
}

export async function sweepHtml(sweep: Sweep): Promise<string> {
  const pct = Math.round(sweep.confidence * 100);
  const dims = sweep.dimensions;
  const ax = axes(sweep);
  const label = (c: SweepCell, which: readonly number[]) => which.map((d) => `${dims[d]!.path}=${c.values[d]}`).join(', ');
  const metric = (c: SweepCell) => metricOf(sweep, c);
  const range = (e: Estimate | undefined): string => (e === undefined ? 'n/a' : `${number(e.mean)} <span class="ci">(${number(e.low)} to ${number(e.high)})</span>`);
  const unit = sweep.cells[0] === undefined ? '' : metric(sweep.cells[0]).label;
  const row = (c: SweepCell) => {
    const e = metric(c).estimate;
    return { ...Object.fromEntries(c.values.map((v, d) => [`d${d}`, v])), rest: label(c, ax.slice(2)) || ' ', mean: e?.mean ?? null, low: e?.low ?? null, high: e?.high ?? null, text: e === undefined ? 'n/a' : number(e.mean), description: e === undefined ? `${label(c, ax)}: not measured` : `${label(c, ax)}: ${number(e.mean)} (${pct}% interval ${number(e.low)} to ${number(e.high)})` };
  };
  const values = sweep.cells.map(row);
  const charts: string[] = [];

  if (ax.length >= 2 && sweep.find === undefined) {
    const [a, b] = [ax[0]!, ax[1]!];
    const spec = {
      ...FONT,
      data: { values },
      ...(ax.length > 2 ? { facet: { row: { field: 'rest', type: 'nominal', title: null } }, spec: heat(a, b) } : heat(a, b)),
      title: `${sweep.metric}: mean of ${sweep.replications} replications (hover a cell for its ${pct}% interval)`,
    };
    charts.push(withTitles(await svg(spec as unknown as vl.TopLevelSpec)));
  }
  function heat(a: number, b: number) {
    const x = { field: `d${b}`, type: 'ordinal', sort: dims[b]!.values, title: dims[b]!.path, axis: { labelAngle: 0, orient: 'top' } };
    const y = { field: `d${a}`, type: 'ordinal', sort: dims[a]!.values, title: dims[a]!.path };
    return {
      width: Math.min(640, Math.max(240, 110 * dims[b]!.values.length)),
      height: Math.min(480, Math.max(120, 44 * dims[a]!.values.length)),
      encoding: { x, y },
      layer: [
        { mark: { type: 'rect' }, encoding: { color: { field: 'mean', type: 'quantitative', title: sweep.metric, scale: { scheme: 'oranges' } }, description: { field: 'description' } } },
        { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'text' }, description: { field: 'description' } } },
      ],
    };
  }

  // The metric against each swept dimension, one line per combination of the others.
  for (const d of sweep.find === undefined ? ax : [dims.length - 1]) {
    const others = ax.filter((o) => o !== d);
    const points = sweep.cells.map((c) => ({ ...row(c), x: c.values[d]!, series: others.map((o) => c.values[o]).join(', ') || sweep.metric }));
    const legend = { field: 'series', type: 'nominal', title: null, sort: [...new Set(points.map((p) => p.series))], legend: { labelLimit: 300, orient: 'right' } };
    const byWhat = others.length === 0 ? '' : `, a line per ${others.map((o) => dims[o]!.path).join(', ')}`;
    const threshold = sweep.cells[0]?.judgements.find((j) => j.figure === sweep.metric)?.bound;
    // A search's points lie unevenly on a numeric scale: drawn to scale (durations in hours), with the answer marked.
    const f = sweep.find;
    const scaled = f === undefined ? undefined : (x: number) => (f.duration ? x / 3_600 : x);
    if (f !== undefined) points.forEach((p, i) => ((p as { x: string | number }).x = scaled!(f.result.points[i]!.x)));
    const xEnc =
      f === undefined
        ? { field: 'x', type: 'ordinal', sort: dims[d]!.values.length > 1 ? [...new Set(points.map((p) => p.x))] : undefined, title: dims[d]!.path, axis: { labelAngle: 0 } }
        : { field: 'x', type: 'quantitative', title: `${dims[d]!.path}${f.duration ? ' (hours)' : ''}`, scale: { zero: false } };
    const answerRule = f?.result.answer === undefined ? [] : [{ data: { values: [{ x: scaled!(f.result.answer) }] }, mark: { type: 'rule', color: '#2a7d2a', strokeDash: [2, 2] }, encoding: { x: { field: 'x', type: 'quantitative' } } }];
    charts.push(
      await svg({
        ...CHART,
        ...FONT,
        title: `${sweep.metric} against ${dims[d]!.path} (${pct}% intervals${byWhat}${threshold === undefined ? '' : `; the threshold ${threshold.text} in red`}${answerRule.length === 0 ? '' : '; the answer in green'})`,
        layer: [
          { data: { values: points }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: xEnc, y: { field: 'low', type: 'quantitative', title: sweep.metric }, y2: { field: 'high' }, color: legend } },
          { data: { values: points }, mark: { type: 'line', point: true }, encoding: { x: xEnc, y: { field: 'mean', type: 'quantitative' }, color: legend } },
          ...(threshold === undefined ? [] : [{ data: { values: [{ y: threshold.value }] }, mark: { type: 'rule', color: '#d62728', strokeDash: [4, 3] }, encoding: { y: { field: 'y', type: 'quantitative' } } }]),
          ...answerRule,
        ],
      } as unknown as vl.TopLevelSpec),
    );
  }

  const expectNames = sweep.cells[0]?.judgements.map((j) => `${j.figure} ${j.bound.text}`) ?? [];
  const all = dims.map((_, i) => i);
  const valueCells = (c: SweepCell, which: readonly number[]) => which.map((d) => `<td>${escape(c.values[d]!)}</td>`).join('');
  const dimHeads = (which: readonly number[]) => which.map((d) => `<th><code>${escape(dims[d]!.path)}</code></th>`).join('');
  const cellRows = sweep.cells.map((c) => `<tr>${valueCells(c, all)}<td>${c.replications}</td><td>${range(metric(c).estimate)}</td>${c.judgements.map((j) => `<td class="${j.verdict}">${j.verdict}</td>`).join('')}</tr>`).join('\n');
  const near = neighbours(sweep);
  const nearRows = near
    .map((n) => `<tr${n.significant ? ' class="significant"' : ''}>${valueCells(sweep.cells[n.from]!, ax)}<td>${escape(dims[n.dimension]!.path)} = ${escape(sweep.cells[n.to]!.values[n.dimension]!)}</td><td>${range(n.difference)}</td><td>±${number(n.difference.halfWidth)} (unpaired ±${number(n.unpairedHalfWidth)})</td></tr>`)
    .join('\n');
  const f = sweep.find;
  const answer =
    f === undefined
      ? ''
      : `<h2>The answer</h2>
<p class="answer"><strong>${escape(findSentence(f))}</strong>.</p>
<p class="meta">Bisection over ${escape(f.path)} from ${escape(f.between[0])} to ${escape(f.between[1])} in steps of ${escape(f.step)}, judging ${escape(f.until)} on each point's ${pct}% interval; a point still inconclusive got more replications, up to ${f.maxReplications}. ${f.result.violations.length === 0 ? 'The evaluated points are monotone, as the search assumes.' : `<strong>Not monotone</strong>, so the answer may be wrong: ${f.result.violations.map(escape).join('; ')}.`}</p>`;
  const fixed = dims.filter((d) => d.values.length === 1).map((d) => `${d.path}=${d.values[0]}`);

  return page(
    `Sweep: ${sweep.scenario.name}`,
    `<h1>Sweep: ${escape(sweep.scenario.name)}</h1>
<p class="meta">${sweep.cells.length} ${f === undefined ? 'cells' : 'evaluated points'}${f === undefined ? ` (${ax.map((d) => `${dims[d]!.values.length} values of ${escape(dims[d]!.path)}`).join(' x ') || 'one configuration'})` : ''}, ${sweep.replications} replications each${f === undefined ? '' : ' at least'}, with common random numbers: replication i of every cell ran with the same seed (from ${sweep.seed}), so differences between cells are measured replication by replication. Statistics from ${escape(formatDurationS(sweep.fromS))} (${escape(sweep.warmupRule)}); ${pct}% intervals in parentheses.${fixed.length === 0 ? '' : ` Fixed: ${escape(fixed.join(', '))}.`}</p>
<p class="meta">Metric: <code>${escape(sweep.metric)}</code>, ${escape(unit)}.</p>
${answer}
<h2>Charts</h2>
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
<h2>Every ${f === undefined ? 'cell' : 'point'}</h2>
<table>
<thead><tr>${dimHeads(all)}<th>replications</th><th>${escape(sweep.metric)} (${pct}% interval)</th>${expectNames.map((n) => `<th>${escape(n)}</th>`).join('')}</tr></thead>
<tbody>
${cellRows}
</tbody>
</table>
${
  near.length === 0
    ? ''
    : `<h2>Neighbouring ${f === undefined ? 'cells' : 'points'}: paired differences</h2>
<p class="meta">The change in ${escape(sweep.metric)} one step along a dimension, replication by replication; highlighted where the interval excludes zero. Common random numbers make these intervals narrower than two independent samples would (in parentheses).</p>
<table>
<thead><tr>${dimHeads(ax)}<th>one step to</th><th>difference (${pct}% interval)</th><th>half-width</th></tr></thead>
<tbody>
${nearRows}
</tbody>
</table>`
}
<h2>Files</h2>
<p class="meta">sweep.csv has a row per ${f === undefined ? 'cell' : 'point'} with every figure's mean and interval; sweep.json the same, with the paired differences${f === undefined ? '' : ' and the search'}.${sweep.overrides.length === 0 ? '' : ` Command-line changes: ${escape(sweep.overrides.join(' '))}.`}</p>`,
  );
}
