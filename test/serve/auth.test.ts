// Basic auth as the emulator checks it: the account SID and auth token, nothing shorter, longer or
// near; the comparison's time depends on what was sent, not on the token.

import { describe, expect, it } from 'vitest';
import { authorizer } from '../../src/serve/http.js';

const SID = 'AC00000000000000000000000000000001';
const TOKEN = 'secret-token-1';
const basic = (text: string): string => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('authorizer', () => {
  const ok = authorizer(SID, TOKEN);

  it('takes the account SID and token, with the spacing clients send', () => {
    expect(ok(basic(`${SID}:${TOKEN}`))).toBe(true);
    expect(ok(`Basic   ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}  `)).toBe(true);
  });

  it('refuses a wrong token of the same length, a prefix, an extension, and zero bytes past the end', () => {
    expect(ok(basic(`${SID}:secret-token-2`))).toBe(false);
    expect(ok(basic(`${SID}:secret-token-`))).toBe(false);
    expect(ok(basic(`${SID}:secret-token-11`))).toBe(false);
    // The copy into the expected length zero-fills: a shorter credential must not match a padded one.
    expect(ok(`Basic ${Buffer.concat([Buffer.from(`${SID}:${TOKEN}`), Buffer.from([0])]).toString('base64')}`)).toBe(false);
    expect(ok(basic(`AC00000000000000000000000000000002:${TOKEN}`))).toBe(false);
  });

  it('refuses no header, an empty one, another scheme, and bytes that are not base64', () => {
    expect(ok(undefined)).toBe(false);
    expect(ok('')).toBe(false);
    expect(ok(`Bearer ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`)).toBe(false);
    expect(ok('Basic !!!')).toBe(false);
    expect(ok('Basic')).toBe(false);
  });

  it('keeps no state between checks: a right one after wrong ones, and a wrong one after a right one', () => {
    expect(ok(basic('x'))).toBe(false);
    expect(ok(basic(`${SID}:${TOKEN}`))).toBe(true);
    expect(ok(basic(`${SID}:${TOKEN.slice(0, -1)}`))).toBe(false);
    expect(ok(basic(`${SID}:${TOKEN}`))).toBe(true);
  });
});
