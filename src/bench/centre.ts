// A planner's traffic for the bench: the shipped traffic scenarios, the contact centre scaled to
// 1e5-1e7 conversations, and whole runs of them, each in a process of its own as `convsim run` is.

import { readFileSync } from 'node:fs';
import { launchEnv, SMALL_PAGES_TUNABLE } from '../cli/launch.js';
import { parseScenario } from '../scenario/validate.js';
import type { TrafficScenario } from '../scenario/types.js';
import { childJson } from './children.js';
import { medianOf } from './rows.js';
import { medianSeconds } from './steady.js';
import { timeWholeRun, type WholeRunRequest, type WholeRunResult } from './whole-run.js';

/**
 * The convsim command's process settings with its huge pages off (cli/launch.ts: it asks glibc
 * for them, which gives them where glibc is 2.35 or later and the kernel's transparent huge pages
 * are not `never`): the environment of a child without them, or why the bench does not compare.
 */
export function smallPagesEnv(): NodeJS.ProcessEnv | string {
  const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;
  const [major = 0, minor = 0] = (glibc ?? '0.0').split('.').map(Number);
  if (process.platform !== 'linux' || major * 1000 + minor < 2035) return 'needs Linux with glibc 2.35 or later';
  let mode = 'unknown';
  try {
    mode = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? mode;
  } catch {
    // no such file: compared anyway (glibc ignores what the kernel cannot do)
  }
  if (mode === 'never') return "the kernel's transparent huge pages are set to never";
  const given = process.env['GLIBC_TUNABLES'];
  if (given?.includes('glibc.malloc.hugetlb') === true) return `GLIBC_TUNABLES sets them (${given}), for every run above`;
  return launchEnv({ ...process.env, GLIBC_TUNABLES: [given, SMALL_PAGES_TUNABLE].filter((t) => t !== undefined && t !== '').join(':') });
}

/** The traffic section of a scenario file, as far as the bench edits it. */
interface TrafficJson {
  until: string;
  traffic: { arrivals: { duration: string; ratePerHour: number; rampTo?: number }[]; customers: { count: number } };
}

/** A traffic scenario as the bench runs it: parsed, and as the JSON text a child process parses again. */
export interface Shipped {
  readonly name: string;
  readonly text: string;
  readonly scenario: TrafficScenario;
}

/** A shipped traffic scenario, validated, after `edit` changes its JSON (named `name` + `suffix`). */
export function shipped(name: string, edit?: (json: TrafficJson) => void, suffix = ''): Shipped {
  const json = JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8')) as TrafficJson;
  edit?.(json);
  const text = JSON.stringify(json);
  const v = parseScenario(`${name}${suffix}.json`, text);
  if (!v.ok || v.scenario.kind !== 'traffic') throw new Error(`${name}${suffix} is not a valid traffic scenario`);
  return { name: `${name}${suffix}.json`, text, scenario: v.scenario };
}

/** A shipped traffic scenario run until `until` at its first phase's rate throughout. */
export function shippedUntil(name: string, until: string): TrafficScenario {
  return shipped(name, (json) => {
    json.until = until;
    json.traffic.arrivals = [{ duration: until, ratePerHour: json.traffic.arrivals[0]!.ratePerHour }];
  }).scenario;
}

/** Conversations the shipped contact centre creates in its week (about; the series below scales from it). */
export const CENTRE_CONVERSATIONS = 525_000;

/**
 * The shipped contact centre with every arrival rate and the customer pool scaled by the same
 * factor, so that it creates about `conversations` conversations in its week: the same mix
 * (ramps, chat/SMS/WhatsApp, lognormal gaps, returns, REST closes) at a planner's size.
 * With `weeks` > 1, that week again and again (its arrival phases repeated, the customer pool
 * times `weeks`): `weeks` times the conversations, customers and events with the same
 * conversations open at once. Beside the scaled series, it tells the cost of more conversations
 * from the cost of more of them open at once.
 */
