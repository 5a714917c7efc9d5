/**
 * The trace explorer: one trajectory (scenario, seed, trajectory index), run with its full trace
 * in a Web Worker by the engine's own trace recorder, exactly as `brink trace` runs it. A
 * timeline per theatre (the rung after each event, events as dots) and the event list; clicking
 * an event (a dot, or its row) shows its causal chain back to its root (following each event's
 * first cause, the one it answers), its other causes, why its actor chose it (the CLI's "why"
 * line), and whether it lies on the pathway to the first rung ≥ 4 event.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../../src/scenario/index.js';
import { formatWhyLine, type TraceJson } from '../../../src/analysis/trace.js';
import { traceInWorker } from '../executor.js';
import { traceTimeline, type TraceEventJson } from '../plots.js';
import { go, parseHash } from '../nav.js';

function describeEvent(e: TraceEventJson): string {
  return `#${e.id} · day ${e.day} · ${e.actor} ${e.action}${e.target !== null ? ` → ${e.target}` : ''} · ${e.theatre ?? 'no theatre'} rung ${e.rung}${e.injected ? ' · scripted' : ''}`;
}

/** The chain of first causes from event `id` back to an event with no cause (its root). */
export function primaryChain(events: TraceEventJson[], id: number): TraceEventJson[] {
  const out: TraceEventJson[] = [];
  const seen = new Set<number>();
  for (let e = events[id]; e !== undefined && !seen.has(e.id); e = e.causes[0] !== undefined ? events[e.causes[0]] : undefined) {
    seen.add(e.id);
    out.push(e);
  }
  return out;
}

