/**
 * The scenario library of the browser: the built-in scenarios of scenarios/*.yaml (bundled as
 * text at build time, with the parameter files they include) and the user's saved scenarios:
 * stored by `brink serve` (SQLite, ids `s_…`, optimistic versions) when the app is served by it,
 * else in this browser's localStorage (D67). scenario-store.ts does the saving in both modes.
 *
 * Loading a scenario here is `loadScenarioFile` without a file system: the text is parsed and
 * validated by src/scenario (the same code as the CLI), and each `include:` entry is resolved
 * against the bundled library folder under the same rules as the CLI's (a relative path that
 * stays inside scenarios/, each file once). So the same YAML gives the same scenario, hence the
 * same scenario hash and the same results, in the browser and in `brink run`.
 */
import {
  ISSUE_CODES,
  includeEntryRefusal,
  parseParametersFileText,
  parseYamlValue,
  sniffKind,
  type Issue,
  type ParametersInput,
  type Scenario,
} from '../../src/scenario/index.js';
import { validateScenarioSource } from '../../src/scenario/parse.js';
import { MAX_INCLUDES } from '../../src/scenario/limits.js';

const RAW = import.meta.glob('../../scenarios/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Bundled files by their path inside scenarios/ ("baseline-2025.yaml", "params/calibrated.yaml"). */
export const BUNDLED: ReadonlyMap<string, string> = new Map(Object.entries(RAW).map(([k, v]) => [k.replace(/^.*?\/scenarios\//, ''), v]));

export interface LibraryEntry {
  /** "builtin:baseline-2025", "saved:<random id>" (localStorage), "s_<16 hex>" (on the server) or "unsaved:<n>". */
  id: string;
  name: string;
  /** The scenario's stated question (its description), or the first comment line. */
  question: string;
  text: string;
  builtin: boolean;
  /** Folder its includes are relative to, inside scenarios/ ("" for the top level). */
  folder: string;
  /** Stored on the server: the version its next save must name (a stale one gets 409). */
  version?: number;
  /** Not stored anywhere yet (an import the server refused): kept while the page is open. */
  unsaved?: boolean;
}

/** Server mode (D55, D67): saved scenarios are the server's, not this browser's. */
let onServer = false;
let serverList: LibraryEntry[] = [];
const unsavedList: LibraryEntry[] = [];
let unsavedCount = 0;
export const serverMode = (): boolean => onServer;
export function setServerEntries(list: { id: string; text: string; version: number }[]): void {
  onServer = true;
  serverList = list.map((s) => ({ id: s.id, ...describe(s.text), text: s.text, builtin: false, folder: '', version: s.version }));
}
/** Replaces (or adds) one server entry after a save or reload. */
export function putServerEntry(s: { id: string; text: string; version: number }): void {
  const e: LibraryEntry = { id: s.id, ...describe(s.text), text: s.text, builtin: false, folder: '', version: s.version };
  const i = serverList.findIndex((x) => x.id === s.id);
  if (i >= 0) serverList[i] = e;
  else serverList.push(e);
}
export function dropServerEntry(id: string): void {
  serverList = serverList.filter((x) => x.id !== id);
}
/** An entry held in memory only (an import the server refused, to be fixed in the editor); returns its id. */
export function addUnsaved(text: string): string {
  const id = `unsaved:${++unsavedCount}`;
  unsavedList.push({ id, ...describe(text), text, builtin: false, folder: '', unsaved: true });
  return id;
}
export function dropUnsaved(id: string): void {
  const i = unsavedList.findIndex((x) => x.id === id);
  if (i >= 0) unsavedList.splice(i, 1);
}

const STORE_KEY = 'brink.saved-scenarios.v1';

export function describe(text: string): { name: string; question: string } {
  const src = parseYamlValue(text);
  const v = (src.issues.length === 0 ? src.value : null) as { name?: unknown; description?: unknown } | null;
  const name = typeof v?.name === 'string' ? v.name : '(unnamed)';
  const firstComment = /^#\s*(.+)$/m.exec(text)?.[1] ?? '';
  const question = typeof v?.description === 'string' ? v.description : firstComment;
  return { name, question };
}

export function builtinEntries(): LibraryEntry[] {
  const out: LibraryEntry[] = [];
  for (const [path, text] of BUNDLED) {
    if (path.includes('/')) continue; // params/ and policies/ are not scenarios
    const src = parseYamlValue(text);
    if (src.issues.length > 0 || sniffKind(src.value) !== 'scenario') continue;
    out.push({ id: `builtin:${path.replace(/\.yaml$/, '')}`, ...describe(text), text, builtin: true, folder: '' });
  }
  return out.sort((a, b) => (a.id === 'builtin:baseline-2025' ? -1 : b.id === 'builtin:baseline-2025' ? 1 : a.id < b.id ? -1 : 1));
}

interface Saved {
  id: string;
  text: string;
}

function readSaved(): Saved[] {
  try {
    const raw = localStorage.getItem(STORE_KEY);
    const v: unknown = raw === null ? [] : JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is Saved => typeof x?.id === 'string' && typeof x?.text === 'string') : [];
  } catch {
    return [];
  }
}

function writeSaved(list: Saved[]): void {
  localStorage.setItem(STORE_KEY, JSON.stringify(list));
}

export function savedEntries(): LibraryEntry[] {
  if (onServer) return [...serverList, ...unsavedList];
  return readSaved().map((s) => ({ id: s.id, ...describe(s.text), text: s.text, builtin: false, folder: '' }));
}

export function allEntries(): LibraryEntry[] {
  return [...builtinEntries(), ...savedEntries()];
}

export function findEntry(id: string): LibraryEntry | null {
  return allEntries().find((e) => e.id === id) ?? null;
}

/** Saves text as a new entry (or over `id` when it is a saved one); returns its id. */
export function saveEntry(text: string, id?: string): string {
  const list = readSaved();
  if (id !== undefined && id.startsWith('saved:')) {
    const i = list.findIndex((s) => s.id === id);
    if (i >= 0) {
      list[i] = { id, text };
      writeSaved(list);
      return id;
    }
  }
  const fresh = `saved:${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  list.push({ id: fresh, text });
  writeSaved(list);
  return fresh;
}

export function deleteEntry(id: string): void {
  writeSaved(readSaved().filter((s) => s.id !== id));
}

/** A new scenario's starting text: the smallest valid scenario, with comments saying what to fill in. */
export const NEW_SCENARIO = `# A new scenario: two actors, one theatre. Add actors, alliances and relations (brink schema lists every field).
schemaVersion: 1
name: my-scenario
description: What question does this scenario ask?
horizonDays: 365
include: [params/calibrated.yaml]
theatres:
  - {id: east, name: Eastern flank}
actors:
  - {id: RED, name: Red, power: 0.1, theatreShare: {east: 1}, revisionism: 0.6}
  - {id: BLU, name: Blue, power: 0.1, theatreShare: {east: 1}}
relations:
  - {from: RED, to: BLU, hostility: 0.7}
`;

/**
 * Text → scenario, as `loadScenarioFile` does: validation, then includes resolved against the
 * bundled scenarios/ folder (merged in order, the scenario's own parameters last), the include
 * list emptied so the hash depends on values, not paths. Issues carry line and column.
 */
export function loadScenarioText(text: string, folder = ''): { scenario: Scenario | null; issues: Issue[] } {
  const src = parseYamlValue(text);
  if (src.issues.length > 0) return { scenario: null, issues: src.issues };
  const kind = sniffKind(src.value);
  if (kind !== 'scenario') {
    return { scenario: null, issues: [{ code: ISSUE_CODES.wrongFileKind, path: '', line: 1, column: 1, message: `this is a ${kind} file, not a scenario` }] };
  }
  const { scenario, issues } = validateScenarioSource(src);
  const raw = src.value as { include?: unknown } | null;
  const includes = Array.isArray(raw?.include) ? raw.include.slice(0, MAX_INCLUDES) : [];
  const included: ParametersInput = {};
  const seen = new Map<string, number>();
  includes.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry.length === 0) return;
    const where = src.locate(['include', i]);
    const refuse = (code: string, message: string) => issues.push({ code, path: `include[${i}]`, ...where, message });
    const lexical = includeEntryRefusal(entry);
    if (lexical !== null) return refuse(ISSUE_CODES.includeRefused, lexical);
    const path = normalize(folder === '' ? entry : `${folder}/${entry}`);
    const body = path === null ? undefined : BUNDLED.get(path);
    if (path === null || body === undefined) return refuse(ISSUE_CODES.fileNotFound, `included file "${entry}" not found in the built-in library (the browser can include only scenarios/ files such as params/calibrated.yaml)`);
    const first = seen.get(path);
    if (first !== undefined) return refuse(ISSUE_CODES.includeCycle, `include "${entry}" names the same file as include[${first}]; include it once`);
    seen.set(path, i);
    const p = parseParametersFileText(body, path);
    issues.push(...p.issues);
    if (p.parameters !== null) Object.assign(included, p.parameters);
  });
  if (scenario === null || issues.length > 0) return { scenario: null, issues };
  return { scenario: { ...scenario, include: [], parameters: { ...included, ...scenario.parameters } }, issues: [] };
}

/** "a/./b/../c.yaml" → "a/c.yaml"; null when it climbs out of the library. */
function normalize(p: string): string | null {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}