export function centreScaled(conversations: number, weeks = 1): Shipped {
  const factor = conversations / CENTRE_CONVERSATIONS;
  return shipped(
    'traffic-contact-centre',
    (json) => {
      for (const phase of json.traffic.arrivals) {
        phase.ratePerHour *= factor;
        if (phase.rampTo !== undefined) phase.rampTo *= factor;
      }
      json.traffic.customers.count = Math.round(json.traffic.customers.count * factor * weeks);
      if (weeks > 1) {
        json.traffic.arrivals = Array.from({ length: weeks }, () => json.traffic.arrivals.map((phase) => ({ ...phase }))).flat();
        json.until = `P${7 * weeks}D`;
      }
    },
    weeks === 1 ? `-${conversations}` : `-${conversations}-${weeks}w`,
  );
}

export interface WholeRun {
  readonly seconds: number;
  readonly events: number;
  readonly created: number;
  readonly peakOpen: number;
  readonly customers: number;
}

/**
 * A whole run, start to end (the generator and the customer pool included), each in a process of
 * its own as `convsim run` is (whole-run.ts says why), with the convsim command's process settings
 * (cli/launch.ts): median seconds, and what it did. `lookAhead` false: the loop never looks ahead
 * (run/loop.ts); `env`: the child's environment.
 */
export function wholeRun(s: Shipped, iterations: number, lookAhead = true, env: NodeJS.ProcessEnv = launchEnv()): WholeRun {
  const request: WholeRunRequest = { name: s.name, text: s.text, lookAhead };
  // Not through tinybench: it calls a task once more before timing it (to see whether it is
  // async), which in this process warms the code up but here would only run one more process.
  const runs = Array.from({ length: iterations }, () => childJson<WholeRunResult>(s.name, './whole-run.js', [], JSON.stringify(request), [], env));
  return wholeRunOf(medianOf(runs.map((r) => r.ms)) / 1000, runs.at(-1)!, s.scenario);
}

/**
 * The same whole run twice in each of `iterations` fresh processes. The first run is what
 * `convsim run` does (V8 compiling the code as it goes; nothing before it in the process, so the
 * same as wholeRun's), the second finds the code compiled. Medians of each, and per process the
 * share of its first run's time that the second did without: both from the same processes, so a
 * drift of the machine between processes does not fall on one side only. Each of these processes
 * has the convsim command's process settings (cli/launch.ts) and takes turns with one started as plain
 * `node` without them: `plain` is the median of those processes' first runs, `gains` each pair's
 * time without the settings over the time with them.
 */
export function firstAndSecondRuns(s: Shipped, iterations: number): { first: WholeRun; second: WholeRun; warmUpShares: number[]; plain: WholeRun; gains: number[] } {
  const request = JSON.stringify({ name: s.name, text: s.text, lookAhead: true, warmUps: 1 } satisfies WholeRunRequest);
  const twice = (env: NodeJS.ProcessEnv) => childJson<WholeRunResult & { warmUpsMs: [number] }>(s.name, './whole-run.js', [], request, [], env);
  const pairs = Array.from({ length: iterations }, () => ({ launched: twice(launchEnv()), plain: twice(process.env) }));
  const runs = pairs.map((p) => p.launched);
  const last = runs.at(-1)!;
  return {
    first: wholeRunOf(medianOf(runs.map((r) => r.warmUpsMs[0])) / 1000, last, s.scenario),
    second: wholeRunOf(medianOf(runs.map((r) => r.ms)) / 1000, last, s.scenario),
    warmUpShares: runs.map((r) => 1 - r.ms / r.warmUpsMs[0]),
    plain: wholeRunOf(medianOf(pairs.map((p) => p.plain.warmUpsMs[0])) / 1000, pairs.at(-1)!.plain, s.scenario),
    gains: pairs.map((p) => p.plain.warmUpsMs[0] / p.launched.warmUpsMs[0]),
  };
}

/** The same whole run in this process, after the cases before it (as the bench timed it until 2026-12-06). */
export async function wholeRunHere(s: TrafficScenario, iterations: number, gc: () => void): Promise<WholeRun> {
  let last: WholeRunResult | undefined;
  const seconds = await medianSeconds(s.name, iterations, () => {
    gc();
    last = timeWholeRun(s, true);
    return last.ms;
  });
  return wholeRunOf(seconds, last!, s);
}

/** A scenario's median seconds, and what its last run did. */
function wholeRunOf(seconds: number, last: WholeRunResult, s: TrafficScenario): WholeRun {
  return { seconds, events: last.events, created: last.created, peakOpen: last.peakOpen, customers: s.traffic.customers.count };
}
