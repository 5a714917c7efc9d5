/**
 * Scenario paths: `actors[RUS].activity=0.5` sets one assumption of a validated scenario, so that
 * every number, switch and enumerated choice of a scenario file can be varied from the command
 * line (`--set`, `brink sweep --field`, `brink compare --variant`), from a claims generator or an
 * HTTP request, without editing the file.
 *
 * A path is dotted keys and list elements: `horizonDays`, `parameters.responsePowerWeight` (also
 * `params.…`), `alliances[NATO].deliberationDays` (by id; partners and injects by `actor`),
 * `enablerLinks[from=CHN,to=RUS].supplyRate` (by fields), `injects[0].day` (by index),
 * `policies[nato-2025].aid.max` (a key of a mapping, bracketed or dotted). Only leaves that are a
 * number, true/false or one of an enumeration's words can be set; the value text is read
 * strictly (decimal numbers, no exponent, hex, NaN or Infinity). The schema is read, never
 * hard-coded: a field added to schema.ts is settable without a change here.
 *
 * Pure and browser-safe: nothing is evaluated, the input scenario is never mutated, and the
 * result goes through the same zod schema and cross-reference checks as `brink validate`, so a
 * value out of range gives the usual issue (at the path as the user typed it).
 */
import type { z } from 'zod';
import { DEFAULT_CATALOG } from '../model/catalog.js';
import { ISSUE_CODES, didYouMean, formatPath, type Issue, type PathSegment } from './issues.js';
import { zodIssuesToIssues } from './parse.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { checkReferences } from './validate.js';

/** One assignment as typed by a user: `path` and `value` are raw text. */
export interface SetAssignment {
  path: string;
  value: string;
}

/** The value a settable leaf holds: a number, true/false or a word; undefined when absent (an optional field). */
export type SetPathValue = number | boolean | string | undefined;

// ---------------------------------------------------------------- limits and small helpers

/** Longer input is refused before any work: a path is a few dozen characters. */
const MAX_TEXT = 400;
const MAX_SEGMENTS = 24;
/** Keys that would reach an object's prototype: never looked up, never written. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const KEY = /^[A-Za-z0-9_-]+/;
/** An id, an index, a field name or a field value inside brackets. */
const ATOM = /^[A-Za-z0-9_.+-]+$/;
/** Decimal numbers only: no exponent (1e400), hex (0x10), NaN or Infinity. */
const DECIMAL = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const hasOwn = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);
const own = (o: unknown, k: string | number): unknown => (typeof o === 'object' && o !== null && hasOwn(o, k) ? (o as Record<string | number, unknown>)[k] : undefined);

/** User text for a message: control and bidi characters escaped, cut to `max` characters. */
function excerpt(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const quote = (text: string, max = 40): string => `"${excerpt(text, max)}"`;

function issue(code: string, path: string, message: string): Issue {
  return { code, path: excerpt(path, 80), message };
}

/** What a list's elements are called in messages. */
const NOUNS: Record<string, string> = {
  actors: 'actor',
  alliances: 'alliance',
  theatres: 'theatre',
  partners: 'partner',
  relations: 'relation',
  enablerLinks: 'enabler link',
  injects: 'inject',
  initialEpisodes: 'initial episode',
  policies: 'policy',
  actions: 'action',
  theatreShare: 'theatre share',
  playbook: 'playbook category',
  borders: 'border',
  members: 'member',
};
const nounOf = (pos: readonly PathSegment[]): string => {
  const last = [...pos].reverse().find((p) => typeof p === 'string');
  return (last !== undefined && NOUNS[last]) || 'element';
};

// ---------------------------------------------------------------- reading the zod schema

type Schema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  innerType?: Schema;
  options?: Schema[];
  in?: Schema;
  values?: unknown[];
  entries?: Record<string, unknown>;
}
const defOf = (s: Schema): Def => s._zod.def as unknown as Def;

/** The schemas a value at this node may match: wrappers (optional, default, …) removed, unions spread. */
function unwrap(s: Schema): Schema[] {
  const d = defOf(s);
  if (d.innerType !== undefined && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(d.type)) return unwrap(d.innerType);
  if (d.type === 'pipe' && d.in !== undefined) return unwrap(d.in);
  if (d.type === 'union' && d.options !== undefined) return d.options.flatMap(unwrap);
  return [s];
}

