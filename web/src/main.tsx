/**
 * The Brink web app (issue 16): scenario library, editor, run, results, what-if and trace
 * explorer. Preact with hooks (D45); routing by the URL's hash so any static server, or
 * `brink serve` at `/`, serves it; the engine runs in Web Workers (executor.ts).
 */
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { allEntries, findEntry, loadScenarioText } from './library.js';
import { LibraryView } from './views/library-view.js';
import { EditorView } from './views/editor-view.js';
import { RunView } from './views/run-view.js';
import { WhatIfView } from './views/whatif-view.js';
import { TraceView } from './views/trace-view.js';
import { CompareView } from './views/compare-view.js';
import { SweepResults, SweepView } from './views/sweep-view.js';
import { SensitivityResults, SensitivityView } from './views/sensitivity-view.js';
import { StoredStudyPage } from './views/server-study.js';
import type { SweepSummary } from '../../src/analysis/sweep.js';
import type { SensitivitySummary } from '../../src/analysis/sensitivity.js';
import { ServerRunView, StoredRunPage } from './views/server-run-view.js';
import { serverAvailable } from './api.js';
import { loadServerLibrary } from './scenario-store.js';
import { draftText, drafts, parseHash, type Route } from './nav.js';
import './style.css';

/** `/runs/{id}`: the shareable link of a run stored by `brink serve`. */
const STORED_RUN = /^\/runs\/(r_[0-9a-f]{8,64})\/?$/.exec(location.pathname)?.[1] ?? null;
/** `/sweeps/{id}`, `/sensitivities/{id}`: a stored sweep or sensitivity study (D66). */
const STORED_SWEEP = /^\/sweeps\/(w_[0-9a-f]{8,64})\/?$/.exec(location.pathname)?.[1] ?? null;
const STORED_SENS = /^\/sensitivities\/(t_[0-9a-f]{8,64})\/?$/.exec(location.pathname)?.[1] ?? null;
const STORED = STORED_RUN ?? STORED_SWEEP ?? STORED_SENS;



const TABS: [Route['view'], string][] = [
  ['library', 'Library'],
  ['edit', 'Editor'],
  ['run', 'Run & results'],
  ['whatif', 'What-if'],
  ['compare', 'Compare'],
  ['sweep', 'Sweep'],
  ['sensitivity', 'Sensitivity'],
  ['trace', 'Trace explorer'],
];

/** The file a study names as its reference arm: the path `brink sweep scenarios/….yaml` is given for a built-in. */
const scenarioFile = (e: { id: string; builtin: boolean; name: string }): string => (e.builtin ? `scenarios/${e.id.replace(/^builtin:/, '')}.yaml` : e.name);

/** What the server is sent as the scenario: an unedited built-in by name, anything else as its YAML text. */
const serverRef = (e: { id: string; builtin: boolean }, text: string): string => (e.builtin && !drafts.has(e.id) ? e.id.replace(/^builtin:/, '') : text);

