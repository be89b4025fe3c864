// Whether a module was started as the program (`node file.js ...`) rather than imported: the
// bench's child processes are modules that main.ts also imports for their functions.

import { pathToFileURL } from 'node:url';

/**
 * True when `moduleUrl` (the caller's `import.meta.url`) is the file Node was started with. The
 * path is turned into a URL, not compared as text: a path with a space or a non-ASCII letter is
 * percent-encoded in `import.meta.url`.
 */
export function isProgram(moduleUrl: string, argv: readonly string[] = process.argv): boolean {
  const script = argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(script).href;
}
