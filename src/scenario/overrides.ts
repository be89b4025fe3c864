// `--set PATH=VALUE`: a one-value change to a scenario without copying the file. PATH addresses
// a value the way problem lines name fields (`traffic.timers[0].closed`, `account.defaultTimers.
// inactive`); `*` stands for every entry of an array (`traffic.arrivals.*.ratePerHour`). VALUE is
// JSON when it parses as JSON (10, true, "x", {...}), else a string (P30D); `x0.8` scales a number.
// The change is made to the file's JSON before validation, so each value is judged as that field
// would be, and a problem it causes names the --set.

import type { Json } from './problems.js';
import { isObject } from './problems.js';
import { closest } from './suggest.js';

export interface Override {
  /** As the user wrote it, for messages and provenance. */
  readonly text: string;
  readonly path: readonly (string | number | '*')[];
  readonly value: { readonly kind: 'set'; readonly json: Json } | { readonly kind: 'scale'; readonly factor: number };
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*|\*)((?:\[\d{1,9}\])*)$/;

/** `PATH=VALUE` as an Override, or the reason it is not one. */
export function parseOverride(text: string): Override | { problem: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) return { problem: `convsim: --set ${text}: expected PATH=VALUE, like traffic.agents.count=40` };
  const pathText = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  const path: (string | number | '*')[] = [];
  for (const part of pathText.split('.')) {
    const m = SEGMENT.exec(part);
    if (m === null) return { problem: `convsim: --set ${text}: "${pathText}" is not a field path like traffic.timers[0].closed` };
    path.push(m[1]!);
    for (const index of m[2]!.match(/\d+/g) ?? []) path.push(Number(index));
  }
  const scale = /^x(\d+(?:\.\d+)?)$/.exec(raw);
  if (scale !== null) return { text, path, value: { kind: 'scale', factor: Number(scale[1]) } };
  let json: Json;
  try {
    json = JSON.parse(raw) as Json;
  } catch {
    json = raw;
  }
  return { text, path, value: { kind: 'set', json } };
}

/** The path as problem lines write it (`a.b[0].c`), `*` kept. */
export function pathText(path: readonly (string | number | '*')[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '');
}

/** Applies every override it can to a copy of `doc`, with a problem line (naming the --set) for each it cannot. */
export function applyOverrides(file: string, doc: Json, overrides: readonly Override[]): { doc: Json; problems: string[] } {
  const problems: string[] = [];
  let copy = structuredClone(doc);
  for (const o of overrides) {
    const problem = apply(copy, o.path, o, (v) => (copy = v));
    if (problem !== undefined) problems.push(`${file}: ${pathText(o.path)}: ${problem} (--set ${o.text})`);
  }
  return { doc: copy, problems };
}

function apply(node: Json, path: readonly (string | number | '*')[], o: Override, replaceRoot: (v: Json) => void): string | undefined {
  if (path.length === 0) {
    const next = newValue(node, o);
    if (typeof next === 'string' && o.value.kind === 'scale') return next;
    replaceRoot(next as Json);
    return undefined;
  }
  const head = path[0]!;
  const rest = path.slice(1);
  if (head === '*') {
    if (!Array.isArray(node)) return `"*" needs an array here; got ${describe(node)}`;
    for (let i = 0; i < node.length; i++) {
      const problem = apply(node[i]!, rest, o, (v) => (node[i] = v));
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof head === 'number') {
    if (!Array.isArray(node)) return `[${head}] needs an array here; got ${describe(node)}`;
    if (head >= node.length) return `there is no entry [${head}]: the array has ${node.length}`;
    return apply(node[head]!, rest, o, (v) => (node[head] = v));
  }
  if (!isObject(node)) return `"${head}" needs an object here; got ${describe(node)}`;
  // A key that is not there yet may be added (validation then judges it); only its parents must exist.
  if (!(head in node) && rest.length > 0) {
    const hint = closest(head, Object.keys(node));
    return `there is no "${head}" to change inside${hint === undefined ? '' : `; did you mean "${hint}"?`}`;
  }
  if (rest.length === 0) {
    const next = newValue(node[head], o);
    if (typeof next === 'string' && o.value.kind === 'scale') return next;
    node[head] = next as Json;
    return undefined;
  }
  return apply(node[head]!, rest, o, (v) => (node[head] = v));
}

/** The value to put in place of `current`, or (for a scale) the reason it cannot be scaled. */
function newValue(current: Json | undefined, o: Override): Json | string {
  if (o.value.kind === 'set') return o.value.json;
  if (typeof current !== 'number') return `x${o.value.factor} scales a number; the value there is ${describe(current ?? null)}`;
  return current * o.value.factor;
}

function describe(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : JSON.stringify(v).slice(0, 40);
}

/** Adds "(--set ...)" to problem lines about a field an override changed: the user sees why. */
export function blameOverrides(file: string, lines: readonly string[], overrides: readonly Override[]): string[] {
  if (overrides.length === 0) return [...lines];
  const patterns = overrides.map((o) => {
    const source = o.path
      .map((p, i) => (p === '*' ? '\\[\\d+\\]' : typeof p === 'number' ? `\\[${p}\\]` : `${i === 0 ? '' : '\\.'}${p}`))
      .join('');
    return { o, re: new RegExp(`^${source}(?![A-Za-z0-9_])`) };
  });
  const prefix = `${file}: `;
  return lines.map((line) => {
    if (!line.startsWith(prefix)) return line;
    const path = line.slice(prefix.length, line.indexOf(': ', prefix.length));
    const hit = patterns.find((p) => p.re.test(path));
    return hit === undefined ? line : `${line} (--set ${hit.o.text})`;
  });
}