const ofType = (opts: readonly Schema[], type: string): Schema[] => opts.filter((o) => defOf(o).type === type);
const shapeOf = (opts: readonly Schema[]): Record<string, Schema> | undefined => ofType(opts, 'object').map((o) => defOf(o).shape!)[0];

/** What a leaf accepts. Settable when it takes a number, true/false or words. */
interface LeafKinds {
  number: boolean;
  boolean: boolean;
  words: string[];
  /** A literal number it is fixed to (schemaVersion, stepDays): nothing to vary. */
  fixed: unknown[];
  /** Why it is not a leaf: a mapping, a list, free text. */
  structure: ('mapping' | 'list' | 'text')[];
}

function leafKinds(opts: readonly Schema[]): LeafKinds {
  const k: LeafKinds = { number: false, boolean: false, words: [], fixed: [], structure: [] };
  for (const o of opts) {
    const d = defOf(o);
    if (d.type === 'number') k.number = true;
    else if (d.type === 'boolean') k.boolean = true;
    else if (d.type === 'enum') k.words.push(...Object.values(d.entries ?? {}).map(String));
    else if (d.type === 'literal')
      for (const v of d.values ?? []) {
        if (typeof v === 'string') k.words.push(v);
        else if (typeof v === 'boolean') k.boolean = true;
        else k.fixed.push(v);
      }
    else if (d.type === 'object' || d.type === 'record') k.structure.push('mapping');
    else if (d.type === 'array') k.structure.push('list');
    else k.structure.push('text');
  }
  return k;
}
const settable = (k: LeafKinds): boolean => k.number || k.boolean || k.words.length > 0;

// ---------------------------------------------------------------- path syntax

type Seg =
  | { kind: 'key'; name: string; text: string }
  | { kind: 'index'; index: number; text: string }
  | { kind: 'id'; id: string; text: string }
  | { kind: 'fields'; fields: [string, string][]; text: string };

function forbiddenIn(names: readonly string[], path: string): Issue | undefined {
  const bad = names.find((n) => FORBIDDEN.has(n));
  return bad === undefined ? undefined : issue(ISSUE_CODES.setForbiddenKey, path, `"${bad}" is not allowed in a path`);
}

function parseSelector(inner: string, text: string, path: string): Seg | Issue {
  const body = inner.trim();
  const syntax = (why: string) => issue(ISSUE_CODES.setSyntax, path, `${excerpt(text, 40)}: ${why}`);
  if (body === '') return syntax('empty brackets; give an id, an index or field=value pairs');
  if (body.includes('=')) {
    const fields: [string, string][] = [];
    for (const part of body.split(',')) {
      const eq = part.split('=');
      const name = (eq[0] ?? '').trim();
      const value = (eq[1] ?? '').trim();
      if (eq.length !== 2 || !ATOM.test(name) || !ATOM.test(value)) return syntax('a field selector is field=value pairs separated by commas, e.g. [from=CHN,to=RUS]');
      if (fields.some(([n]) => n === name)) return syntax(`field "${excerpt(name, 30)}" given twice`);
      fields.push([name, value]);
    }
    return forbiddenIn(fields.map(([n]) => n), path) ?? { kind: 'fields', fields, text };
  }
  if (/^\d+$/.test(body)) {
    const index = Number(body);
    if (body.length > 9) return syntax('index too large');
    return { kind: 'index', index, text };
  }
  if (!ATOM.test(body)) return syntax('a selector is an id, an index or field=value pairs (letters, digits, _ . + -)');
  return forbiddenIn([body], path) ?? { kind: 'id', id: body, text };
}

