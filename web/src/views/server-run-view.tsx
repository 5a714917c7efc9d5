/**
 * Run and results on `brink serve` (D55): the run is POSTed to /api/runs and computed and stored
 * by the server; progress (running estimates with 95% intervals that narrow chunk by chunk) comes
 * from the run's event stream; "stop when precise enough" is the server's precision target, so
 * the stored result is exactly a run of the trajectories it did; Cancel cancels it on the server.
 * The result shown is the stored one (GET /api/runs/{id}); its link /runs/{id} reopens it in
 * any browser, and Verify asks the server to recompute it and compare byte for byte.
 *
 * A broken stream (a lost connection, a restarted server) is reported at once; the view then
 * re-reads the run's status until the server answers, and reconnects to the stream while the run
 * is live, or shows how it ended (a restarted server marks it interrupted: Run again queues it
 * again under the same id).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Issue } from '../../../src/scenario/index.js';
import type { RunSummary } from '../../../src/analysis/summary.js';
import { narrateRun } from '../../../src/analysis/narrative.js';
import { cancelRun, getRun, startRun, verifyRun, watchRun, type Estimate, type RunProgress, type RunState, type RunStatus, type VerifyAnswer } from '../api.js';
import { reportHtml, summaryCsvText, summaryJson } from '../runs.js';
import { placeIssues, setServerIssues } from '../scenario-store.js';
import { pctCI, probabilitiesPlot } from '../plots.js';
import { PlotBox } from './plot-box.js';
import { download } from './library-view.js';
import { ProbabilityTable } from './run-view.js';

const LIVE: RunState[] = ['queued', 'running'];
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export const runLink = (id: string): string => `${location.origin}/runs/${id}`;

function LiveEstimates({ p }: { p: RunProgress }) {
  const rows = Object.entries(p.estimates) as [string, Estimate][];
  return (
    <table class="probs" data-testid="live-estimates">
      <caption>Running estimates after {p.trajectoriesDone.toLocaleString('en-US')} runs (95% Wilson interval, narrowing as chunks arrive)</caption>
      <thead>
        <tr>
          <th scope="col">outcome</th>
          <th scope="col">estimate (95% interval)</th>
          <th scope="col">half-width</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, e]) => (
          <tr key={k} data-key={k} data-estimate={String(e.estimate)} data-lo={String(e.lo)} data-hi={String(e.hi)}>
            <th scope="row">{k}</th>
            <td class="num">{pctCI(e)}</td>
            <td class="num">{e.lo === null || e.hi === null ? 'n/a' : `±${(((e.hi - e.lo) / 2) * 100).toFixed(2)} pp`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IssueList({ issues }: { issues: Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul class="issue-list" data-testid="server-issues">
      {issues.map((i, n) => (
        <li key={n} class="issue" data-path={i.path} data-line={i.line === undefined ? '' : String(i.line)}>
          <span class="where">{i.line !== undefined ? `line ${i.line}${i.column !== undefined ? `:${i.column}` : ''}` : i.path || '(request)'}</span>
          {i.line !== undefined && <span class="path">{i.path}</span>}
          <span class="msg">{i.message}</span>
        </li>
      ))}
    </ul>
  );
}

/** The done run's results: the stored summary, its reading, link, Verify, downloads and the report. */
export function StoredResult({ id, summary }: { id: string; summary: RunSummary }) {
  const [verify, setVerify] = useState<{ phase: 'running' } | { phase: 'answer'; v: VerifyAnswer } | { phase: 'error'; message: string } | null>(null);
  const report = useMemo(() => reportHtml(summary), [summary]);
  const doVerify = async () => {
    setVerify({ phase: 'running' });
    const r = await verifyRun(id);
    setVerify(r.ok ? { phase: 'answer', v: r.value } : { phase: 'error', message: r.message });
  };
  const state = verify === null ? '' : verify.phase === 'answer' ? (verify.v.identical ? 'same' : 'different') : verify.phase;
  return (
    <section aria-labelledby="res-h" class="results">
      <h2 id="res-h">Results (stored on the server)</h2>
      <p class="headline">
        P(drawn in{summary.focal ? `, ${summary.focal}` : ''}) = <strong>{pctCI(summary.probabilities.drawnIn)}</strong> after {summary.provenance.runs.toLocaleString('en-US')} runs.
      </p>
      <PlotBox label="Probabilities with 95% intervals" draw={(w) => probabilitiesPlot(summary, w)} deps={[summary]} />
      <div class="reading">
        {narrateRun(summary).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      <div class="toolbar">
        <a class="button" href={`/runs/${id}`} data-testid="run-link" data-link={runLink(id)} onClick={(e) => (e.preventDefault(), void navigator.clipboard?.writeText(runLink(id)))} title="Copy the link: it reopens this stored result in any browser">
          Copy link to this run
        </a>
        <button type="button" onClick={() => void doVerify()} disabled={verify?.phase === 'running'}>
          Verify
        </button>
        {verify && (
          <span role="status" data-testid="verify" data-verify={state}>
            {verify.phase === 'running' && 'the server is recomputing the run from its stored request…'}
            {verify.phase === 'answer' && verify.v.identical && `bit-identical: recomputed on the server, result.json is the same byte for byte (SHA-256 ${verify.v.recomputedSha256.slice(0, 12)}…)`}
            {verify.phase === 'answer' && !verify.v.identical && `NOT identical: recomputed SHA-256 ${verify.v.recomputedSha256.slice(0, 12)}… vs stored ${verify.v.storedSha256.slice(0, 12)}…${verify.v.storedIntact ? '' : ' (the stored result was altered)'}`}
            {verify.phase === 'error' && `Verify failed: ${verify.message}`}
          </span>
        )}
        <button type="button" onClick={() => download('summary.json', summaryJson(summary), 'application/json')}>
          Download summary.json
        </button>
        <button type="button" onClick={() => download('summary.csv', summaryCsvText(summary), 'text/csv')}>
          Download CSV
        </button>
        <button type="button" onClick={() => download('report.html', report, 'text/html')}>
          Download report.html
        </button>
      </div>
      <ProbabilityTable s={summary} />
      <h3>Every result, drawn (the report of brink run)</h3>
      <iframe class="report" title="Full report: probabilities, time to event, rungs, costs, fans, pathways" srcdoc={report} sandbox="allow-scripts" />
    </section>
  );
}

type Phase = 'idle' | 'starting' | RunState | 'reconnecting';

/** Follows a run on the server: its stream, then its stored result; reconnects after a lost connection. */
function useServerRun() {
  const [id, setId] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const abort = useRef<AbortController | null>(null);

  const follow = async (runId: string) => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setId(runId);
    let failures = 0;
    for (;;) {
      const ev = await watchRun(runId, (p) => (setProgress(p), setPhase('running'), setLost(null)), ac.signal);
      if (ac.signal.aborted) return;
      let st: RunStatus | null = ev?.data ?? null;
      if (ev === null) {
        // The stream broke before its final event: say so, then re-read the run's status.
        setLost('The connection to the server was lost during the run; reconnecting…');
        setPhase('reconnecting');
        await sleep(Math.min(4000, 250 * 2 ** failures), ac.signal);
        failures++;
        if (ac.signal.aborted) return;
        const r = await getRun(runId);
        if (!r.ok) {
          if (r.status === 0) continue; // still no server: try again
          setLost(null);
          setNote(`The server answered ${r.status}: ${r.message}`);
          setPhase('failed');
          return;
        }
        setLost(null);
        setNote(`Reconnected to the server: the run is ${r.value.status}.`);
        st = r.value;
        if (LIVE.includes(st.status)) {
          setPhase(st.status);
          if (st.progress) setProgress(st.progress);
          continue;
        }
      }
      if (st === null) continue;
      if (st.status === 'done' && st.result === undefined) {
        const r = await getRun(runId);
        if (r.ok) st = r.value;
      }
      setStatus(st);
      setPhase(st.status);
      return;
    }
  };
  useEffect(() => () => abort.current?.abort(), []);
  return { id, setId, phase, setPhase, progress, setProgress, status, setStatus, lost, note, setNote, follow };
}

