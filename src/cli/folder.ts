// A report folder, written the way a database commits: every file goes into a work folder beside
// the target (`<out>/.<name>.convsim-writing`), and one rename publishes it whole. Until then the
// previous folder is untouched; an interrupt, a full disk or a crash leaves it, or no folder,
// never a mix of two runs. The work folder is also the lock: a second run into the same
// `<out>/<name>` finds it taken and refuses (exit 5) instead of interleaving.
//
// Nothing outside `<out>/<name>/` and convsim's own `<out>/.<name>.convsim-*` entries is written
// or deleted, and no symbolic link is followed: the target may not be one, and every file is
// created fresh (O_EXCL) in a folder convsim just made.

import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeSync, accessSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { CannotWrite, EXIT_BUSY, writeProblem } from './errors.js';

/** Every file convsim may leave in a report folder; a folder holding anything else is not replaced. */
export type OwnFiles = readonly string[];

/** The file in every report folder that says which run wrote it; while writing, it names the owner. */
export const PROVENANCE_FILE = 'run.json';

const WORK = 'convsim-writing';
const NEW = 'convsim-new';
const OLD = 'convsim-old';

/** What the work folder's run.json says while a run holds it. */
interface Owner {
  readonly pid: number;
  readonly host: string;
}

/**
 * Problems with `--out` that can be found without creating anything: a part of the path is a
 * file, or the nearest existing folder cannot be written to. One line each.
 */
export function outProblems(out: string): string[] {
  if (out === '') return ['convsim: --out: expected a folder; got an empty value'];
  let dir = path.resolve(out);
  for (;;) {
    try {
      // `--out` itself may be a link the user made (say /tmp -> /private/tmp): that one is followed.
      if (!statSync(dir).isDirectory()) return [`convsim: --out ${out}: ${dir} is a file, not a folder`];
      accessSync(dir, constants.W_OK);
      return [];
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
        continue;
      }
      return [`convsim: --out ${out}: cannot write there: ${writeProblem(e) ?? String(code ?? e)}`];
    }
  }
}

export class ReportFolder {
  private readonly files: OutputFile[] = [];
  private done = false;

  private constructor(
    /** `<out>/<name>`, as the user will read it. */
    readonly target: string,
    private readonly work: string,
    private readonly out: string,
    private readonly name: string,
    /** The first folder of `out` this run created, if any: removed again when left empty. */
    private readonly created: string | undefined,
    /** What run.json says: given at open, completed with the finish time and the files at publish. */
    private readonly provenance: object,
  ) {}

  /**
   * Takes `<out>/<name>` for this run: checks the target (a folder of convsim's files, or
   * absent; never a link), then creates the work folder, atomically, with `run.json` naming
   * this process. Throws CannotWrite (exit 4), or with exit 5 when another live run holds it.
   */
  static open(out: string, name: string, own: OwnFiles, provenance: object): ReportFolder {
    const target = path.join(out, name);
    const fail = (why: string): never => {
      throw new CannotWrite([`convsim: cannot write ${target}: ${why}`]);
    };
    let created: string | undefined;
    try {
      created = mkdirSync(out, { recursive: true });
    } catch (e) {
      fail(writeProblem(e) ?? String(e));
    }
    checkTarget(target, own, fail);
    const folder = new ReportFolder(target, path.join(out, `.${name}.${WORK}`), out, name, created, provenance);
    folder.acquire(provenance, fail);
    return folder;
  }

  /** Writes each named file from its pieces of text, telling `writing` which one is under way. */
  writeFiles(files: Iterable<[string, Iterable<string>]>, writing?: (name: string) => void): void {
    for (const [name, pieces] of files) {
      writing?.(name);
      const f = this.file(name);
      for (const piece of pieces) f.write(piece);
    }
  }

  /** A new file in the work folder. */
  file(name: string): OutputFile {
    const f = new OutputFile(path.join(this.work, name), this.target);
    this.files.push(f);
    return f;
  }

  /**
   * Publishes the work folder as `<out>/<name>`: closes the files, writes the final run.json
   * (with each file's size and SHA-256), and swaps the folders with renames.
   */
  publish(): void {
    const outputs: Record<string, { bytes: number; sha256: string }> = {};
    for (const f of this.files) outputs[path.basename(f.path)] = f.close();
    try {
      const provenance = { ...this.provenance, finished_at: new Date().toISOString(), outputs };
      writeWhole(path.join(this.work, `${PROVENANCE_FILE}.next`), `${JSON.stringify(provenance, null, 2)}\n`);
      renameSync(path.join(this.work, `${PROVENANCE_FILE}.next`), path.join(this.work, PROVENANCE_FILE));
      syncFolder(this.work);
      let old: string | undefined;
      if (exists(this.target)) {
        old = path.join(this.out, `.${this.name}.${OLD}-${process.pid}-${randomBytes(4).toString('hex')}`);
        renameSync(this.target, old);
      }
      renameSync(this.work, this.target);
      this.done = true;
      syncFolder(this.out);
      if (old !== undefined) rmSync(old, { recursive: true, force: true });
    } catch (e) {
      if (this.done) throw e;
      throw new CannotWrite([`convsim: cannot write ${this.target}: ${writeProblem(e) ?? String(e)}; the previous folder was left as it was`]);
    }
  }

