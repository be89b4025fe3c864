// The README's example, as a user's test suite would write it: `import { startEmulator } from
// 'convsim'`, the official client pointed at the emulator, time moved by hand.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from 'convsim';
import twilio from 'twilio';

let emulator: RunningEmulator;
let client: twilio.Twilio;

beforeAll(async () => {
  emulator = await startEmulator({ settings: { defaultInactiveS: 30 * 86_400 } });
  const target = new URL(emulator.url);
  const http = new twilio.RequestClient();
  client = twilio(emulator.accountSid, emulator.authToken, {
    // Every request the client builds for conversations.twilio.com goes to the emulator instead.
    httpClient: {
      request: (opts: Parameters<typeof http.request>[0]) => {
        const uri = new URL(opts.uri);
        uri.protocol = target.protocol;
        uri.host = target.host;
        return http.request({ ...opts, uri: uri.href });
      },
    } as unknown as twilio.RequestClient,
  });
});
afterAll(() => emulator.close());

it('a conversation nobody writes to goes inactive after the 30-day default', async () => {
  const c = await client.conversations.v1.conversations.create({ friendlyName: 'order 1234' });
  await emulator.clock.advance('P30D');
  expect((await client.conversations.v1.conversations(c.sid).fetch()).state).toBe('inactive');
});