/** `actors[RUS].activity` → segments, or a syntax issue. */
function tokenize(path: string): Seg[] | Issue {
  const syntax = (why: string) => issue(ISSUE_CODES.setSyntax, path, why);
  if (path === '') return syntax('empty path');
  if (path.length > MAX_TEXT) return syntax(`path too long (${path.length} characters)`);
  const segs: Seg[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      if (segs.length === 0) return syntax('a path starts with a key, e.g. actors[RUS].activity');
      const end = path.indexOf(']', i + 1);
      if (end < 0) return syntax(`"[" without "]" at ${quote(path.slice(i), 20)}`);
      const inner = path.slice(i + 1, end);
      if (inner.includes('[')) return syntax(`"[" inside brackets at ${quote(path.slice(i), 20)}`);
      const seg = parseSelector(inner, path.slice(i, end + 1), path);
      if ('code' in seg) return seg;
      segs.push(seg);
      i = end + 1;
    } else {
      const start = c === '.' ? i + 1 : i;
      if (c === '.' && segs.length === 0) return syntax('a path starts with a key, e.g. actors[RUS].activity');
      if (c !== '.' && segs.length > 0) return syntax(`expected "." or "[" at ${quote(path.slice(i), 20)}`);
      const m = KEY.exec(path.slice(start));
      if (m === null) return syntax(`expected a key at ${quote(path.slice(start), 20)} (letters, digits, _ and -; bracket keys holding dots: policies[a.b])`);
      const bad = forbiddenIn([m[0]], path);
      if (bad !== undefined) return bad;
      segs.push({ kind: 'key', name: m[0], text: path.slice(i, start + m[0].length) });
      i = start + m[0].length;
    }
    if (segs.length > MAX_SEGMENTS) return syntax(`more than ${MAX_SEGMENTS} segments`);
  }
  return segs;
}

/**
 * Splits `actors[RUS].activity=0.5` at the first `=` outside brackets (selectors hold `=` too).
 * Path and value are trimmed; the path's syntax is checked here, its meaning by applySetPaths.
 */
export function parseAssignment(text: string): SetAssignment | Issue {
  if (text.length > MAX_TEXT) return issue(ISSUE_CODES.setSyntax, '', `assignment too long (${text.length} characters); expected PATH=VALUE`);
  let depth = 0;
  let at = -1;
  for (let i = 0; i < text.length && at < 0; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '=' && depth === 0) at = i;
  }
  if (at < 0) return issue(ISSUE_CODES.setSyntax, '', `expected PATH=VALUE, e.g. actors[RUS].activity=0.5 (got ${quote(text)})`);
  const path = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  const segs = tokenize(path);
  if (!Array.isArray(segs)) return segs;
  if (value === '') return issue(ISSUE_CODES.setSyntax, path, 'no value after "="');
  return { path, value };
}

// ---------------------------------------------------------------- resolving a path

/** Keys a mapping keyed by ids may gain: a theatre share for any theatre, an override of any catalog action. */
function newKeyDomain(pos: readonly PathSegment[], root: unknown): string[] {
  const last = pos[pos.length - 1];
  if (pos.length === 1 && last === 'actions') return DEFAULT_CATALOG.map((a) => a.id);
  if (pos.length === 3 && pos[0] === 'actors' && last === 'theatreShare') {
    const theatres = own(root, 'theatres');
    return Array.isArray(theatres) ? theatres.map((t) => own(t, 'id')).filter((x): x is string => typeof x === 'string') : [];
  }
  return [];
}

/** The keys of a mapping at `pos` that a path may name: existing ones, an enum's words, or those newKeyDomain allows. */
function recordKeys(rec: Schema, data: unknown, pos: readonly PathSegment[], root: unknown): string[] {
  const keyDef = defOf(defOf(rec).keyType!);
  if (keyDef.type === 'enum') return Object.values(keyDef.entries ?? {}).map(String);
  const existing = isObj(data) ? Object.keys(data) : [];
  return [...new Set([...existing, ...newKeyDomain(pos, root)])].filter((k) => !FORBIDDEN.has(k));
}

const fieldText = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** The field `[X]` matches in list elements: `id`, else `actor` (partners, injects). */
function idField(shape: Record<string, Schema> | undefined): string | undefined {
  return ['id', 'actor'].find((k) => shape !== undefined && hasOwn(shape, k));
}

/** The fields that always identify an element of a list without an id: its required text fields (relations: from, to). */
function identifyingFields(shape: Record<string, Schema>): string[] {
  return Object.keys(shape).filter((k) => {
    const t = defOf(shape[k]!).type;
    return t !== 'optional' && t !== 'default' && unwrap(shape[k]!).every((o) => defOf(o).type === 'string');
  });
}

