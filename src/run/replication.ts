// One replication of a capacity-planning report: the traffic run of `convsim run` with another
// seed, plus a probe that measures, from the warm-up on, what the report's figures need, in
// memory that does not grow with run length: time at each open/active/inactive count and at
// each agent open count (exact level histograms), conversation lifetimes and times to the first
// inactive (log-linear buckets, with the ones still running at the end as censored), and
// webhooks per second and per minute. The result is plain data, sent back from worker threads.

import type { EngineListener } from '../engine/engine.js';
import { ACTIVE, CLOSED, INACTIVE, type StateCode } from '../engine/states.js';
import { slotBits, type Handle } from '../engine/table.js';
import type { TrafficScenario } from '../scenario/types.js';
import { LevelHistogram, LogHistogram } from '../stats/histogram.js';
import { COUNTERS } from './metrics.js';
import { TrafficRun, type RunProbe } from './traffic.js';

export interface Sojourns {
  readonly entries: number;
  readonly ended: number;
  readonly totalS: number;
}

export interface ReplicationStats {
  readonly replication: number;
  readonly seed: number;
  /** The interval boundary statistics start at (the warm-up, rounded up to an interval). */
  readonly fromS: number;
  readonly untilS: number;
  /** Per timeseries interval, the whole run: end, time-averaged open, and counts. */
  readonly intervals: readonly { readonly endS: number; readonly openAverage: number; readonly active: number; readonly inactive: number; readonly webhooks: number }[];
  /** Counts after the warm-up, by COUNTERS name. */
  readonly totals: Readonly<Record<string, number>>;
  /** Seconds spent at each count after the warm-up (index = count). */
  readonly levels: { readonly open: readonly number[]; readonly active: readonly number[]; readonly inactive: readonly number[] };
  /** Agent-seconds at each agent open count after the warm-up (index = count, 0 to 1000). */
  readonly agentLevels: readonly number[];
  /** Durations (s) of conversations created after the warm-up, as [bucket, count] pairs. */
  readonly lifetime: { readonly ended: readonly [number, number][]; readonly censored: readonly [number, number][] };
  readonly firstInactive: { readonly ended: readonly [number, number][]; readonly censored: readonly [number, number][] };
  readonly webhooks: { readonly total: number; readonly worstSecond: number; readonly worstMinute: number; readonly minutes: readonly [number, number][] };
  /**
   * Per state, after the warm-up: entries into it, and the sojourns in it that ended (their
   * count and total seconds), for Little's law per state.
   */
  readonly sojourns: { readonly active: Sojourns; readonly inactive: Sojourns };
  /** Events the run delivered (the whole run), for progress and speed. */
  readonly events: number;
}

/** Replication i (from 1) uses seed + (i - 1) * 0x9E3779B9, modulo 2^32: replication 1 is the scenario's own seed. */
export function replicationSeed(seed: number, replication: number): number {
  return (seed + (replication - 1) * 0x9e3779b9) % 2 ** 32;
}

/** The first interval boundary at or after `warmupS`: where statistics start. */
export function statisticsStartS(scenario: TrafficScenario, warmupS: number): number {
  const interval = scenario.traffic.intervalS;
  return Math.min(scenario.untilS, Math.ceil(warmupS / interval) * interval);
}

