/**
 * Sensitivity: the tornado of `brink sensitivity`. Each chosen parameter (by default the labelled
 * priors) set to its value × low and × high, every other at the scenario's value, all arms in ONE
 * comparison on common random numbers in Web Workers; parameters ranked by the swing of one
 * outcome. Ranking and numbers equal `brink sensitivity --json` for the same inputs (web/test).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../../src/scenario/index.js';
import { PARAM_SPECS, type ParamName } from '../../../src/model/params.js';
import { defaultSensitivityParams } from '../../../src/analysis/sensitivity-plan.js';
import type { SensitivitySummary } from '../../../src/analysis/sensitivity.js';
import { defaultBrowserWorkers } from '../executor.js';
import { jsonUrl, outcomesOf, sensitivityInBrowser } from '../studies.js';
import { tornadoPlot } from '../study-plots.js';
import { pct, pp } from '../plots.js';
import { PlotBox } from './plot-box.js';
import { startSensitivity } from '../api.js';
import { StudyStatus, studyStatusText, useServerStudy, type ServerStudy } from './server-study.js';

const num = (x: number | null): string => (x === null ? 'n/a' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(+x.toPrecision(3)));
const signed = (x: number | null): string => (x === null ? 'n/a' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${num(Math.abs(x))}`);

/** `server`: served by `brink serve`, so the study goes to POST /api/sensitivities (stored, with a link). */
export function SensitivityView({ scenario, file, server = false, scenarioRef = '' }: { scenario: Scenario; file: string; server?: boolean; scenarioRef?: string }) {
  const priors = useMemo(() => defaultSensitivityParams(), []);
  const [chosen, setChosen] = useState<Set<ParamName>>(() => new Set(priors));
  const [low, setLow] = useState(0.5);
  const [high, setHigh] = useState(2);
  const [outcome, setOutcome] = useState('drawnIn');
  const [runs, setRuns] = useState(256);
  const [seed, setSeed] = useState(1);
  const [summary, setSummary] = useState<SensitivitySummary | null>(null);
  const [status, setStatus] = useState('');
  const [local, setLocal] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const remote = useServerStudy<SensitivitySummary>('sensitivities');
  const busy = local || ['starting', 'queued', 'running', 'reconnecting'].includes(remote.phase);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const outcomes = useMemo(() => outcomesOf(scenario), [scenario]);
  const json = useMemo(() => (summary ? jsonUrl(summary) : ''), [summary]);
  useEffect(() => () => { if (json) URL.revokeObjectURL(json); }, [json]);

  const params = priors.filter((p) => chosen.has(p));
  const invalid = params.length === 0 ? 'choose at least one parameter' : !(low < 1 && high > 1) || !(low >= 0) ? 'the low factor must be below 1 and the high factor above 1' : null;
  const run = () => {
    if (invalid !== null) return;
    setSummary(null);
    setRefused(null);
    if (server) {
      setStatus('');
      void remote.start(() => startSensitivity({ scenario: scenarioRef, params, low, high, outcome, runs, seed })).then((a) => {
        if (!a.ok) setRefused(a.status === 0 ? a.message : `The server refused the study (${a.status}): ${a.issues.length > 0 ? a.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : a.message}`);
      });
      return;
    }
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setLocal(true);
    const t0 = performance.now();
    const arms = 1 + 2 * params.length;
    setStatus('running…');
    sensitivityInBrowser(scenario, file, { params, low, high, outcome, runs, seed }, {
      workers: defaultBrowserWorkers(),
      signal: ac.signal,
      progress: (p) => setStatus(`${p.trajectoriesDone.toLocaleString('en-US')} of ${p.runs.toLocaleString('en-US')} paired runs (each on up to ${arms} arms)`),
    })
      .then((s) => {
        setSummary(s);
        setStatus(`done: ${s.rows.length} parameters, ${s.provenance.runs.toLocaleString('en-US')} paired runs per arm in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      })
      .catch((e: unknown) => setStatus(e instanceof DOMException && e.name === 'AbortError' ? 'cancelled' : `failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setLocal(false));
  };
  const toggle = (p: ParamName, on: boolean) => {
    const n = new Set(chosen);
    if (on) n.add(p);
    else n.delete(p);
    setChosen(n);
  };
  const shown = server ? remote.result : summary;

  return (
    <section aria-labelledby="se-h">
      <h1 id="se-h">Sensitivity: which assumptions move the answer most</h1>
      <p class="lead">
        Each prior is set to its value × low and × high while the others stay at the scenario's values; every arm runs on the same draws (common random numbers), as <code>brink sensitivity</code> does, {server ? 'on the Brink server, which stores the result under a link' : 'in your browser'}. The parameters are ranked by how far the two sides move the chosen outcome.
      </p>
      <form class="study-form" aria-label="Sensitivity settings" noValidate onSubmit={(e) => { e.preventDefault(); run(); }}>
        <fieldset class="param-list">
          <legend>
            Parameters ({params.length} of {priors.length} priors){' '}
            <button type="button" onClick={() => setChosen(new Set(priors))}>all</button> <button type="button" onClick={() => setChosen(new Set())}>none</button>
          </legend>
          {priors.map((p) => (
            <label key={p} class="check" title={`${PARAM_SPECS[p].min}–${PARAM_SPECS[p].max}`}>
              <input type="checkbox" name="param" value={p} checked={chosen.has(p)} onChange={(e) => toggle(p, (e.target as HTMLInputElement).checked)} /> {p}
            </label>
          ))}
        </fieldset>
        <label>
          Outcome{' '}
          <select name="outcome" value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
            {outcomes.map((x) => (
              <option key={x.key} value={x.key} title={x.key}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Low factor <input type="number" name="low" min={0} max={0.99} step="any" value={low} onChange={(e) => setLow(Number((e.target as HTMLInputElement).value))} />
        </label>
        <label>
          High factor <input type="number" name="high" min={1.01} step="any" value={high} onChange={(e) => setHigh(Number((e.target as HTMLInputElement).value))} />
        </label>
        <label>
          Runs per arm <input type="number" name="runs" min={1} max={100000} step={1} value={runs} onChange={(e) => setRuns(Math.max(1, Math.floor(Number((e.target as HTMLInputElement).value) || 256)))} />
        </label>
        <label>
          Seed <input type="number" name="seed" min={0} step={1} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)))} />
        </label>
        <button type="submit" disabled={busy || invalid !== null}>
          Run the study
        </button>
        {busy && (
          <button type="button" onClick={() => (server ? remote.cancel() : abort.current?.abort())}>
            Cancel
          </button>
        )}
      </form>
      {invalid !== null && <p class="error-box" role="alert">{invalid}</p>}
      {refused !== null && <p class="error-box" role="alert" data-testid="sens-error">{refused}</p>}
      <StudyStatus
        kind="sensitivities"
        testid="sens"
        status={server ? studyStatusText(remote as ServerStudy<unknown>, 'sensitivity study') : status}
        done={shown !== null && !busy}
        serverId={server ? remote.id : null}
        stored={server && remote.result !== null}
        localJson={json}
        fileName="sensitivity-summary.json"
      />
      {shown !== null && <SensitivityResults summary={shown} />}
    </section>
  );
}

/** A sensitivity study's tornado and ranked table (in the app and at /sensitivities/{id}). */
export function SensitivityResults({ summary }: { summary: SensitivitySummary }) {
  const o = summary.outcome;
  const fD = o.kind === 'probability' ? pp : signed;
  return (
    <>
      <PlotBox label={`Tornado: ${o.label}`} draw={(w) => tornadoPlot(summary, Math.min(w, 1100))} deps={[summary]} />
      <table class="probs" data-testid="sens-table">
        <caption>
          Ranked by the swing of “{o.label}” ({o.kind === 'probability' ? pct(o.reference) : num(o.reference)} at the scenario's values); differences with 95% intervals.
        </caption>
        <thead>
          <tr>
            <th scope="col">rank</th>
            <th scope="col">parameter</th>
            <th scope="col">value</th>
            <th scope="col">× {summary.factors.low}</th>
            <th scope="col">× {summary.factors.high}</th>
            <th scope="col">swing</th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((r, i) => (
            <tr key={r.parameter} data-parameter={r.parameter} data-swing={String(r.swing)}>
              <td class="num">{i + 1}</td>
              <th scope="row">{r.parameter}</th>
              <td class="num">{num(r.value)}</td>
              {([r.low, r.high] as const).map((s, j) => {
                if (s === null) return <td key={j}>—</td>;
                const d = s.differences[o.key]!;
                return (
                  <td class="num" key={j}>
                    {num(s.value)}: {fD(d[0])} ({fD(d[1])} to {fD(d[2])})
                  </td>
                );
              })}
              <td class="num">{fD(r.swing).replace(/^\+/, '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary.skipped.length > 0 && <p>Not varied: {summary.skipped.map((x) => `${x.parameter} (${x.reason})`).join('; ')}.</p>}
    </>
  );
}
