import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from './files.js';

/**
 * Atomic output files, the one place every writer goes through (writeFileAtomic, or
 * openAtomicOutput + commit for writers with their own file layer, e.g. HDF5). An output is
 * written to a temporary sibling and renamed over the destination, so an interrupted write never
 * leaves a half-written file and never destroys what the user had. Before anything is written the
 * destination is checked:
 *   - an existing destination must be a regular file: a rename would replace a device node, FIFO
 *     or socket by a regular file (`-o /dev/null` run as root), and a directory cannot be replaced;
 *   - it must not be one of the command's inputs (same device and inode, so links count too);
 *   - a symbolic link is followed and its target written (a rename over the link would replace
 *     the link and leave its target as it was); a destination under /proc is refused, so a link
 *     to a process's open file (`-o /dev/stdout`, `/dev/fd/1`) is never replaced, nor its target
 *     (the file the shell redirected stdout to) truncated;
 *   - the path must not be empty, nor name a directory (`out/`, `out/.`);
 *   - the directory the write creates its file (or first missing directory) in must be writable
 *     (permission, read-only file system), so that a long run is not lost at its first write, and
 *     not on a kernel file system (sysfs, proc, cgroup ...), where root passes the permission check;
 *   - missing parent directories are created one by one (Node's recursive mkdir loops on /proc).
 * Temporary files are removed on SIGINT, SIGTERM and SIGHUP, then the signal is raised again.
 * A refusal throws an OutputRefused whose `code` says why (the CLI words it as a diagnostic).
 */
export type OutputRefusal = 'ESPECIAL' | 'ESAMEFILE' | 'ENOTDIR' | 'EMKDIR' | 'EEMPTY' | 'EACCES' | 'EISDIR';

export class OutputRefused extends Error {
  readonly code: OutputRefusal;
  /** for ESAMEFILE: the input the output would overwrite, as the caller named it */
  readonly input?: string;
  constructor(code: OutputRefusal, message: string, input?: string) {
    super(message);
    this.name = 'OutputRefused';
    this.code = code;
    if (input !== undefined) this.input = input;
  }
}

export interface OutputOptions {
  /** files the command reads: the output must not be any of them */
  inputs?: readonly (string | undefined)[];
}

const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function onSignal(sig: NodeJS.Signals): void {
  for (const t of live) fs.rmSync(t, { force: true });
  live.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  installed = false;
  process.kill(process.pid, sig);
}

function track(tmp: string): void {
  live.add(tmp);
  if (!installed) {
    for (const s of SIGNALS) process.on(s, onSignal);
    installed = true;
  }
}

/**
 * The listeners stay once installed: a signal that arrives while a write runs is queued and
 * delivered after it, and removing them when the last write ends dropped it (Ctrl-C during a
 * checkpoint's write was lost and the run went on). With nothing live, onSignal removes them and
 * raises the signal again, which is Node's default.
 */