/** The run form of a scenario of the library, run on the server. */
export function ServerRunView({ entryId, text, scenarioRef, scenarioName, params }: { entryId: string; text: string; scenarioRef: string; scenarioName: string; params: URLSearchParams }) {
  const [runs, setRuns] = useState(() => Math.max(1, Math.floor(Number(params.get('runs') ?? 2000)) || 2000));
  const [seed, setSeed] = useState(() => Math.max(0, Math.floor(Number(params.get('seed') ?? 1)) || 0));
  const [usePrecision, setUsePrecision] = useState(false);
  const [precisionPp, setPrecisionPp] = useState(1);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState('');
  const [inText, setInText] = useState(0);
  const run = useServerRun();

  const start = async () => {
    setIssues([]);
    setError('');
    run.setNote('');
    run.setStatus(null);
    run.setProgress(null);
    run.setPhase('starting');
    const r = await startRun({ scenario: scenarioRef, runs, seed, ...(usePrecision ? { precision: { outcome: 'drawnIn', halfWidth: precisionPp / 100 } } : {}) });
    if (!r.ok) {
      const atFields = r.issues.length > 0 && r.issues.every((i) => ['runs', 'seed', 'precision'].some((f) => i.path === f || i.path.startsWith(`${f}.`)));
      setError(r.status === 0 ? r.message : `The server refused the run (${r.status}): ${atFields ? 'see the field marked above' : r.message}`);
      // Issues in the scenario's text go to the editor, at their lines (D67); the rest stay here.
      const placed = placeIssues(text, r.issues, 'scenario');
      setInText(placed.inText.length);
      if (placed.inText.length > 0) setServerIssues(entryId, text, placed.inText);
      setIssues([...placed.inText, ...placed.other]);
      run.setPhase('idle');
      return;
    }
    run.setPhase(r.value.status);
    void run.follow(r.value.id);
  };
  const fieldIssue = (field: string) => issues.filter((i) => i.path === field || i.path.startsWith(`${field}.`)).map((i) => i.message).join('; ');
  const other = issues.filter((i) => !['runs', 'seed', 'precision'].some((f) => i.path === f || i.path.startsWith(`${f}.`)));
  const live = run.phase === 'starting' || run.phase === 'queued' || run.phase === 'running' || run.phase === 'reconnecting';

  return (
    <section aria-labelledby="run-h">
      <h1 id="run-h">Run {scenarioName}</h1>
      <p class="note">Runs on the Brink server: each result is stored under an id that anyone can reopen and verify.</p>
      <form
        class="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          Runs <input type="number" name="runs" min={1} step={1} value={runs} aria-invalid={fieldIssue('runs') !== ''} onInput={(e) => setRuns(Math.max(1, Math.floor(Number((e.target as HTMLInputElement).value) || 1)))} />
          {fieldIssue('runs') && <span class="field-error" role="alert" data-testid="error-runs">{fieldIssue('runs')}</span>}
        </label>
        <label>
          Seed <input type="number" name="seed" min={0} step={1} value={seed} onInput={(e) => setSeed(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)))} />
          {fieldIssue('seed') && <span class="field-error" role="alert">{fieldIssue('seed')}</span>}
        </label>
        <label class="check">
          <input type="checkbox" name="precise" checked={usePrecision} onChange={(e) => setUsePrecision((e.target as HTMLInputElement).checked)} /> Stop when P(drawn in) is within ±
        </label>
        <label>
          <span class="sr-only">Target half-width in percentage points</span>
          <input type="number" name="precision" min={0.1} max={50} step={0.1} value={precisionPp} disabled={!usePrecision} onInput={(e) => setPrecisionPp(Number((e.target as HTMLInputElement).value) || 1)} /> pp
          {fieldIssue('precision') && <span class="field-error" role="alert">{fieldIssue('precision')}</span>}
        </label>
        <button type="submit" disabled={live}>
          Run on the server
        </button>
        <button type="button" disabled={!live || run.id === null} onClick={() => run.id !== null && void cancelRun(run.id)}>
          Cancel
        </button>
      </form>
      {error && (
        <div class="error-box" role="alert" data-testid="server-error">
          {error}
          {inText > 0 && (
            <p>
              The server found {inText} problem{inText === 1 ? '' : 's'} in the scenario:{' '}
              <a href={`#/edit?id=${encodeURIComponent(entryId)}`} data-testid="show-in-editor">
                show {inText === 1 ? 'it' : 'them'} at {inText === 1 ? 'its line' : 'their lines'} in the editor
              </a>
            </p>
          )}
          <IssueList issues={other} />
        </div>
      )}
      <RunProgressView run={run} onAgain={() => void start()} />
    </section>
  );
}

