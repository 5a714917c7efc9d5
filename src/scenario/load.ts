/**
 * The Node adapter of the scenario layer: reads files, resolves `include:`. Everything that does
 * not touch the file system lives in parse.ts so the browser can use it; this file is exported
 * only through `node.ts`.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISSUE_CODES, type Issue } from './issues.js';
import { includeEntryRefusal, includeRefusalMessage, isForbiddenPath, isWithinAny, type FileRefusal } from './file-policy.js';
import { MAX_INCLUDES, MAX_INPUT_BYTES } from './limits.js';
import {
  append,
  parseParametersFileText,
  parsePolicyFileText,
  parseYamlValue,
  sniffKind,
  validateScenarioSource,
  type FileKind,
  type ParametersInput,
  type PolicyFileInput,
  type YamlSource,
} from './parse.js';
import type { Scenario } from './schema.js';
import { quoteExcerpt } from './text.js';

/** The built-in library (`scenarios/` of the package): always an allowed root of includes. */
export const BUILTIN_SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));

/** Where includes may be read from (D30). The CLI uses the defaults; a server passes its own store. */
export interface LoadOptions {
  /**
   * Folders an include must stay inside, as written and after symlinks are resolved. Default:
   * the scenario's own folder (and everything below it) and BUILTIN_SCENARIOS_DIR.
   */
  roots?: readonly string[];
  /** Largest file read, in bytes (default MAX_INPUT_BYTES). */
  maxBytes?: number;
}

type Read = { text: string; realPath: string } | { refusal: FileRefusal; detail: string } | { error: 'not-found' | 'unreadable'; detail: string };

/**
 * Reads a file under the file policy: its real path not under /proc, /sys or /dev; a regular
 * file (no device, FIFO or socket: opened non-blocking so a FIFO cannot hang us, then fstat);
 * at most `maxBytes`, checked from fstat before reading and by the read itself (a file that
 * reports a wrong size is cut off, not read to its end); no NUL byte (not a text file).
 */
function readBounded(path: string, maxBytes: number, allowed: (realPath: string) => FileRefusal | null = () => null): Read {
  let realPath: string;
  try {
    realPath = realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { error: 'not-found', detail: '' } : { error: 'unreadable', detail: code ?? 'error' };
  }
  if (isForbiddenPath(realPath)) return { refusal: 'forbidden', detail: '' };
  // Checked before the file is opened: nothing outside the allowed roots is ever read.
  const refusal = allowed(realPath);
  if (refusal !== null) return { refusal, detail: '' };
  let fd: number;
  try {
    fd = openSync(realPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { refusal: 'not-regular', detail: ' (a directory)' };
    return code === 'ENOENT' ? { error: 'not-found', detail: '' } : { error: 'unreadable', detail: code ?? 'error' };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { refusal: 'not-regular', detail: ' (a directory)' };
    if (!st.isFile()) return { refusal: 'not-regular', detail: st.isFIFO() ? ' (a pipe)' : st.isSocket() ? ' (a socket)' : ' (a device)' };
    if (st.size > maxBytes) return { refusal: 'too-large', detail: `${st.size} bytes, more than ${maxBytes} (MAX_INPUT_BYTES)` };
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(st.size + 1, 4096)));
    let n = 0;
    for (;;) {
      if (n === buf.length) break;
      const k = readSync(fd, buf, n, buf.length - n, null);
      if (k === 0) break;
      n += k;
    }
    if (n > maxBytes) return { refusal: 'too-large', detail: `more than ${maxBytes} bytes (MAX_INPUT_BYTES)` };
    const bytes = buf.subarray(0, n);
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      // Where: line and column of the first NUL, so the message points at it.
      const before = bytes.subarray(0, nul).toString('utf8');
      const line = before.split(/\r\n?|\n/).length;
      return { refusal: 'binary', detail: `${line}:${before.length - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'))}` };
    }
    return { text: bytes.toString('utf8'), realPath };
  } catch (e) {
    return { error: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    closeSync(fd);
  }
}

const TOP_LEVEL_REFUSALS: Record<FileRefusal, string> = {
  'outside-roots': 'is outside the allowed folders',
  'symlink-outside-roots': 'is a symbolic link outside the allowed folders',
  forbidden: 'is refused: files under /proc, /sys and /dev are never read',
  'not-regular': 'is not a regular file',
  'too-large': 'is too large',
  binary: 'is not a text file (it holds a NUL byte)',
  self: 'includes itself',
};

/**
 * The text of a file named on the command line (or by a server's caller), under the file policy
 * (readBounded), or a file-not-found / file-unreadable / too-large issue naming it. Never quotes
 * the file's content.
 */
