/** The app's location (the URL hash) and the unsaved edits shared by its views. */
import type { LibraryEntry } from './library.js';

export interface Route {
  view: 'library' | 'edit' | 'run' | 'whatif' | 'compare' | 'trace' | 'sweep' | 'sensitivity';
  id: string;
  params: URLSearchParams;
}

export function parseHash(): Route {
  const h = location.hash.replace(/^#\/?/, '');
  const [name = '', query = ''] = h.split('?');
  const params = new URLSearchParams(query);
  // No hash (the URL `npm start` prints): the baseline scenario opened in the editor.
  const view = name === '' ? 'edit' : ((['library', 'edit', 'run', 'whatif', 'compare', 'trace', 'sweep', 'sensitivity'] as const).find((v) => v === name) ?? 'library');
  // /scenarios/{id}: the link of a scenario stored on the server (D67) opens it.
  const stored = /^\/scenarios\/(s_[0-9a-f]{16})\/?$/.exec(location.pathname)?.[1];
  return { view, id: params.get('id') ?? stored ?? 'builtin:baseline-2025', params };
}

export function go(view: Route['view'], id: string, extra: Record<string, string> = {}): void {
  const q = new URLSearchParams({ id, ...extra });
  location.hash = `#/${view}?${q.toString()}`;
}

/** Unsaved edits per library entry, kept while the page is open (the editor and the runs share them). */
export const drafts = new Map<string, string>();
export function draftText(e: LibraryEntry): string {
  return drafts.get(e.id) ?? e.text;
}
export function setDraft(id: string, text: string): void {
  drafts.set(id, text);
}
export function clearDraft(id: string): void {
  drafts.delete(id);
}

