// isProgram: a module started with `node FILE` knows it, also from a path a URL must encode.

import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isProgram } from '../../src/util/program.js';

describe('isProgram', () => {
  it('is true for the file Node was started with, whatever characters its path has', () => {
    for (const file of ['/tmp/convsim/dist/bench/whole-run.js', '/tmp/my bench/ünï/hold-model.js']) {
      expect(isProgram(pathToFileURL(file).href, ['/usr/bin/node', file])).toBe(true);
    }
  });

  it('is false for a module imported by another program, and when there is no script', () => {
    expect(isProgram(pathToFileURL('/tmp/convsim/dist/bench/whole-run.js').href, ['/usr/bin/node', '/tmp/convsim/dist/bench/main.js'])).toBe(false);
    expect(isProgram(pathToFileURL('/tmp/my bench/hold-model.js').href, ['/usr/bin/node', '/tmp/my bench/hold-model.jsx'])).toBe(false);
    expect(isProgram(pathToFileURL('/tmp/convsim/dist/bench/whole-run.js').href, ['/usr/bin/node'])).toBe(false);
  });

  it('is what the old text comparison got wrong: a path with a space', () => {
    const file = '/tmp/my bench/paced-client.js';
    expect(pathToFileURL(file).href).not.toBe(`file://${file}`);
    expect(isProgram(pathToFileURL(file).href, ['/usr/bin/node', file])).toBe(true);
  });
});