export function readTextFile(path: string, opts: LoadOptions = {}): { text: string | null; issues: Issue[]; realPath?: string } {
  const issue = (code: string, message: string) => ({ text: null, issues: [{ code, path: '', file: path, message }] });
  if (path === '') return issue(ISSUE_CODES.fileNotFound, 'file not found (an empty path)');
  const r = readBounded(path, opts.maxBytes ?? MAX_INPUT_BYTES);
  if ('text' in r) return { text: r.text, issues: [], realPath: r.realPath };
  if ('error' in r) return r.error === 'not-found' ? issue(ISSUE_CODES.fileNotFound, 'file not found') : issue(ISSUE_CODES.fileUnreadable, `cannot read file (${r.detail})`);
  if (r.refusal === 'not-regular' && r.detail === ' (a directory)') return issue(ISSUE_CODES.fileUnreadable, 'is a directory, not a file');
  if (r.refusal === 'too-large') return { text: null, issues: [{ code: ISSUE_CODES.tooLarge, path: '', file: path, line: 1, column: 1, message: `is refused: ${r.detail}` }] };
  if (r.refusal === 'binary') {
    const [line, column] = r.detail.split(':').map(Number);
    return { text: null, issues: [{ code: ISSUE_CODES.fileUnreadable, path: '', file: path, line: line!, column: column!, message: TOP_LEVEL_REFUSALS.binary }] };
  }
  return issue(ISSUE_CODES.fileUnreadable, `${TOP_LEVEL_REFUSALS[r.refusal]}${r.refusal === 'not-regular' ? r.detail : ''}`);
}

/**
 * Reads and validates a scenario file and resolves its `include:` entries, relative to the
 * scenario file. Included parameter files are merged in order (a later file overrides an earlier
 * one) and the scenario's own `parameters` override them all. The returned scenario is
 * self-contained: its `include` list is emptied once merged, so that its hash depends on the
 * parameter values, not on file paths. Problems in an included file carry that file's name and
 * lines; an include that cannot be found or is refused by the file policy (file-policy.ts: a
 * relative path inside the allowed roots, a regular text file within the size limit, not the
 * scenario itself, not twice) is reported at its line in the scenario, naming the entry and never
 * quoting the refused file.
 */
export function loadScenarioFile(path: string, opts: LoadOptions = {}): { scenario: Scenario | null; issues: Issue[] } {
  const read = readTextFile(path, opts);
  if (read.text === null) return { scenario: null, issues: read.issues };
  const src = parseYamlValue(read.text, path);
  const kind = src.issues.length > 0 ? 'scenario' : sniffKind(src.value);
  if (kind !== 'scenario') return { scenario: null, issues: [wrongKindIssue(path, kind)] };
  return loadScenarioSource(src, path, read.realPath ?? resolve(path), opts);
}

/**
 * Validates scenario text that did not come from a file (an HTTP body, a stored scenario) and
 * resolves its `include:` entries as if the text were a file named `name` in `folder` (default
 * BUILTIN_SCENARIOS_DIR), with `opts.roots` (default: that folder only) as the allowed roots:
 * a text from the network can include the library's parameter files and nothing else. Issues
 * name `name`, never a real path.
 */
export function loadScenarioText(text: string, name: string, opts: LoadOptions & { folder?: string } = {}): { scenario: Scenario | null; issues: Issue[] } {
  const folder = opts.folder ?? BUILTIN_SCENARIOS_DIR;
  const src = parseYamlValue(text, name);
  const kind = src.issues.length > 0 ? 'scenario' : sniffKind(src.value);
  if (kind !== 'scenario') return { scenario: null, issues: [wrongKindIssue(name, kind)] };
  // A virtual path inside `folder` that names no real file, so no include can be "the scenario itself".
  return loadScenarioSource(src, name, join(folder, '\u0000text.yaml'), { roots: [folder], ...opts });
}

/** What to do with a file given in the wrong slot (a policy file to `brink run`, ...): exit 1, no schema noise. */
const WRONG_KIND: Record<FileKind, string> = {
  policy: 'this is a policy file, not a scenario: use it with `brink compare SCENARIO --policy FILE`',
  parameters: "this is a parameter file, not a scenario: name it in a scenario's `include:` list",
  scenario: 'this is a scenario file, not a policy file: give it as the scenario (first argument), or as a second arm with `brink compare SCENARIO --scenario-arm FILE`',
};

function wrongKindIssue(path: string, kind: FileKind): Issue {
  return { code: ISSUE_CODES.wrongFileKind, path: '', file: path, line: 1, column: 1, message: WRONG_KIND[kind] };
}

