// The bench's open-loop client for `convsim serve`, run as a process of its own by bench/serve.ts:
//   node paced-client.js URL RATE SECONDS ACCOUNT_SID AUTH_TOKEN
// Repeats create a conversation, add a participant, send a message (as the autocannon cycle does)
// at RATE requests/s for SECONDS, with Node's HTTP client over keep-alive connections, and prints
// a LatencyAtRate as JSON. Latencies count from when each request was due (bench/paced.ts).

import http from 'node:http';
import { paced, quantile } from './paced.js';
import { isProgram } from '../util/program.js';

export interface LatencyAtRate {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The client's own lateness in starting cycles, p99 (ms): what the load generator adds. */
  readonly startLagP99Ms: number;
  readonly achievedRate: number;
  readonly overloaded: boolean;
  readonly errors: number;
  readonly requests: number;
}

/** The cycle against `url` at `rate` requests/s for `durationS`, with basic auth `account`:`token`. */
export async function pacedCycles(url: string, rate: number, durationS: number, account: string, token: string): Promise<LatencyAtRate> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(url);
  const authorization = `Basic ${Buffer.from(`${account}:${token}`).toString('base64')}`;
  const post = (path: string, body: string): Promise<{ ok: boolean; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { agent, hostname, port, method: 'POST', path, timeout: 5_000, headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ ok: res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300, body: text }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', reject);
      req.end(body);
    });
  let n = 0;
  try {
    const r = await paced({
      rate,
      durationS,
      steps: 3,
      maxInFlight: 1_000,
      clock: { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) },
      newCycle: () => ({ sid: '' }),
      send: async (step, cycle) => {
        if (step === 0) {
          const answer = await post('/v1/Conversations', 'FriendlyName=bench&Timers.Inactive=PT1H');
          cycle.sid = answer.ok ? (JSON.parse(answer.body) as { sid: string }).sid : '';
          return answer.ok;
        }
        if (step === 1) return (await post(`/v1/Conversations/${cycle.sid}/Participants`, `Identity=paced-${n++}`)).ok;
        return (await post(`/v1/Conversations/${cycle.sid}/Messages`, 'Author=agent&Body=hello')).ok;
      },
    });
    const l = r.latenciesMs;
    return {
      p50Ms: quantile(l, 0.5),
      p99Ms: quantile(l, 0.99),
      maxMs: quantile(l, 1),
      startLagP99Ms: quantile(r.startLagMs, 0.99),
      achievedRate: r.achievedRate,
      overloaded: r.overloaded,
      errors: r.errors,
      requests: r.completed,
    };
  } finally {
    agent.destroy();
  }
}

if (isProgram(import.meta.url)) {
  const [url, rate, seconds, account, token] = process.argv.slice(2);
  if (token === undefined) {
    console.error('usage: node paced-client.js URL RATE SECONDS ACCOUNT_SID AUTH_TOKEN');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(await pacedCycles(url!, Number(rate), Number(seconds), account!, token))}\n`);
}
