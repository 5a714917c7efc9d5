/**
 * Text → validated scenario or Issue[]. Pure (no node: imports) so that the web editor runs the
 * very same checks as the CLI and marks problems inline.
 *
 * YAML is parsed with `parseDocument` and a LineCounter so that every issue, from the YAML
 * parser, from zod or from the reference checks, points at the line and column of the node it
 * is about: an unknown or misvalued key at the key, a list item at the item, a missing field at
 * the object that lacks it. Nothing here throws on bad input; all problems are reported, not only
 * the first.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import { z } from 'zod';
import {
  ISSUE_CODES,
  describeValue,
  didYouMean,
  formatPath,
  parsePath,
  sortIssues,
  type Issue,
  type PathSegment,
} from './issues.js';
import { ALLIANCE_KIND_ALIASES, ParametersSchema, PolicyFileSchema, ScenarioSchema, type Scenario } from './schema.js';
import { checkConsistency, checkReferences } from './validate.js';
import { MAX_DESCRIPTION_LENGTH, checkTextLimits, checkValueLimits } from './limits.js';
import { quoteExcerpt } from './text.js';

/** A policy file as written (validated). Kept in its input form: see `parsePolicyFileText`. */
export type PolicyFileInput = z.input<typeof PolicyFileSchema>;
export type ParametersInput = z.output<typeof ParametersSchema>;

/** A parameter file named by a scenario's `include:`: a `parameters:` block and an optional description. */
export const ParametersFileSchema = z.strictObject({
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  parameters: ParametersSchema,
});

export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML text and the means to find a path's position in it. */
export interface YamlSource {
  /** The plain JS value (null when the YAML is broken). */
  value: unknown;
  /** YAML syntax issues (positioned, with `file`). Empty when the text parsed. */
  issues: Issue[];
  /** Position of the node at `path`, or of its nearest existing ancestor; undefined when the text is empty. */
  locate(path: string | readonly PathSegment[]): Position | undefined;
  /** Adds `file`, `line` and `column` to issues that lack them. */
  place(issues: readonly Issue[]): Issue[];
}

/** Appends without spreading (`push(...list)` overflows the stack on a list of ~10^5 issues). */
export function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

/**
 * Parses YAML text without throwing. Shared by scenario, policy and parameter files. The text's
 * size and nesting are checked before the parser sees it, and the parsed value's nesting, list
 * and string sizes right after (limits.ts): those issues come alone, without the schema's.
 * Old-Mac line endings (CR only) are read as line breaks, so lines are counted right.
 */
export function parseYamlValue(rawText: string, file?: string): YamlSource {
  const text = rawText.includes('\r') ? rawText.replace(/\r\n?/g, '\n') : rawText;
  const withFile0 = (i: Issue): Issue => (file === undefined ? i : { ...i, file });
  const textIssues = checkTextLimits(text);
  if (textIssues.length > 0) return { value: null, issues: textIssues.map(withFile0), locate: () => undefined, place: (l) => l.map(withFile0) };
  const lineCounter = new LineCounter();
  // Duplicate keys are found below in linear time: the parser's own check (uniqueKeys) compares
  // every key with every earlier one, minutes for a mapping of 10^5 keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const pos = (offset: number): Position => {
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, column: lp.col };
  };
  const withFile = (i: Issue): Issue => (file === undefined ? i : { ...i, file });
  const issues: Issue[] = doc.errors.map((e) =>
    withFile({
      code: e.code === 'DUPLICATE_KEY' ? ISSUE_CODES.yamlDuplicateKey : ISSUE_CODES.yamlSyntax,
      path: '',
      ...pos(e.pos[0]),
      message: e.code === 'DUPLICATE_KEY' ? 'the same key appears twice in this mapping' : e.message,
    }),
  );
  if (issues.length === 0) {
    visit(doc, {
      Map(_, map) {
        const seen = new Set<string>();
        for (const pair of map.items) {
          const k = isScalar(pair.key) ? `s:${String(pair.key.value)}` : pair.key === null ? 's:' : `n:${String(pair.key)}`;
          if (seen.has(k)) issues.push(withFile({ code: ISSUE_CODES.yamlDuplicateKey, path: '', ...pos(rangeStart(pair.key) ?? 0), message: 'the same key appears twice in this mapping' }));
          seen.add(k);
        }
      },
    });
  }
  let value: unknown = null;
  if (issues.length === 0) {
    try {
      // maxAliasCount guards against "billion laughs" documents.
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      issues.push(withFile({ code: ISSUE_CODES.yamlSyntax, path: '', line: 1, column: 1, message: e instanceof Error ? e.message : String(e) }));
    }
  }
  const locate = (path: string | readonly PathSegment[]): Position | undefined => {
    const off = locateOffset(doc, typeof path === 'string' ? parsePath(path) : path);
    return off === undefined ? undefined : pos(off);
  };
  const place = (list: readonly Issue[]): Issue[] =>
    list.map((i) => {
      // An empty document has no node to point at: its issues are at 1:1, so every issue has a line.
      const p = i.line === undefined ? (locate(i.path) ?? { line: 1, column: 1 }) : undefined;
      return withFile(p === undefined ? i : { ...i, ...p });
    });
  if (issues.length === 0) {
    const limits = checkValueLimits(value);
    if (limits.length > 0) return { value: null, issues: place(limits), locate, place };
  }
  return { value, issues, locate, place };
}

