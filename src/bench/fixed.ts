// Numbers in the bench's table, printed beside the threshold they are judged against.

/**
 * `value` with `digits` decimals, or with more where that many would print the very threshold it
 * is judged against: 1.797 beside ">= 1.8" prints as 1.797, not as a 1.80 marked "NO".
 */
export function fixed(value: number, digits: number, threshold: number): string {
  let d = digits;
  while (d < 6 && value !== threshold && Number(value.toFixed(d)) === threshold) d++;
  return value.toFixed(d);
}

/** A number as `fixed` printed it, with thousands separated: 32449 as 32,449, 9999.6 as 9,999.6. */
export function thousands(text: string): string {
  return Number(text).toLocaleString('en-US', { maximumFractionDigits: 6 });
}
