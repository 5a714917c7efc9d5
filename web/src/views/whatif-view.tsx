/**
 * What-if: sliders for the main policy levers of the focal alliance. Each change re-runs, in Web
 * Workers, the scenario as written and the scenario with the levers as ONE comparison on common
 * random numbers (trajectory k of both arms uses the keyed draws (seed, k)), and redraws the
 * paired differences as each chunk prefix arrives. No server round-trip.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../../src/scenario/index.js';
import type { CompareSummary } from '../../../src/analysis/compare.js';
import { compareInBrowser, scenarioLevers, withLevers, type Levers } from '../runs.js';
import { defaultBrowserWorkers } from '../executor.js';
import { differencesPlot, pct, pctCI, pp } from '../plots.js';
import { PlotBox } from './plot-box.js';

/** The mean results the what-if lists (keys of src/montecarlo's METRICS). */
const MEANS = ['costTotal', 'costDeterrence', 'costRisk', 'art4Count', 'escalationScore'];
const num = (x: number | null): string => (x === null ? 'n/a' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(+x.toPrecision(3)));
const signedNum = (x: number | null): string => (x === null ? 'n/a' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${num(Math.abs(x))}`);

const STANCES = ['restrained', 'firm', 'provocative'] as const;
const SURGE = ['never', 0, 1, 2, 3, 4, 5, 6] as const;

interface Slider {
  key: 'aidResponsiveness' | 'aidMax' | 'forwardPosture' | 'article4Propensity';
  label: string;
  unit: string;
  min: number;
  max: number;
  step: number;
}
const SLIDERS: Slider[] = [
  { key: 'aidResponsiveness', label: 'Aid speed (responsiveness)', unit: 'per day', min: 0, max: 0.2, step: 0.005 },
  { key: 'aidMax', label: 'Aid level (ceiling)', unit: 'aid units', min: 0, max: 5, step: 0.1 },
  { key: 'forwardPosture', label: 'Forward posture', unit: 'brigades', min: 0, max: 32, step: 1 },
  { key: 'article4Propensity', label: 'Article 4 propensity', unit: '×', min: 0.1, max: 5, step: 0.1 },
];

export function WhatIfView({ scenario }: { scenario: Scenario }) {
  const base = scenarioLevers(scenario);
  const [levers, setLevers] = useState<Levers | null>(base?.levers ?? null);
  const [runs, setRuns] = useState(1024);
  const [seed, setSeed] = useState(1);
  const [summary, setSummary] = useState<CompareSummary | null>(null);
  const [status, setStatus] = useState('');
  const [first, setFirst] = useState<{ ms: number; key: string } | null>(null);
  // The inputs of the last finished comparison: "done" only while they are the current ones.
  const [doneKey, setDoneKey] = useState('');
  const key = JSON.stringify({ levers, runs, seed });
  const abort = useRef<AbortController | null>(null);
  const timer = useRef<number>(0);
  /** When the inputs last changed: the first estimate's delay is measured from here (debounce included). */
  const changedAt = useRef(performance.now());

  useEffect(() => {
    if (base === null || levers === null) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      abort.current?.abort();
      const ac = new AbortController();
      abort.current = ac;
      const t0 = performance.now();
      const since = changedAt.current;
      const runKey = JSON.stringify({ levers, runs, seed });
      let isFirst = true;
      setStatus('running…');
      compareInBrowser([scenario, withLevers(scenario, base.alliance, levers)], runs, seed, defaultBrowserWorkers(), {
        signal: ac.signal,
        partial: (c, p) => {
          if (isFirst) {
            setFirst({ ms: performance.now() - since, key: runKey });
            isFirst = false;
          }
          setSummary(c);
          setStatus(`${p.trajectoriesDone.toLocaleString('en-US')} of ${p.runs.toLocaleString('en-US')} paired runs`);
        },
      })
        .then((c) => {
          setSummary(c);
          setDoneKey(JSON.stringify({ levers, runs, seed }));
          setStatus(`done: ${c.provenance.runs.toLocaleString('en-US')} paired runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        })
        .catch((e: unknown) => {
          if (!(e instanceof DOMException && e.name === 'AbortError')) setStatus(`failed: ${e instanceof Error ? e.message : String(e)}`);
        });
    }, 150);
    return () => window.clearTimeout(timer.current);
  }, [levers, runs, seed]);
  useEffect(() => () => abort.current?.abort(), []);

  if (base === null || levers === null) return <p class="error-box">This scenario has no collective-defence alliance: there is no policy to change.</p>;
  const set = <K extends keyof Levers>(k: K, v: Levers[K]) => {
    changedAt.current = performance.now();
    setLevers({ ...levers, [k]: v });
  };
  const cmp = summary?.comparisons[0];
  const changed = (Object.keys(levers) as (keyof Levers)[]).filter((k) => levers[k] !== base.levers[k]);
  return (
    <section aria-labelledby="wi-h">
      <h1 id="wi-h">What if {base.alliance} changed its policy?</h1>
      <p class="lead">
        Move a lever: the scenario as written and the scenario with your levers run side by side in your browser on common random numbers (the same draws for both), so the paired difference shows the levers' effect. Intervals narrow as runs arrive.
      </p>
      <div class="whatif-grid">
        <form class="levers" aria-label="Policy levers" onSubmit={(e) => e.preventDefault()}>
          {SLIDERS.map((s) => (
            <label key={s.key} class="slider">
              <span>
                {s.label}: <output data-testid={`value-${s.key}`}>{levers[s.key]}</output> {s.unit}
                {levers[s.key] !== base.levers[s.key] && <span class="was"> (scenario: {base.levers[s.key]})</span>}
              </span>
              <input type="range" name={s.key} min={s.min} max={s.max} step={s.step} value={levers[s.key]} onInput={(e) => set(s.key, Number((e.target as HTMLInputElement).value))} />
            </label>
          ))}
          <label class="check">
            <input type="checkbox" name="secondarySanctions" checked={levers.secondarySanctions} onChange={(e) => set('secondarySanctions', (e.target as HTMLInputElement).checked)} /> Secondary sanctions on enablers
          </label>
          <label>
            Surge to a war economy at rung{' '}
            <select name="surgeTrigger" value={String(levers.surgeTrigger)} onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              set('surgeTrigger', v === 'never' ? 'never' : Number(v));
            }}>
              {SURGE.map((x) => (
                <option key={String(x)} value={String(x)}>
                  {String(x)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Signalling stance{' '}
            <select name="signallingStance" value={levers.signallingStance} onChange={(e) => set('signallingStance', (e.target as HTMLSelectElement).value as Levers['signallingStance'])}>
              {STANCES.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </label>
          <label>
            Paired runs <input type="number" name="runs" min={16} max={100000} step={16} value={runs} onChange={(e) => setRuns(Math.max(1, Math.floor(Number((e.target as HTMLInputElement).value) || 256)))} />
          </label>
          <label>
            Seed <input type="number" name="seed" min={0} step={1} value={seed} onChange={(e) => setSeed(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)))} />
          </label>
          <button type="button" onClick={() => setLevers(base.levers)} disabled={changed.length === 0}>
            Reset to the scenario's levers
          </button>
        </form>
        <div class="whatif-out">
          <p role="status" data-testid="whatif-status" data-done={doneKey === key ? '1' : '0'} data-first-ms={first !== null && first.key === key ? String(Math.round(first.ms)) : ''}>
            {status}
            {first !== null && ` · first estimate ${Math.round(first.ms)} ms after the last change`}
          </p>
          <p>{changed.length === 0 ? 'No lever changed yet: both arms are the scenario as written (every difference is exactly 0).' : `Changed: ${changed.join(', ')}.`}</p>
          {summary && cmp && (
            <>
              <table class="probs" data-testid="whatif-table">
                <caption>Probabilities over the horizon, {summary.provenance.runs.toLocaleString('en-US')} paired runs (95% intervals)</caption>
                <thead>
                  <tr>
                    <th scope="col">outcome</th>
                    <th scope="col">scenario</th>
                    <th scope="col">what-if</th>
                    <th scope="col">paired difference</th>
                  </tr>
                </thead>
                <tbody>
                  {cmp.binary.slice(0, 6).map((d) => {
                    const pa = summary.arms[0]!.probabilities;
                    const pb = summary.arms[1]!.probabilities;
                    const get = (P: typeof pa) => (d.key in P ? (P as unknown as Record<string, { estimate: number | null; lo: number | null; hi: number | null }>)[d.key] : undefined);
                    const a = get(pa);
                    const b = get(pb);
                    return (
                      <tr key={d.key} data-key={d.key} data-a={String(d.a)} data-b={String(d.b)} data-difference={String(d.difference)}>
                        <th scope="row">{d.label}</th>
                        <td class="num">{a ? pctCI(a) : pct(d.a)}</td>
                        <td class="num">{b ? pctCI(b) : pct(d.b)}</td>
                        <td class="num">
                          {pp(d.difference)} ({pp(d.lo)} to {pp(d.hi)})
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <table class="probs" data-testid="whatif-metrics">
                <caption>Means per run (paired difference with its 95% interval)</caption>
                <thead>
                  <tr>
                    <th scope="col">result</th>
                    <th scope="col">scenario</th>
                    <th scope="col">what-if</th>
                    <th scope="col">paired difference</th>
                  </tr>
                </thead>
                <tbody>
                  {cmp.metrics
                    .filter((m) => MEANS.includes(m.key))
                    .map((m) => (
                      <tr key={m.key} data-key={m.key} data-a={String(m.a)} data-b={String(m.b)} data-difference={String(m.difference)}>
                        <th scope="row">{m.label}</th>
                        <td class="num">{num(m.a)}</td>
                        <td class="num">{num(m.b)}</td>
                        <td class="num">
                          {signedNum(m.difference)} ({signedNum(m.lo)} to {signedNum(m.hi)})
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
              <PlotBox label="Paired differences with 95% intervals" draw={(w) => differencesPlot(cmp.binary, Math.min(w, 820))} deps={[summary]} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
