// A worker thread of `convsim report`: runs the replications it is sent, one at a time, and
// posts back their statistics (plain data) or the error that stopped one.

import { parentPort } from 'node:worker_threads';
import { runReplication } from '../run/replication.js';
import type { TrafficScenario } from '../scenario/types.js';
import { CapacityExceeded } from '../util/capacity.js';

export interface ReplicationJob {
  readonly id: number;
  readonly scenario: TrafficScenario;
  readonly replication: number;
  readonly warmupS: number;
}

parentPort!.on('message', (job: ReplicationJob) => {
  try {
    parentPort!.postMessage({ id: job.id, stats: runReplication(job.scenario, job.replication, job.warmupS) });
  } catch (e) {
    const capacity = e instanceof CapacityExceeded ? { capacity: e.capacity, limit: e.limit, atS: e.atS } : undefined;
    parentPort!.postMessage({ id: job.id, error: { message: e instanceof Error ? (e.stack ?? e.message) : String(e), capacity } });
  }
});
