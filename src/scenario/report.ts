// A scenario's `report` section (how `convsim report` replicates it) and its `expect` section
// (thresholds judged on the confidence intervals). Figure names are checked by the report layer,
// which knows them; here, the shapes and the bounds.

import { Problems, duration, isObject, join, type Json } from './problems.js';

export const COMPARISONS = ['<', '<=', '>', '>=', '=='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export interface Bound {
  readonly comparison: Comparison;
  readonly value: number;
  /** As written, for messages and the page. */
  readonly text: string;
}

export interface ReportSettings {
  /** Seconds, or 'auto' (MSER-5). */
  readonly warmup: number | 'auto' | undefined;
  readonly replications: number | undefined;
  readonly confidence: number | undefined;
}

export const MAX_REPLICATIONS = 10_000;

// Linear: an operator, a plain decimal number; nothing nested.
const BOUND = /^\s*(<=|>=|==|<|>)\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*$/;

/** `"< 800"` as a Bound, or undefined. */
export function parseBound(text: string): Bound | undefined {
  if (text.length > 100) return undefined;
  const m = BOUND.exec(text);
  if (m === null) return undefined;
  const value = Number(m[2]);
  return Number.isFinite(value) ? { comparison: m[1] as Comparison, value, text: text.trim() } : undefined;
}

export function checkExpect(p: Problems, value: Json | undefined): Map<string, Bound> | undefined {
  if (value === undefined) return new Map();
  if (!isObject(value)) {
    p.add('expect', 'expected an object of thresholds like {"identityOpen.p99": "< 800"}', value);
    return undefined;
  }
  const out = new Map<string, Bound>();
  for (const [name, text] of Object.entries(value)) {
    const bound = typeof text === 'string' ? parseBound(text) : undefined;
    if (bound === undefined) p.add(join('expect', name), 'expected a bound like "< 800", "<= 0.01", ">= 5" or "== 0"', text);
    else out.set(name, bound);
  }
  return out;
}

export function checkReportSettings(p: Problems, value: Json | undefined): ReportSettings | undefined {
  if (value === undefined) return { warmup: undefined, replications: undefined, confidence: undefined };
  const o = p.object(value, 'report', ['warmup', 'replications', 'confidence']);
  if (o === undefined) return undefined;
  const before = p.count;
  const warmup = o['warmup'] === undefined ? undefined : o['warmup'] === 'auto' ? 'auto' : duration(p, o['warmup'], 'report.warmup');
  const replications = o['replications'];
  if (replications !== undefined && !(typeof replications === 'number' && Number.isInteger(replications) && replications >= 2 && replications <= MAX_REPLICATIONS)) {
    p.add('report.replications', `expected a whole number from 2 to ${MAX_REPLICATIONS}`, replications);
  }
  const confidence = o['confidence'];
  if (confidence !== undefined && !(typeof confidence === 'number' && confidence >= 0.5 && confidence <= 0.999)) {
    p.add('report.confidence', 'expected a number from 0.5 to 0.999, like 0.95', confidence);
  }
  if (p.count > before) return undefined;
  return { warmup, replications: replications as number | undefined, confidence: confidence as number | undefined };
}