export function runReplication(scenario: TrafficScenario, replication: number, warmupS: number): ReplicationStats {
  const seed = replicationSeed(scenario.seed, replication);
  const s: TrafficScenario = { ...scenario, seed };
  const fromS = statisticsStartS(s, warmupS);
  const probe = new Probe(fromS);
  const run = new TrafficRun(s, undefined, probe);
  probe.attach(run);
  run.engine.trackIdentities(s.traffic.agents.count, fromS);
  run.advance(s.untilS);
  const result = run.result();
  probe.finish(s.untilS);
  const totals: Record<string, number> = {};
  for (const name of COUNTERS) totals[name] = 0;
  for (const row of result.intervals) {
    if (row.startS < fromS) continue;
    COUNTERS.forEach((name, i) => (totals[name]! += row.counts[i]!));
  }
  const webhooksColumn = COUNTERS.indexOf('webhooks');
  return {
    replication,
    seed,
    fromS,
    untilS: s.untilS,
    intervals: result.intervals.map((r) => ({ endS: r.endS, openAverage: r.openAverage, active: r.active, inactive: r.inactive, webhooks: r.counts[webhooksColumn]! })),
    totals,
    levels: { open: probe.open.toJSON(), active: probe.active.toJSON(), inactive: probe.inactive.toJSON() },
    agentLevels: Array.from(run.engine.counters.identityLevelSeconds(s.untilS) ?? []),
    lifetime: { ended: probe.lifetime.toJSON(), censored: probe.lifetimeCensored.toJSON() },
    firstInactive: { ended: probe.firstInactive.toJSON(), censored: probe.firstInactiveCensored.toJSON() },
    webhooks: probe.webhookStats(s.untilS),
    sojourns: { active: probe.sojournsOf(ACTIVE), inactive: probe.sojournsOf(INACTIVE) },
    events: result.events,
  };
}

/** The report's measurements, taken as the run goes. */
class Probe implements RunProbe, EngineListener {
  readonly open = new LevelHistogram();
  readonly active = new LevelHistogram();
  readonly inactive = new LevelHistogram();
  readonly lifetime = new LogHistogram();
  readonly lifetimeCensored = new LogHistogram();
  readonly firstInactive = new LogHistogram();
  readonly firstInactiveCensored = new LogHistogram();
  /** Per state code s, after the warm-up: [3s] entries, [3s + 1] stays ended, [3s + 2] their seconds. */
  private readonly sojourns = new Float64Array(9);
  /** When the conversation in each slot entered its current state. */
  private stateSince = new Float64Array(1024);
  private activeNow = 0;
  private inactiveNow = 0;
  private changedAtS = 0;
  /** Creation time of the conversation in each slot, -1 if created before the warm-up or free. */
  private createdAt = new Float64Array(1024).fill(-1);
  /** 1 once the conversation in the slot has been inactive. */
  private wasInactive = new Uint8Array(1024);
  // Webhooks after the warm-up: the second and minute being counted, and what they hold.
  private webhookTotal = 0;
  private second = -1;
  private inSecond = 0;
  private worstSecond = 0;
  private minute = -1;
  private inMinute = 0;
  private worstMinute = 0;
  private readonly minuteCounts = new Map<number, number>();

  /**
   * The run's clock. The run takes its probe, so it is attached after both are made: an object
   * read in every run, not a closure made per run, which V8 would meet as a new call target in
   * each replication of a process and deoptimize the probe's methods for (run/loop.ts's Wiring).
   */
  private clock: { readonly nowS: number } | undefined;

  constructor(private readonly fromS: number) {}

  attach(clock: { readonly nowS: number }): void {
    this.clock = clock;
  }

  created(h: Handle): void {
    this.opened(h);
  }

  autoCreated(h: Handle): void {
    this.opened(h);
  }

  inboundDropped(): void {}

  transition(h: Handle, from: StateCode, to: StateCode, _reason: number, webhook: boolean): void {
    const nowS = this.clock!.nowS;
    this.settle(nowS);
    if (from === ACTIVE) this.activeNow--;
    else if (from === INACTIVE) this.inactiveNow--;
    if (to === ACTIVE) this.activeNow++;
    else if (to === INACTIVE) this.inactiveNow++;
    const slot = slotBits(h);
    const born = this.createdAt[slot]!;
    // A sojourn counts when it began after the warm-up (sojourns under way at it are left out, like lifetimes).
    const since = this.stateSince[slot]!;
    if (since >= this.fromS) {
      this.sojourns[3 * from + 1]!++;
      this.sojourns[3 * from + 2]! += nowS - since;
    }
    this.stateSince[slot] = nowS;
    if (to !== CLOSED && nowS >= this.fromS) this.sojourns[3 * to]!++;
    if (to === INACTIVE && this.wasInactive[slot] === 0) {
      this.wasInactive[slot] = 1;
      if (born >= 0) this.firstInactive.record(nowS - born);
    }
    if (to === CLOSED) {
      if (born >= 0) {
        this.lifetime.record(nowS - born);
        // Closed without ever going inactive: its time to inactive is unknown beyond its lifetime.
        if (this.wasInactive[slot] === 0) this.firstInactiveCensored.record(nowS - born);
      }
      this.createdAt[slot] = -1;
    }
    if (webhook && nowS >= this.fromS) this.webhook(nowS);
  }