/**
 * Offset of the node at `path`. For a path ending in a mapping key, the key's offset (an editor
 * underlines `power:` in `power: 1.7`); for a list item, the item's. When the path does not exist
 * (a missing field), the nearest existing ancestor's: the object that lacks the field.
 */
function locateOffset(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(seg));
      if (pair === undefined) return best;
      best = rangeStart(pair.key) ?? rangeStart(pair.value) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return best;
      best = rangeStart(item) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

function keyString(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

// ---------------------------------------------------------------- zod issues → Issue

type ZodIssue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function valueAt(data: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return { found: true, value: cur };
}

/** The keys a strict object at `path` of `schema` allows, for "did you mean" hints. */
function knownKeysAt(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  type Def = { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; keyType?: z.core.$ZodType; valueType?: z.core.$ZodType; innerType?: z.core.$ZodType; options?: z.core.$ZodType[]; in?: z.core.$ZodType };
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType[] => {
    const def = s._zod.def as unknown as Def;
    if (def.innerType) return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
    return [s];
  };
  let cur = unwrap(schema);
  for (const seg of path) {
    cur = cur.flatMap((s) => {
      const def = s._zod.def as unknown as Def;
      if (def.type === 'object' && def.shape && typeof seg === 'string' && def.shape[seg]) return unwrap(def.shape[seg]);
      if (def.type === 'array' && def.element && typeof seg === 'number') return unwrap(def.element);
      if (def.type === 'record' && def.valueType) return unwrap(def.valueType);
      return [];
    });
  }
  return cur.flatMap((s) => {
    const def = s._zod.def as unknown as Def;
    if (def.type === 'object' && def.shape) return Object.keys(def.shape);
    // A record keyed by an enum (a playbook's categories).
    const keyDef = def.type === 'record' ? (def.keyType?._zod.def as unknown as { entries?: Record<string, string> } | undefined) : undefined;
    return keyDef?.entries ? Object.values(keyDef.entries).map(String) : [];
  });
}

function expectedName(i: ZodIssue): string {
  if (i.code === 'invalid_type') return TYPE_NAMES[i.expected] ?? String(i.expected);
  if (i.code === 'invalid_value') return i.values.map((v) => JSON.stringify(v)).join(' or ');
  return 'a valid value';
}

function mapZodIssue(i: ZodIssue, prefix: readonly PathSegment[], data: unknown, schema: z.core.$ZodType, out: Issue[]): void {
  const segs: PathSegment[] = [...prefix, ...(i.path as PathSegment[])];
  const path = formatPath(segs);
  const at = valueAt(data, segs);
  const got = ` (got ${describeValue(at.value)})`;
  switch (i.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, segs);
      for (const key of i.keys)
        out.push({ code: ISSUE_CODES.unknownKey, path: formatPath([...segs, key]), message: `unknown key ${quoteExcerpt(key)}${didYouMean(key, known)}` });
      return;
    }
    case 'invalid_type': {
      if (!at.found && i.expected !== 'undefined') {
        out.push({ code: ISSUE_CODES.missingField, path, message: `required field is missing (expected ${expectedName(i)})` });
      } else if (i.expected === 'int' && typeof at.value === 'number') {
        out.push({ code: ISSUE_CODES.invalidType, path, message: `must be an integer${got}` });
      } else {
        out.push({ code: ISSUE_CODES.invalidType, path, message: `expected ${expectedName(i)}${got}` });
      }
      return;
    }
    case 'too_big':
    case 'too_small': {
      const big = i.code === 'too_big';
      const bound = big ? (i as { maximum: number | bigint }).maximum : (i as { minimum: number | bigint }).minimum;
      const inclusive = i.inclusive !== false;
      if (i.origin === 'string') {
        const msg = !big && Number(bound) === 1 ? 'must not be empty' : `must have ${big ? 'at most' : 'at least'} ${bound} characters`;
        out.push({ code: ISSUE_CODES.outOfRange, path, message: `${msg}${got}` });
      } else if (i.origin === 'array' || i.origin === 'set') {
        const n = Array.isArray(at.value) ? at.value.length : 0;
        out.push({ code: ISSUE_CODES.outOfRange, path, message: `must have ${big ? 'at most' : 'at least'} ${bound} item${Number(bound) === 1 ? '' : 's'} (got ${n})` });
      } else {
        const op = big ? (inclusive ? '<=' : '<') : inclusive ? '>=' : '>';
        out.push({ code: ISSUE_CODES.outOfRange, path, message: `number must be ${op} ${bound}${got}` });
      }
      return;
    }
    case 'invalid_value': {
      // Spelling aliases are accepted, not advertised: the message names the canonical words.
      const values = i.values.filter((v) => typeof v !== 'string' || !Object.hasOwn(ALLIANCE_KIND_ALIASES, v)).map((v) => JSON.stringify(v));
      const msg = values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
      out.push({ code: ISSUE_CODES.invalidValue, path, message: `${msg}${got}` });
      return;
    }
    case 'invalid_format':
      out.push({ code: ISSUE_CODES.invalidValue, path, message: `${i.format === 'regex' ? i.message : `must be a valid ${i.format}`}${got}` });
      return;
    case 'not_multiple_of':
      out.push({ code: ISSUE_CODES.invalidValue, path, message: `must be a multiple of ${i.divisor}${got}` });
      return;
    case 'invalid_key': {
      // A record key that is not a valid id: report it at the key.
      for (const sub of i.issues) {
        const key = String(segs[segs.length - 1] ?? '');
        const msg = sub.code === 'invalid_format' && sub.format === 'regex' ? sub.message : 'is not a valid key';
        out.push({ code: ISSUE_CODES.invalidValue, path, message: `key ${quoteExcerpt(key)}: ${msg}` });
      }
      return;
    }
    case 'invalid_union': {
      // Prefer the branch whose value had the right shape (its issues lie below the union's own
      // path, or are not type/value mismatches): that is the one the user meant.
      const branches = i.errors.filter((b) => b.length > 0);
      const shaped = branches.filter((b) => b.some((x) => x.path.length > 0 || (x.code !== 'invalid_type' && x.code !== 'invalid_value')));
      if (shaped.length === 1) {
        for (const sub of shaped[0]!) mapZodIssue(sub, segs, data, schema, out);
        return;
      }
      const options = branches.map((b) => (b[0] ? expectedName(b[0]) : 'a valid value'));
      out.push({ code: at.found ? ISSUE_CODES.invalidValue : ISSUE_CODES.missingField, path, message: `must be ${[...new Set(options)].join(' or ')}${got}` });
      return;
    }
    default:
      out.push({ code: ISSUE_CODES.invalidValue, path, message: i.message });
  }
}

