// Delivery of onConversationStateUpdated to the configured URL, as Twilio posts it: form-encoded,
// signed with X-Twilio-Signature (HMAC-SHA1 of the URL and the sorted parameters, keyed with the
// auth token). Delivery is asynchronous and in order: the engine only queues, so a slow or failing
// consumer never blocks or reorders it. Failures are counted and logged, and not retried.

import { createHmac } from 'node:crypto';
import { all, invalid, one, type Params } from './params.js';
import type { Reply } from './resources.js';

export interface WebhookConfig {
  readonly method: 'POST' | 'GET';
  readonly filters: readonly string[];
  readonly postWebhookUrl: string | null;
  readonly preWebhookUrl: string | null;
  readonly target: 'webhook' | 'flex';
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = { method: 'POST', filters: [], postWebhookUrl: null, preWebhookUrl: null, target: 'webhook' };

/** `current` with what a POST to /v1/Configuration/Webhooks sets (a name not given: unchanged), or the failure for a bad value. */
export function updatedWebhookConfig(current: WebhookConfig, params: Params): WebhookConfig | Reply {
  const method = one(params, 'Method');
  if (method !== undefined && method.toUpperCase() !== 'POST' && method.toUpperCase() !== 'GET') return invalid('Method must be GET or POST');
  for (const key of ['PostWebhookUrl', 'PreWebhookUrl']) {
    const url = one(params, key);
    if (url !== undefined && url !== '' && !/^https?:\/\/[^\s]+$/.test(url)) return invalid(`${key} must be an http(s) URL`);
  }
  const target = one(params, 'Target');
  return {
    method: method === undefined ? current.method : (method.toUpperCase() as 'POST' | 'GET'),
    filters: params['Filters'] === undefined ? current.filters : all(params, 'Filters').flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f !== ''),
    postWebhookUrl: one(params, 'PostWebhookUrl') ?? current.postWebhookUrl,
    preWebhookUrl: one(params, 'PreWebhookUrl') ?? current.preWebhookUrl,
    target: target === 'flex' ? 'flex' : target === 'webhook' ? 'webhook' : current.target,
  };
}

export interface WebhookStats {
  readonly queued: number;
  readonly delivered: number;
  readonly failed: number;
  readonly lastError: string | null;
}

/** Twilio's X-Twilio-Signature: base64(HMAC-SHA1(token, url + each parameter's name and value, by name)). */
export function signature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** How long one delivery may take before it counts as failed. */
const TIMEOUT_MS = 10_000;

export class WebhookSender {
  private readonly queue: { url: string; method: 'POST' | 'GET'; params: Record<string, string> }[] = [];
  private sending = false;
  private idleWaiters: (() => void)[] = [];
  private delivered = 0;
  private failed = 0;
  private lastError: string | null = null;

  constructor(
    private readonly authToken: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Queues a post-event if the configuration asks for it. Never waits. */
  post(config: WebhookConfig, event: string, params: Record<string, string>): void {
    const url = config.postWebhookUrl;
    if (url === null || url === '' || !config.filters.includes(event)) return;
    this.queue.push({ url, method: config.method, params });
    if (!this.sending) void this.pump();
  }

  get stats(): WebhookStats {
    return { queued: this.queue.length + (this.sending ? 1 : 0), delivered: this.delivered, failed: this.failed, lastError: this.lastError };
  }

  /** Drops what is still queued (counted as failed): a stopping emulator waits only for the one in flight. */
  stop(): void {
    if (this.queue.length > 0) this.fail(`${this.queue.length} webhooks not sent: the emulator stopped`, this.queue.length);
    this.queue.length = 0;
  }

  /** Resolves once every queued webhook was delivered or failed. */
  idle(): Promise<void> {
    if (!this.sending && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0) {
      const w = this.queue.shift()!;
      try {
        const body = new URLSearchParams(w.params).toString();
        const url = w.method === 'GET' ? `${w.url}${w.url.includes('?') ? '&' : '?'}${body}` : w.url;
        const response = await fetch(url, {
          method: w.method,
          headers: {
            'X-Twilio-Signature': w.method === 'GET' ? signature(this.authToken, url, {}) : signature(this.authToken, w.url, w.params),
            ...(w.method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
            'User-Agent': 'TwilioProxy/1.1 (convsim emulator)',
          },
          ...(w.method === 'POST' ? { body } : {}),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (response.ok) this.delivered++;
        else this.fail(`${w.url} answered ${response.status}`);
      } catch (e) {
        this.fail(`${w.url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
      }
    }
    this.sending = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private fail(why: string, count = 1): void {
    this.failed += count;
    this.lastError = why;
    this.log(`convsim serve: webhook not delivered: ${why}`);
  }
}
