/**
 * The scenario editor: CodeMirror 6 with YAML highlighting, completion of the schema's field
 * names (from the JSON Schema src/scenario exports), and validation as you type by the CLI's own
 * code (library.ts → src/scenario): each issue is marked at its line and field in the text and
 * listed below it with its path; clicking one moves the cursor there. Issues the server found
 * when it refused to store or run this text (400, by field path) are marked the same way, at their
 * lines, until the text changes (D67). Saving goes through scenario-store.ts: to the server with
 * its version (409: reload or overwrite), or to this browser on a static host.
 *
 * Every change of the text is kept as the entry's draft at once (not on the 300 ms lint), so
 * leaving the editor right after an edit keeps it; the levers form reads the text as it is now
 * when it writes, not as last linted (levers-form.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { basicSetup, EditorView as CM } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { StateEffect, type Text } from '@codemirror/state';
import { scenarioJsonSchema, type Issue } from '../../../src/scenario/index.js';
import { LeversForm } from './levers-form.js';
import { loadScenarioText, type LibraryEntry } from '../library.js';
import { overwriteStored, reloadStored, saveStored, scenarioLink, takeServerIssues, type StoreError } from '../scenario-store.js';
import { clearDraft, draftText, go, setDraft } from '../nav.js';
import { download } from './library-view.js';
import { NetworkDrawing } from './network.js';
import type { Scenario } from '../../../src/scenario/index.js';

/** Marks a transaction that brings the server's issues: the linter runs again on the same text. */
const serverAnswer = StateEffect.define<null>();

/** Every field name of the scenario schema, with its description: the completion list. */
function schemaFields(): { label: string; info: string }[] {
  const out = new Map<string, string>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > 12 || typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    const props = n.properties as Record<string, { description?: string }> | undefined;
    if (props) for (const [k, v] of Object.entries(props)) if (!out.has(k)) out.set(k, typeof v?.description === 'string' ? v.description : '');
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v, depth + 1);
  };
  walk(scenarioJsonSchema(), 0);
  return [...out].map(([label, info]) => ({ label, info })).sort((a, b) => (a.label < b.label ? -1 : 1));
}

