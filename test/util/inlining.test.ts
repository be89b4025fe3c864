// raiseInliningBudget: convsim's processes raise V8's inlining budget, never over one given to
// node, with a flag this Node's V8 knows; and every program convsim starts raises it.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INLINING_BUDGET, INLINING_FLAG, inliningFlagsIn, raiseInliningBudget } from '../../src/util/inlining.js';

function raised(execArgv: string[]): string[] {
  const set: string[] = [];
  raiseInliningBudget(execArgv, (flags) => set.push(flags));
  return set;
}

describe('raiseInliningBudget', () => {
  it('sets the budget when node was started without it, other flags or not', () => {
    expect(INLINING_FLAG).toBe('--max-inlined-bytecode-size-cumulative');
    expect(INLINING_BUDGET).toBe(2000);
    const want = ['--max-inlined-bytecode-size-cumulative=2000'];
    expect(raised([])).toEqual(want);
    expect(raised(['--expose-gc', '--max-old-space-size=20000'])).toEqual(want);
    // Other inlining flags share the name's beginning; they are not this one.
    expect(raised(['--max-inlined-bytecode-size=500', '--max-inlined-bytecode-size-small=30'])).toEqual(want);
    expect(raiseInliningBudget([], () => {})).toBe(true);
  });

  it("leaves a budget given on node's command line as it is, in either spelling", () => {
    for (const given of ['--max-inlined-bytecode-size-cumulative=920', '--max_inlined_bytecode_size_cumulative=3000', '--max-inlined-bytecode-size-cumulative']) {
      expect(raised(['--expose-gc', given])).toEqual([]);
      expect(raiseInliningBudget([given], () => {})).toBe(false);
    }
  });

  it("finds the arguments that set it among node's own, to pass them on to a child", () => {
    expect(inliningFlagsIn(['--expose-gc', '--max_inlined_bytecode_size_cumulative=3000', '--max-inlined-bytecode-size=500', '--max-inlined-bytecode-size-cumulative=920'])).toEqual([
      '--max_inlined_bytecode_size_cumulative=3000',
      '--max-inlined-bytecode-size-cumulative=920',
    ]);
    expect(inliningFlagsIn(['--expose-gc', '--max-old-space-size=20000'])).toEqual([]);
  });

  it("is a flag this Node's V8 knows (an unknown one would only be complained of on stderr)", () => {
    const module = pathToFileURL(path.resolve('dist/util/inlining.js')).href;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { raiseInliningBudget } from '${module}'; console.log(raiseInliningBudget());`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('true\n');
    expect(r.status).toBe(0);
  });

  it('is called by every program convsim starts: the CLI, the bench and its children', () => {
    for (const program of ['cli/bin', 'bench/main', 'bench/steady', 'bench/whole-run', 'bench/hold-model', 'bench/report-overhead']) {
      const text = readFileSync(path.resolve(`dist/${program}.js`), 'utf8');
      expect(text, program).toMatch(/\braiseInliningBudget\(\);/);
    }
  });
});
