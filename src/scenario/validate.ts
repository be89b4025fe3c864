// Scenario files: parse and validate, reporting every problem at once (see problems.ts).
// The result is either a Scenario ready to run or the list of problem lines; never an exception.

import { formatDurationS } from '../engine/duration.js';
import { DEFAULT_SETTINGS, MIN_CLOSED_TIMER_S, MIN_INACTIVE_TIMER_S, type EngineSettings } from '../engine/settings.js';
import { parseTimestampS } from '../util/iso-time.js';
import { Problems, duration, type Json, type JsonObject } from './problems.js';
import { checkScript } from './script.js';
import { applyOverrides, blameOverrides, type Override } from './overrides.js';
import { checkExpect, checkReportSettings } from './report.js';
import { checkTraffic } from './traffic.js';
import type { Scenario } from './types.js';

export type Validation =
  | { readonly ok: true; readonly scenario: Scenario; /** Valid, but likely not what was meant: printed, exit 0. */ readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

const TOP_KEYS = ['name', 'description', 'start', 'until', 'seed', 'account', 'semantics', 'script', 'traffic', 'report', 'expect'] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const CLOSED_ONLY_CLOCKS = ['since-creation', 'since-last-message'] as const;

/**
 * Validates the text of a scenario file, after the `--set` overrides if any; `file` is only used
 * in the problem lines, which name the --set that caused them.
 */
export function parseScenario(file: string, text: string, overrides: readonly Override[] = []): Validation {
  const p = new Problems(file);
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    p.add('', `invalid JSON: ${jsonError(e, text)}`);
    return { ok: false, problems: p.report() };
  }
  if (overrides.length > 0) {
    const changed = applyOverrides(file, json, overrides);
    const v = validate(file, changed.doc, new Problems(file));
    const problems = [...changed.problems, ...(v.ok ? [] : blameOverrides(file, v.problems, overrides))];
    return problems.length === 0 ? v : { ok: false, problems };
  }
  return validate(file, json, p);
}

function validate(file: string, json: Json, p: Problems): Validation {
  const root = p.object(json, '', TOP_KEYS);
  if (root === undefined) return { ok: false, problems: p.report() };

  let name = p.string(root['name'], 'name', 'a name of letters, digits, ".", "_" and "-" (it names the report folder)');
  if (name !== undefined && !NAME.test(name)) {
    p.add('name', 'expected a name of letters, digits, ".", "_" and "-", at most 100, starting with a letter or digit (it names the report folder)', name);
    name = undefined;
  }
  const description = root['description'] === undefined ? '' : p.string(root['description'], 'description');
  const start = p.string(root['start'], 'start', 'a UTC timestamp like "2026-01-05T09:00:00Z"');
  const startEpochS = start === undefined ? undefined : parseTimestampS(start);
  if (start !== undefined && startEpochS === undefined) p.add('start', 'expected a UTC timestamp to the second, like "2026-01-05T09:00:00Z"', start);
  const untilS = positiveDuration(p, root['until'], 'until');
  const seed = root['seed'] === undefined ? 1 : wholeNumber(p, root['seed'], 'seed', 2 ** 32 - 1);
  const settings = checkSettings(p, root);

  const hasScript = root['script'] !== undefined;
  const hasTraffic = root['traffic'] !== undefined;
  if (hasScript && hasTraffic) p.add('', 'expected "script" or "traffic", not both: a scenario is either scripted or generated');
  if (!hasScript && !hasTraffic) p.add('script', 'missing; expected an array of actions (or a "traffic" section for generated traffic)');
  const script = hasScript ? checkScript(p, root['script'], untilS) : undefined;
  const traffic = hasTraffic ? checkTraffic(p, root['traffic'], untilS) : undefined;
  const report = checkReportSettings(p, root['report']);
  const expect = checkExpect(p, root['expect']);

  if (p.count > 0 || report === undefined || expect === undefined || name === undefined || start === undefined || startEpochS === undefined || untilS === undefined || seed === undefined || description === undefined || settings === undefined) {
    return { ok: false, problems: p.report() };
  }
  const base = { file, name, description, start, startEpochS, untilS, seed, settings, report, expect };
  let scenario: Scenario;
  if (script !== undefined) scenario = { ...base, kind: 'script', script };
  else if (traffic !== undefined) scenario = { ...base, kind: 'traffic', traffic };
  // Both, or neither, is a problem reported above.
  else throw new Error(`${file}: validated with neither a script nor traffic`);
  return { ok: true, scenario, warnings: warnings(scenario) };
}

