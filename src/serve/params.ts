// Form parameters as Twilio's Conversations API takes them: one value or all values of a name,
// the checks several resources share (JSON attributes, timers), the page a list request asks for,
// and the 20001 failure for a parameter the engine does not judge.

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, failure, type Reply } from './resources.js';

/** Form parameters as parsed: a repeated name gives an array. */
export type Params = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Twilio's code for a missing or invalid parameter of a request the engine does not judge. */
export const INVALID_PARAMETER = 20001;

export const invalid = (message: string): Reply => failure(400, INVALID_PARAMETER, message);

/** The first value of `key`, if given. */
export function one(params: Params, key: string): string | undefined {
  const v = params[key];
  return Array.isArray(v) ? v[0] : (v as string | undefined);
}

/** Every value of `key`, in order. */
export function all(params: Params, key: string): string[] {
  const v = params[key];
  return v === undefined ? [] : Array.isArray(v) ? [...v] : [v as string];
}

/** Timers.Inactive and Timers.Closed as the engine takes them, or undefined if neither is given. */
export function timersOf(params: Params): { inactive?: string; closed?: string } | undefined {
  const inactive = one(params, 'Timers.Inactive');
  const closed = one(params, 'Timers.Closed');
  if (inactive === undefined && closed === undefined) return undefined;
  return { ...(inactive === undefined ? {} : { inactive }), ...(closed === undefined ? {} : { closed }) };
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The page a list request asks for (PageSize, Page, PageToken), or the failure for a bad size. */
export function pageAsked(params: Params): { readonly size: number; readonly page: number; readonly offset: number } | Reply {
  const sizeText = one(params, 'PageSize');
  const size = sizeText === undefined ? DEFAULT_PAGE_SIZE : Number(sizeText);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return invalid(`PageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  const pageNumber = Number(one(params, 'Page') ?? '0');
  const page = Number.isInteger(pageNumber) && pageNumber >= 0 ? pageNumber : 0;
  const token = /^PT(\d{1,9})$/.exec(one(params, 'PageToken') ?? '');
  return { size, page, offset: token !== null ? Number(token[1]) : page * size };
}
