// Reading scenario files (or standard input, named "-") and validating them: every problem of
// every file at once, as lines. Nothing here writes anything.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Scenario } from '../scenario/types.js';
import type { Override } from '../scenario/overrides.js';
import { parseScenario } from '../scenario/validate.js';

/** The argument that stands for standard input. */
export const STDIN = '-';
/** How standard input is named in problem lines. */
const STDIN_NAME = '(stdin)';

export interface Loaded {
  readonly scenario: Scenario;
  /** SHA-256 of the file's bytes, for the report folder's provenance. */
  readonly sha256: string;
  /** The file's text, as the user wrote it (the report page shows it). */
  readonly text: string;
}

export type LoadResult = { readonly ok: true; readonly loaded: Loaded[]; readonly warnings: string[] } | { readonly ok: false; readonly problems: string[] };

/** Every scenario, or every problem of every file. */
/** `distinctNames`: each scenario writes its own folder (run); compare writes one folder for two. */
export async function loadAll(files: readonly string[], stdin: () => Promise<Buffer>, overrides: readonly Override[] = [], distinctNames = true): Promise<LoadResult> {
  const problems: string[] = [];
  const loaded: Loaded[] = [];
  const warnings: string[] = [];
  const fileOfName = new Map<string, string>();
  if (files.filter((f) => f === STDIN).length > 1) problems.push(`convsim: "-" (standard input) can be given once only`);
  for (const file of files) {
    const source = await loadText(file, stdin);
    if ('problem' in source) {
      problems.push(source.problem);
      continue;
    }
    const { name, text, sha256 } = source;
    const v = parseScenario(name, text, overrides);
    if (!v.ok) {
      problems.push(...v.problems);
      continue;
    }
    const other = fileOfName.get(v.scenario.name);
    if (other !== undefined && distinctNames) {
      problems.push(`${name}: name: "${v.scenario.name}" is also the name of ${other}; each scenario writes its own report folder, so names must differ`);
      continue;
    }
    fileOfName.set(v.scenario.name, name);
    warnings.push(...v.warnings);
    loaded.push({ scenario: v.scenario, sha256, text });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, loaded, warnings };
}

/** A scenario file's text (not yet validated): its name in problem lines, the text and its bytes' SHA-256. */
export interface Source {
  readonly name: string;
  readonly text: string;
  readonly sha256: string;
}

/** Reads one scenario file (or "-") as UTF-8 text, or says why it cannot. */
export async function loadText(file: string, stdin: () => Promise<Buffer>): Promise<Source | { problem: string }> {
  const name = file === STDIN ? STDIN_NAME : file;
  const bytes = file === STDIN ? await stdin() : await readBytes(file);
  if (!Buffer.isBuffer(bytes)) return bytes;
  const text = decode(name, bytes);
  if (typeof text !== 'string') return text;
  return { name, text, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function readBytes(file: string): Promise<Buffer | { problem: string }> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory, not a scenario file' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
    return { problem: `${file}: cannot read the scenario file: ${why}` };
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a UTF-8 file (a byte-order mark is dropped), or what is wrong with its encoding. */
export function decode(name: string, bytes: Buffer): string | { problem: string } {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    return { problem: `${name}: (top level): the file is UTF-16; save it as UTF-8` };
  }
  // UTF-16 without a byte-order mark: JSON starts with an ASCII character, so its other byte is 0.
  if (bytes.length >= 2 && (b0 === 0 || b1 === 0)) return { problem: `${name}: (top level): the file looks like UTF-16 (it has zero bytes); save it as UTF-8` };
  const start = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return UTF8.decode(bytes.subarray(start));
  } catch {
    return { problem: `${name}: (top level): the file is not valid UTF-8 (first bad byte at offset ${firstBadByte(bytes, start)}); save it as UTF-8` };
  }
}

/** The offset of the first byte that starts no well-formed UTF-8 sequence (lead and continuation bytes). */
function firstBadByte(bytes: Buffer, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