/** loadScenarioFile once the file is read and parsed (loadAnyFile parses it only once). */
function loadScenarioSource(src: YamlSource, path: string, realScenario: string, opts: LoadOptions): { scenario: Scenario | null; issues: Issue[] } {
  if (src.issues.length > 0) return { scenario: null, issues: src.issues };
  const { scenario, issues } = validateScenarioSource(src);

  // Resolve includes even when the scenario itself has problems, so all are reported at once.
  const raw = src.value as { include?: unknown } | null;
  const includes = Array.isArray(raw?.include) ? raw.include.slice(0, MAX_INCLUDES) : []; // the schema reports more
  const included: ParametersInput = {};
  const folder = dirname(realScenario);
  const roots = (opts.roots ?? [folder, BUILTIN_SCENARIOS_DIR]).map((r) => {
    try {
      return realpathSync(r);
    } catch {
      return resolve(r);
    }
  });
  const seen = new Map<string, number>();
  includes.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry.length === 0) return; // the schema reports it
    const where = src.locate(['include', i]);
    const refuse = (code: string, message: string) => issues.push({ code, path: `include[${i}]`, file: path, ...where, message });
    const lexical = includeEntryRefusal(entry);
    if (lexical !== null) return refuse(ISSUE_CODES.includeRefused, lexical);
    const file = resolve(folder, entry);
    if (!isWithinAny(roots, file)) return refuse(ISSUE_CODES.includeRefused, includeRefusalMessage(entry, 'outside-roots'));
    const r = readBounded(file, opts.maxBytes ?? MAX_INPUT_BYTES, (real) => (isWithinAny(roots, real) ? null : 'symlink-outside-roots'));
    if ('error' in r) {
      return refuse(r.error === 'not-found' ? ISSUE_CODES.fileNotFound : ISSUE_CODES.fileUnreadable, `included file ${quoteExcerpt(entry, 120)} ${r.error === 'not-found' ? 'not found' : `cannot be read (${r.detail})`}`);
    }
    if ('refusal' in r) return refuse(ISSUE_CODES.includeRefused, includeRefusalMessage(entry, r.refusal, r.detail));
    if (r.realPath === realScenario) return refuse(ISSUE_CODES.includeCycle, includeRefusalMessage(entry, 'self'));
    const first = seen.get(r.realPath);
    if (first !== undefined) return refuse(ISSUE_CODES.includeCycle, `include ${quoteExcerpt(entry, 120)} names the same file as include[${first}]; include it once`);
    seen.set(r.realPath, i);
    const shown = join(dirname(path), entry);
    const p = parseParametersFileText(r.text, shown);
    append(issues, p.issues);
    if (p.parameters !== null) Object.assign(included, p.parameters);
  });

  if (scenario === null || issues.length > 0) return { scenario: null, issues };
  return { scenario: { ...scenario, include: [], parameters: { ...included, ...scenario.parameters } }, issues: [] };
}

/** Reads and validates a policy file; the result is the file as written (see parsePolicyFileText). */
export function loadPolicyFile(path: string, opts: LoadOptions = {}): { policyFile: PolicyFileInput | null; issues: Issue[] } {
  const read = readTextFile(path, opts);
  if (read.text === null) return { policyFile: null, issues: read.issues };
  const src = parseYamlValue(read.text, path);
  if (src.issues.length === 0 && sniffKind(src.value) === 'scenario' && isScenarioLike(src.value)) return { policyFile: null, issues: [wrongKindIssue(path, 'scenario')] };
  return parsePolicyFileText(read.text, path);
}

/** Reads and validates a parameter file (an `include:` target). */
export function loadParametersFile(path: string, opts: LoadOptions = {}): { parameters: ParametersInput | null; issues: Issue[] } {
  const read = readTextFile(path, opts);
  if (read.text === null) return { parameters: null, issues: read.issues };
  return parseParametersFileText(read.text, path);
}

export type LoadedFile =
  | { kind: 'scenario'; scenario: Scenario | null; issues: Issue[] }
  | { kind: 'policy'; policyFile: PolicyFileInput | null; issues: Issue[] }
  | { kind: 'parameters'; parameters: ParametersInput | null; issues: Issue[] };

/**
 * Loads any Brink YAML file, telling scenario, policy and parameter files apart by their
 * top-level keys (`sniffKind`), for `brink validate`.
 */
export function loadAnyFile(path: string, opts: LoadOptions = {}): LoadedFile {
  const read = readTextFile(path, opts);
  if (read.text === null) return { kind: 'scenario', scenario: null, issues: read.issues };
  const src = parseYamlValue(read.text, path);
  const kind: FileKind = src.issues.length > 0 ? 'scenario' : sniffKind(src.value);
  if (kind === 'policy') return { kind, ...parsePolicyFileText(read.text, path) };
  if (kind === 'parameters') return { kind, ...parseParametersFileText(read.text, path) };
  return { kind: 'scenario', ...loadScenarioSource(src, path, read.realPath ?? resolve(path), opts) };
}

/** Has a scenario's own keys (a policy file with a typo is still reported as a policy file). */
function isScenarioLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && ('actors' in v || 'theatres' in v);
}
