// report.html: one self-contained page (no script, no font, no request of any kind) for a
// manager. The answer first, a sentence per threshold and per key figure; then the charts,
// rendered to inline SVG here by vega-lite (vega's SVG renderer needs no canvas); then every
// figure with its interval and theory; the scenario itself, collapsed. Readable printed.

import type * as vl from 'vega-lite';
import { formatDurationS } from '../engine/duration.js';
import { MAX_OPEN_CONVERSATIONS_PER_IDENTITY } from '../engine/settings.js';
import { LOG_BUCKETS } from '../stats/histogram.js';
import { estimate } from '../stats/interval.js';
import { kaplanMeier } from '../stats/survival.js';
import type { Report } from './capacity.js';
import { escapeHtml } from './escape.js';
import type { Figure } from './figures.js';
import { CHART, FONT, number, page, svg } from './page.js';

const escape = escapeHtml;

function seconds(x: number): string {
  return x >= 60 ? `${formatDurationS(Math.round(x))} (${number(x)} s)` : `${number(x)} s`;
}

function valueOf(f: Figure, x: number): string {
  return f.unit === 'seconds' ? seconds(x) : f.unit === 'share' ? `${(100 * x).toPrecision(3)}%` : number(x);
}

function interval(f: Figure): string {
  const e = f.estimate;
  if (e === undefined) return 'beyond the run';
  return `${valueOf(f, e.mean)} <span class="ci">(${valueOf(f, e.low)} to ${valueOf(f, e.high)})</span>`;
}

