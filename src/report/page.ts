// What every convsim page shares: numbers as a reader wants them, charts rendered to inline SVG
// by vega-lite (vega's SVG renderer needs no canvas: no script, no font, no request in the page),
// and the page's frame and style. Pages stay readable printed.

import type * as vl from 'vega-lite';
import { escapeHtml } from './escape.js';

/** A number for reading: thousands grouped, two decimals between 1 and 100, three digits below. */
export function number(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(3);
}

/** A number for a terminal column: no grouping, whole from 100, two decimals from 1, three digits below. */
export function terminalNumber(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** A vega-lite chart as an SVG element. vega is loaded on the first chart: commands without a page start faster. */
export async function svg(spec: vl.TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

export const CHART = { width: 640, height: 220 } as const;
export const FONT = { config: { font: 'sans-serif', view: { stroke: null } } } as const;

const STYLE = `body { font-family: sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.meta, .ci { color: #555; } .ci { white-space: nowrap; }
li.pass strong, td.pass { color: #2a7d2a; } li.fail strong, td.fail { color: #b22222; } li.inconclusive strong, td.inconclusive { color: #b8860b; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; table-layout: fixed; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
tr.significant td { background: #fff8e1; }
figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; } figure { page-break-inside: avoid; } h2 { page-break-after: avoid; } }`;

/** A whole page: the shared style (and a page's own rules after it), the title, the body. */
export function page(title: string, body: string, extraStyle?: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${STYLE}${extraStyle === undefined ? '' : `\n${extraStyle}`}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
