// Exit codes and the failures that choose them. A user scripts against these: they are API,
// listed in `convsim --help` and the README.

export const EXIT_OK = 0;
/** convsim itself failed: a bug, with a stack trace. */
export const EXIT_INTERNAL = 1;
/** The user's input is bad: a scenario file, an argument. Nothing was written. */
export const EXIT_BAD_INPUT = 2;
/** convsim report: a threshold of `expect` failed or is inconclusive (the report is written). */
export const EXIT_THRESHOLDS = 3;
/** A report folder cannot be written: not a folder, a link, no permission, disk full, file too large. */
export const EXIT_CANNOT_WRITE = 4;
/** Another convsim run is writing the same report folder; nothing was touched. Try again later. */
export const EXIT_BUSY = 5;
/** Stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + the signal number, as shells report it. */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** The user's mistakes (bad scenario files, bad flags): one line each. */
export class BadInput extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'BadInput';
  }
}

/** A report folder that cannot be written, or is being written by another run. */
export class CannotWrite extends Error {
  constructor(
    readonly lines: readonly string[],
    readonly exitCode: typeof EXIT_CANNOT_WRITE | typeof EXIT_BUSY = EXIT_CANNOT_WRITE,
  ) {
    super(lines.join('\n'));
    this.name = 'CannotWrite';
  }
}

/** The run was stopped by a signal; the report folder being written was left as it was. */
export class Interrupted extends Error {
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

/** Why a write failed, in words, for the errors a user can do something about; undefined for others. */
export function writeProblem(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EFBIG':
      return 'a file would exceed the file-size limit (EFBIG; see ulimit -f)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EIO':
      return 'an input/output error (EIO)';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'ENAMETOOLONG':
      return 'the path is too long (ENAMETOOLONG)';
    case 'ELOOP':
      return 'too many symbolic links in the path (ELOOP)';
    default:
      return undefined;
  }
}
