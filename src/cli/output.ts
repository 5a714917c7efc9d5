/**
 * Output paths under D30: every `--out` is checked before anything is simulated, and written
 * atomically, so that a bad path costs the user nothing and an interrupted run never leaves a mix.
 *
 * - Checks (`checkOutputDir`, `checkOutputFile`): not empty; not under /proc, /sys or /dev (where
 *   Node's mkdir spins on some paths); the target, if it exists, is a folder (or a regular file for
 *   a file output) and not a symbolic link; an existing folder is empty or a Brink output folder
 *   (it holds the marker file OUTPUT_MARKER); the nearest existing ancestor is a folder we may
 *   write in (the parent must be writable for the rename into place).
 * - Writing (`writeOutputDir`): every file goes into a fresh hidden temporary folder beside the
 *   target (`.NAME.brink-tmp-PID-XXXXXX`), opened with O_EXCL so no symlink is followed, the marker
 *   last; then the previous output folder (if any, re-checked) is renamed aside, the new one
 *   renamed into place, and the old one removed. A previous run's folder is replaced whole, never
 *   merged. A signal during the write is held until the write is complete (the write is short
 *   and synchronous), so SIGINT/SIGTERM leave either the previous output or the new one; a hard
 *   kill leaves at worst a hidden temporary folder (never mistaken for output: another name, and
 *   removed by the next write once its process is gone) and, between the two renames, no output.
 */
import { accessSync, constants, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ENGINE_VERSION } from '../model/version.js';
import { isForbiddenPath, quoteExcerpt } from '../scenario/index.js';

/** The file that marks a folder as written by Brink: only such a folder is ever replaced. */
export const OUTPUT_MARKER = '.brink-output';

/** A mistake the user can fix (a bad output path, a full disk): main.ts prints it and exits 1. */
export class UserError extends Error {}

const shown = (p: string): string => quoteExcerpt(p, 120);

/** The nearest existing ancestor of an absolute path (following symlinks), and its stat. */
function nearestExisting(p: string): { path: string; isDir: boolean } {
  let cur = p;
  for (;;) {
    try {
      return { path: cur, isDir: statSync(cur).isDirectory() };
    } catch {
      const up = dirname(cur);
      if (up === cur) return { path: cur, isDir: true };
      cur = up;
    }
  }
}

/** Why the parent side of `target` cannot take a new entry, or null. */
function parentRefusal(target: string): string | null {
  const anc = nearestExisting(dirname(target));
  let real = anc.path;
  try {
    real = realpathSync(anc.path);
  } catch {
    /* keep the path as is */
  }
  if (isForbiddenPath(real) || isForbiddenPath(target)) return `${shown(target)} is under /proc, /sys or /dev, where Brink never writes`;
  if (!anc.isDir) return `${shown(anc.path)} is a file, so ${shown(target)} cannot be created inside it`;
  try {
    accessSync(anc.path, constants.W_OK | constants.X_OK);
  } catch {
    return `cannot write in ${shown(anc.path)} (permission denied)`;
  }
  return null;
}

/** The path's own status (a link is not followed), or null when nothing is there. */
function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Why `dir` cannot be an output folder, or null when it can (nothing is created). */
export function checkOutputDir(dir: string): string | null {
  if (dir.trim() === '') return 'give a folder name (got an empty string)';
  const target = resolve(dir);
  if (dirname(target) === target) return `${shown(dir)} is the root folder; give a folder of its own`;
  const parent = parentRefusal(target);
  if (parent !== null) return parent;
  const st = lstatOrNull(target);
  if (st === null) return null; // does not exist yet: it will be created
  if (st.isSymbolicLink()) return `${shown(dir)} is a symbolic link; Brink does not write through links (give the folder itself)`;
  if (!st.isDirectory()) return `${shown(dir)} exists and is ${st.isFile() ? 'a file' : 'not a folder (a device, pipe or socket)'}; give a folder`;
  const names = readdirSync(target);
  if (names.length > 0 && !isBrinkOutput(target))
    return `${shown(dir)} is a folder that holds files not written by Brink (no ${OUTPUT_MARKER}); give a new or empty folder, or one Brink wrote (a folder written before Brink marked its output must be removed by hand once)`;
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch {
    return `cannot replace ${shown(dir)}: its parent folder is not writable`;
  }
  return null;
}

/** Why `file` cannot be an output file (e.g. calibrate --out params.yaml), or null. */
export function checkOutputFile(file: string): string | null {
  if (file.trim() === '') return 'give a file name (got an empty string)';
  const target = resolve(file);
  const parent = parentRefusal(target);
  if (parent !== null) return parent;
  const st = lstatOrNull(target);
  if (st === null) return null; // does not exist yet: it will be created
  if (st.isSymbolicLink()) return `${shown(file)} is a symbolic link; Brink does not write through links`;
  if (st.isDirectory()) return `${shown(file)} is a folder; give a file name`;
  if (!st.isFile()) return `${shown(file)} is not a regular file (a device, pipe or socket)`;
  return null;
}

function isBrinkOutput(dir: string): boolean {
  try {
    return lstatSync(join(dir, OUTPUT_MARKER)).isFile();
  } catch {
    return false;
  }
}

const TMP = '.brink-tmp-';
const OLD = '.brink-old-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary and set-aside folders of `base` left by processes that no longer run. */
function removeStale(parent: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) {
    for (const kind of [TMP, OLD]) {
      const prefix = `.${base}${kind}`;
      if (!n.startsWith(prefix)) continue;
      const pid = Number(n.slice(prefix.length).split('-')[0]);
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) rmSync(join(parent, n), { recursive: true, force: true });
    }
  }
}

