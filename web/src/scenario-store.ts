/**
 * Saving scenarios, in the two places they can live (D67): on `brink serve` (the scenarios CRUD of
 * docs/api.md: SQLite, an id `s_…` with its link /scenarios/{id}, and an optimistic version, so
 * saving over a version someone else replaced is a 409 the editor turns into "reload or
 * overwrite"), or, on a static host, in this browser's localStorage (library.ts). Built-in
 * scenarios are never written: saving one stores a copy.
 *
 * The server validates what it stores, and answers 400 with issues by field path (`yaml.actors`,
 * `scenario.actors[2].power`). `placeIssues` puts each at its line of the text that was sent,
 * with the same locator the client-side validation uses (src/scenario's parseYamlValue: the
 * `yaml` package's document ranges), so the editor marks it where it belongs.
 */
import type { Issue } from '../../src/scenario/index.js';
import { parseYamlValue } from '../../src/scenario/index.js';
import { createScenario, deleteScenario, getScenario, listScenarios, updateScenario } from './api.js';
import { addUnsaved, deleteEntry, dropServerEntry, dropUnsaved, putServerEntry, saveEntry, serverMode, setServerEntries, type LibraryEntry } from './library.js';

export interface StoreError {
  ok: false;
  status: number;
  message: string;
  /** Issues about the scenario text, each with its line and column in that text. */
  issues: Issue[];
  /** A 409: the version the editor had and the one the server holds (null: deleted meanwhile). */
  conflict?: { mine: number; stored: number | null };
}
export type StoreResult = { ok: true; id: string } | StoreError;

/**
 * The server's issues about a scenario text sent as request field `field` (`yaml` for the
 * scenarios CRUD, `scenario` for runs): the prefix stripped, and each issue without a line
 * placed at its field in `text` (a field that does not exist: its nearest existing parent).
 * Issues about other fields of the request (`runs`, `seed`) are returned apart.
 */
export function placeIssues(text: string, issues: readonly Issue[], field: string): { inText: Issue[]; other: Issue[] } {
  const inText: Issue[] = [];
  const other: Issue[] = [];
  let src: ReturnType<typeof parseYamlValue> | null = null;
  for (const i of issues) {
    if (i.path !== field && !i.path.startsWith(`${field}.`) && !i.path.startsWith(`${field}[`)) {
      other.push(i);
      continue;
    }
    const path = i.path === field ? '' : i.path.slice(field.length).replace(/^\./, '');
    if (i.line !== undefined) {
      inText.push({ ...i, path });
      continue;
    }
    src ??= parseYamlValue(text);
    const at = path === '' ? undefined : src.locate(path);
    inText.push({ ...i, path, ...(at ?? { line: 1, column: 1 }) });
  }
  return { inText, other };
}

/** Server issues waiting for the editor of an entry (a run the server refused, an import). */
const pending = new Map<string, { text: string; issues: Issue[] }>();
export function setServerIssues(id: string, text: string, issues: Issue[]): void {
  pending.set(id, { text, issues });
}
/** The server's issues for this entry, if they were found in exactly this text. */
export function takeServerIssues(id: string, text: string): Issue[] {
  const p = pending.get(id);
  pending.delete(id);
  return p !== undefined && p.text === text ? p.issues : [];
}

function refused(r: { status: number; message: string; issues: Issue[] }, text: string): StoreError {
  const { inText, other } = placeIssues(text, r.issues, 'yaml');
  return { ok: false, status: r.status, message: r.message, issues: [...inText, ...other.map((i) => ({ ...i, line: 1, column: 1 }))] };
}

/** Reads every stored scenario of the server (the list, then each one's YAML, 8 at a time). */
export async function loadServerLibrary(): Promise<string | null> {
  const l = await listScenarios();
  if (!l.ok) return `the server's scenario list could not be read: ${l.message}`;
  const out: { id: string; text: string; version: number }[] = [];
  const ids = l.value.stored.map((s) => s.id);
  for (let k = 0; k < ids.length; k += 8) {
    const got = await Promise.all(ids.slice(k, k + 8).map((id) => getScenario(id)));
    for (const g of got) if (g.ok && g.value.version !== undefined) out.push({ id: g.value.id, text: g.value.yaml, version: g.value.version });
  }
  setServerEntries(out);
  return null;
}

/** Stores text as a new scenario: on the server when there is one (validated there), else in this browser. */
export async function createStored(text: string): Promise<StoreResult> {
  if (!serverMode()) return { ok: true, id: saveEntry(text) };
  const r = await createScenario(text);
  if (!r.ok) return refused(r, text);
  putServerEntry({ id: r.value.id, text, version: r.value.version });
  return { ok: true, id: r.value.id };
}

/** An import or new text the server refused: kept in memory, opened in the editor with its issues. */
export function keepUnsaved(text: string, issues: Issue[]): string {
  const id = addUnsaved(text);
  setServerIssues(id, text, issues);
  return id;
}

/** Saves the editor's text: a copy of a built-in, a first save, or over the stored version. */
export async function saveStored(entry: LibraryEntry, text: string): Promise<StoreResult> {
  if (entry.builtin || entry.unsaved) {
    const r = await createStored(text);
    if (r.ok && entry.unsaved) dropUnsaved(entry.id);
    return r;
  }
  if (entry.version === undefined) return { ok: true, id: saveEntry(text, entry.id) };
  return putVersion(entry.id, text, entry.version);
}

async function putVersion(id: string, text: string, version: number): Promise<StoreResult> {
  const r = await updateScenario(id, text, version);
  if (r.ok) {
    putServerEntry({ id, text, version: r.value.version });
    return { ok: true, id };
  }
  if (r.status === 409) {
    const now = await getScenario(id);
    return { ok: false, status: 409, message: r.message, issues: [], conflict: { mine: version, stored: now.ok ? (now.value.version ?? null) : null } };
  }
  return refused(r, text);
}

/** After a 409: writes the editor's text over whatever the server now holds (or stores it anew if it was deleted). */
export async function overwriteStored(entry: LibraryEntry, text: string): Promise<StoreResult> {
  const now = await getScenario(entry.id);
  if (!now.ok) return now.status === 404 ? createStored(text) : { ok: false, status: now.status, message: now.message, issues: [] };
  return putVersion(entry.id, text, now.value.version ?? 0);
}

/** After a 409: the server's current text (the library entry is updated to it), or an error. */
export async function reloadStored(id: string): Promise<{ ok: true; text: string } | StoreError> {
  const now = await getScenario(id);
  if (!now.ok) return { ok: false, status: now.status, message: now.message, issues: [] };
  putServerEntry({ id, text: now.value.yaml, version: now.value.version ?? 0 });
  return { ok: true, text: now.value.yaml };
}

export async function removeStored(entry: LibraryEntry): Promise<StoreError | null> {
  if (entry.unsaved) {
    dropUnsaved(entry.id);
    return null;
  }
  if (entry.version === undefined) {
    deleteEntry(entry.id);
    return null;
  }
  const r = await deleteScenario(entry.id);
  if (!r.ok && r.status !== 404) return { ok: false, status: r.status, message: r.message, issues: [] };
  dropServerEntry(entry.id);
  return null;
}

/** The shareable link of a scenario stored on the server. */
export const scenarioLink = (id: string): string => `${location.origin}/scenarios/${id}`;