export function TraceView({ scenario, params }: { scenario: Scenario; params: URLSearchParams }) {
  const [seed, setSeed] = useState(Number(params.get('seed') ?? 1) || 0);
  const [trajectory, setTrajectory] = useState(Number(params.get('trajectory') ?? 0) || 0);
  const [trace, setTrace] = useState<TraceJson | null>(null);
  const [selected, setSelected] = useState<number | null>(params.get('event') !== null ? Number(params.get('event')) : null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const plotHost = useRef<HTMLDivElement>(null);
  const detail = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    setBusy(true);
    setError('');
    traceInWorker(scenario, seed, trajectory)
      .then((t) => {
        if (!live) return;
        setTrace(t);
        setBusy(false);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
      });
    return () => {
      live = false;
    };
  }, [seed, trajectory]);

  const pathwayIds = useMemo(() => {
    if (!trace) return new Set<number>();
    const first = trace.events.find((e) => e.rung >= 4 && e.theatre !== null && !e.injected);
    return new Set(first ? primaryChain(trace.events, first.id).map((e) => e.id) : []);
  }, [trace]);

  const select = (id: number) => {
    setSelected(id);
    const r = parseHash();
    go('trace', r.id, { seed: String(seed), trajectory: String(trajectory), event: String(id) });
    requestAnimationFrame(() => {
      detail.current?.focus({ preventScroll: true });
      document.querySelector(`.event-list [data-event="${id}"]`)?.scrollIntoView({ block: 'nearest' });
    });
  };

  useEffect(() => {
    const host = plotHost.current;
    if (!host || !trace) return;
    const width = Math.max(700, Math.min(1200, host.clientWidth || 1000));
    const { el, dotEvents } = traceTimeline(trace, scenario.theatres.map((t) => t.id), scenario.horizonDays ?? 730, width, selected);
    const dots = el.querySelectorAll('g[aria-label="dot"] circle');
    dots.forEach((c, i) => {
      const ev = dotEvents[i];
      if (!ev) return;
      c.setAttribute('data-event', String(ev.id));
      (c as SVGElement).style.cursor = 'pointer';
      c.addEventListener('click', () => select(ev.id));
    });
    host.replaceChildren(el);
  }, [trace, selected]);

  const events = trace?.events ?? [];
  const sel = selected !== null ? events[selected] : undefined;
  const chain = sel ? primaryChain(events, sel.id) : [];
  return (
    <section aria-labelledby="tr-h">
      <h1 id="tr-h">Trace one trajectory of {scenario.name}</h1>
      <form class="run-form" onSubmit={(e) => e.preventDefault()} aria-label="Trajectory">
        <label>
          Seed <input type="number" name="seed" min={0} step={1} value={seed} onChange={(e) => { setSeed(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0))); setSelected(null); }} />
        </label>
        <label>
          Trajectory <input type="number" name="trajectory" min={0} step={1} value={trajectory} onChange={(e) => { setTrajectory(Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0))); setSelected(null); }} />
        </label>
        <button type="button" onClick={() => { setTrajectory(trajectory + 1); setSelected(null); }}>
          Next trajectory
        </button>
        <span role="status">{busy ? 'running the trajectory…' : error !== '' ? `failed: ${error}` : trace ? `${events.length} events · same as brink trace FILE --seed ${seed} --trajectory ${trajectory}` : ''}</span>
      </form>
      {trace && (
        <p class="headline">
          Outcome: {trace.outcome.drawnIn ? `drawn in on day ${trace.outcome.drawnInDay}` : 'not drawn in'}; highest rung {Object.entries(trace.outcome.maxRung).map(([t, r]) => `${t} ${r}`).join(', ')}; pathway to rung ≥ 4: {trace.outcome.pathway === '' ? 'none (rung 4 not reached)' : trace.outcome.pathway.replace(/ > /g, ' → ')}.
        </p>
      )}
      <div ref={plotHost} class="plot" aria-label="Timeline per theatre: rung over time, events as dots (click one)" />
      <p class="note">Blue dots: events; purple: scripted injects; orange: the selected event. Click a dot or a row below.</p>
      <div class="trace-grid">
        <div class="event-list" role="list" aria-label="Events">
          {events.map((e) => (
            <button key={e.id} type="button" role="listitem" class={`event${e.id === selected ? ' selected' : ''}${pathwayIds.has(e.id) ? ' pathway' : ''}`} data-event={e.id} data-causes={e.causes.join(',')} onClick={() => select(e.id)}>
              {describeEvent(e)}
              {e.causes.length > 0 && <span class="causes"> ← {e.causes.map((c) => `#${c}`).join(', ')}</span>}
            </button>
          ))}
        </div>
        <aside ref={detail} tabIndex={-1} class="event-detail" aria-labelledby="ev-h" data-testid="event-detail">
          <h2 id="ev-h">{sel ? `Event #${sel.id}` : 'Select an event'}</h2>
          {sel && (
            <>
              <p>{describeEvent(sel)}</p>
              {sel.decision && <p class="why">{formatWhyLine(sel.decision)}</p>}
              {sel.reasons && sel.causes.length === 0 && <p class="why">{sel.injected ? 'scripted' : 'because'}: {sel.reasons.join('; ')}</p>}
              {pathwayIds.has(sel.id) && <p class="pathway-note">On the pathway to the first rung ≥ 4 event ({trace?.outcome.pathway.replace(/ > /g, ' → ')}).</p>}
              <h3>Causal chain back to its root</h3>
              <ol class="chain" data-testid="chain">
                {chain.map((e, k) => (
                  <li key={e.id} data-event={e.id} data-root={k === chain.length - 1 ? '1' : '0'}>
                    <button type="button" class="link" onClick={() => select(e.id)}>
                      {describeEvent(e)}
                    </button>
                    {k === chain.length - 1 && <span class="root"> (root: {e.injected ? 'a scripted inject' : 'no earlier event caused it'}{e.reasons ? `; ${e.reasons.join('; ')}` : ''})</span>}
                    {e.causes.length > 1 && (
                      <span class="other">
                        {' '}
                        other causes:{' '}
                        {e.causes.slice(1).map((c, k) => (
                          <span key={c}>
                            {k > 0 && ', '}
                            <button type="button" class="link" onClick={() => select(c)} aria-label={`event ${c}`}>
                              #{c}
                            </button>
                          </span>
                        ))}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
