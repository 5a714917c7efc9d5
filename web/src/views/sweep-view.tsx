/**
 * Sweep: one parameter, policy lever or scenario field (the choices of `brink sweep --param /
 * --lever / --field`) at several values, every value an arm of ONE comparison on common random
 * numbers, run in Web Workers. Draws the response curve (values on x in order, the chosen outcome
 * with its 95% interval, and the cost per run) and the table of paired differences to the
 * scenario's own value. The summary equals `brink sweep --json` for the same inputs (web/test).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../../src/scenario/index.js';
import { listSettablePaths } from '../../../src/scenario/index.js';
import { PARAM_NAMES, PARAM_SPECS } from '../../../src/model/params.js';
import { shownValue, sweepRows, SWEEP_LEVERS, type SweepSummary, type SweepValue } from '../../../src/analysis/sweep.js';
import type { Probability, RunSummary } from '../../../src/analysis/summary.js';
import { defaultBrowserWorkers } from '../executor.js';
import { jsonUrl, sweepArms, sweepInBrowser, type SweepKind, type SweepRequest } from '../studies.js';
import { responseCurve, type CurvePoint } from '../study-plots.js';
import { ORANGE, pct, pp } from '../plots.js';
import { PlotBox } from './plot-box.js';
import { startSweep } from '../api.js';
import { StudyStatus, studyStatusText, useServerStudy, type ServerStudy } from './server-study.js';

const num = (x: number | null): string => (x === null ? 'n/a' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(+x.toPrecision(3)));
const signed = (x: number | null): string => (x === null ? 'n/a' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${num(Math.abs(x))}`);

/** An arm's estimate of an outcome key with its interval, where the run summary has one. */
function armValue(a: RunSummary, key: string, kind: 'probability' | 'mean'): { estimate: number | null; lo: number | null; hi: number | null } | null {
  if (kind === 'probability') {
    const P = a.probabilities as unknown as Record<string, Probability>;
    const p = key.startsWith('rung4.') ? a.probabilities.rung4ByTheatre[key.slice(6)] : Object.hasOwn(P, key) && key !== 'rung4ByTheatre' ? P[key] : undefined;
    return p ? { estimate: p.estimate, lo: p.lo, hi: p.hi } : null;
  }
  const C = a.costs as Record<string, { mean: number | null; lo: number | null; hi: number | null }>;
  const c = Object.hasOwn(C, key) ? C[key] : undefined;
  return c ? { estimate: c.mean, lo: c.lo, hi: c.hi } : null;
}

/** Numbers in order of value; words and true/false in the order given (the reference first). */
function xOrder(values: (SweepValue | null)[]): number[] {
  const idx = values.map((_, j) => j);
  if (values.every((v) => typeof v === 'number')) idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  return idx;
}

const DEFAULT_VALUES: Record<SweepKind, string> = { param: '0.5,1,2', lever: '0,2,4', field: '' };

/**
 * `server`: served by `brink serve`, so the sweep goes to POST /api/sweeps (stored, with a link);
 * `scenarioRef` is what the server is sent as the scenario (a built-in's name or the YAML text).
 */