/** The shortest readable selector of element `i`: `[RUS]`, `[from=CHN,to=RUS]`, else `[i]`. */
function selectorFor(list: readonly unknown[], i: number, shape: Record<string, Schema> | undefined): string {
  const el = list[i];
  const idf = idField(shape);
  if (idf !== undefined) {
    const v = own(el, idf);
    if (typeof v === 'string' && list.filter((e) => own(e, idf) === v).length === 1) return `[${v}]`;
  }
  if (shape !== undefined) {
    const fields = identifyingFields(shape);
    if (fields.length > 0) {
      const key = (e: unknown) => fields.map((f) => `${f}=${fieldText(own(e, f)) ?? ''}`).join(',');
      const k = key(el);
      if (fields.every((f) => typeof own(el, f) === 'string') && list.filter((e) => key(e) === k).length === 1) return `[${k}]`;
    }
  }
  return `[${i}]`;
}

interface Resolved {
  /** The path in the positional form issues use: ['actors', 3, 'activity']. */
  pos: PathSegment[];
  /** For each depth, the path so far positionally (`actors[3]`) and as typed (`actors[RUS]`). */
  prefixes: { pos: string; shown: string }[];
  /** The object or list holding the leaf, and the leaf's key in it. */
  holder: Obj | unknown[];
  key: string | number;
  leaf: LeafKinds;
}

/**
 * Walks `segs` over the scenario data and its schema together. With `create`, mappings missing on
 * the way (an optional `effects`, a new theatre share, an override of a catalog action, the
 * object form of a union such as decisionRule) are created in `root`, which must be a private
 * copy; without it nothing is written.
 */
function resolve(root: Obj, segs: readonly Seg[], create: boolean): Resolved | Issue {
  let holder: Obj | unknown[] = { root };
  let key: string | number = 'root';
  let opts = unwrap(ScenarioSchema);
  const pos: PathSegment[] = [];
  let shown = '';
  const prefixes: Resolved['prefixes'] = [];
  const get = (): unknown => own(holder, key);
  /** The mapping at the current node, created when absent (or a word of a union) if allowed. */
  const mapping = (): Obj => {
    const cur = get();
    if (isObj(cur)) return cur;
    const fresh: Obj = {};
    if (create) setOwn(holder, key, fresh);
    return fresh;
  };

  for (let n = 0; n < segs.length; n++) {
    const seg = segs[n]!;
    const before = shown;
    shown += seg.text;
    const objects = ofType(opts, 'object');
    const records = ofType(opts, 'record');
    const arrays = ofType(opts, 'array');
    const at = before === '' ? 'the scenario' : before;

    if (seg.kind === 'key' || seg.kind === 'id') {
      const typed = seg.kind === 'key' ? seg.name : seg.id;
      const name = n === 0 && typed === 'params' ? 'parameters' : typed; // `params.x`: what the brief and `brink params` call them
      const obj = objects.find((o) => hasOwn(defOf(o).shape!, name));
      if (obj !== undefined) {
        const next = mapping();
        holder = next;
        key = name;
        opts = unwrap(defOf(obj).shape![name]!);
        pos.push(name);
        prefixes.push({ pos: formatPath(pos), shown });
        continue;
      }
      if (records.length > 0) {
        const rec = records[0]!;
        const data = get();
        const keys = recordKeys(rec, data, pos, root);
        if (!keys.includes(name)) {
          const what = nounOf(pos);
          return issue(ISSUE_CODES.setUnknownPath, shown, `no ${what} ${quote(name)} in ${excerpt(at)}${didYouMean(name, keys)}`);
        }
        holder = mapping();
        key = name;
        opts = unwrap(defOf(rec).valueType!);
        pos.push(name);
        prefixes.push({ pos: formatPath(pos), shown });
        continue;
      }
      if (arrays.length > 0 && seg.kind === 'id') {
        const picked = pickById(get(), arrays[0]!, seg.id, pos, shown);
        if ('code' in picked) return picked;
        holder = picked.list;
        key = picked.index;
        opts = unwrap(defOf(arrays[0]!).element!);
        pos.push(picked.index);
        prefixes.push({ pos: formatPath(pos), shown });
        continue;
      }
      if (arrays.length > 0) {
        return issue(ISSUE_CODES.setNotSettable, shown, `${excerpt(at)} is a list; pick an element by id, by fields or by index, e.g. ${excerpt(at)}${exampleSelector(get(), arrays[0]!)}`);
      }
      if (objects.length > 0) {
        const known = objects.flatMap((o) => Object.keys(defOf(o).shape!));
        if (n === 0) known.push('params');
        return issue(ISSUE_CODES.setUnknownPath, shown, `unknown key ${quote(typed)}${before === '' ? '' : ` in ${excerpt(before)}`}${didYouMean(typed, known)}`);
      }
      return issue(ISSUE_CODES.setUnknownPath, shown, `${excerpt(at)} is a single value and has no field ${quote(typed)}`);
    }

    // An index or a field selector: only lists have them.
    if (arrays.length === 0) {
      const hint = records.length > 0 || objects.length > 0 ? `; it is a mapping: name a key, e.g. ${excerpt(at)}.KEY or ${excerpt(at)}[KEY]` : '';
      return issue(ISSUE_CODES.setUnknownPath, shown, `${excerpt(at)} is not a list${hint}`);
    }
    const arr = arrays[0]!;
    const list = get();
    const items = Array.isArray(list) ? list : [];
    let index: number;
    if (seg.kind === 'index') {
      if (seg.index >= items.length)
        return issue(ISSUE_CODES.setIndexOutOfRange, shown, `index ${seg.index} is past the end of ${excerpt(at)} (${items.length} element${items.length === 1 ? '' : 's'}${items.length > 0 ? `: 0..${items.length - 1}` : ''})`);
      index = seg.index;
    } else {
      const picked = pickByFields(items, arr, seg.fields, pos, shown);
      if (typeof picked !== 'number') return picked;
      index = picked;
    }
    holder = items;
    key = index;
    opts = unwrap(defOf(arr).element!);
    pos.push(index);
    prefixes.push({ pos: formatPath(pos), shown });
  }
  return { pos, prefixes, holder, key, leaf: leafKinds(opts) };
}

