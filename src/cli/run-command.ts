// `convsim run <file...>`: validate every file first (nothing is written if any is bad), then run
// each scenario and write its report folder. The only place that reads and writes files.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scriptedReport } from '../report/csv.js';
import { summaryLine } from '../report/summary.js';
import { runScript } from '../run/scripted.js';
import type { Scenario } from '../scenario/types.js';
import { parseScenario } from '../scenario/validate.js';
import { BadInput } from './errors.js';

export interface RunOptions {
  readonly files: readonly string[];
  readonly out: string;
}

export async function runCommand(options: RunOptions, print: (line: string) => void): Promise<void> {
  const scenarios = await loadAll(options.files);
  for (const scenario of scenarios) {
    const dir = path.join(options.out, scenario.name);
    const result = runScript(scenario);
    await mkdir(dir, { recursive: true });
    for (const [name, text] of scriptedReport(result)) await writeFile(path.join(dir, name), text);
    print(summaryLine(result, dir));
  }
}

/** Every scenario, or a BadInput listing every problem of every file. */
export async function loadAll(files: readonly string[]): Promise<Scenario[]> {
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const fileOfName = new Map<string, string>();
  for (const file of files) {
    const text = await readText(file);
    if (typeof text !== 'string') {
      problems.push(text.problem);
      continue;
    }
    const v = parseScenario(file, text);
    if (!v.ok) {
      problems.push(...v.problems);
      continue;
    }
    const other = fileOfName.get(v.scenario.name);
    if (other !== undefined) {
      problems.push(`${file}: name: "${v.scenario.name}" is also the name of ${other}; each scenario writes its own report folder, so names must differ`);
      continue;
    }
    fileOfName.set(v.scenario.name, file);
    scenarios.push(v.scenario);
  }
  if (problems.length > 0) throw new BadInput(problems);
  return scenarios;
}

async function readText(file: string): Promise<string | { problem: string }> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory, not a scenario file' : code === 'EACCES' ? 'permission denied' : String(e);
    return { problem: `${file}: cannot read the scenario file: ${why}` };
  }
}
