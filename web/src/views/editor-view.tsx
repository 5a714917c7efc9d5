/**
 * The scenario editor: CodeMirror 6 with YAML highlighting, completion of the schema's field
 * names (from the JSON Schema src/scenario exports), and validation as you type by the CLI's own
 * code (library.ts → src/scenario): each issue is marked at its line and field in the text and
 * listed below it with its path; clicking one moves the cursor there.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { basicSetup, EditorView as CM } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { Text } from '@codemirror/state';
import { scenarioJsonSchema, type Issue } from '../../../src/scenario/index.js';
import { LeversForm } from './levers-form.js';
import { loadScenarioText, saveEntry, type LibraryEntry } from '../library.js';
import { clearDraft, draftText, go, setDraft } from '../nav.js';
import { download } from './library-view.js';
import { NetworkDrawing } from './network.js';
import type { Scenario } from '../../../src/scenario/index.js';

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

export function EditorView({ entry, onChange }: { entry: LibraryEntry; onChange: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<CM | null>(null);
  const [issues, setIssues] = useState<Issue[]>(() => loadScenarioText(draftText(entry), entry.folder).issues);
  // The last valid version: the network keeps showing it while the text has problems.
  const [valid, setValid] = useState<Scenario | null>(() => loadScenarioText(draftText(entry), entry.folder).scenario);
  const [dirty, setDirty] = useState(draftText(entry) !== entry.text);
  const [note, setNote] = useState('');

  useEffect(() => {
    const lint = linter(
      (v) => {
        const text = v.state.doc.toString();
        const loaded = loadScenarioText(text, entry.folder);
        const found = loaded.issues;
        setIssues(found);
        if (loaded.scenario !== null) setValid(loaded.scenario);
        if (text !== entry.text) setDraft(entry.id, text);
        else clearDraft(entry.id);
        setDirty(text !== entry.text);
        onChange();
        return found.map((i): Diagnostic => ({ ...issueRange(v.state.doc, i), severity: 'error', message: `${i.path !== '' ? `${i.path}: ` : ''}${i.message}`, source: i.code }));
      },
      { delay: 300 },
    );
    const cm = new CM({
      doc: draftText(entry),
      parent: host.current!,
      extensions: [basicSetup, CM.lineWrapping, yaml(), lintGutter(), lint, autocompletion({ override: [completeFields] }), CM.contentAttributes.of({ 'aria-label': `YAML of scenario ${entry.name}` })],
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
  const save = () => {
    const text = view.current?.state.doc.toString() ?? draftText(entry);
    const id = saveEntry(text, entry.builtin ? undefined : entry.id);
    clearDraft(entry.id);
    setNote(entry.builtin ? 'Saved as a new scenario (built-ins are read-only)' : 'Saved');
    onChange();
    if (id !== entry.id) go('edit', id);
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
        <button type="button" onClick={save}>
          {entry.builtin ? 'Save as a copy' : 'Save'}
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
        <span role="status">{note}</span>
      </div>
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
                  <button type="button" class="issue" data-line={i.line ?? ''} data-path={i.path} onClick={() => jump(i)}>
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
              getText={() => view.current?.state.doc.toString() ?? draftText(entry)}
              onText={(t) => view.current?.dispatch({ changes: { from: 0, to: view.current.state.doc.length, insert: t } })}
            />
          )}
          {valid && <NetworkDrawing scenario={valid} />}
        </aside>
      </div>
    </section>
  );
}
