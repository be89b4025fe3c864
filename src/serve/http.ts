// The emulator over HTTP (fastify, with @fastify/formbody for Twilio's form-encoded bodies): the
// routes of Conversations v1 that the engine models, HTTP basic auth with the account SID and auth
// token (compared in constant time), a body size limit, Twilio's error envelope for everything
// that goes wrong, and never a stack trace in a response.

import { timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Emulator } from './emulator.js';
import { INVALID_PARAMETER, type Params } from './params.js';
import { failure, type Reply } from './resources.js';

export interface HttpOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Largest request body, in bytes (413 beyond it). */
  readonly bodyLimit: number;
  readonly log: (line: string) => void;
}

type Method = 'GET' | 'POST' | 'DELETE';
type Handler = (e: Emulator, p: Params, path: Record<string, string>, request: FastifyRequest) => Reply;

/** Each path with the methods it takes; any other method is 405. */
const ROUTES: readonly { readonly url: string; readonly methods: Partial<Record<Method, Handler>> }[] = [
  { url: '/v1/Conversations', methods: { GET: (e, p) => e.listConversations(p), POST: (e, p) => e.createConversation(p) } },
  {
    url: '/v1/Conversations/:sid',
    methods: {
      GET: (e, _p, path) => e.fetchConversation(path['sid']!),
      POST: (e, p, path, request) => e.updateConversation(path['sid']!, p, request.headers['x-twilio-webhook-enabled'] === 'true'),
      DELETE: (e, _p, path) => e.deleteConversation(path['sid']!),
    },
  },
  { url: '/v1/Conversations/:sid/Participants', methods: { GET: (e, p, path) => e.listParticipants(path['sid']!, p), POST: (e, p, path) => e.addParticipant(path['sid']!, p) } },
  { url: '/v1/Conversations/:sid/Participants/:who', methods: { GET: (e, _p, path) => e.fetchParticipant(path['sid']!, path['who']!), DELETE: (e, _p, path) => e.removeParticipant(path['sid']!, path['who']!) } },
  { url: '/v1/Conversations/:sid/Messages', methods: { GET: (e, p, path) => e.listMessages(path['sid']!, p), POST: (e, p, path) => e.sendMessage(path['sid']!, p) } },
  { url: '/v1/ParticipantConversations', methods: { GET: (e, p) => e.listParticipantConversations(p) } },
  { url: '/v1/Configuration', methods: { GET: (e) => e.configuration(), POST: (e, p) => e.updateConfiguration(p) } },
  { url: '/v1/Configuration/Webhooks', methods: { GET: (e) => e.webhookConfiguration(), POST: (e, p) => e.updateWebhookConfiguration(p) } },
  { url: '/convsim/v1/Clock', methods: { GET: (e) => e.clockJson(), POST: (e, p) => e.advanceClock(p) } },
  { url: '/convsim/v1/Inbound', methods: { POST: (e, p) => e.inbound(p) } },
  { url: '/convsim/v1/Webhooks', methods: { GET: (e) => e.webhookStats() } },
];

/** A form body, refused (400) where a percent sign starts no %XX escape or the bytes are not UTF-8; repeated names give arrays. */
function strictForm(body: string): Record<string, string | string[]> {
  if (/%(?![0-9A-Fa-f]{2})/.test(body)) throw malformed('a percent sign not followed by two hex digits');
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (key.includes('\uFFFD') || value.includes('\uFFFD')) throw malformed('an escape that is not UTF-8');
    const had = out[key];
    out[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

function malformed(why: string): Error & { statusCode: number } {
  return Object.assign(new Error(`the form body has ${why}`), { statusCode: 400 });
}

/**
 * Basic auth against the account SID and token, in constant time: the credentials sent, decoded,
 * are copied into a buffer of the expected length (cut or zero-filled) and compared with
 * timingSafeEqual, and their length is checked after. The time taken depends on what was sent,
 * never on the token. (A hash of each side would do the same at the cost of a SHA-256 per
 * request, 4% of the emulator's time at full speed.)
 */
export function authorizer(accountSid: string, authToken: string): (header: string | undefined) => boolean {
  const expected = Buffer.from(`${accountSid}:${authToken}`, 'utf8');
  const sent = Buffer.alloc(expected.length);
  return (header) => {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/.exec(header ?? '');
    const decoded = m === null ? EMPTY : Buffer.from(m[1]!, 'base64');
    sent.fill(0);
    decoded.copy(sent, 0, 0, Math.min(decoded.length, sent.length));
    const same = timingSafeEqual(sent, expected);
    return same && decoded.length === expected.length;
  };
}
const EMPTY = Buffer.alloc(0);

function send(reply: FastifyReply, r: Reply): FastifyReply {
  reply.code(r.status);
  if (r.status === 204) return reply.send();
  return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(r.body));
}

export async function httpServer(emulator: Emulator, options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: options.bodyLimit, logger: false, forceCloseConnections: true, return503OnClosing: true });
  await app.register(formbody, { parser: strictForm });
  // Twilio takes forms (and the official client sends them); JSON is taken too, plain text is not (415).
  app.removeContentTypeParser('text/plain');
  const authorized = authorizer(options.accountSid, options.authToken);
  app.addHook('onRequest', (request, reply, done) => {
    if (authorized(request.headers.authorization)) return done();
    reply.header('www-authenticate', 'Basic realm="Twilio API"');
    send(reply, failure(401, 20003, 'Authenticate'));
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return send(reply, failure(413, 413, `The request body is larger than ${options.bodyLimit} bytes`));
    if (status === 415) return send(reply, failure(415, 415, 'Send the parameters form-encoded (application/x-www-form-urlencoded), as Twilio takes them'));
    if (status >= 400 && status < 500) return send(reply, failure(400, INVALID_PARAMETER, `The request is malformed: ${error.message}`));
    options.log(`convsim serve: internal error, please report it: ${error.message}`);
    return send(reply, failure(500, 20500, 'Internal error in the emulator (logged where it runs)'));
  });
  app.setNotFoundHandler((request, reply) => send(reply, failure(404, 20404, `The requested resource ${request.url.split('?')[0]} was not found`)));
  for (const route of ROUTES) {
    app.route({
      method: ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'],
      url: route.url,
      handler: async (request, reply) => {
        const handler = route.methods[request.method as Method];
        if (handler === undefined) {
          reply.header('allow', Object.keys(route.methods).join(', '));
          return send(reply, failure(405, 20004, `Method ${request.method} is not allowed on ${route.url.replace(/:(\w+)/g, '{$1}')}`));
        }
        const body = typeof request.body === 'object' && request.body !== null ? (request.body as Params) : {};
        const params: Params = { ...(request.query as Params), ...body };
        return send(reply, emulator.handle((e) => handler(e, params, request.params as Record<string, string>, request)));
      },
    });
  }
  return app;
}