function setOwn(holder: Obj | unknown[], key: string | number, value: unknown): void {
  if (FORBIDDEN.has(String(key))) throw new Error(`set-path: refusing to write key "${String(key)}"`);
  Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true });
}

function exampleSelector(list: unknown, arr: Schema): string {
  const items = Array.isArray(list) ? list : [];
  return items.length > 0 ? selectorFor(items, 0, shapeOf(unwrap(defOf(arr).element!))) : '[0]';
}

/** `[RUS]`: the one element whose id (or actor) is RUS. */
function pickById(list: unknown, arr: Schema, id: string, pos: readonly PathSegment[], shown: string): { list: unknown[]; index: number } | Issue {
  const items = Array.isArray(list) ? list : [];
  const shape = shapeOf(unwrap(defOf(arr).element!));
  const field = idField(shape);
  const listName = formatPath(pos);
  const noun = nounOf(pos);
  if (field === undefined) {
    return issue(ISSUE_CODES.setUnknownPath, shown, `the elements of ${listName} have no id; pick one by fields or by index, e.g. ${listName}${exampleSelector(items, arr)}`);
  }
  const matches = items.flatMap((e, i) => (own(e, field) === id ? [i] : []));
  if (matches.length === 1) return { list: items, index: matches[0]! };
  if (matches.length === 0) {
    const ids = items.map((e) => own(e, field)).filter((x): x is string => typeof x === 'string');
    return issue(ISSUE_CODES.setUnknownPath, shown, `no ${noun} ${quote(id)}${field === 'id' ? '' : ` (by ${field})`}${didYouMean(id, ids)}`);
  }
  return issue(ISSUE_CODES.setAmbiguous, shown, `${matches.length} ${noun}s have ${field} ${quote(id)} (${matches.map((i) => `[${i}]`).join(', ')}); pick one by more fields or by index, e.g. ${listName}${selectorFor(items, matches[0]!, shape)}`);
}