/**
 * Runs `write` with SIGINT and SIGTERM held: a signal that arrives meanwhile is re-raised once
 * `write` has returned (or cleaned up after, if it threw), so the process dies with the output
 * complete, not half-written.
 */
function holdingSignals<T>(cleanup: () => void, write: () => T): T {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let done = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (!done) cleanup();
    for (const s of signals) process.off(s, onSignal);
    process.kill(process.pid, sig);
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    return write();
  } catch (e) {
    cleanup();
    throw e;
  } finally {
    done = true;
    // A signal caught during the synchronous write is delivered on the next turn of the loop.
    setImmediate(() => {
      for (const s of signals) process.off(s, onSignal);
    });
  }
}

/** A file-system error (it has an errno code: a full disk, a permission) as a UserError; anything else is a bug and stays as it is. */
const userError = (what: string, e: unknown): Error => {
  const code = (e as NodeJS.ErrnoException).code;
  // errno codes (ENOSPC, EACCES …), not Node's own ERR_* codes for a wrong argument (a bug).
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e instanceof Error ? e : new Error(String(e));
  return new UserError(`${what}: ${code === 'ENOSPC' ? 'no space left on the device' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : (code ?? String(e))}`);
};

/**
 * Writes `files` (plain names, no folders) as the folder `dir`, atomically (see the file comment).
 * Throws UserError when the path was refused or the disk refuses a write.
 */
export function writeOutputDir(dir: string, files: Record<string, string>, command: string): void {
  const why = checkOutputDir(dir);
  if (why !== null) throw new UserError(`--out ${why}`);
  const target = resolve(dir);
  const parent = dirname(target);
  const base = basename(target);
  for (const name of Object.keys(files)) if (name === OUTPUT_MARKER || name !== basename(name) || name.startsWith('.')) throw new Error(`writeOutputDir: bad file name ${name}`);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw userError(`--out ${shown(dir)}: cannot create its parent folder`, e);
  }
  removeStale(parent, base);
  let tmp = '';
  const cleanup = (): void => {
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  };
  holdingSignals(cleanup, () => {
    try {
      tmp = mkdtempSync(join(parent, `.${base}${TMP}${process.pid}-`));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text, { flag: 'wx' });
      writeFileSync(join(tmp, OUTPUT_MARKER), `${JSON.stringify({ writtenBy: 'brink', engineVersion: ENGINE_VERSION, command, files: Object.keys(files) })}\n`, { flag: 'wx' });
    } catch (e) {
      throw userError(`--out ${shown(dir)}: cannot write the output`, e);
    }
    // Re-checked just before the swap: the folder may have changed during the simulation.
    const again = checkOutputDir(dir);
    if (again !== null) throw new UserError(`--out ${again}`);
    let old = '';
    try {
      if (existsNoFollow(target)) {
        old = `${mkdtempSync(join(parent, `.${base}${OLD}${process.pid}-`))}`;
        rmSync(old, { recursive: true });
        renameSync(target, old);
      }
      renameSync(tmp, target);
      tmp = '';
    } catch (e) {
      // Put the previous output back if it was set aside.
      if (old !== '' && !existsNoFollow(target)) renameSync(old, target);
      throw userError(`--out ${shown(dir)}: cannot move the output into place`, e);
    }
    if (old !== '') rmSync(old, { recursive: true, force: true });
  });
}

/** Writes one file atomically: a temporary file beside it, renamed into place. `what` names the flag in messages. */
export function writeOutputFile(file: string, text: string, what = '--out'): void {
  const why = checkOutputFile(file);
  if (why !== null) throw new UserError(`${what} ${why}`);
  const { target, tmp } = tempBeside(file, what);
  holdingSignals(
    () => rmSync(tmp, { force: true }),
    () => {
      try {
        writeFileSync(tmp, text, { flag: 'wx' });
        renameSync(tmp, target);
      } catch (e) {
        throw userError(`${what} ${shown(file)}: cannot write it`, e);
      }
    },
  );
}

/**
 * The target's folder (created if needed, stale temporaries of earlier runs removed) and a fresh
 * hidden temporary name beside the target, for a write that is renamed or linked into place.
 */
function tempBeside(file: string, what: string): { target: string; tmp: string } {
  const target = resolve(file);
  const parent = dirname(target);
  const base = basename(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw userError(`${what} ${shown(file)}: cannot create its folder`, e);
  }
  removeStale(parent, base);
  return { target, tmp: join(parent, `.${base}${TMP}${process.pid}-${Math.random().toString(36).slice(2, 10)}`) };
}

/**
 * Writes a new file atomically and never over an existing one (`brink new`): a temporary file
 * beside it, then a hard link to the target name, which fails if anything (file, folder, link)
 * is already there, even one created after the check. `what` names the argument in messages.
 */
export function writeNewFile(file: string, text: string, what: string): void {
  const why = checkOutputFile(file);
  if (why !== null) throw new UserError(`${what} ${why}`);
  const target = resolve(file);
  if (existsNoFollow(target)) throw new UserError(`${what} ${shown(file)} already exists; brink new never overwrites a file (remove it or pick another name)`);
  const { tmp } = tempBeside(file, what);
  holdingSignals(
    () => rmSync(tmp, { force: true }),
    () => {
      try {
        writeFileSync(tmp, text, { flag: 'wx' });
      } catch (e) {
        throw userError(`${what} ${shown(file)}: cannot write it`, e);
      }
      try {
        linkSync(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${what} ${shown(file)} already exists; brink new never overwrites a file (remove it or pick another name)`);
        throw userError(`${what} ${shown(file)}: cannot write it`, e);
      } finally {
        rmSync(tmp, { force: true });
      }
    },
  );
}

function existsNoFollow(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
