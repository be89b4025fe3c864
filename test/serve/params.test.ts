// Form parameters (src/serve/params.ts) and the webhook configuration a POST sets
// (src/serve/webhooks.ts): the pages a list request can ask for, the values each rejects with
// Twilio's 20001, and what a name left out keeps.

import { describe, expect, it } from 'vitest';
import { all, isJson, one, pageAsked, timersOf } from '../../src/serve/params.js';
import { DEFAULT_WEBHOOK_CONFIG, updatedWebhookConfig } from '../../src/serve/webhooks.js';

const rejection = (message: string) => ({ status: 400, body: { code: 20001, message, more_info: 'https://www.twilio.com/docs/errors/20001', status: 400 } });

describe('form parameters', () => {
  it('reads the first value of a name, or every value in order', () => {
    const params = { Filters: ['a', 'b'], Method: 'GET' };
    expect([one(params, 'Filters'), one(params, 'Method'), one(params, 'None')]).toEqual(['a', 'GET', undefined]);
    expect([all(params, 'Filters'), all(params, 'Method'), all(params, 'None')]).toEqual([['a', 'b'], ['GET'], []]);
  });

  it('gives the timers only when one is named, and tells JSON from text', () => {
    expect(timersOf({})).toBeUndefined();
    expect(timersOf({ 'Timers.Closed': 'P1D' })).toEqual({ closed: 'P1D' });
    expect(timersOf({ 'Timers.Inactive': 'PT5M', 'Timers.Closed': 'P1D' })).toEqual({ inactive: 'PT5M', closed: 'P1D' });
    expect([isJson('{}'), isJson('{"a":1}'), isJson('{a:1}'), isJson('')]).toEqual([true, true, false, false]);
  });

  it('asks for 50 items from the start by default; Page counts pages of PageSize, PageToken an offset', () => {
    expect(pageAsked({})).toEqual({ size: 50, page: 0, offset: 0 });
    expect(pageAsked({ PageSize: '3', Page: '2' })).toEqual({ size: 3, page: 2, offset: 6 });
    expect(pageAsked({ PageSize: '3', Page: '1', PageToken: 'PT7' })).toEqual({ size: 3, page: 1, offset: 7 });
    // A page that is no whole number from 0, or a token of another form, starts from the beginning.
    expect(pageAsked({ PageSize: '3', Page: '-1' })).toEqual({ size: 3, page: 0, offset: 0 });
    expect(pageAsked({ PageSize: '3', Page: '1.5', PageToken: 'PA7' })).toEqual({ size: 3, page: 0, offset: 0 });
  });

  it.each(['0', '1001', '2.5', 'ten'])('rejects PageSize %s with 20001', (size) => {
    expect(pageAsked({ PageSize: size })).toEqual(rejection('PageSize must be a whole number from 1 to 1000'));
  });
});

describe('the webhook configuration a POST sets', () => {
  const set = { method: 'GET', filters: ['onConversationStateUpdated'], postWebhookUrl: 'http://127.0.0.1:9/post', preWebhookUrl: 'https://example.test/pre', target: 'flex' } as const;

  it('sets what is named and keeps the rest', () => {
    expect(updatedWebhookConfig(DEFAULT_WEBHOOK_CONFIG, {})).toEqual(DEFAULT_WEBHOOK_CONFIG);
    expect(updatedWebhookConfig(DEFAULT_WEBHOOK_CONFIG, { Method: 'get', Filters: ['onConversationStateUpdated'], PostWebhookUrl: set.postWebhookUrl, PreWebhookUrl: set.preWebhookUrl, Target: 'flex' })).toEqual(set);
    expect(updatedWebhookConfig(set, { Target: 'webhook' })).toEqual({ ...set, target: 'webhook' });
    expect(updatedWebhookConfig(set, { Target: 'other' })).toEqual(set);
  });

  it('takes filters repeated or comma-separated, and an empty Filters clears them', () => {
    expect(updatedWebhookConfig(DEFAULT_WEBHOOK_CONFIG, { Filters: ['onMessageAdded, onConversationStateUpdated', 'onConversationAdded'] })).toMatchObject({ filters: ['onMessageAdded', 'onConversationStateUpdated', 'onConversationAdded'] });
    expect(updatedWebhookConfig(set, { Filters: '' })).toMatchObject({ filters: [] });
  });

  it('rejects a method other than GET or POST, and a URL that is not http(s), with 20001 and nothing changed', () => {
    expect(updatedWebhookConfig(set, { Method: 'PUT', Target: 'webhook' })).toEqual(rejection('Method must be GET or POST'));
    expect(updatedWebhookConfig(set, { PostWebhookUrl: 'ftp://example.test/' })).toEqual(rejection('PostWebhookUrl must be an http(s) URL'));
    expect(updatedWebhookConfig(set, { PreWebhookUrl: 'http://has space' })).toEqual(rejection('PreWebhookUrl must be an http(s) URL'));
    // An empty URL is taken: it clears the URL, and no webhook is posted (WebhookSender.post).
    expect(updatedWebhookConfig(set, { PostWebhookUrl: '' })).toEqual({ ...set, postWebhookUrl: '' });
  });
});
