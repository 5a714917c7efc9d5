/** Scenario library: built-in and saved scenarios with their stated question; new, duplicate, import, export. */
import { useRef, useState } from 'preact/hooks';
import { allEntries, deleteEntry, NEW_SCENARIO, saveEntry, type LibraryEntry } from '../library.js';
import { draftText, go } from '../nav.js';

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
  const duplicate = (e: LibraryEntry) => {
    const id = saveEntry(draftText(e).replace(/^name:\s*(.+)$/m, (_m, n: string) => `name: ${n.trim()}-copy`));
    reload();
    go('edit', id);
  };
  const importFile = async (ev: Event) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (!f) return;
    if (f.size > 1_000_000) {
      setMessage(`${f.name} is larger than 1 MB: not imported`);
      return;
    }
    const id = saveEntry(await f.text());
    setMessage(`Imported ${f.name}`);
    reload();
    go('edit', id);
  };
  return (
    <section aria-labelledby="lib-h">
      <h1 id="lib-h">Scenario library</h1>
      <p class="lead">Open a scenario to edit it, run it in your browser, ask "what if" with the policy levers, or follow one crisis to its causes. Saved scenarios stay in this browser.</p>
      <div class="toolbar">
        <button
          type="button"
          onClick={() => {
            const id = saveEntry(NEW_SCENARIO);
            reload();
            go('edit', id);
          }}
        >
          New scenario
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          Import YAML…
        </button>
        <input ref={file} type="file" accept=".yaml,.yml,text/yaml" hidden aria-label="Import a scenario YAML file" onChange={importFile} />
        <span role="status">{message}</span>
      </div>
      <ul class="cards">
        {entries.map((e) => (
          <li key={e.id} class="card">
            <h2>
              <a href={`#/edit?id=${encodeURIComponent(e.id)}`}>{e.name}</a> <span class="tag">{e.builtin ? 'built-in' : 'saved'}</span>
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
                  onClick={() => {
                    if (confirm(`Delete ${e.name}?`)) {
                      deleteEntry(e.id);
                      reload();
                    }
                  }}
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