export async function reportHtml(r: Report, scenarioText: string): Promise<string> {
  const s = r.scenario;
  const pct = Math.round(r.confidence * 100);
  const fig = (name: string): Figure => r.figures.find((f) => f.name === name)!;
  const hoursOf = (offsetS: number): number => Math.round((offsetS / 3_600) * 1e6) / 1e6;

  // The answer, a sentence each.
  const sentences: string[] = [];
  for (const j of r.judgements) {
    const f = fig(j.figure);
    const where = j.estimate === undefined ? 'it could not be measured' : `the ${pct}% interval is ${valueOf(f, j.estimate.low)} to ${valueOf(f, j.estimate.high)}`;
    const settle = j.replicationsToSettle === undefined ? '' : `; about ${j.replicationsToSettle} replications would likely settle it`;
    sentences.push(`<li class="${j.verdict}"><strong>${j.verdict.toUpperCase()}</strong>: ${escape(f.label)} ${escape(j.bound.text)}: ${where}${settle}.</li>`);
  }
  const peak = fig('identityOpen.peak');
  if (peak.estimate !== undefined) {
    sentences.push(
      `<li>The busiest agent holds at most ${interval(peak)} open conversations, ${number((100 * peak.estimate.mean) / MAX_OPEN_CONVERSATIONS_PER_IDENTITY)}% of the ${MAX_OPEN_CONVERSATIONS_PER_IDENTITY} limit; ${(100 * (fig('identityOpen.refusedShare').estimate?.mean ?? 0)).toPrecision(3)}% of agent adds were refused (50214).</li>`,
    );
  }
  sentences.push(`<li>Open conversations average ${interval(fig('open.mean'))}; 99% of the time there are at most ${interval(fig('open.p99'))}.</li>`);
  sentences.push(`<li>Half the conversations live up to ${interval(fig('lifetime.p50'))}, 95% up to ${interval(fig('lifetime.p95'))}.</li>`);
  sentences.push(`<li>The webhook consumer must absorb ${interval(fig('webhooks.meanPerSecond'))} events a second on average, and ${interval(fig('webhooks.worstMinute'))} in the worst minute.</li>`);

  // Charts.
  const first = r.replications[0]!;
  const rows = first.intervals.map((row, i) => {
    const startS = i === 0 ? 0 : first.intervals[i - 1]!.endS;
    const minutes = (row.endS - startS) / 60;
    const band = (value: (k: number) => number) => estimate(r.replications.map((_x, k) => value(k)), r.confidence);
    // Counts at the interval's end, all three alike (open = active + inactive).
    const open = band((k) => r.replications[k]!.intervals[i]!.active + r.replications[k]!.intervals[i]!.inactive);
    const active = band((k) => r.replications[k]!.intervals[i]!.active);
    const inactive = band((k) => r.replications[k]!.intervals[i]!.inactive);
    const hooks = band((k) => r.replications[k]!.intervals[i]!.webhooks / minutes);
    return { hour: hoursOf(row.endS), open, active, inactive, hooks };
  });
  const warmupHours = hoursOf(r.warmup.fromS);
  const warmupLayer = { data: { values: [{ from: 0, to: warmupHours }] }, mark: { type: 'rect', color: '#eeeeee' }, encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } } } as const;
  const overTime = await svg({
    ...CHART,
    ...FONT,
    title: `Conversations at each interval's end (mean of ${r.replications.length} replications, ${pct}% band on open; warm-up shaded)`,
    layer: [
      ...(warmupHours > 0 ? [warmupLayer] : []),
      {
        data: { values: rows.map((x) => ({ hour: x.hour, low: x.open.low, high: x.open.high })) },
        mark: { type: 'area', opacity: 0.25, color: '#1f77b4' },
        encoding: { x: { field: 'hour', type: 'quantitative', title: 'hours since start' }, y: { field: 'low', type: 'quantitative', title: 'conversations' }, y2: { field: 'high' } },
      },
      {
        data: {
          values: rows.flatMap((x) => [
            { hour: x.hour, state: 'open', n: x.open.mean },
            { hour: x.hour, state: 'active', n: x.active.mean },
            { hour: x.hour, state: 'inactive', n: x.inactive.mean },
          ]),
        },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: { x: { field: 'hour', type: 'quantitative' }, y: { field: 'n', type: 'quantitative' }, color: { field: 'state', type: 'nominal', title: null, scale: { domain: ['open', 'active', 'inactive'], range: ['#1f77b4', '#2ca02c', '#ff7f0e'] } } },
      },
    ],
  } as vl.TopLevelSpec);

  const agentShares: { n: number; share: number }[] = [];
  const pooled = new Float64Array(MAX_OPEN_CONVERSATIONS_PER_IDENTITY + 1);
  for (const x of r.replications) x.agentLevels.forEach((w, n) => (pooled[n]! += w));
  const totalAgentTime = pooled.reduce((a, b) => a + b, 0);
  pooled.forEach((w, n) => {
    if (w > 0) agentShares.push({ n, share: w / totalAgentTime });
  });
  const agents = await svg({
    ...CHART,
    ...FONT,
    title: `An agent's open conversations: share of agent time at each count (the ${MAX_OPEN_CONVERSATIONS_PER_IDENTITY} limit in red)`,
    layer: [
      { data: { values: agentShares }, mark: { type: 'bar', color: '#1f77b4', width: 2 }, encoding: { x: { field: 'n', type: 'quantitative', title: 'open conversations of one agent', scale: { domain: [0, MAX_OPEN_CONVERSATIONS_PER_IDENTITY + 20], nice: false } }, y: { field: 'share', type: 'quantitative', title: 'share of time', axis: { format: '%' } } } },
      { data: { values: [{ n: MAX_OPEN_CONVERSATIONS_PER_IDENTITY }] }, mark: { type: 'rule', color: '#d62728', strokeWidth: 2 }, encoding: { x: { field: 'n', type: 'quantitative' } } },
    ],
  } as vl.TopLevelSpec);

  const webhooks = await svg({
    ...CHART,
    ...FONT,
    title: `Webhooks per minute (interval averages, ${pct}% band; warm-up shaded)`,
    layer: [
      ...(warmupHours > 0 ? [warmupLayer] : []),
      { data: { values: rows.map((x) => ({ hour: x.hour, low: Math.max(0, x.hooks.low), high: x.hooks.high })) }, mark: { type: 'area', opacity: 0.25, color: '#9467bd' }, encoding: { x: { field: 'hour', type: 'quantitative', title: 'hours since start' }, y: { field: 'low', type: 'quantitative', title: 'webhooks per minute' }, y2: { field: 'high' } } },
      { data: { values: rows.map((x) => ({ hour: x.hour, mean: x.hooks.mean })) }, mark: { type: 'line', color: '#9467bd' }, encoding: { x: { field: 'hour', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' } } },
    ],
  } as vl.TopLevelSpec);

  const ended = new Float64Array(LOG_BUCKETS);
  const censored = new Float64Array(LOG_BUCKETS);
  for (const x of r.replications) {
    for (const [b, c] of x.lifetime.ended) ended[b]! += c;
    for (const [b, c] of x.lifetime.censored) censored[b]! += c;
  }
  const km = kaplanMeier(ended, censored);
  const cdf: { hours: number; share: number }[] = [];
  for (let p = 0.01; p <= 0.995; p += 0.01) {
    const q = km.quantile(p);
    if (q !== undefined) cdf.push({ hours: hoursOf(q), share: Math.round(p * 100) / 100 });
  }
  const lifetime = await svg({
    ...CHART,
    ...FONT,
    title: 'Conversation lifetime: share closed by each age (Kaplan-Meier; those still open at the end are censored)',
    data: { values: cdf },
    mark: { type: 'line', interpolate: 'step-after', color: '#2ca02c' },
    encoding: { x: { field: 'hours', type: 'quantitative', title: 'hours from creation to close' }, y: { field: 'share', type: 'quantitative', title: 'share closed', axis: { format: '%' }, scale: { domain: [0, 1] } } },
  } as vl.TopLevelSpec);

  // Tables.
  const theoryOf = (name: string): string =>
    r.theory
      .filter((t) => t.figure === name)
      .map((t) =>
        t.value === undefined
          ? `${escape(t.model)}: n/a (${escape(t.unavailable ?? '')})`
          : `${escape(t.model)}: ${number(t.value)}${t.relativeError === undefined ? '' : `, error ${(100 * t.relativeError).toFixed(1)}%`}, ${t.covered ? 'covered' : 'not covered'}`,
      )
      .join('<br>');
  const figureRows = r.figures
    .map((f) => `<tr><td><code>${escape(f.name)}</code></td><td>${escape(f.label)}</td><td class="num">${interval(f)}</td><td>${theoryOf(f.name)}</td></tr>`)
    .join('\n');

  return page(
    `Capacity report: ${s.name}`,
    `<h1>Capacity report: ${escape(s.name)}</h1>
<p class="meta">${escape(s.description)}</p>
<p class="meta">${r.replications.length} replications of ${escape(formatDurationS(s.untilS))} from ${escape(s.start)}, seed ${s.seed}; statistics from ${escape(formatDurationS(r.warmup.fromS))} (${escape(r.warmup.rule)}); ${pct}% confidence intervals in parentheses.</p>
<h2>The answer</h2>
<ul class="answer">
${sentences.join('\n')}
</ul>
<h2>Charts</h2>
<figure>${overTime}</figure>
<figure>${agents}</figure>
<figure>${webhooks}</figure>
<figure>${lifetime}</figure>
<h2>Every figure</h2>
<table>
<thead><tr><th>figure</th><th>what</th><th>mean (${pct}% interval)</th><th>theory</th></tr></thead>
<tbody>
${figureRows}
</tbody>
</table>
<h2>The scenario</h2>
<details><summary>${escape(s.file)}</summary>
<pre>${escape(scenarioText)}</pre>
</details>`,
    REPORT_STYLE,
  );
}

/** What the report adds to the shared style: the answer's spacing, the figure table's columns, the scenario, printed whole. */
const REPORT_STYLE = `ul.answer li { margin: 0.4em 0; }
th:nth-child(1) { width: 22%; } th:nth-child(2) { width: 30%; } th:nth-child(3) { width: 22%; } th:nth-child(4) { width: 26%; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
@media print { details { display: block; } details > summary { display: none; } }`;
