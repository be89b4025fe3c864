// The convsim command (src/cli/convsim, package.json's "bin") starts node with the settings
// of cli/launch.ts, the caller's own NODE_OPTIONS and GLIBC_TUNABLES after them, and otherwise
// passes everything through: the arguments as given, the exit code, the output.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCH_GLIBC_TUNABLES, LAUNCH_NODE_OPTIONS, launchEnv, SMALL_PAGES_TUNABLE } from '../../src/cli/launch.js';

const LAUNCHER = path.resolve('src/cli/convsim');

/** The caller's environment without the two variables the launcher sets. */
function bareEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  delete env['GLIBC_TUNABLES'];
  return env;
}

/**
 * A copy of the launcher in a package of its own whose dist/cli/bin.js prints what it was given,
 * reached through a relative symbolic link as npm installs a package's command (node_modules/.bin).
 */
function fakePackage(): string {
  // A space in the path, as in a user's "My Projects" folder.
  const root = mkdtempSync(path.join(tmpdir(), 'convsim launcher-'));
  mkdirSync(path.join(root, 'src/cli'), { recursive: true });
  mkdirSync(path.join(root, 'dist/cli'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules/.bin'), { recursive: true });
  copyFileSync(LAUNCHER, path.join(root, 'src/cli/convsim'));
  writeFileSync(
    path.join(root, 'dist/cli/bin.js'),
    `const args = process.argv.slice(2);
process.stdout.write(JSON.stringify({ args, NODE_OPTIONS: process.env.NODE_OPTIONS, GLIBC_TUNABLES: process.env.GLIBC_TUNABLES }));
process.exitCode = args[0] === 'exit' ? Number(args[1]) : 0;
`,
  );
  const link = path.join(root, 'node_modules/.bin/convsim');
  symlinkSync('../../src/cli/convsim', link);
  return link;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(command, args, { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the convsim command', () => {
  const link = fakePackage();

  it('starts node with the settings of cli/launch.ts', () => {
    const r = launch(link, ['run', 'x.json'], bareEnv());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ args: ['run', 'x.json'], NODE_OPTIONS: LAUNCH_NODE_OPTIONS, GLIBC_TUNABLES: LAUNCH_GLIBC_TUNABLES });
    const env = launchEnv(bareEnv());
    expect([env['NODE_OPTIONS'], env['GLIBC_TUNABLES']]).toEqual([LAUNCH_NODE_OPTIONS, LAUNCH_GLIBC_TUNABLES]);
  });

  it("puts the caller's NODE_OPTIONS and GLIBC_TUNABLES after its own, so that the caller's win", () => {
    const given = { ...bareEnv(), NODE_OPTIONS: '--v8-pool-size=4 --max-old-space-size=2000', GLIBC_TUNABLES: SMALL_PAGES_TUNABLE };
    const r = launch(link, [], given);
    const env = launchEnv(given);
    expect(JSON.parse(r.stdout)).toEqual({ args: [], NODE_OPTIONS: env['NODE_OPTIONS'], GLIBC_TUNABLES: env['GLIBC_TUNABLES'] });
    expect(env['NODE_OPTIONS']).toBe('--v8-pool-size=0 --v8-pool-size=4 --max-old-space-size=2000');
    expect(env['GLIBC_TUNABLES']).toBe('glibc.malloc.top_pad=67108864:glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0');
    // Empty counts as not given.
    const empty = launch(link, [], { ...bareEnv(), NODE_OPTIONS: '', GLIBC_TUNABLES: '' });
    expect(JSON.parse(empty.stdout)).toMatchObject({ NODE_OPTIONS: LAUNCH_NODE_OPTIONS, GLIBC_TUNABLES: LAUNCH_GLIBC_TUNABLES });
    expect(launchEnv({ NODE_OPTIONS: '', GLIBC_TUNABLES: '' })).toEqual({ NODE_OPTIONS: LAUNCH_NODE_OPTIONS, GLIBC_TUNABLES: LAUNCH_GLIBC_TUNABLES });
  });

  it('runs when found on the PATH through a link elsewhere, as after npm link or npm install -g', () => {
    // A global bin folder (as /usr/local/bin) linking by absolute path to the package's own
    // relative link: a chain of two, each resolved from its own folder.
    const bin = path.join(mkdtempSync(path.join(tmpdir(), 'convsim-global-')), 'bin');
    mkdirSync(bin);
    symlinkSync(link, path.join(bin, 'convsim'));
    const env = { ...bareEnv(), PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}` };
    const r = launch('convsim', ['--version'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ args: ['--version'], NODE_OPTIONS: LAUNCH_NODE_OPTIONS });
  });

  it('runs as sh convsim from its own folder', () => {
    const r = spawnSync('sh', ['convsim', '--version'], { cwd: path.dirname(LAUNCHER), encoding: 'utf8', env: bareEnv() });
    expect({ code: r.status, stdout: r.stdout }).toEqual({ code: 0, stdout: `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n` });
  });

  it('passes every argument through as given, and the exit code back', () => {
    const args = ['sweep', 'my plan.json', '--set', 'traffic.agents.count=4, 5', '', '"quoted"', "it's", '$HOME', '*'];
    expect(JSON.parse(launch(link, args, bareEnv()).stdout).args).toEqual(args);
    expect(launch(link, ['exit', '3'], bareEnv()).code).toBe(3);
    expect(launch(link, ['exit', '130'], bareEnv()).code).toBe(130);
  });

  it('is the package\'s command, executable, and runs the real CLI as node dist/cli/bin.js does', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).bin).toEqual({ convsim: 'src/cli/convsim' });
    expect(statSync(LAUNCHER).mode & 0o111).toBe(0o111);
    const version = `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`;
    expect(launch(LAUNCHER, ['--version'], bareEnv())).toEqual({ code: 0, stdout: version, stderr: '' });
    const missing = ['run', path.join(tmpdir(), 'convsim-no-such-file.json')];
    const plain = launch(process.execPath, [path.resolve('dist/cli/bin.js'), ...missing], bareEnv());
    expect(plain.code).toBe(2);
    expect(launch(LAUNCHER, missing, bareEnv())).toEqual(plain);
  });

  it('writes the same bytes as plain node (all but the timings and the folder named in run.json)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'convsim-launcher-out-'));
    const scenarios = ['scenarios/scenario-1-both-timers.json', 'scenarios/traffic-support-desk.json'];
    const launched = launch(LAUNCHER, ['run', ...scenarios, '--quiet', '--out', path.join(out, 'launched')], bareEnv());
    const plain = launch(process.execPath, [path.resolve('dist/cli/bin.js'), 'run', ...scenarios, '--quiet', '--out', path.join(out, 'plain')], bareEnv());
    expect([launched.code, plain.code]).toEqual([0, 0]);
    const timed = new Set(['performance.json', 'run.json']);
    let compared = 0;
    for (const name of ['scenario-1-both-timers', 'traffic-support-desk']) {
      for (const file of readdirSync(path.join(out, 'plain', name)).filter((f) => !timed.has(f))) {
        expect(readFileSync(path.join(out, 'launched', name, file)), `${name}/${file}`).toEqual(readFileSync(path.join(out, 'plain', name, file)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });
});
