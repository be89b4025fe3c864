// sweep.html: a sweep's page (sweep.ts holds its data): the heat map of the metric over the first
// two swept parameters with an interval on every cell, a line chart per parameter, the paired
// differences between neighbouring cells, and every figure of every cell. Pure; charts as SVG.

import type * as vl from 'vega-lite';
import { formatDurationS } from '../engine/duration.js';
import type { Estimate } from '../stats/interval.js';
import { escapeHtml as escape } from './escape.js';
import { CHART, FONT, number, page, svg } from './page.js';
import { axes, findSentence, metricOf, neighbours, type Sweep, type SweepCell } from './sweep.js';

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
