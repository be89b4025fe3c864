// A fixed pool of worker threads for report and sweep replications (node:worker_threads: no dependency
// needed for a queue of independent jobs). Results come back by job index, so the outputs are
// the same whatever the number of workers. Ctrl-C terminates the workers.

import { Worker } from 'node:worker_threads';
import type { ReplicationStats } from '../run/replication.js';
import type { TrafficScenario } from '../scenario/types.js';
import { CapacityExceeded, type Capacity } from '../util/capacity.js';
import { Interrupted } from './errors.js';
import type { ReplicationJob } from './replication-worker.js';

/** The worker's module: beside this one when built; from the source tree (tests), the built one in dist/. */
const WORKER = import.meta.url.endsWith('.ts') ? new URL('../../dist/cli/replication-worker.js', import.meta.url) : new URL('./replication-worker.js', import.meta.url);

type Reply = { id: number; stats: ReplicationStats } | { id: number; error: { message: string; capacity: { capacity: Capacity; limit: number; atS: number | undefined } | undefined } };

export async function runReplications(
  scenario: TrafficScenario,
  replications: readonly number[],
  warmupS: number,
  jobs: number,
  onDone: (done: number, stats: ReplicationStats) => void,
  interrupted: () => 'SIGINT' | 'SIGTERM' | undefined,
): Promise<ReplicationStats[]> {
  return runJobs(
    replications.map((replication) => ({ scenario, replication, warmupS })),
    jobs,
    onDone,
    interrupted,
  );
}

/** One replication of one scenario (a sweep's cell), from its warm-up. */
export interface Job {
  readonly scenario: TrafficScenario;
  readonly replication: number;
  readonly warmupS: number;
}

/** Every job on one pool of `threads` workers; the results in the jobs' order. */
export async function runJobs(
  list: readonly Job[],
  threads: number,
  onDone: (done: number, stats: ReplicationStats) => void,
  interrupted: () => 'SIGINT' | 'SIGTERM' | undefined,
): Promise<ReplicationStats[]> {
  const results: ReplicationStats[] = new Array(list.length);
  const workers = Array.from({ length: Math.min(threads, list.length) }, () => new Worker(WORKER));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const watch = setInterval(() => {
        const signal = interrupted();
        if (signal !== undefined) finish(new Interrupted(signal));
      }, 50);
      const finish = (e?: unknown): void => {
        clearInterval(watch);
        if (e === undefined) resolve();
        else reject(e);
      };
      const feed = (w: Worker): void => {
        if (next >= list.length) return;
        const id = next++;
        const job: ReplicationJob = { id, ...list[id]! };
        w.postMessage(job);
      };
      for (const w of workers) {
        w.on('message', (reply: Reply) => {
          if ('error' in reply) {
            const c = reply.error.capacity;
            if (c !== undefined) {
              const e = new CapacityExceeded(c.capacity, c.limit);
              e.atS = c.atS;
              finish(e);
            } else finish(new Error(`replication ${list[reply.id]!.replication} of ${list[reply.id]!.scenario.name} failed: ${reply.error.message}`));
            return;
          }
          results[reply.id] = reply.stats;
          done++;
          onDone(done, reply.stats);
          if (done === list.length) finish();
          else feed(w);
        });
        w.on('error', (e) => finish(e));
        feed(w);
      }
      if (list.length === 0) finish();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