  /** Removes the work folder (an error or an interrupt): the target stays as it was. Safe to call twice. */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    for (const f of this.files) f.discard();
    rmSync(this.work, { recursive: true, force: true });
    // Folders this run created for --out go too, if nothing else is in them: a failed run writes nothing.
    if (this.created !== undefined) {
      for (let dir = path.resolve(this.out); dir.length >= path.resolve(this.created).length; dir = path.dirname(dir)) {
        try {
          rmdirSync(dir);
        } catch {
          break;
        }
      }
    }
  }

  private acquire(provenance: object, fail: (why: string) => never): void {
    for (let attempt = 0; ; attempt++) {
      const fresh = path.join(this.out, `.${this.name}.${NEW}-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        mkdirSync(fresh);
        writeWhole(path.join(fresh, PROVENANCE_FILE), `${JSON.stringify({ ...provenance, pid: process.pid, host: hostname() }, null, 2)}\n`);
      } catch (e) {
        rmSync(fresh, { recursive: true, force: true });
        fail(writeProblem(e) ?? String(e));
      }
      try {
        // Renaming a folder onto a non-empty one fails: of two runs, exactly one gets here first.
        renameSync(fresh, this.work);
        this.sweep();
        return;
      } catch (e) {
        rmSync(fresh, { recursive: true, force: true });
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') fail(writeProblem(e) ?? String(e));
        const owner = ownerOf(this.work);
        if (owner !== undefined && !alive(owner) && attempt === 0) {
          // Left by a run that was killed (SIGKILL, a power cut): it is convsim's own, and nobody's now.
          rmSync(this.work, { recursive: true, force: true });
          continue;
        }
        const who = owner === undefined ? 'another convsim run' : `another convsim run (process ${owner.pid} on ${owner.host})`;
        throw new CannotWrite(
          [`convsim: ${this.target} is being written by ${who}; nothing was touched: wait for it to finish, or choose another --out (if no such run exists, remove ${this.work})`],
          EXIT_BUSY,
        );
      }
    }
  }

  /** Removes convsim's leftovers for this name from runs that died (their processes are gone). */
  private sweep(): void {
    const prefix = `.${this.name}.`;
    for (const entry of readdirSync(this.out)) {
      if (!entry.startsWith(prefix)) continue;
      const m = new RegExp(`^(?:${NEW}|${OLD})-(\\d+)-[0-9a-f]{8}$`).exec(entry.slice(prefix.length));
      if (m !== null && !alive({ pid: Number(m[1]), host: hostname() })) rmSync(path.join(this.out, entry), { recursive: true, force: true });
    }
  }
}

/** The target is absent, or a real folder holding only convsim's files; never a link. */
function checkTarget(target: string, own: OwnFiles, fail: (why: string) => never): void {
  let info;
  try {
    info = lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    fail(writeProblem(e) ?? String(e));
  }
  if (info.isSymbolicLink()) fail('it is a symbolic link, and convsim never writes through links: remove the link or choose another --out');
  if (!info.isDirectory()) fail('it is a file, not a folder');
  const foreign = readdirSync(target).filter((f) => !own.includes(f) && f !== PROVENANCE_FILE);
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
    fail(`it holds files convsim did not write (${shown}); convsim replaces the whole folder, so move them away or choose another --out`);
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    fail(writeProblem(e) ?? String(e));
  }
}

function ownerOf(work: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(path.join(work, PROVENANCE_FILE), 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the owner still runs. A run on another host (a shared disk) is presumed alive. A
 * zombie (dead, not yet reaped: an orphan whose new parent reaps late, as some containers' first
 * process does) answers signals but writes nothing more: not alive.
 */
function alive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !zombie(owner.pid);
}

/** Linux: whether process `pid` is a zombie ("pid (name) Z ..." in /proc/pid/stat). Elsewhere false. */
function zombie(pid: number): boolean {
  try {
    // The state follows the name, which is in parentheses and may hold any character, ')' too.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function writeWhole(file: string, text: string): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Bytes gathered before a write: large enough that the system calls cost nothing. */
const BUFFER = 1 << 20;

/**
 * One output file, written as it is produced: text is gathered into 1 MiB pieces and written
 * synchronously, so memory stays bounded and a write error surfaces where it happens.
 */
export class OutputFile {
  private fd: number;
  private pending: string[] = [];
  private pendingLength = 0;
  private bytes = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(
    readonly path: string,
    private readonly target: string,
  ) {
    this.fd = this.guard(() => openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644));
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= BUFFER) this.flush();
  }

  /** Flushes, syncs and closes; returns the file's size and SHA-256. */
  close(): { bytes: number; sha256: string } {
    this.flush();
    this.guard(() => fsyncSync(this.fd));
    closeSync(this.fd);
    this.fd = -1;
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  discard(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.guard(() => {
      for (let done = 0; done < chunk.length; ) done += writeSync(this.fd, chunk, done);
    });
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      const why = writeProblem(e);
      if (why === undefined) throw e;
      throw new CannotWrite([`convsim: cannot write ${this.target}: ${why}; the previous folder was left as it was`]);
    }
  }
}