/** `[from=CHN,to=RUS]`: the one element whose fields have these values. */
function pickByFields(items: unknown[], arr: Schema, fields: readonly [string, string][], pos: readonly PathSegment[], shown: string): number | Issue {
  const shape = shapeOf(unwrap(defOf(arr).element!));
  const noun = nounOf(pos);
  if (shape === undefined) return issue(ISSUE_CODES.setUnknownPath, shown, `the elements of ${formatPath(pos)} are single values, not mappings; pick one by index`);
  for (const [f] of fields) {
    if (!hasOwn(shape, f)) return issue(ISSUE_CODES.setUnknownPath, shown, `${noun}s have no field ${quote(f)}${didYouMean(f, Object.keys(shape))}`);
  }
  const text = (e: unknown) => fields.map(([f]) => `${f}=${fieldText(own(e, f)) ?? ''}`).join(',');
  const wanted = fields.map(([f, v]) => `${f}=${v}`).join(',');
  // A number matches its decimal text however written (`day=30` or `day=30.0`).
  const same = (x: unknown, v: string): boolean => fieldText(x) === v || (typeof x === 'number' && DECIMAL.test(v) && Number(v) === x);
  const matches = items.flatMap((e, i) => (fields.every(([f, v]) => same(own(e, f), v)) ? [i] : []));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return issue(ISSUE_CODES.setUnknownPath, shown, `no ${noun} with ${excerpt(wanted)}${didYouMean(wanted, items.map(text))}`);
  return issue(
    ISSUE_CODES.setAmbiguous,
    shown,
    `${matches.length} ${noun}s have ${excerpt(wanted)} (${matches.map((i) => `[${i}]`).join(', ')}); add a field or use an index, e.g. ${formatPath(pos)}${selectorFor(items, matches[0]!, shape)}`,
  );
}

/** Reads value text for a leaf strictly: a decimal number, true/false, or one of its words. */
function parseValue(text: string, k: LeafKinds, path: string): number | boolean | string | Issue {
  const bad = (why: string) => issue(ISSUE_CODES.setInvalidValue, path, why);
  if (k.number && DECIMAL.test(text)) {
    const v = Number(text);
    if (!Number.isFinite(v)) return bad(`${quote(text, 20)} is too large a number`);
    return v === 0 ? 0 : v; // -0 → 0
  }
  if (k.boolean && (text === 'true' || text === 'false')) return text === 'true';
  if (k.words.includes(text)) return text;
  const expected = [k.number ? 'a decimal number' : '', k.boolean ? 'true or false' : '', k.words.length > 0 ? `one of ${k.words.join(', ')}` : ''].filter((x) => x !== '');
  return bad(`expected ${expected.join(' or ')} (got ${quote(text)})${k.words.length > 0 ? didYouMean(text, k.words) : ''}`);
}

function notSettable(k: LeafKinds, path: string): Issue {
  const why = k.fixed.length > 0
    ? `is fixed (it must be ${k.fixed.map(String).join(' or ')}), nothing to vary`
    : k.structure.includes('mapping')
      ? 'is a mapping, not a value; set one of its fields'
      : k.structure.includes('list')
        ? 'is a list, not a value; set a field of one of its elements'
        : 'is text (a name or an id); only numbers, true/false and enumerated words can be set';
  return issue(ISSUE_CODES.setNotSettable, path, `${excerpt(path)} ${why}`);
}

// ---------------------------------------------------------------- public entry points

/**
 * The scenario with every assignment applied, re-validated by the schema and the reference checks
 * (as `brink validate` does). A new object: `s` is never mutated. Apply it after includes are
 * merged (loadScenarioFile does that). All problems are reported, each at the path as typed.
 */
