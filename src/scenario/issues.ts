/**
 * Problems in user input, as data (ARCHITECTURE.md convention 5). Every adapter formats them its
 * own way: the CLI with `formatIssue`, the HTTP API as JSON, the web editor as inline marks. The
 * codes are stable: tools and tests branch on them, never on the wording of a message.
 */

import { excerpt, quoteExcerpt } from './text.js';

export interface Issue {
  /** A stable code from ISSUE_CODES. */
  code: string;
  /** Dotted path of the offending field, e.g. `actors[3].power`; '' for the whole file. */
  path: string;
  /** 1-based line and column of the offending YAML node, when known. */
  line?: number;
  column?: number;
  file?: string;
  message: string;
}

export const ISSUE_CODES = {
  /** The file is not well-formed YAML. */
  yamlSyntax: 'yaml.syntax',
  /** The same key twice in one YAML mapping. */
  yamlDuplicateKey: 'yaml.duplicate-key',
  /** A key the schema does not know (objects are strict). */
  unknownKey: 'unknown-key',
  /** A required field is absent. */
  missingField: 'missing-field',
  /** A value of the wrong type (string for a number, float for an integer, ...). */
  invalidType: 'invalid-type',
  /** A number, string length or list length outside its allowed range. */
  outOfRange: 'out-of-range',
  /** A value outside an enumeration or a literal, or a malformed id. */
  invalidValue: 'invalid-value',
  /** An id that names no actor, alliance, theatre, policy or action. */
  unknownReference: 'unknown-reference',
  /** Two entities with the same id, or an alliance listing a member twice. */
  duplicateId: 'duplicate-id',
  /** A relation or enabler link of an actor with itself. */
  selfRelation: 'self-relation',
  /** A new action (id not in the catalog) that does not give every required field. */
  incompleteAction: 'incomplete-action',
  /** The action catalog lacks an action the engine's rules emit (model/catalog.ts RULE_ACTIONS). */
  missingRuleAction: 'missing-rule-action',
  /** minRung > maxRung. */
  invalidRange: 'invalid-range',
  /** An actor's theatre shares sum to more than 1. */
  shareSum: 'share-sum',
  /** An inject on or after the horizon, which would never fire. */
  injectAfterHorizon: 'inject-after-horizon',
  /** A partner that is also a member of the alliance that supports it. */
  partnerIsMember: 'partner-is-member',
  /** A file (scenario, include, policy) that does not exist. */
  fileNotFound: 'file-not-found',
  /** A file that exists but cannot be read. */
  fileUnreadable: 'file-unreadable',
  /** `--set PATH=VALUE` text that is not of that form, or a path that does not parse. */
  setSyntax: 'set.syntax',
  /** A path naming a key, id or element the scenario does not have. */
  setUnknownPath: 'set.unknown-path',
  /** A list selector that matches more than one element. */
  setAmbiguous: 'set.ambiguous',
  /** A list index past the end of the list. */
  setIndexOutOfRange: 'set.index-out-of-range',
  /** A path to a mapping, a list or free text: only numbers, true/false and enumerated words are set. */
  setNotSettable: 'set.not-settable',
  /** A value text that is not a decimal number, true/false or one of the allowed words. */
  setInvalidValue: 'set.invalid-value',
  /** The same field set twice in one list of assignments. */
  setDuplicate: 'set.duplicate',
  /** `__proto__`, `constructor` or `prototype` in a path. */
  setForbiddenKey: 'set.forbidden-key',
  /** A file, list, string or mapping over its limit (limits.ts). */
  tooLarge: 'too-large',
  /** Text or a value nested deeper than its limit (limits.ts). */
  tooDeep: 'too-deep',
  /** An include the file policy refuses: absolute, outside the allowed folders, not a regular file (D30). */
  includeRefused: 'include-refused',
  /** A scenario that includes itself, or one file twice. */
  includeCycle: 'include-cycle',
  /** Actors' power sums to more than 1, or a side that matters has no power at all. */
  powerSum: 'power-sum',
  /** A policy or parameter file where a scenario is expected, or a scenario where a policy file is (D36). */
  wrongFileKind: 'wrong-file-kind',
} as const;
export type IssueCode = (typeof ISSUE_CODES)[keyof typeof ISSUE_CODES];

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** ['actors', 3, 'power'] → `actors[3].power`; keys that are not plain names are quoted: `a["x y"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(excerpt(s))}]`; // a key from the input: cut and escaped
  }
  return out;
}

/** The inverse of formatPath: `actors[3].power` → ['actors', 3, 'power']. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

/** A formatted message is cut to this many characters (a message quotes only excerpts of user text; this is the backstop). It must hold our own longest list, the catalog action ids (~900 characters), whole. */
const MAX_MESSAGE_CHARS = 2000;

/**
 * `scenarios/x.yaml:12:5 actors[3].power: number must be <= 1 (got 1.7) [out-of-range]`;
 * `scenarios/x.yaml:3:1: the same key appears twice in this mapping [yaml.duplicate-key]`.
 */
export function formatIssue(issue: Issue): string {
  let where = issue.file ?? '';
  if (issue.line !== undefined) {
    where += `${where === '' ? 'line ' : ':'}${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  // `file:line:col path: message`, or `file:line:col: message` when the issue is about the whole file.
  const head = issue.path === '' ? (where === '' ? '' : `${where}: `) : `${where === '' ? '' : `${where} `}${issue.path}: `;
  const message = issue.message.length > MAX_MESSAGE_CHARS ? `${issue.message.slice(0, MAX_MESSAGE_CHARS - 1)}…` : issue.message;
  return `${head}${message} [${issue.code}]`;
}

/** A short, readable rendering of a received value for messages: strings quoted, escaped and cut. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteExcerpt(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

/** Issues sorted by file, then line, then column (stable for issues without a position). */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort(
      (a, b) =>
        (a.issue.file ?? '').localeCompare(b.issue.file ?? '') ||
        (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.i - b.i,
    )
    .map((x) => x.issue);
}

/** ` (did you mean "X"?)` for the closest known id within a small edit distance, else ''. */
export function didYouMean(id: string, known: Iterable<string>): string {
  if (id.length > 100) return ''; // no id is that long; spare the O(n·m) distance
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(id.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(id.length / 3)) ? ` (did you mean ${quoteExcerpt(best)}?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
