// A fixed pool of worker threads for report replications (node:worker_threads: no dependency
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
  const results: ReplicationStats[] = new Array(replications.length);
  const workers = Array.from({ length: Math.min(jobs, replications.length) }, () => new Worker(WORKER));
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
        if (next >= replications.length) return;
        const id = next++;
        const job: ReplicationJob = { id, scenario, replication: replications[id]!, warmupS };
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
            } else finish(new Error(`replication ${replications[reply.id]} failed: ${reply.error.message}`));
            return;
          }
          results[reply.id] = reply.stats;
          done++;
          onDone(done, reply.stats);
          if (done === replications.length) finish();
          else feed(w);
        });
        w.on('error', (e) => finish(e));
        feed(w);
      }
      if (replications.length === 0) finish();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
