/**
 * Limits on what a scenario, policy or parameter file may hold (D30). Files now arrive from people
 * other than the one running Brink, so every input is bounded before it is parsed or simulated:
 * its size in bytes, how deeply it nests, how long its lists and strings are, and the numbers
 * that had no upper bound. Each limit is a named constant, far above what the built-in scenarios
 * use (largest file 40 kB, 52 actors, nesting depth 5), and documented in docs/scenarios.md.
 * Pure (no node: imports), so the web editor applies the same limits.
 */
import { ISSUE_CODES, formatPath, type Issue, type PathSegment } from './issues.js';
import { quoteExcerpt } from './text.js';

/** Largest file (scenario, policy, parameters, include) in bytes: 1 MiB; checked before reading. */
export const MAX_INPUT_BYTES = 1_048_576;
/** Deepest nesting of brackets or indentation in the text, checked before YAML parsing (a deeply nested flow collection exhausts the parser's memory). */
export const MAX_TEXT_NESTING = 128;
/**
 * Most YAML nodes the text may hold, counted before parsing as line breaks plus commas (a node
 * per line in block style, per comma in flow style): the parser takes ~20 µs a node, so a 1 MiB
 * list of `1,1,1,…` took 11 s. The limit leaves room for MAX_LIST_ITEMS actors of every field.
 */
export const MAX_TEXT_NODES = 50_000;
/** Deepest nesting of the parsed value (mappings and lists); the schema's deepest field is at depth 5. */
export const MAX_NESTING_DEPTH = 16;
/** Most items in any list, and most keys in any mapping (actors, relations, injects, policies, actions …). */
export const MAX_LIST_ITEMS = 1000;
/** Longest id (actor, alliance, theatre, policy, action ids and every reference to them). */
export const MAX_ID_LENGTH = 64;
/** Longest name or label. */
export const MAX_NAME_LENGTH = 200;
/** Longest description, and longest string of any other field. */
export const MAX_DESCRIPTION_LENGTH = 20_000;
/** Most `include:` entries of one scenario, and longest include path. */
export const MAX_INCLUDES = 16;
export const MAX_INCLUDE_PATH_LENGTH = 256;
/** At most this many issues are printed for one file; the rest are counted (`… and K more issues`). */
export const MAX_ISSUES_SHOWN = 50;
/** Upper bounds of numbers that had none: days of supply, production (days of supply per day), casualties per event, B$ per day. */
export const MAX_STOCKPILE_DAYS = 3650;
export const MAX_PRODUCTION_PER_DAY = 10;
export const MAX_CASUALTIES_MEAN = 1_000_000;
export const MAX_READINESS_COST_PER_DAY = 1000;
/** Actors' power (shares of the world total) may sum to 1 plus this (YAML decimals rarely add up exactly). */
export const POWER_SUM_TOLERANCE = 1e-4;

const utf8 = new TextEncoder();

/** UTF-8 length of `text`: exact up to MAX_INPUT_BYTES; above it a lower bound (enough to refuse without encoding 50 MB). */
export function byteLength(text: string): number {
  if (text.length > MAX_INPUT_BYTES) return text.length;
  return utf8.encode(text).length;
}

/**
 * Checks of the raw text, before the YAML parser sees it: its size, and how deeply it nests
 * (flow brackets, and indentation plus `- ` markers on a line). Counting ignores quoting, so a
 * string full of brackets may trip it; the limit is far above any real file's depth.
 */
