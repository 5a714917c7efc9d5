/**
 * Run and results: the scenario runs in Web Workers (executor.ts); the estimates and their 95%
 * intervals are redrawn at each chunk prefix, so the intervals narrow as trajectories arrive;
 * "stop when precise enough" ends the run at the first prefix whose headline interval is narrow
 * enough (its result is exactly a run of that many trajectories); cancel drops it. The results
 * are report.html itself (the CLI's renderer and plots), with downloads of summary.json, the CSV
 * and report.html, and the plain-language reading of `brink run`.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { parseHash } from '../nav.js';
import type { Scenario } from '../../../src/scenario/index.js';
import type { RunSummary } from '../../../src/analysis/summary.js';
import { narrateRun } from '../../../src/analysis/narrative.js';
import type { JobProgress } from '../../../src/montecarlo/executor.js';
import { RUN_CHUNK, halfWidth, headline, reportHtml, runInBrowser, summaryCsvText, summaryJson } from '../runs.js';
import { defaultBrowserWorkers } from '../executor.js';
import { pctCI, probabilitiesPlot, probabilityRows } from '../plots.js';
import { PlotBox } from './plot-box.js';
import { download } from './library-view.js';

type Phase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export function ProbabilityTable({ s }: { s: RunSummary }) {
  return (
    <table class="probs" data-testid="probabilities">
      <caption>Probabilities over {s.provenance.horizonDays} days, {s.provenance.runs.toLocaleString('en-US')} runs (95% Wilson interval)</caption>
      <thead>
        <tr>
          <th scope="col">outcome</th>
          <th scope="col">estimate (95% interval)</th>
          <th scope="col">runs</th>
        </tr>
      </thead>
      <tbody>
        {probabilityRows(s).map((p) => (
          <tr key={p.key} data-key={p.key} data-estimate={String(p.estimate)} data-lo={String(p.lo)} data-hi={String(p.hi)} data-count={String(p.count)}>
            <th scope="row">{p.label}</th>
            <td class="num">{pctCI(p)}</td>
            <td class="num">
              {p.count.toLocaleString('en-US')} of {p.runs.toLocaleString('en-US')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RunView({ scenario, params }: { scenario: Scenario; params: URLSearchParams }) {
  const [runs, setRuns] = useState(() => Math.max(1, Math.floor(Number(params.get('runs') ?? 2000)) || 2000));
  const [seed, setSeed] = useState(() => Math.max(0, Math.floor(Number(params.get('seed') ?? 1)) || 0));
  const [verify, setVerify] = useState<{ phase: 'running' | 'same' | 'different'; workers: number } | null>(null);
  const [workers, setWorkers] = useState(defaultBrowserWorkers());
  const [usePrecision, setUsePrecision] = useState(false);
  const [precisionPp, setPrecisionPp] = useState(1);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [live, setLive] = useState<RunSummary | null>(null);
  const [result, setResult] = useState<{ summary: RunSummary; seconds: number; stoppedEarly: boolean } | null>(null);
  const [error, setError] = useState('');
  const abort = useRef<AbortController | null>(null);
  const stopNow = useRef(false);
  const t0 = useRef(0);

  const start = async () => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    stopNow.current = false;
    setPhase('running');
    setResult(null);
    setLive(null);
    setError('');
    setProgress({ chunksDone: 0, chunks: Math.ceil(runs / RUN_CHUNK), trajectoriesDone: 0, runs });
    t0.current = performance.now();
    try {
      const r = await runInBrowser(
        { scenario, runs, seed, workers, ...(usePrecision ? { precision: precisionPp / 100 } : {}) },
        { progress: setProgress, partial: (s) => setLive(s), stopNow: () => stopNow.current, signal: ac.signal },
      );
      setResult(r);
      setVerify(null);
      setLive(r.summary);
      setPhase('done');
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') setPhase('cancelled');
      else {
        setError(e instanceof Error ? e.message : String(e));
        setPhase('failed');
      }
    }
  };
  // A link that reopens this run: the same scenario, runs and seed give the same numbers (D46). A
  // run stopped early is exactly a run of the trajectories it did, so the link asks for those.
  const link = () => {
    const r = parseHash();
    const q = new URLSearchParams({ id: r.id, runs: String(result?.summary.provenance.runs ?? runs), seed: String(seed), auto: '1' });
    return `${location.origin}${location.pathname}#/run?${q.toString()}`;
  };
  useEffect(() => {
    if (params.get('auto') === '1') void start();
  }, []);
  /** Recompute with a different number of workers and compare the summary byte for byte. */
  const verifyRun = async () => {
    if (!result) return;
    const w = workers === 1 ? 2 : 1;
    setVerify({ phase: 'running', workers: w });
    const again = await runInBrowser({ scenario, runs: result.summary.provenance.runs, seed, workers: w }, {});
    setVerify({ phase: summaryJson(again.summary) === summaryJson(result.summary) ? 'same' : 'different', workers: w });
  };
  const report = useMemo(() => (result ? reportHtml(result.summary) : ''), [result]);
  const shown = result?.summary ?? live;
  const elapsed = (performance.now() - t0.current) / 1000;
  const rate = progress && elapsed > 0 ? progress.trajectoriesDone / elapsed : 0;
  const h = shown ? headline(shown) : null;

  return (
    <section aria-labelledby="run-h">
      <h1 id="run-h">Run {scenario.name}</h1>
      <form
        class="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          Runs <input type="number" name="runs" min={1} max={1000000} step={1} value={runs} onInput={(e) => setRuns(Math.max(1, Math.floor(Number((e.target as HTMLInputElement).value) || 1)))} />
        </label>
        <label>
          Seed <input type="number" name="seed" min={0} step={1} value={seed} onInput={(e) => setSeed(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)))} />
        </label>
        <label>
          Web Workers <input type="number" name="workers" min={1} max={16} step={1} value={workers} onInput={(e) => setWorkers(Math.min(16, Math.max(1, Math.floor(Number((e.target as HTMLInputElement).value) || 1))))} />
        </label>
        <label class="check">
          <input type="checkbox" name="precise" checked={usePrecision} onChange={(e) => setUsePrecision((e.target as HTMLInputElement).checked)} /> Stop when P(drawn in) is within ±
        </label>
        <label>
          <span class="sr-only">Target half-width in percentage points</span>
          <input type="number" name="precision" min={0.1} max={50} step={0.1} value={precisionPp} disabled={!usePrecision} onInput={(e) => setPrecisionPp(Number((e.target as HTMLInputElement).value) || 1)} /> pp
        </label>
        <button type="submit" disabled={phase === 'running'}>
          Run
        </button>
        <button type="button" disabled={phase !== 'running'} onClick={() => (stopNow.current = true)} title="Stop at the next finished chunk and keep the result so far">
          Stop now
        </button>
        <button type="button" disabled={phase !== 'running'} onClick={() => abort.current?.abort()}>
          Cancel
        </button>
      </form>
      {progress && (
        <div class="progress" aria-live="polite">
          <progress max={progress.runs} value={phase === 'done' && result ? result.summary.provenance.runs : progress.trajectoriesDone} aria-label="Runs done" />
          <span data-testid="run-status" data-phase={phase} data-seconds={result ? String(result.seconds) : ""} data-runs={result ? String(result.summary.provenance.runs) : ""}>
            {phase === 'running' && `${progress.trajectoriesDone.toLocaleString('en-US')} of ${progress.runs.toLocaleString('en-US')} runs · ${Math.round(rate).toLocaleString('en-US')} runs/s on ${workers} Web Worker${workers === 1 ? '' : 's'}`}
            {phase === 'done' && result && `Done: ${result.summary.provenance.runs.toLocaleString('en-US')} runs in ${result.seconds.toFixed(1)} s${result.stoppedEarly ? ` (stopped early: P(drawn in) within ±${(halfWidth(headline(result.summary)) * 100).toFixed(2)} pp)` : ''}`}
            {phase === 'cancelled' && 'Cancelled.'}
            {phase === 'failed' && `Failed: ${error}`}
          </span>
        </div>
      )}
      {shown && h && (
        <>
          <p class="headline">
            P(drawn in{shown.focal ? `, ${shown.focal}` : ''}) = <strong>{pctCI(h)}</strong> after {shown.provenance.runs.toLocaleString('en-US')} runs; the interval half-width is {(halfWidth(h) * 100).toFixed(2)} pp.
          </p>
          <PlotBox label="Probabilities with 95% intervals" draw={(w) => probabilitiesPlot(shown, w)} deps={[shown]} />
        </>
      )}
      {result && (
        <section aria-labelledby="res-h" class="results">
          <h2 id="res-h">Results</h2>
          <div class="reading">
            {narrateRun(result.summary).map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
          <div class="toolbar">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(link())} data-link={link()} data-testid="copy-link">
              Copy link to this run
            </button>
            <button type="button" onClick={() => void verifyRun()} disabled={verify?.phase === 'running'}>
              Verify
            </button>
            {verify && (
              <span role="status" data-testid="verify" data-verify={verify.phase}>
                {verify.phase === 'running' && `recomputing on ${verify.workers} Web Worker${verify.workers === 1 ? '' : 's'}…`}
                {verify.phase === 'same' && `bit-identical: recomputed on ${verify.workers} Web Worker${verify.workers === 1 ? '' : 's'}, summary.json is the same byte for byte`}
                {verify.phase === 'different' && 'NOT identical: the recomputed summary differs (please report this)'}
              </span>
            )}
            <button type="button" onClick={() => download('summary.json', summaryJson(result.summary), 'application/json')}>
              Download summary.json
            </button>
            <button type="button" onClick={() => download('summary.csv', summaryCsvText(result.summary), 'text/csv')}>
              Download CSV
            </button>
            <button type="button" onClick={() => download('report.html', report, 'text/html')}>
              Download report.html
            </button>
          </div>
          <ProbabilityTable s={result.summary} />
          <h3>Every result, drawn (the report of brink run)</h3>
          <iframe class="report" title="Full report: probabilities, time to event, rungs, costs, fans, pathways" srcdoc={report} sandbox="allow-scripts" />
        </section>
      )}
    </section>
  );
}