function untrack(tmp: string): void {
  live.delete(tmp);
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

/** Creates the missing directories of `dir` one level at a time (bounded by its components). */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    const st = statOrNull(d);
    if (st) {
      if (!st.isDirectory()) throw new OutputRefused('ENOTDIR', `${d} is not a directory`);
      break;
    }
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) {
    try {
      fs.mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statOrNull(m)?.isDirectory()) continue;
      throw new OutputRefused('EMKDIR', `cannot create the directory ${m} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
}

/** Symbolic links followed at most this many times (the kernel's own bound before ELOOP). */
const MAX_LINKS = 40;

/**
 * `dir` with the symbolic links of its existing part resolved, and whether all of it exists. The
 * path is resolved as the kernel resolves it, not lexically first: `link/..` is the parent of the
 * link's target (path.resolve made it the directory holding the link, so `-o link/../out.snnc`
 * wrote another file than the one the path names, and an input named that way was not seen).
 */
function physicalDir(dir: string): { path: string; exists: boolean } {
  const missing: string[] = [];
  for (let d = dir; ; ) {
    try {
      return { path: path.join(fs.realpathSync.native(d), ...missing.reverse()), exists: missing.length === 0 };
    } catch {
      const up = path.dirname(d);
      if (up === d) return { path: path.join(path.resolve(d), ...missing.reverse()), exists: false };
      missing.push(path.basename(d));
      d = up;
    }
  }
}

const underProc = (p: string): boolean => p === '/proc' || p.startsWith('/proc/');

/**
 * The file a write to `file` replaces: `file` itself, or, when it is a symbolic link, the file the
 * link leads to (a rename over the link would replace the link, not write its target). Refuses an
 * empty path and a destination in an existing directory under /proc: `/dev/stdout` leads to
 * /proc/self/fd/1, a process's open file, which is neither a file to replace nor one to rename over.
 */
export function outputDestination(file: string): string {
  if (file === '') throw new OutputRefused('EEMPTY', 'the output path is empty');
  let p = file; // as given: its `..` are resolved with its links (physicalDir)
  for (let hop = 0; ; hop++) {
    // `out/`, `out/.`: a directory's name, where the shell's `> out/` fails; path.basename and
    // path.join dropped the ending, and a file named out was written
    // (an existing directory is refused as one below)
    if ((/[\\/]$/.test(p) || path.basename(p) === '.' || path.basename(p) === '..') && !statOrNull(p)?.isDirectory())
      throw new OutputRefused('EISDIR', `the output path ${hop ? `leads to ${p}, which ` : ''}names a directory (it ends in ${/[\\/]$/.test(p) ? "'/'" : `'${path.basename(p)}'`}), not a file`);
    const dir = physicalDir(path.dirname(p));
    p = path.join(dir.path, path.basename(p));
    if (dir.exists && underProc(dir.path)) throw new OutputRefused('ESPECIAL', `the output leads into /proc (${p}), to an open file of a process (e.g. /dev/stdout), not a file to replace`);
    let link = false;
    try {
      link = fs.lstatSync(p).isSymbolicLink();
    } catch {
      return p;
    }
    if (!link) return p;
    if (hop === MAX_LINKS) throw new OutputRefused('ESPECIAL', `the output is a chain of more than ${MAX_LINKS} symbolic links`);
    const to = fs.readlinkSync(p);
    p = path.isAbsolute(to) ? to : `${dir.path}${path.sep}${to}`; // not path.resolve: its `..` too are the kernel's
  }
}

/**
 * The directory where the temporary sibling (or the first missing directory) is to be created must
 * let us, checked before the work: `snnc train --out` into a directory without write permission
 * (or on a read-only file system) trained every epoch, then could write no checkpoint.
 */
function writableDir(dir: string): void {
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new OutputRefused('EACCES', `the directory ${dir} is not writable (${code})`);
  }
}

/**
 * Linux's kernel file systems (statfs f_type, linux/magic.h): no regular file can be created in
 * them, and their existing "files" are kernel attributes, not outputs. The permission check passes
 * there as root, so `snnc train --out /sys/x` trained every epoch, then failed to create /sys/x
 * (EPERM; ENOENT under /proc).
 */
const KERNEL_FS = new Map<number, string>([
  [0x9fa0, 'proc'], [0x62656572, 'sysfs'], [0x27e0eb, 'cgroup'], [0x63677270, 'cgroup2'], [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'], [0x73636673, 'securityfs'], [0xcafe4a11, 'bpf'], [0x6165676c, 'pstore'], [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'], [0xf97cff8c, 'selinuxfs'], [0x42494e4d, 'binfmt_misc'], [0x65735543, 'fusectl'],
]);

/** Refuses an output whose directory `dir` (an existing one) is on a kernel file system. */
function notKernelFs(dir: string): void {
  if (process.platform !== 'linux') return;
  let type: number;
  try {
    type = Number(fs.statfsSync(dir).type);
  } catch {
    return; // judged by the write itself
  }
  const name = KERNEL_FS.get(type);
  if (name) throw new OutputRefused('ESPECIAL', `the output leads into ${dir}, on the kernel's ${name} file system, where no file can be written`);
}

/**
 * Throws OutputRefused when `file` may not be written (see the module comment); returns the file
 * the write replaces (outputDestination: symbolic links followed).
 */
export function checkOutputPath(file: string, options: OutputOptions = {}): string {
  const dest = outputDestination(file);
  const st = statOrNull(dest);
  if (st && !st.isFile()) {
    const what = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new OutputRefused('ESPECIAL', `the output exists and is ${what}`);
  }
  if (!st) {
    // a new file: its nearest existing ancestor must be a directory, or the write would fail only
    // after the work (snnc train --out a-file: an epoch trained, then SNNC1030)
    for (let d = path.dirname(dest); ; d = path.dirname(d)) {
      const a = statOrNull(d);
      if (a) {
        if (!a.isDirectory()) throw new OutputRefused('ENOTDIR', `${d} is not a directory`);
        notKernelFs(d);
        writableDir(d);
        return dest;
      }
      if (path.dirname(d) === d) return dest;
    }
  }
  for (const input of options.inputs ?? []) {
    if (input === undefined) continue;
    const i = statOrNull(input);
    if (i && i.dev === st.dev && i.ino === st.ino) throw new OutputRefused('ESAMEFILE', 'the output is one of the inputs', input);
  }
  notKernelFs(path.dirname(dest));
  writableDir(path.dirname(dest)); // the temporary sibling is created there and renamed over the file
  notStickyForeign(dest, st);
  return dest;
}

/**
 * In a sticky directory (/tmp), only a file's owner (or the directory's, or root) may replace it:
 * the rename over another user's file failed with EPERM at the end of the work, after a training
 * run. Checked up front, as the directory's write permission is.
 */
function notStickyForeign(dest: string, st: fs.Stats): void {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0 || st.uid === uid) return;
  const d = statOrNull(path.dirname(dest));
  if (d && (d.mode & 0o1000) !== 0 && d.uid !== uid) {
    throw new OutputRefused('EACCES', `${dest} belongs to another user (uid ${st.uid}) in a sticky directory, where only its owner may replace it`);
  }
}

