// The process settings the `convsim` command starts node with (src/cli/convsim, a shell script,
// sets them; this module has the same for the programs that start convsim's code in a process of
// their own: the bench's whole runs, its report and emulator processes). node and glibc read them
// only when a process starts, which is why a launcher sets them and not convsim's own code. A
// caller's NODE_OPTIONS and GLIBC_TUNABLES come after them, so that the caller's own settings win.
// README, "The convsim command's process settings", has what each gains.

/** V8's worker threads (which compile the hot code while it runs): one fewer than the cores, not four. */
export const LAUNCH_NODE_OPTIONS = '--v8-pool-size=0';
/**
 * glibc keeps 64 MiB free at the top of a heap it trims, instead of handing it back to the
 * kernel; and asks the kernel for 2 MiB pages for what it maps (transparent huge pages, where
 * they are on `madvise`; glibc 2.35 or later, ignored by others).
 */
export const LAUNCH_GLIBC_TUNABLES = 'glibc.malloc.top_pad=67108864:glibc.malloc.hugetlb=1';
/** Given after the command's own (the last of a name wins): its huge pages off. */
export const SMALL_PAGES_TUNABLE = 'glibc.malloc.hugetlb=0';

/** `env` as the convsim command passes it to node: its settings first, the caller's own after. */
export function launchEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const after = (ours: string, theirs: string | undefined, separator: string): string => (theirs === undefined || theirs === '' ? ours : `${ours}${separator}${theirs}`);
  return {
    ...env,
    NODE_OPTIONS: after(LAUNCH_NODE_OPTIONS, env['NODE_OPTIONS'], ' '),
    GLIBC_TUNABLES: after(LAUNCH_GLIBC_TUNABLES, env['GLIBC_TUNABLES'], ':'),
  };
}