export function checkTextLimits(text: string): Issue[] {
  const bytes = byteLength(text);
  if (bytes > MAX_INPUT_BYTES)
    return [{ code: ISSUE_CODES.tooLarge, path: '', line: 1, column: 1, message: `the text is larger than ${MAX_INPUT_BYTES} bytes (MAX_INPUT_BYTES)` }];
  let nodes = 0;
  for (let k = text.indexOf(','); k >= 0; k = text.indexOf(',', k + 1)) nodes++;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) nodes++;
  if (nodes > MAX_TEXT_NODES)
    return [{ code: ISSUE_CODES.tooLarge, path: '', line: 1, column: 1, message: `the text holds more than ${MAX_TEXT_NODES} lines and commas (MAX_TEXT_NODES); no scenario needs that many entries` }];
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let atIndent = true;
  let indent = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) {
      line++;
      lineStart = k + 1;
      atIndent = true;
      indent = 0;
      continue;
    }
    if (atIndent) {
      // Leading spaces and `- ` / `? ` markers each open a level of block nesting.
      if (c === 32) indent++;
      else if ((c === 45 || c === 63) && text.charCodeAt(k + 1) === 32) indent += 2;
      else atIndent = false;
      if (indent > MAX_TEXT_NESTING)
        return [{ code: ISSUE_CODES.tooDeep, path: '', line, column: k - lineStart + 1, message: `indented or nested deeper than ${MAX_TEXT_NESTING} levels (MAX_TEXT_NESTING)` }];
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_TEXT_NESTING)
        return [{ code: ISSUE_CODES.tooDeep, path: '', line, column: k - lineStart + 1, message: `brackets nested deeper than ${MAX_TEXT_NESTING} levels (MAX_TEXT_NESTING)` }];
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return [];
}

/** The longest string a field holds, by its key: descriptions, names and labels, include paths, and ids (every other string field is an id, a reference or an enumeration). */
function stringLimit(path: readonly PathSegment[]): [number, string] {
  if (path.length === 0) return [MAX_DESCRIPTION_LENGTH, 'a file that is one string (MAX_DESCRIPTION_LENGTH)']; // the schema then says it is not a mapping
  const key = path[path.length - 1];
  const parent = path[path.length - 2];
  if (key === 'description') return [MAX_DESCRIPTION_LENGTH, 'a description (MAX_DESCRIPTION_LENGTH)'];
  if (key === 'name' || key === 'label') return [MAX_NAME_LENGTH, `a ${key} (MAX_NAME_LENGTH)`];
  if (parent === 'include') return [MAX_INCLUDE_PATH_LENGTH, 'an include path (MAX_INCLUDE_PATH_LENGTH)'];
  return [MAX_ID_LENGTH, 'an id or value (MAX_ID_LENGTH)'];
}

/**
 * Checks of the parsed value: nesting depth, list and mapping sizes, string lengths (any string;
 * ids and names have tighter limits in the schema). A list or string over its limit is reported
 * once, at its path, and not looked into, so that the schema and the reference checks never walk
 * a huge input. Iterative: a deep value cannot overflow the stack here.
 */
export function checkValueLimits(value: unknown): Issue[] {
  const issues: Issue[] = [];
  const stack: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0 && issues.length < MAX_ISSUES_SHOWN) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const [max, what] = stringLimit(path);
      if (v.length > max) issues.push({ code: ISSUE_CODES.tooLarge, path: formatPath(path), message: `${v.length} characters; ${what} has at most ${max}` });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_NESTING_DEPTH) {
      issues.push({ code: ISSUE_CODES.tooDeep, path: formatPath(path), message: `nested deeper than ${MAX_NESTING_DEPTH} levels (MAX_NESTING_DEPTH)` });
      continue;
    }
    if (Array.isArray(v)) {
      if (v.length > MAX_LIST_ITEMS) {
        issues.push({ code: ISSUE_CODES.tooLarge, path: formatPath(path), message: `a list of ${v.length} items; at most ${MAX_LIST_ITEMS} (MAX_LIST_ITEMS)` });
        continue;
      }
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > MAX_LIST_ITEMS) {
      issues.push({ code: ISSUE_CODES.tooLarge, path: formatPath(path), message: `a mapping of ${keys.length} keys; at most ${MAX_LIST_ITEMS} (MAX_LIST_ITEMS)` });
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k.length > MAX_ID_LENGTH) {
        issues.push({ code: ISSUE_CODES.tooLarge, path: formatPath(path), message: `a key of ${k.length} characters (${quoteExcerpt(k)}); a key has at most ${MAX_ID_LENGTH} (MAX_ID_LENGTH)` });
        continue;
      }
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
  return issues;
}