  /** Time after the warm-up, conversations still open at the end (censored), the last minute. */
  finish(untilS: number): void {
    this.settle(untilS);
    for (let slot = 0; slot < this.createdAt.length; slot++) {
      const born = this.createdAt[slot]!;
      if (born < 0) continue;
      this.lifetimeCensored.record(untilS - born);
      if (this.wasInactive[slot] === 0) this.firstInactiveCensored.record(untilS - born);
    }
  }

  sojournsOf(state: StateCode): Sojourns {
    return { entries: this.sojourns[3 * state]!, ended: this.sojourns[3 * state + 1]!, totalS: this.sojourns[3 * state + 2]! };
  }

  webhookStats(untilS: number): ReplicationStats['webhooks'] {
    this.closeSecond();
    this.closeMinute();
    const minutesInAll = Math.ceil((untilS - this.fromS) / 60);
    let busy = 0;
    for (const n of this.minuteCounts.values()) busy += n;
    const minutes = [...this.minuteCounts.entries()].sort((a, b) => a[0] - b[0]);
    if (minutesInAll > busy) minutes.unshift([0, minutesInAll - busy]);
    return { total: this.webhookTotal, worstSecond: this.worstSecond, worstMinute: this.worstMinute, minutes };
  }

  private opened(h: Handle): void {
    const nowS = this.clock!.nowS;
    this.settle(nowS);
    this.activeNow++;
    const slot = slotBits(h);
    if (slot >= this.createdAt.length) {
      let n = this.createdAt.length;
      while (n <= slot) n *= 2;
      const c = new Float64Array(n).fill(-1);
      c.set(this.createdAt);
      this.createdAt = c;
      const w = new Uint8Array(n);
      w.set(this.wasInactive);
      this.wasInactive = w;
      const since = new Float64Array(n);
      since.set(this.stateSince);
      this.stateSince = since;
    }
    this.stateSince[slot] = nowS;
    if (nowS >= this.fromS) this.sojourns[3 * ACTIVE]!++;
    this.createdAt[slot] = nowS >= this.fromS ? nowS : -1;
    this.wasInactive[slot] = 0;
  }

  /** Adds the time since the last change, after the warm-up, at the counts that held during it. */
  private settle(nowS: number): void {
    if (nowS === this.changedAtS) return; // another change in the same second: no time to add
    const from = this.changedAtS > this.fromS ? this.changedAtS : this.fromS;
    if (nowS > from) {
      const dt = nowS - from;
      this.open.add(this.activeNow + this.inactiveNow, dt);
      this.active.add(this.activeNow, dt);
      this.inactive.add(this.inactiveNow, dt);
    }
    this.changedAtS = nowS;
  }

  private webhook(nowS: number): void {
    this.webhookTotal++;
    if (nowS !== this.second) {
      this.closeSecond();
      this.second = nowS;
    }
    this.inSecond++;
    const minute = Math.floor((nowS - this.fromS) / 60);
    if (minute !== this.minute) {
      this.closeMinute();
      this.minute = minute;
    }
    this.inMinute++;
  }

  private closeSecond(): void {
    if (this.inSecond > this.worstSecond) this.worstSecond = this.inSecond;
    this.inSecond = 0;
  }

  private closeMinute(): void {
    if (this.inMinute === 0) return;
    if (this.inMinute > this.worstMinute) this.worstMinute = this.inMinute;
    this.minuteCounts.set(this.inMinute, (this.minuteCounts.get(this.inMinute) ?? 0) + 1);
    this.inMinute = 0;
  }
}
