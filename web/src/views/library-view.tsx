/** Scenario library: built-in and saved scenarios with their stated question; new, duplicate, import, export. */
import { useRef, useState } from 'preact/hooks';
import { allEntries, NEW_SCENARIO, serverMode, type LibraryEntry } from '../library.js';
import { draftText, go } from '../nav.js';
import { createStored, keepUnsaved, removeStored, type StoreError } from '../scenario-store.js';

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function LibraryView({ onChange }: { onChange: () => void }) {
  const [entries, setEntries] = useState(allEntries());
  const [message, setMessage] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const reload = () => {
    setEntries(allEntries());
    onChange();
  };
  const [busy, setBusy] = useState(false);
  const onServer = serverMode();
  const failed = (what: string, r: StoreError) => setMessage(`${what}: the server answered ${r.status === 0 ? 'nothing' : r.status} (${r.message})`);
  /** Stores text as a new scenario and opens it; text the server refuses opens unsaved, its issues at their lines. */
  const create = async (text: string, what: string) => {
    setBusy(true);
    const r = await createStored(text);
    setBusy(false);
    if (r.ok) {
      reload();
      return go('edit', r.id);
    }
    if (r.status !== 400) return failed(what, r);
    const id = keepUnsaved(text, r.issues);
    reload();
    go('edit', id);
  };
  const duplicate = (e: LibraryEntry) => void create(draftText(e).replace(/^name:\s*(.+)$/m, (_m, n: string) => `name: ${n.trim()}-copy`), `Duplicating ${e.name}`);
  const remove = async (e: LibraryEntry) => {
    if (!confirm(`Delete ${e.name}?`)) return;
    const err = await removeStored(e);
    if (err) return failed(`Deleting ${e.name}`, err);
    setMessage(`Deleted ${e.name}`);
    reload();
  };
  const importFile = async (ev: Event) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (!f) return;
    if (f.size > 1_000_000) {
      setMessage(`${f.name} is larger than 1 MB: not imported`);
      return;
    }
    setMessage(`Imported ${f.name}`);
    await create(await f.text(), `Importing ${f.name}`);
  };
  return (
    <section aria-labelledby="lib-h">
      <h1 id="lib-h">Scenario library</h1>
      <p class="lead">Open a scenario to edit it, run it, ask "what if" with the policy levers, or follow one crisis to its causes. {onServer ? ' Saved scenarios are stored on this Brink server: each has a link that reopens it.' : ' Saved scenarios stay in this browser.'} Built-in scenarios are read-only: duplicate one to edit it.</p>
      <div class="toolbar">
        <button type="button" disabled={busy} onClick={() => void create(NEW_SCENARIO, 'New scenario')}>
          New scenario
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          Import YAML…
        </button>
        <input ref={file} type="file" accept=".yaml,.yml,text/yaml" hidden aria-label="Import a scenario YAML file" onChange={importFile} />
        <span role="status" data-testid="library-status">{message}</span>
      </div>
      <ul class="cards">
        {entries.map((e) => (
          <li key={e.id} class="card" data-id={e.id}>
            <h2>
              <a href={e.version !== undefined ? `/scenarios/${e.id}` : `#/edit?id=${encodeURIComponent(e.id)}`}>{e.name}</a>{' '}
              <span class="tag">{e.builtin ? 'built-in' : e.unsaved ? 'not saved' : e.version !== undefined ? `on the server · v${e.version}` : 'saved in this browser'}</span>
            </h2>
            <p>{e.question}</p>
            <div class="actions">
              <a class="button" href={`#/run?id=${encodeURIComponent(e.id)}`} aria-label={`Run ${e.name}`}>
                Run
              </a>
              <a class="button" href={`#/whatif?id=${encodeURIComponent(e.id)}`} aria-label={`What-if for ${e.name}`}>
                What-if
              </a>
              <a class="button" href={`#/trace?id=${encodeURIComponent(e.id)}`} aria-label={`Trace ${e.name}`}>
                Trace
              </a>
              <button type="button" onClick={() => duplicate(e)} aria-label={`Duplicate ${e.name}`}>
                Duplicate
              </button>
              <button type="button" onClick={() => download(`${e.name}.yaml`, draftText(e), 'text/yaml')} aria-label={`Export ${e.name} as YAML`}>
                Export
              </button>
              {!e.builtin && (
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete ${e.name}`}
                  onClick={() => void remove(e)}
                >
                  Delete
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
