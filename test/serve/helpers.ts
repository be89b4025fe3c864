// The official twilio package as the emulator's client: its requests (built for
// https://conversations.twilio.com) are sent over real HTTP on loopback to the emulator, through
// the package's own RequestClient, with only the scheme and host replaced.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type { RunningEmulator } from '../../src/index.js';

export function clientOf(emulator: RunningEmulator) {
  const inner = new twilio.RequestClient();
  const target = new URL(emulator.url);
  const httpClient = {
    request: (opts: Parameters<typeof inner.request>[0]) => {
      const uri = new URL(opts.uri);
      uri.protocol = target.protocol;
      uri.host = target.host;
      return inner.request({ ...opts, uri: uri.href });
    },
  } as unknown as InstanceType<typeof twilio.RequestClient>;
  return twilio(emulator.accountSid, emulator.authToken, { httpClient });
}

export interface Received {
  readonly url: string;
  readonly signature: string;
  readonly params: Record<string, string>;
}

/** A webhook consumer on loopback: records every request; `status` says what it answers. */
export async function receiver(status: () => number = () => 204): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      received.push({ url: `http://${req.headers.host}${req.url}`, signature: String(req.headers['x-twilio-signature'] ?? ''), params });
      res.statusCode = status();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A raw request with basic auth (or the given header), for what the official client never sends. */
export async function raw(emulator: RunningEmulator, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) {
  const auth = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}