function App() {
  const [route, setRoute] = useState(parseHash());
  const [version, setVersion] = useState(0);
  // Served by `brink serve`? Then runs go to the server (D55); otherwise they run in Web Workers.
  const [server, setServer] = useState<boolean | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    // On the server, the library's saved scenarios are the server's (D67): read them first.
    void serverAvailable().then(async (on) => {
      if (on) setLoadError(await loadServerLibrary());
      setServer(on);
    });
  }, []);
  useEffect(() => {
    const on = () => setRoute(parseHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const entry = useMemo(() => findEntry(route.id) ?? allEntries()[0] ?? null, [route.id, version, server]);
  const text = entry !== null ? draftText(entry) : '';
  const loaded = useMemo(() => (entry !== null ? loadScenarioText(text, entry.folder) : null), [entry, text, version]);
  const refresh = () => setVersion((v) => v + 1);
  // On /runs/{id} the views' links lead back to the app at the root.
  const home = STORED === null && !location.pathname.startsWith('/scenarios/') ? '' : '/';
  useEffect(() => {
    if (STORED !== null) return;
    const names: Record<Route['view'], string> = { library: 'Library', edit: 'Editor', run: 'Run', whatif: 'What-if', compare: 'Compare', trace: 'Trace', sweep: 'Sweep', sensitivity: 'Sensitivity' };
    document.title = `${names[route.view]}${entry ? ` · ${entry.name}` : ''} · Brink`;
  }, [route.view, entry]);

  return (
    <div class="app">
      <header class="top">
        <a class="brand" href={`${home}#/library`}>Brink</a>
        <nav aria-label="Views">
          {TABS.map(([v, label]) => (
            <a key={v} href={`${home}#/${v}?id=${encodeURIComponent(entry?.id ?? route.id)}`} aria-current={STORED === null && route.view === v ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        {server === true && (
          <span class="tag" title="Runs are computed and stored by brink serve" data-testid="server-mode">
            server
          </span>
        )}
        {STORED === null && entry !== null && route.view !== 'library' && (
          <span class="current" title={entry.question}>
            {entry.name}
            {entry.builtin ? ' (built-in)' : entry.unsaved ? ' (not saved)' : entry.version !== undefined ? ' (on the server)' : ' (saved)'}
            {drafts.has(entry.id) ? ' · edited' : ''}
          </span>
        )}
      </header>
      <main>
        {STORED_RUN !== null && <StoredRunPage id={STORED_RUN} />}
        {STORED_SWEEP !== null && (
          <StoredStudyPage<SweepSummary> kind="sweeps" id={STORED_SWEEP} title="Sweep" noun="sweep">
            {(s) => <SweepResults summary={s} />}
          </StoredStudyPage>
        )}
        {STORED_SENS !== null && (
          <StoredStudyPage<SensitivitySummary> kind="sensitivities" id={STORED_SENS} title="Sensitivity study" noun="sensitivity study">
            {(s) => <SensitivityResults summary={s} />}
          </StoredStudyPage>
        )}
        {loadError && <div class="error-box" role="alert">{loadError}</div>}
        {server === null && STORED === null && <p class="note">Loading…</p>}
        {server !== null && STORED === null && findEntry(route.id) === null && (
          <div class="error-box" role="alert" data-testid="no-scenario">No scenario {route.id} {server ? 'is stored on this server' : 'is saved in this browser'}: showing {entry?.name ?? 'none'} instead.</div>
        )}
        {STORED === null && server !== null && <>
        {route.view === 'library' && <LibraryView onChange={refresh} />}
        {route.view === 'edit' && entry !== null && <EditorView key={entry.id} entry={entry} onChange={refresh} />}
        {route.view !== 'library' && route.view !== 'edit' && loaded !== null && loaded.scenario === null && (
          <div class="error-box" role="alert">
            This scenario has {loaded.issues.length} problem{loaded.issues.length === 1 ? '' : 's'}: fix {loaded.issues.length === 1 ? 'it' : 'them'} in the <a href={`#/edit?id=${encodeURIComponent(entry!.id)}`}>editor</a> first.
          </div>
        )}
        {route.view === 'run' && loaded?.scenario && server === true && (
          <ServerRunView key={`${entry!.id}|${text}`} entryId={entry!.id} text={text} scenarioRef={serverRef(entry!, text)} scenarioName={loaded.scenario.name} params={route.params} />
        )}
        {route.view === 'run' && loaded?.scenario && server === false && <RunView key={`${entry!.id}|${text}`} scenario={loaded.scenario} params={route.params} />}
        {route.view === 'whatif' && loaded?.scenario && <WhatIfView key={`${entry!.id}|${text}`} scenario={loaded.scenario} />}
        {route.view === 'compare' && loaded?.scenario && <CompareView key={`${entry!.id}|${text}`} scenario={loaded.scenario} />}
        {route.view === 'sweep' && loaded?.scenario && server !== null && <SweepView key={`${entry!.id}|${text}|${server}`} scenario={loaded.scenario} file={scenarioFile(entry!)} server={server} scenarioRef={serverRef(entry!, text)} />}
        {route.view === 'sensitivity' && loaded?.scenario && server !== null && (
          <SensitivityView key={`${entry!.id}|${text}|${server}`} scenario={loaded.scenario} file={scenarioFile(entry!)} server={server} scenarioRef={serverRef(entry!, text)} />
        )}
        {route.view === 'trace' && loaded?.scenario && <TraceView key={`${entry!.id}|${text}`} scenario={loaded.scenario} params={route.params} />}
        </>}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