export function SweepView({ scenario, file, server = false, scenarioRef = '' }: { scenario: Scenario; file: string; server?: boolean; scenarioRef?: string }) {
  const [kind, setKind] = useState<SweepKind>('lever');
  const [target, setTarget] = useState<string>('forwardPosture');
  const [alliance, setAlliance] = useState('');
  const [values, setValues] = useState('0,8,16');
  const [runs, setRuns] = useState(512);
  const [seed, setSeed] = useState(1);
  const [summary, setSummary] = useState<SweepSummary | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [local, setLocal] = useState(false);
  const remote = useServerStudy<SweepSummary>('sweeps');
  const busy = local || ['starting', 'queued', 'running', 'reconnecting'].includes(remote.phase);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const json = useMemo(() => (summary ? jsonUrl(summary) : ''), [summary]);
  useEffect(() => () => { if (json) URL.revokeObjectURL(json); }, [json]);
  const paths = useMemo(() => listSettablePaths(scenario), [scenario]);
  const alliances = scenario.alliances.filter((a) => a.kind === 'collective-defense').map((a) => a.id);

  const changeKind = (k: SweepKind) => {
    setKind(k);
    setTarget(k === 'param' ? (PARAM_NAMES[0] ?? '') : k === 'lever' ? 'forwardPosture' : 'actors[RUS].activity');
    setValues(k === 'field' ? '0.3,0.6,0.9' : k === 'lever' ? '0,8,16' : DEFAULT_VALUES[k]);
    setError(null);
  };
  const request = (): SweepRequest => ({ kind, target, alliance, values, runs, seed });
  const run = () => {
    const r = request();
    const check = sweepArms(scenario, file, r);
    if ('error' in check) {
      setError(check.error);
      return;
    }
    setError(null);
    setSummary(null);
    if (server) {
      setStatus('');
      const parts = r.values.split(',').map((x) => x.trim());
      const target = r.kind === 'param' ? { param: r.target } : r.kind === 'lever' ? { lever: r.target, ...(r.alliance !== '' ? { alliance: r.alliance } : {}) } : { field: r.target };
      void remote.start(() => startSweep({ scenario: scenarioRef, ...target, values: parts, runs: r.runs, seed: r.seed })).then((a) => {
        if (!a.ok) setError(a.status === 0 ? a.message : `The server refused the sweep (${a.status}): ${a.issues.length > 0 ? a.issues.map((i) => `${i.path}: ${i.message}`).join('\n') : a.message}`);
      });
      return;
    }
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setLocal(true);
    const t0 = performance.now();
    setStatus('running…');
    sweepInBrowser(scenario, file, r, {
      workers: defaultBrowserWorkers(),
      signal: ac.signal,
      progress: (p) => setStatus(`${p.trajectoriesDone.toLocaleString('en-US')} of ${p.runs.toLocaleString('en-US')} paired runs (each on ${check.arms.length} arms)`),
    })
      .then((s) => {
        setSummary(s);
        setStatus(`done: ${s.provenance.runs.toLocaleString('en-US')} paired runs × ${s.arms.length} arms in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      })
      .catch((e: unknown) => setStatus(e instanceof DOMException && e.name === 'AbortError' ? 'cancelled' : `failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setLocal(false));
  };
  const shown = server ? remote.result : summary;
  const statusText = server ? studyStatusText(remote as ServerStudy<unknown>, 'sweep') : status;

  return (
    <section aria-labelledby="sw-h">
      <h1 id="sw-h">Sweep: how the outcomes respond to one input</h1>
      <p class="lead">
        Pick a model parameter, a policy lever or any field of the scenario, and the values to try. The scenario runs at its own value and at each of yours on common random numbers (the same draws for every value), as <code>brink sweep</code> does, {server ? 'on the Brink server, which stores the result under a link' : 'in your browser'}.
      </p>
      <form class="study-form" aria-label="Sweep settings" noValidate onSubmit={(e) => { e.preventDefault(); run(); }}>
        <fieldset>
          <legend>What to sweep</legend>
          {(['param', 'lever', 'field'] as const).map((k) => (
            <label key={k} class="check">
              <input type="radio" name="sweep-kind" value={k} checked={kind === k} onChange={() => changeKind(k)} /> {k === 'param' ? 'a model parameter' : k === 'lever' ? 'a policy lever' : 'a scenario field (by path)'}
            </label>
          ))}
        </fieldset>
        {kind === 'param' && (
          <label>
            Parameter{' '}
            <select name="param" value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
              {PARAM_NAMES.map((p) => (
                <option key={p} value={p}>
                  {p} ({PARAM_SPECS[p].min}–{PARAM_SPECS[p].max})
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'lever' && (
          <>
            <label>
              Lever{' '}
              <select name="lever" value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
                {SWEEP_LEVERS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label>
              of alliance{' '}
              <select name="alliance" value={alliance} onChange={(e) => setAlliance((e.target as HTMLSelectElement).value)}>
                <option value="">{alliances[0] ?? 'none'} (the first collective-defence alliance)</option>
                {alliances.slice(1).map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {kind === 'field' && (
          <label>
            Field path{' '}
            <input name="field" list="sweep-paths" size={40} value={target} onInput={(e) => setTarget((e.target as HTMLInputElement).value)} />
            <datalist id="sweep-paths">
              {paths.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </label>
        )}
        <label>
          Values (comma-separated){' '}
          <input name="values" size={24} value={values} onInput={(e) => setValues((e.target as HTMLInputElement).value)} aria-describedby={error ? 'sweep-error' : undefined} aria-invalid={error ? 'true' : undefined} />
        </label>
        <label>
          Runs per value <input type="number" name="runs" min={1} max={100000} step={1} value={runs} onChange={(e) => setRuns(Math.max(1, Math.floor(Number((e.target as HTMLInputElement).value) || 512)))} />
        </label>
        <label>
          Seed <input type="number" name="seed" min={0} step={1} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)))} />
        </label>
        <button type="submit" disabled={busy}>
          Run the sweep
        </button>
        {busy && (
          <button type="button" onClick={() => (server ? remote.cancel() : abort.current?.abort())}>
            Cancel
          </button>
        )}
      </form>
      {error !== null && (
        <pre class="error-box" id="sweep-error" role="alert" data-testid="sweep-error">
          {error}
        </pre>
      )}
      <StudyStatus
        kind="sweeps"
        testid="sweep"
        status={statusText}
        done={shown !== null && !busy}
        serverId={server ? remote.id : null}
        stored={server && remote.result !== null}
        localJson={json}
        fileName="sweep-summary.json"
      />
      {shown !== null && <SweepResults summary={shown} />}
    </section>
  );
}

/** A sweep's response curves and table of paired differences (in the app and at /sweeps/{id}). */
export function SweepResults({ summary }: { summary: SweepSummary }) {
  const [outcome, setOutcome] = useState('drawnIn');
  const outcomes = [...(summary.comparisons[0]?.binary ?? []).map((d) => ({ key: d.key, label: d.label, kind: 'probability' as const }))];
  const chosen = outcomes.find((o) => o.key === outcome) ?? outcomes[0];
  const allValues: (SweepValue | null)[] = [summary.sweep.reference, ...summary.sweep.values];
  const order = xOrder(allValues);
  const curve = (key: string, k: 'probability' | 'mean'): CurvePoint[] =>
    order.map((j) => {
      const v = armValue(summary.arms[j]!, key, k);
      return { x: j === 0 ? `${shownValue(allValues[0]!)} (scenario)` : shownValue(allValues[j]!), estimate: v?.estimate ?? null, lo: v?.lo ?? null, hi: v?.hi ?? null, reference: j === 0 };
    });
  const xLabel = `${summary.sweep.parameter}${summary.sweep.kind === 'lever' ? ` (lever of ${summary.sweep.alliance}'s policy)` : ''}`;
  // The table of `brink sweep` (sweepRows), without the focal alliance's duplicate rows.
  const rows = sweepRows(summary).filter((r) => summary.focal === null || !r.key.startsWith(`${summary.focal}.`));

  if (chosen === undefined) return null;
  return (
    <>
      <label>
        Outcome on the curve{' '}
        <select name="outcome" value={chosen.key} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
          {outcomes.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <div class="curves">
        <PlotBox
          label={`Response curve: ${chosen.label}`}
          draw={(w) => responseCurve(curve(chosen.key, 'probability'), { title: `${chosen.label} against ${summary.sweep.parameter}`, xLabel, yLabel: 'probability over the horizon (95% interval)', kind: 'probability', width: Math.min(w, 1100) })}
          deps={[summary, chosen.key]}
        />
        <PlotBox
          label="Response curve: total cost per run"
          draw={(w) => responseCurve(curve('costTotal', 'mean'), { title: `Total cost per run against ${summary.sweep.parameter}`, xLabel, yLabel: 'mean total cost per run (B$, 95% interval)', kind: 'mean', color: ORANGE, width: Math.min(w, 1100) })}
          deps={[summary]}
        />
      </div>
      <div class="table-scroll">
        <table class="probs" data-testid="sweep-table">
          <caption>Each column is one value of {summary.sweep.parameter}; after the scenario's own, the paired difference to it with its 95% interval (bold where the interval excludes zero).</caption>
          <thead>
            <tr>
              <th scope="col">outcome</th>
              {allValues.map((v, j) => (
                <th scope="col" key={j}>
                  {shownValue(v)}
                  {j === 0 ? ' (scenario)' : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, j) => {
                  const v = r.kind === 'probability' ? pct(c.value) : num(c.value);
                  if (j === 0) return <td class="num" key={j}>{v}</td>;
                  const clear = c.lo !== null && c.hi !== null && (c.lo > 0 || c.hi < 0);
                  const f = r.kind === 'probability' ? pp : signed;
                  return (
                    <td class="num" key={j} data-difference={String(c.difference)} title={`95% interval ${f(c.lo)} to ${f(c.hi)}`}>
                      {v} <span class={clear ? 'clear' : 'unclear'}>[{f(c.difference)}{clear ? '*' : ''}]</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