/** Maps zod issues to Issues (positions not yet added). */
export function zodIssuesToIssues(issues: readonly ZodIssue[], data: unknown, schema: z.core.$ZodType): Issue[] {
  const out: Issue[] = [];
  for (const i of issues) mapZodIssue(i, [], data, schema, out);
  return out;
}

function finish(src: YamlSource, issues: Issue[]): Issue[] {
  return sortIssues(src.place(issues));
}

// ---------------------------------------------------------------- public entry points

/** Parses and validates a scenario: schema, then cross-references. `scenario` is null when there is any issue. */
export function parseScenarioText(text: string, file?: string): { scenario: Scenario | null; issues: Issue[] } {
  const src = parseYamlValue(text, file);
  if (src.issues.length > 0) return { scenario: null, issues: src.issues };
  return validateScenarioSource(src);
}

/** The second half of parseScenarioText, for callers that already hold a YamlSource (load.ts). */
export function validateScenarioSource(src: YamlSource): { scenario: Scenario | null; issues: Issue[] } {
  if (!isPlainObject(src.value)) {
    return { scenario: null, issues: finish(src, [{ code: ISSUE_CODES.invalidType, path: '', message: `a scenario file must be a YAML mapping (got ${describeValue(src.value)})` }]) };
  }
  const r = ScenarioSchema.safeParse(src.value);
  const issues = r.success ? [] : zodIssuesToIssues(r.error.issues, src.value, ScenarioSchema);
  append(issues, checkReferences(src.value));
  append(issues, checkConsistency(src.value));
  if (issues.length > 0 || !r.success) return { scenario: null, issues: finish(src, issues) };
  return { scenario: r.data, issues: [] };
}

