/**
 * Compare: the scenario as written against the built-in policy files (scenarios/policies), all
 * arms on common random numbers in Web Workers, shown as the report of `brink compare` (arms side
 * by side, paired differences with intervals as a forest plot, the warning when a ranking of arms
 * is within sampling error) with its reading.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { checkPolicyTarget, type Scenario } from '../../../src/scenario/index.js';
import type { CompareSummary } from '../../../src/analysis/compare.js';
import { narrateCompare } from '../../../src/analysis/narrative.js';
import { formatJson } from '../../../src/analysis/json.js';
import type { JobProgress } from '../../../src/montecarlo/executor.js';
import { BUNDLED } from '../library.js';
import { bundledPolicies, compareReportHtml, comparePolicies } from '../runs.js';
import { defaultBrowserWorkers } from '../executor.js';
import { download } from './library-view.js';

export function CompareView({ scenario }: { scenario: Scenario }) {
  const all = useMemo(() => bundledPolicies(BUNDLED).filter((p) => checkPolicyTarget(scenario, p.file).length === 0), [scenario]);
  const [chosen, setChosen] = useState<string[]>(() => all.filter((p) => /aid-(fast|slow)/.test(p.path)).map((p) => p.path));
  const [runs, setRuns] = useState(512);
  const [seed, setSeed] = useState(1);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [result, setResult] = useState<CompareSummary | null>(null);
  const [status, setStatus] = useState('');
  const [phase, setPhase] = useState<'idle' | 'running' | 'done'>('idle');
  const abort = useRef<AbortController | null>(null);
  const report = useMemo(() => (result ? compareReportHtml(result) : ''), [result]);

  const start = async () => {
    const ac = new AbortController();
    abort.current = ac;
    setPhase('running');
    setResult(null);
    setStatus('');
    const t0 = performance.now();
    try {
      const c = await comparePolicies(scenario, all.filter((p) => chosen.includes(p.path)), runs, seed, defaultBrowserWorkers(), { progress: setProgress, signal: ac.signal });
      setResult(c);
      setStatus(`Done: ${c.provenance.arms.length} arms × ${c.provenance.runs.toLocaleString('en-US')} paired runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      setStatus(e instanceof DOMException && e.name === 'AbortError' ? 'Cancelled.' : `Failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    setPhase('done');
  };

  return (
    <section aria-labelledby="cmp-h">
      <h1 id="cmp-h">Compare policies on {scenario.name}</h1>
      <p class="lead">Each policy file is applied to the scenario as `brink compare --policy` applies it; every arm runs the same trajectories (common random numbers), so the paired differences to the scenario as written are the policies' effects.</p>
      <form
        class="compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <fieldset>
          <legend>Policies (arms besides the scenario as written)</legend>
          <div class="policy-grid">
            {all.map((p) => (
              <label key={p.path} class="check" title={p.description}>
                <input
                  type="checkbox"
                  name="policy"
                  value={p.path}
                  checked={chosen.includes(p.path)}
                  onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, p.path] : chosen.filter((x) => x !== p.path))}
                />
                <span>
                  <b>{p.file.name}</b>: {p.description}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="run-form">
          <label>
            Paired runs <input type="number" name="runs" min={1} step={1} value={runs} onInput={(e) => setRuns(Math.max(1, Math.floor(Number((e.target as HTMLInputElement).value) || 1)))} />
          </label>
          <label>
            Seed <input type="number" name="seed" min={0} step={1} value={seed} onInput={(e) => setSeed(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)))} />
          </label>
          <button type="submit" disabled={phase === 'running' || chosen.length === 0}>
            Compare
          </button>
          <button type="button" disabled={phase !== 'running'} onClick={() => abort.current?.abort()}>
            Cancel
          </button>
          {phase === 'running' && progress && <progress max={progress.runs} value={progress.trajectoriesDone} aria-label="Paired runs done" />}
          <span role="status" data-testid="compare-status" data-phase={phase}>
            {phase === 'running' && progress ? `${progress.trajectoriesDone.toLocaleString('en-US')} of ${progress.runs.toLocaleString('en-US')} paired runs` : status}
          </span>
        </div>
      </form>
      {result && (
        <section aria-labelledby="cmpres-h">
          <h2 id="cmpres-h">Results</h2>
          <div class="reading">
            {narrateCompare(result).map((l, i) => (
              <p key={i}>{l}</p>
            ))}
          </div>
          <div class="toolbar">
            <button type="button" onClick={() => download('compare.json', `${formatJson(result)}\n`, 'application/json')}>
              Download compare.json
            </button>
            <button type="button" onClick={() => download('report.html', report, 'text/html')}>
              Download report.html
            </button>
          </div>
          <iframe class="report" title="Comparison report: arms side by side, paired differences (forest plot), time to event" srcdoc={report} sandbox="allow-scripts" />
        </section>
      )}
    </section>
  );
}
