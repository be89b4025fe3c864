// ISO 8601 UTC timestamps at second precision, as the API shows them: 2015-12-16T22:19:38Z.

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Epoch seconds of `text`, or undefined if it is not a real UTC instant of that exact form. */
export function parseTimestampS(text: string): number | undefined {
  if (!TIMESTAMP.test(text)) return undefined;
  const ms = Date.parse(text);
  // Date.parse rolls 2026-02-30 over to March; a round trip catches it.
  if (Number.isNaN(ms) || formatTimestamp(ms / 1000) !== text) return undefined;
  return ms / 1000;
}

export function formatTimestamp(epochS: number): string {
  return new Date(epochS * 1000).toISOString().replace('.000Z', 'Z');
}