/**
 * Parses and validates a policy file (for `brink compare --policy`). The result is the file as
 * written, not zod's output: zod would fill every absent lever with its default, and applying the
 * file would then silently reset levers the file never mentions.
 */
export function parsePolicyFileText(text: string, file?: string): { policyFile: PolicyFileInput | null; issues: Issue[] } {
  const src = parseYamlValue(text, file);
  if (src.issues.length > 0) return { policyFile: null, issues: src.issues };
  if (!isPlainObject(src.value))
    return { policyFile: null, issues: finish(src, [{ code: ISSUE_CODES.invalidType, path: '', message: `a policy file must be a YAML mapping (got ${describeValue(src.value)})` }]) };
  const r = PolicyFileSchema.safeParse(src.value);
  if (!r.success) return { policyFile: null, issues: finish(src, zodIssuesToIssues(r.error.issues, src.value, PolicyFileSchema)) };
  return { policyFile: src.value as PolicyFileInput, issues: [] };
}

/** Parses and validates a parameter file (the target of a scenario's `include:`). */
export function parseParametersFileText(text: string, file?: string): { parameters: ParametersInput | null; issues: Issue[] } {
  const src = parseYamlValue(text, file);
  if (src.issues.length > 0) return { parameters: null, issues: src.issues };
  if (!isPlainObject(src.value))
    return { parameters: null, issues: finish(src, [{ code: ISSUE_CODES.invalidType, path: '', message: `a parameter file must be a YAML mapping with a \`parameters:\` block (got ${describeValue(src.value)})` }]) };
  const r = ParametersFileSchema.safeParse(src.value);
  if (!r.success) return { parameters: null, issues: finish(src, zodIssuesToIssues(r.error.issues, src.value, ParametersFileSchema)) };
  return { parameters: r.data.parameters, issues: [] };
}

export type FileKind = 'scenario' | 'policy' | 'parameters';

/**
 * Guesses what a parsed YAML value is, by its top-level keys, so that `brink validate` takes any
 * Brink file: a policy file has `policy:` and no `actors:`; a parameter file only `parameters:`.
 */
export function sniffKind(value: unknown): FileKind {
  if (!isPlainObject(value)) return 'scenario';
  const keys = Object.keys(value);
  if (keys.includes('actors') || keys.includes('theatres')) return 'scenario';
  if (keys.includes('policy')) return 'policy';
  if (keys.includes('parameters') && keys.every((k) => k === 'parameters' || k === 'description')) return 'parameters';
  return 'scenario';
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