function RunProgressView({ run, onAgain }: { run: ReturnType<typeof useServerRun>; onAgain?: () => void }) {
  const p = run.progress;
  const st = run.status;
  return (
    <>
      {run.lost && (
        <div class="error-box" role="alert" data-testid="connection-lost">
          {run.lost}
        </div>
      )}
      {(p || run.phase !== 'idle') && (
        <div class="progress" aria-live="polite">
          <progress max={p?.runs ?? st?.runs ?? 1} value={st?.status === 'done' ? st.trajectoriesDone : (p?.trajectoriesDone ?? 0)} aria-label="Runs done" />
          <span data-testid="run-status" data-phase={run.phase} data-id={run.id ?? ''}>
            {run.phase === 'starting' && 'Sending the run to the server…'}
            {run.phase === 'queued' && 'Queued on the server…'}
            {run.phase === 'running' && p && `${p.trajectoriesDone.toLocaleString('en-US')} of ${p.runs.toLocaleString('en-US')} runs on the server (chunk ${p.chunksDone} of ${p.chunks})`}
            {run.phase === 'reconnecting' && 'Reconnecting to the server…'}
            {run.phase === 'done' && st && `Done: ${st.trajectoriesDone.toLocaleString('en-US')} runs${st.trajectoriesDone < st.runs ? ` (stopped at the precision target, of ${st.runs.toLocaleString('en-US')} asked)` : ''} · run ${st.id}`}
            {run.phase === 'cancelled' && 'Cancelled on the server.'}
            {run.phase === 'failed' && `Failed: ${st?.error ?? 'the server could not finish the run'}`}
            {run.phase === 'interrupted' && 'Interrupted: the server stopped before the run finished (its finished results are intact).'}
          </span>
          {run.phase === 'interrupted' && onAgain && (
            <button type="button" onClick={onAgain}>
              Run again
            </button>
          )}
        </div>
      )}
      {run.note && (
        <p class="note" role="status" data-testid="run-note">
          {run.note}
        </p>
      )}
      {p && run.phase !== 'done' && <LiveEstimates p={p} />}
      {st?.status === 'done' && st.result && run.id && <StoredResult id={run.id} summary={st.result} />}
    </>
  );
}

