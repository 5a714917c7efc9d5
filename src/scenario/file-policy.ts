/**
 * The rules for reading files named by inputs (D30), as pure functions so that the CLI and a
 * future HTTP server apply the same ones: load.ts does the file-system side (realpath, open,
 * fstat, bounded read) and asks these functions what is allowed.
 *
 * - An `include:` entry is a relative path, resolved against the including file's folder; it must
 *   stay inside one of the allowed roots (by default the scenario's own folder tree and the
 *   built-in library `scenarios/`) both as written and after symbolic links are resolved.
 * - Only regular files are read (no devices, FIFOs or sockets), never under /proc, /sys or /dev
 *   (whose "regular" files report size 0 and hold process secrets), and at most MAX_INPUT_BYTES,
 *   checked from fstat before reading and again while reading.
 * - A refused file is named (an escaped excerpt of its path), never quoted.
 */
import { MAX_INCLUDE_PATH_LENGTH } from './limits.js';
import { quoteExcerpt } from './text.js';

/** Pseudo file systems never read, whatever the path says after resolution. */
export const FORBIDDEN_ROOTS = ['/proc', '/sys', '/dev'] as const;

/** `p` is `root` or below it (both absolute, normalised, e.g. realpaths). */
export function isWithin(root: string, p: string): boolean {
  if (p === root) return true;
  const base = /[\\/]$/.test(root) ? root.slice(0, -1) : root;
  return p.startsWith(`${base}/`) || p.startsWith(`${base}\\`);
}

export function isWithinAny(roots: readonly string[], p: string): boolean {
  return roots.some((r) => isWithin(r, p));
}

/** A path in a pseudo file system (/proc, /sys, /dev). */
export function isForbiddenPath(p: string): boolean {
  return FORBIDDEN_ROOTS.some((r) => isWithin(r, p));
}

/**
 * Lexical check of an include entry, before the file system is asked anything (so a refused
 * entry reveals nothing of what exists outside the roots). Returns the reason it is refused, or null.
 */
export function includeEntryRefusal(entry: string): string | null {
  if (entry.length === 0) return 'an include path must not be empty';
  if (entry.length > MAX_INCLUDE_PATH_LENGTH) return `an include path has at most ${MAX_INCLUDE_PATH_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(entry)) return `include ${quoteExcerpt(entry)} is refused: it holds a control character`;
  if (entry.startsWith('/') || entry.startsWith('\\') || /^[A-Za-z]:/.test(entry) || entry.startsWith('~'))
    return `include ${quoteExcerpt(entry)} is refused: an include is a path relative to the scenario's folder, not an absolute path`;
  return null;
}

export type FileRefusal = 'outside-roots' | 'symlink-outside-roots' | 'forbidden' | 'not-regular' | 'too-large' | 'binary' | 'self';

/** The message for a refused include (names the entry, never its content). */
export function includeRefusalMessage(entry: string, why: FileRefusal, detail = ''): string {
  const name = `include ${quoteExcerpt(entry)}`;
  switch (why) {
    case 'outside-roots':
      return `${name} is refused: it leaves the scenario's folder (includes must stay inside it or the built-in scenarios/ library)`;
    case 'symlink-outside-roots':
      return `${name} is refused: it is a symbolic link to a file outside the scenario's folder and the built-in scenarios/ library`;
    case 'forbidden':
      return `${name} is refused: files under ${FORBIDDEN_ROOTS.join(', ')} are never read`;
    case 'not-regular':
      return `${name} is refused: not a regular file${detail}`;
    case 'too-large':
      return `${name} is refused: ${detail}`;
    case 'binary':
      return `${name} is refused: not a text file (it holds a NUL byte)`;
    case 'self':
      return `${name} is the scenario itself; a scenario cannot include itself`;
  }
}