/** Bytes of one file name (NAME_MAX on Linux and macOS). */
const NAME_MAX = 255;

/**
 * The temporary sibling's name: `.NAME.PID.tmp`, or, when that is longer than a file name may be,
 * NAME cut to fit and marked with a hash of it (a destination of 250 bytes, a valid name, was
 * refused with ENAMETOOLONG: its temporary name was 263).
 */
function tempName(base: string, pid = process.pid): string {
  const suffix = `.${pid}.tmp`;
  const whole = `.${base}${suffix}`;
  if (Buffer.byteLength(whole) <= NAME_MAX) return whole;
  const mark = `~${crc32(Buffer.from(base, 'utf8')).toString(16).padStart(8, '0')}`;
  let cut = '';
  for (const ch of base) {
    if (Buffer.byteLength(`.${cut}${ch}${mark}${suffix}`) > NAME_MAX) break;
    cut += ch;
  }
  return `.${cut}${mark}${suffix}`;
}

/**
 * Removes the temporary siblings of `base` that processes no longer running left in `dir` (a
 * process killed with SIGKILL, or a power loss, cannot remove its own: they stayed beside the
 * output for good). Only names this module makes for `base` are touched, and only of a PID that
 * does not exist (a PID reused since is left alone: harmless).
 */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\..*\.(\d+)\.tmp$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || name !== tempName(base, pid) || alive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: it exists, another user's
  }
}

/** fsync of a written file, by path (the writer may have closed it). */
function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * For writers with their own file layer: checks the destination, creates its directory and
 * returns a temporary sibling (removed on signals) to write; then `commit` syncs it and renames it over the
 * destination, `abandon` removes it.
 */
export function openAtomicOutput(file: string, options: OutputOptions = {}): { tmp: string; commit: () => void; abandon: () => void } {
  const dest = checkOutputPath(file, options);
  const dir = path.dirname(dest);
  makeDirs(dir);
  removeStaleTemps(dir, path.basename(dest));
  const tmp = path.join(dir, tempName(path.basename(dest)));
  track(tmp);
  fs.rmSync(tmp, { force: true });
  const abandon = () => {
    fs.rmSync(tmp, { force: true });
    untrack(tmp);
  };
  const commit = () => {
    try {
      syncFile(tmp); // the data on disk before the rename makes it the destination's (also a writer's own file layer: HDF5)
      checkOutputPath(dest, options); // the destination may have changed while we wrote
      // a file replaced keeps its permissions, as one rewritten by the shell's `>` does (a
      // checkpoint made private with chmod 600 came back 644 from the next run)
      const old = statOrNull(dest);
      if (old) {
        // owner too, where we may set it (root): the shell's `>` keeps a file's owner, a rename does not
        if (process.getuid?.() === 0 && (old.uid !== 0 || old.gid !== 0)) fs.chownSync(tmp, old.uid, old.gid);
        fs.chmodSync(tmp, old.mode & 0o777); // never set-user-ID or set-group-ID: a write clears them
      }
      fs.renameSync(tmp, dest);
      untrack(tmp);
    } catch (e) {
      abandon();
      throw e;
    }
  };
  return { tmp, commit, abandon };
}

/** The failure of one file of a set (writeFilesAtomic): which file, and why. */
export class OutputSetFailure extends Error {
  constructor(readonly file: string, readonly error: unknown) {
    super(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    this.name = 'OutputSetFailure';
  }
}

/**
 * Writes a set of outputs that belong together (a report's page, CSV and JSON): every file is
 * checked and written to its temporary sibling first, and only then are they renamed, so a failure
 * in any write leaves none of them changed (written one by one, a full disk at the third file left
 * two new files beside an old third). Throws an OutputSetFailure naming the file, after abandoning
 * every temporary file not yet renamed.
 */
export function writeFilesAtomic(files: ReadonlyArray<{ file: string; data: string | Uint8Array }>, options: OutputOptions = {}): void {
  const outs: Array<ReturnType<typeof openAtomicOutput>> = [];
  let k = 0;
  try {
    for (; k < files.length; k++) {
      const out = openAtomicOutput(files[k].file, options);
      outs.push(out);
      writeTemp(out.tmp, files[k].data);
    }
  } catch (e) {
    for (const o of outs) o.abandon();
    throw new OutputSetFailure(files[k].file, e);
  }
  // renames only from here (a commit that fails abandons its own temporary file; the rest too)
  try {
    for (k = 0; k < outs.length; k++) outs[k].commit();
  } catch (e) {
    for (const o of outs.slice(k + 1)) o.abandon();
    throw new OutputSetFailure(files[k].file, e);
  }
}

function writeTemp(tmp: string, data: string | Uint8Array): void {
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `data` to `file` atomically (temp file, fsync, rename), after the checks above. */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: OutputOptions = {}): void {
  const out = openAtomicOutput(file, options);
  try {
    writeTemp(out.tmp, data);
  } catch (e) {
    out.abandon();
    throw e;
  }
  out.commit();
}