/** /runs/{id}: a stored run reopened from its link (after a reload, in another browser). */
export function StoredRunPage({ id }: { id: string }) {
  const run = useServerRun();
  const [missing, setMissing] = useState('');
  useEffect(() => {
    void (async () => {
      const r = await getRun(id);
      if (!r.ok) return setMissing(r.status === 404 ? `No run ${id} is stored on this server.` : r.message);
      run.setId(id);
      if (LIVE.includes(r.value.status)) {
        run.setPhase(r.value.status);
        if (r.value.progress) run.setProgress(r.value.progress);
        void run.follow(id);
      } else {
        run.setStatus(r.value);
        run.setPhase(r.value.status);
      }
    })();
  }, [id]);
  const name = run.status?.result?.provenance.scenario;
  useEffect(() => {
    document.title = `Run ${id.slice(0, 10)}${name ? ` · ${name}` : ''} · Brink`;
  }, [name]);
  return (
    <section aria-labelledby="run-h">
      <h1 id="run-h">Stored run {name ? `of ${name}` : ''}</h1>
      <p class="note">
        Run <code>{id}</code>: the result as the server stored it. Its id is the hash of everything that determines it, so the same request gives the same numbers on any server of the same version.
      </p>
      {missing && (
        <div class="error-box" role="alert">
          {missing}
        </div>
      )}
      <RunProgressView run={run} />
    </section>
  );
}