export function applySetPaths(s: Scenario, sets: readonly SetAssignment[]): { ok: true; scenario: Scenario } | { ok: false; issues: Issue[] } {
  const copy = structuredClone(s) as unknown as Obj;
  const issues: Issue[] = [];
  const applied: { pos: string; path: string; prefixes: Resolved['prefixes'] }[] = [];
  for (const set of sets) {
    const segs = tokenize(set.path);
    if (!Array.isArray(segs)) {
      issues.push(segs);
      continue;
    }
    // Resolve without writing first: a path that fails half-way must not leave a created
    // mapping behind (the object form of decisionRule, say) for the validation below to flag.
    const r = resolve(copy, segs, false);
    if ('code' in r) {
      issues.push(r);
      continue;
    }
    if (!settable(r.leaf)) {
      issues.push(notSettable(r.leaf, set.path));
      continue;
    }
    const value = parseValue(set.value, r.leaf, set.path);
    if (typeof value === 'object') {
      issues.push(value);
      continue;
    }
    const pos = formatPath(r.pos);
    const twice = applied.find((a) => a.pos === pos);
    if (twice !== undefined) {
      issues.push(issue(ISSUE_CODES.setDuplicate, set.path, `set twice (also as ${excerpt(twice.path)}); give each field once`));
      continue;
    }
    applied.push({ pos, path: set.path, prefixes: r.prefixes });
    const w = resolve(copy, segs, true);
    if ('code' in w) throw new Error(`set-path: ${set.path} resolved for reading but not for writing`);
    setOwn(w.holder, w.key, value);
  }

  // Validate with the sets that could be applied even when others could not, so that every
  // problem shows at once (a path typo and an out-of-range value in one command line).
  const parsed = ScenarioSchema.safeParse(copy);
  const found = parsed.success ? [] : zodIssuesToIssues(parsed.error.issues, copy, ScenarioSchema);
  found.push(...checkReferences(copy));
  if (issues.length > 0 || found.length > 0 || !parsed.success) {
    // Name each problem by the path as the user typed it where it lies on or under a set's path
    // (`actors[RUS].theatreShare`, not `actors[32].theatreShare`, for a share sum over 1).
    const prefixes = applied.flatMap((a) => a.prefixes).sort((a, b) => b.pos.length - a.pos.length);
    const renamed = found.map((i) => {
      const p = prefixes.find((x) => i.path === x.pos || i.path.startsWith(`${x.pos}.`) || i.path.startsWith(`${x.pos}[`));
      return p === undefined ? i : { ...i, path: excerpt(p.shown + i.path.slice(p.pos.length), 80) };
    });
    return { ok: false, issues: [...issues, ...renamed] };
  }
  return { ok: true, scenario: parsed.data };
}

/**
 * The value at a settable path (undefined for an optional field the scenario does not give, when
 * its default applies), e.g. the reference arm of `brink sweep --field`. Reads only.
 */
export function readSetPath(s: Scenario, path: string): { ok: true; value: SetPathValue } | { ok: false; issues: Issue[] } {
  const segs = tokenize(path);
  if (!Array.isArray(segs)) return { ok: false, issues: [segs] };
  const r = resolve(s as unknown as Obj, segs, false);
  if ('code' in r) return { ok: false, issues: [r] };
  if (!settable(r.leaf)) return { ok: false, issues: [notSettable(r.leaf, path)] };
  const v = own(r.holder, r.key);
  return { ok: true, value: typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : undefined };
}

/**
 * Every settable path of the scenario, in schema order, each element named by its readable
 * selector (`actors[RUS]`, `enablerLinks[from=CHN,to=RUS]`, `injects[0]`): fields the scenario
 * omits (defaults, optional fields, every parameter, every catalog action's fields, each
 * theatre's share) included, since setting them is meaningful.
 */
export function listSettablePaths(s: Scenario): string[] {
  const out = new Set<string>();
  walk(out, '', unwrap(ScenarioSchema), s, [], s);
  return [...out];
}

function walk(out: Set<string>, prefix: string, opts: readonly Schema[], data: unknown, pos: readonly PathSegment[], root: unknown): void {
  if (settable(leafKinds(opts)) && prefix !== '') out.add(prefix);
  for (const o of opts) {
    const d = defOf(o);
    if (d.type === 'object') {
      for (const k of Object.keys(d.shape!)) {
        if (FORBIDDEN.has(k)) continue;
        walk(out, prefix === '' ? k : `${prefix}.${k}`, unwrap(d.shape![k]!), own(data, k), [...pos, k], root);
      }
    } else if (d.type === 'record') {
      for (const k of recordKeys(o, data, pos, root)) walk(out, `${prefix}[${k}]`, unwrap(d.valueType!), own(data, k), [...pos, k], root);
    } else if (d.type === 'array' && Array.isArray(data)) {
      const elementOpts = unwrap(d.element!);
      const shape = shapeOf(elementOpts);
      data.forEach((el, i) => walk(out, `${prefix}${selectorFor(data, i, shape)}`, elementOpts, el, [...pos, i], root));
    }
  }
}