let fieldsCache: { label: string; info: string }[] | null = null;
function completeFields(ctx: CompletionContext): CompletionResult | null {
  // A key: the word at the start of a line (after indentation, a "- " or a "{"/", " in flow style).
  const w = ctx.matchBefore(/(^|[\s{,-])[A-Za-z][A-Za-z0-9]*$/);
  if (w === null && !ctx.explicit) return null;
  const line = ctx.state.doc.lineAt(ctx.pos);
  if (line.text.slice(0, ctx.pos - line.from).includes(':') && !/[{,]\s*[A-Za-z]*$/.test(line.text.slice(0, ctx.pos - line.from))) return null;
  fieldsCache ??= schemaFields();
  const from = w === null ? ctx.pos : ctx.pos - (/[A-Za-z][A-Za-z0-9]*$/.exec(w.text)?.[0].length ?? 0);
  return { from, options: fieldsCache.map((f) => ({ label: f.label, type: 'property', info: f.info, apply: `${f.label}: ` })), validFor: /^[A-Za-z0-9]*$/ };
}

/** An issue's position in the document: its line and column, else the document's start. */
function issueRange(doc: Text, i: Issue): { from: number; to: number } {
  if (i.line === undefined || i.line < 1 || i.line > doc.lines) return { from: 0, to: Math.min(doc.length, doc.line(1).to) };
  const line = doc.line(i.line);
  const from = Math.min(line.to, line.from + Math.max(0, (i.column ?? 1) - 1));
  const to = from < line.to ? line.to : Math.min(doc.length, from + 1);
  return { from, to };
}

/**
 * The change from `a` to `b` as one replacement of only the characters that differ (common start
 * and end kept): the cursor, the selection and the undo history of the rest of the text stay put
 * when the levers form rewrites a value.
 */
export function narrowChange(a: string, b: string): { from: number; to: number; insert: string } {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  return { from: start, to: a.length - end, insert: b.slice(start, b.length - end) };
}

export function EditorView({ entry, onChange }: { entry: LibraryEntry; onChange: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<CM | null>(null);
  const [issues, setIssues] = useState<Issue[]>(() => loadScenarioText(draftText(entry), entry.folder).issues);
  // The last valid version: the network keeps showing it while the text has problems.
  const [valid, setValid] = useState<Scenario | null>(() => loadScenarioText(draftText(entry), entry.folder).scenario);
  const [dirty, setDirty] = useState(draftText(entry) !== entry.text);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  /** The last save the server refused for a reason other than validation (a 409 above all). */
  const [refusal, setRefusal] = useState<StoreError | null>(null);
  // The entry as last rendered (a save replaces its text and version without remounting).
  const current = useRef(entry);
  current.current = entry;
  /** Issues the server found in exactly the text `text` (they go once the text changes). */
  const server = useRef<{ text: string; issues: Issue[] }>({ text: draftText(entry), issues: takeServerIssues(entry.id, draftText(entry)) });
  /** The text last parsed and what it gave: the linter and the levers form share it. */
  const parsed = useRef<{ text: string; loaded: ReturnType<typeof loadScenarioText> } | null>(null);
  const parse = (text: string): ReturnType<typeof loadScenarioText> => {
    if (parsed.current?.text !== text) parsed.current = { text, loaded: loadScenarioText(text, current.current.folder) };
    return parsed.current.loaded;
  };

  useEffect(() => {
    const lint = linter(
      (v) => {
        const text = v.state.doc.toString();
        const e = current.current;
        const loaded = parse(text);
        if (server.current.text !== text) server.current = { text, issues: [] };
        const found = [...loaded.issues, ...server.current.issues.map((i) => ({ ...i, server: true }))];
        setIssues(found);
        if (loaded.scenario !== null) setValid(loaded.scenario);
        setDirty(text !== e.text);
        onChange();
        return found.map((i): Diagnostic => ({ ...issueRange(v.state.doc, i), severity: 'error', message: `${'server' in i ? 'the server: ' : ''}${i.path !== '' ? `${i.path}: ` : ''}${i.message}`, source: i.code }));
      },
      // A server answer re-runs the linter on the same text (forceLinting alone runs only a pending lint).
      { delay: 300, needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(serverAnswer))) },
    );
    // The draft follows the text at every change: the lint waits 300 ms, and a view left before
    // it ran (a tab, "Run this version") would otherwise open the text without the last edit.
    const draft = CM.updateListener.of((u) => {
      if (!u.docChanged) return;
      const text = u.state.doc.toString();
      const e = current.current;
      if (text !== e.text) setDraft(e.id, text);
      else clearDraft(e.id);
    });
    const cm = new CM({
      doc: draftText(entry),
      parent: host.current!,
      extensions: [basicSetup, CM.lineWrapping, yaml(), lintGutter(), lint, draft, autocompletion({ override: [completeFields] }), CM.contentAttributes.of({ 'aria-label': `YAML of scenario ${entry.name}` })],
    });
    view.current = cm;
    return () => cm.destroy();
  }, [entry.id]);

  const jump = (i: Issue) => {
    const cm = view.current;
    if (!cm) return;
    const r = issueRange(cm.state.doc, i);
    cm.dispatch({ selection: { anchor: r.from }, scrollIntoView: true });
    cm.focus();
  };
  const textNow = () => view.current?.state.doc.toString() ?? draftText(entry);
  /** The scenario of the text as it is now (null while it has problems); the form shows it at once. */
  const scenarioNow = (): Scenario | null => {
    const s = parse(textNow()).scenario;
    if (s !== null) setValid(s);
    return s;
  };
  /** The outcome of a save: the new entry opened, a 409 offered reload/overwrite, a 400 marked at its lines. */
  const after = (r: Awaited<ReturnType<typeof saveStored>>, text: string, done: string) => {
    setSaving(false);
    if (r.ok) {
      setRefusal(null);
      clearDraft(entry.id);
      setDirty(false);
      setNote(done);
      onChange();
      if (r.id !== entry.id) go('edit', r.id);
      return;
    }
    setNote('');
    if (r.status === 400 && r.issues.length > 0) {
      setRefusal(null);
      server.current = { text, issues: r.issues };
      if (view.current) {
        view.current.dispatch({ effects: serverAnswer.of(null) });
        forceLinting(view.current);
      }
      setNote(`Not saved: the server found ${r.issues.length} problem${r.issues.length === 1 ? '' : 's'}, marked at ${r.issues.length === 1 ? 'its line' : 'their lines'}`);
      return;
    }
    setRefusal(r);
  };
  const save = async () => {
    const text = textNow();
    setSaving(true);
    after(await saveStored(entry, text), text, entry.builtin ? 'Saved as a new scenario (built-ins are read-only)' : 'Saved');
  };
  const overwrite = async () => {
    const text = textNow();
    setSaving(true);
    after(await overwriteStored(entry, text), text, 'Saved over the newer version on the server');
  };
  const reload = async () => {
    setSaving(true);
    const r = await reloadStored(entry.id);
    setSaving(false);
    if (!r.ok) return setRefusal(r);
    setRefusal(null);
    onChange();
    const cm = view.current;
    current.current = { ...entry, text: r.text };
    cm?.dispatch({ changes: { from: 0, to: cm.state.doc.length, insert: r.text } });
    clearDraft(entry.id);
    setNote('Reloaded the version stored on the server (your edits were discarded)');
  };
  const revert = () => {
    const cm = view.current;
    if (!cm) return;
    cm.dispatch({ changes: { from: 0, to: cm.state.doc.length, insert: entry.text } });
    clearDraft(entry.id);
    onChange();
  };

  return (
    <section aria-labelledby="ed-h" class="editor-view">
      <h1 id="ed-h">Edit {entry.name}</h1>
      <div class="toolbar">
        <button type="button" onClick={() => void save()} disabled={saving}>
          {entry.builtin ? 'Save as a copy' : entry.unsaved ? 'Save to the server' : 'Save'}
        </button>
        <button type="button" onClick={revert} disabled={!dirty}>
          Revert edits
        </button>
        <button type="button" onClick={() => download(`${entry.name}.yaml`, view.current?.state.doc.toString() ?? '', 'text/yaml')}>
          Export YAML
        </button>
        <a class="button" href={`#/run?id=${encodeURIComponent(entry.id)}`}>
          Run this version
        </a>
        {entry.version !== undefined && (
          <a class="button" href={`/scenarios/${entry.id}`} data-testid="scenario-link" data-link={scenarioLink(entry.id)} onClick={(e) => (e.preventDefault(), void navigator.clipboard?.writeText(scenarioLink(entry.id)))} title="Copy the link: it reopens this stored scenario">
            Copy link (v{entry.version})
          </a>
        )}
        <span role="status" data-testid="editor-status">{note}</span>
      </div>
      {refusal && (
        <div class="error-box" role="alert" data-testid="save-refused" data-status={refusal.status}>
          {refusal.conflict ? (
            <>
              <strong>Not saved: someone changed this scenario on the server</strong> since you opened it (you edited version {refusal.conflict.mine}; the server {refusal.conflict.stored === null ? 'no longer has it' : `has version ${refusal.conflict.stored}`}).{' '}
              <button type="button" onClick={() => void reload()} disabled={saving}>
                Reload the stored version
              </button>{' '}
              <button type="button" class="danger" onClick={() => void overwrite()} disabled={saving}>
                Overwrite it with mine
              </button>
            </>
          ) : (
            <>Not saved: the server answered {refusal.status === 0 ? 'nothing' : refusal.status} ({refusal.message}). Your edits are kept in this page.</>
          )}
        </div>
      )}
      <div class="editor-grid">
        <div ref={host} class="cm-host" />
        <aside class="issues" aria-labelledby="iss-h">
          <h2 id="iss-h">{issues.length === 0 ? 'Valid scenario' : `${issues.length} problem${issues.length === 1 ? '' : 's'}`}</h2>
          {issues.length === 0 ? (
            <p class="ok">The scenario passes every check `brink validate` makes. Ctrl+Space completes field names.</p>
          ) : (
            <ol class="issue-list" data-testid="issues">
              {issues.map((i, k) => (
                <li key={k}>
                  <button type="button" class="issue" data-line={i.line ?? ''} data-path={i.path} data-source={'server' in i ? 'server' : 'browser'} onClick={() => jump(i)}>
                    {'server' in i && <span class="tag">server</span>}
                    <span class="where">{i.line !== undefined ? `line ${i.line}${i.column !== undefined ? `:${i.column}` : ''}` : 'file'}</span>
                    {i.path !== '' && <code class="path">{i.path}</code>}
                    <span class="msg">{i.message}</span>
                  </button>
                </li>
              ))}
            </ol>
          )}
          {valid && (
            <LeversForm
              scenario={valid}
              scenarioNow={scenarioNow}
              getText={textNow}
              onText={(t) => {
                const cm = view.current;
                if (cm) cm.dispatch({ changes: narrowChange(cm.state.doc.toString(), t) });
                scenarioNow();
              }}
            />
          )}
          {valid && <NetworkDrawing scenario={valid} />}
        </aside>
      </div>
    </section>
  );
}