/**
 * SPEC 4's modelling trap: autocreated conversations (an SMS/WhatsApp customer writing after a
 * close) take the account default timers, not traffic.timers, as Twilio does. With no defaults
 * they never change state, and open conversations pile up.
 */
function warnings(s: Scenario): string[] {
  if (s.kind !== 'traffic') return [];
  const t = s.traffic;
  if (t.timers === undefined || !s.settings.autoCreation) return [];
  if (s.settings.defaultInactiveS !== 0 || s.settings.defaultClosedS !== 0) return [];
  if (t.customers.channelWeights[1] === 0 && t.customers.channelWeights[2] === 0) return [];
  return [
    `${s.file}: account.defaultTimers: warning: SMS/WhatsApp customers who write after their conversation closed get an autocreated one, which takes the account default timers, not traffic.timers (as Twilio does); with none set, it never goes inactive or closes. Set account.defaultTimers, or keep this on purpose (summary.json counts them as autocreated_without_timers)`,
  ];
}

function checkSettings(p: Problems, root: JsonObject): EngineSettings | undefined {
  let settings: EngineSettings = DEFAULT_SETTINGS;
  let ok = true;
  if (root['account'] !== undefined) {
    const account = p.object(root['account'], 'account', ['defaultTimers', 'autoCreation']);
    if (account === undefined) ok = false;
    else {
      if (account['defaultTimers'] !== undefined) {
        const timers = p.object(account['defaultTimers'], 'account.defaultTimers', ['inactive', 'closed']);
        if (timers === undefined) ok = false;
        else {
          const inactive = defaultTimer(p, timers['inactive'], 'account.defaultTimers.inactive', MIN_INACTIVE_TIMER_S);
          const closed = defaultTimer(p, timers['closed'], 'account.defaultTimers.closed', MIN_CLOSED_TIMER_S);
          if (inactive === undefined || closed === undefined) ok = false;
          else settings = { ...settings, defaultInactiveS: inactive, defaultClosedS: closed };
        }
      }
      if (account['autoCreation'] !== undefined) {
        const autoCreation = p.boolean(account['autoCreation'], 'account.autoCreation');
        if (autoCreation === undefined) ok = false;
        else settings = { ...settings, autoCreation };
      }
    }
  }
  if (root['semantics'] !== undefined) {
    const semantics = p.object(root['semantics'], 'semantics', ['closedOnlyClock', 'participantAddIsActivity']);
    if (semantics === undefined) ok = false;
    else {
      if (semantics['closedOnlyClock'] !== undefined) {
        const clock = p.oneOf(semantics['closedOnlyClock'], 'semantics.closedOnlyClock', CLOSED_ONLY_CLOCKS);
        if (clock === undefined) ok = false;
        else settings = { ...settings, closedOnlyClock: clock };
      }
      if (semantics['participantAddIsActivity'] !== undefined) {
        const add = p.boolean(semantics['participantAddIsActivity'], 'semantics.participantAddIsActivity');
        if (add === undefined) ok = false;
        else settings = { ...settings, participantAddIsActivity: add };
      }
    }
  }
  return ok ? settings : undefined;
}

/** An account default timer: absent or PT0S is "none"; otherwise at least the minimum. */
function defaultTimer(p: Problems, value: Json | undefined, path: string, minS: number): number | undefined {
  if (value === undefined) return 0;
  const seconds = duration(p, value, path);
  if (seconds === undefined) return undefined;
  if (seconds !== 0 && seconds < minS) {
    p.add(path, `expected "PT0S" (no default) or at least ${minS} seconds (${formatDurationS(minS)})`, value);
    return undefined;
  }
  return seconds;
}

function positiveDuration(p: Problems, value: Json | undefined, path: string): number | undefined {
  const seconds = duration(p, value, path);
  if (seconds === 0) {
    p.add(path, 'expected a duration longer than zero', value as Json);
    return undefined;
  }
  return seconds;
}

function wholeNumber(p: Problems, value: Json | undefined, path: string, max: number): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  p.add(path, `expected a whole number from 0 to ${max}`, value ?? null);
  return undefined;
}

/** JSON.parse's complaint, with the line and column it points at. */
function jsonError(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = /position (\d+)/.exec(message);
  if (at === null) return message;
  const position = Number(at[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

