/**
 * The app's own plots (live estimates, paired differences, trace timeline), drawn with
 * Observable Plot in the style of report.html's (src/report/client.ts): the same colours, the
 * interval as a bar and the estimate as a dot, percentages with enough digits, a true minus sign.
 * The full results are report.html itself (runs.ts), so its plots are reused unchanged.
 * Every mark has a title whose last line holds the exact numbers (as the report's), for tests.
 */
import * as Plot from '@observablehq/plot';
import type { Probability, RunSummary } from '../../src/analysis/summary.js';
import type { BinaryDifference } from '../../src/analysis/compare.js';
import type { TraceJson } from '../../src/analysis/trace.js';

export const BLUE = '#3661ad';
export const ORANGE = '#e07b39';

export function pctDigits(x: number): number {
  const v = Math.abs(x * 100);
  if (v === 0 || v >= 1) return 1;
  if (v >= 0.1) return 2;
  return 3;
}
export function pct(x: number | null, d?: number): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(d ?? pctDigits(x))}%`;
}
export function pctCI(p: { estimate: number | null; lo: number | null; hi: number | null }): string {
  if (p.estimate === null) return 'n/a';
  const d = pctDigits(Math.max(Math.abs(p.estimate), Math.abs(p.hi ?? 0)));
  if (p.estimate === 0 && p.hi !== null) return `0 (≤ ${pct(p.hi, d)})`;
  return `${pct(p.estimate, d)} (${p.lo === null ? '?' : (p.lo * 100).toFixed(d)}–${pct(p.hi, d)})`;
}
export function pp(x: number | null): string {
  return x === null ? 'n/a' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)} pp`;
}

/** Room for the longest y label at 12px (≈ 6.6 px per character), within limits. */
function labelMargin(labels: string[]): number {
  return Math.min(440, Math.max(120, 24 + 6.6 * Math.max(0, ...labels.map((l) => l.length))));
}

export type ProbRow = Probability & { key: string };

export function probabilityRows(s: RunSummary): ProbRow[] {
  const { rung4ByTheatre, ...events } = s.probabilities;
  return [
    ...Object.entries(events).map(([key, p]) => ({ ...p, key })),
    ...Object.entries(rung4ByTheatre).map(([t, p]) => ({ ...p, key: `rung4.${t}` })),
  ];
}

/** Probabilities with their 95% intervals (the report's first plot), for the live run view. */
export function probabilitiesPlot(s: RunSummary, width: number): SVGSVGElement | HTMLElement {
  const rows = probabilityRows(s);
  const xmax = Math.min(1, Math.max(0.05, Math.max(0, ...rows.map((d) => d.hi ?? 0)) * 1.15));
  return Plot.plot({
    width,
    height: 60 + rows.length * 28,
    marginLeft: labelMargin(rows.map((d) => d.label)),
    marginRight: 130,
    style: { fontSize: '12px' },
    x: { domain: [0, xmax], label: 'probability over the horizon (95% interval) →', tickFormat: '%', grid: true },
    y: { domain: rows.map((d) => d.label), label: null },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(rows, { y: 'label', x1: 'lo', x2: 'hi', stroke: BLUE, strokeWidth: 3, strokeOpacity: 0.45 }),
      Plot.dot(rows, {
        y: 'label',
        x: 'estimate',
        fill: BLUE,
        r: 4.5,
        title: (d: ProbRow) => `${d.label}\n${pctCI(d)}, ${d.count} of ${d.runs} runs\n[${d.key}] estimate=${d.estimate} lo=${d.lo} hi=${d.hi} count=${d.count}`,
      }),
      Plot.text(rows, { y: 'label', x: 'hi', text: (d: ProbRow) => pctCI(d), dx: 8, textAnchor: 'start', fill: '#333' }),
    ],
  });
}

/** A forest plot of paired differences (what-if − scenario) in percentage points. */
export function differencesPlot(rows: BinaryDifference[], width: number): SVGSVGElement | HTMLElement {
  const vals = rows.flatMap((d) => [d.lo ?? 0, d.hi ?? 0, d.difference ?? 0]);
  const lo = Math.min(-0.01, ...vals);
  const hi = Math.max(0.01, ...vals);
  const pad = (hi - lo) * 0.08;
  return Plot.plot({
    width,
    height: 60 + rows.length * 28,
    marginLeft: labelMargin(rows.map((d) => d.label)),
    marginRight: 110,
    style: { fontSize: '12px' },
    x: {
      domain: [lo - pad, hi + pad],
      label: 'paired difference, what-if − scenario (percentage points, 95% interval) →',
      tickFormat: (x: number) => (Math.abs(x) < 1e-9 ? '0' : `${x > 0 ? '+' : '−'}${String(+Math.abs(x * 100).toFixed(3))}`),
      grid: true,
      ticks: 6,
    },
    y: { domain: rows.map((d) => d.label), label: null },
    marks: [
      Plot.ruleX([0], { stroke: '#333' }),
      Plot.ruleY(rows, { y: 'label', x1: 'lo', x2: 'hi', stroke: ORANGE, strokeWidth: 3, strokeOpacity: 0.55 }),
      Plot.dot(rows, {
        y: 'label',
        x: 'difference',
        fill: ORANGE,
        r: 4.5,
        title: (d: BinaryDifference) => `${d.label}\n${pct(d.a)} → ${pct(d.b)}: ${pp(d.difference)} (95% CI ${pp(d.lo)} to ${pp(d.hi)})\n[${d.key}] difference=${d.difference} lo=${d.lo} hi=${d.hi}`,
      }),
      Plot.text(rows, { y: 'label', x: (d: BinaryDifference) => Math.max(d.hi ?? 0, 0), text: (d: BinaryDifference) => pp(d.difference), dx: 8, textAnchor: 'start', fill: '#333' }),
    ],
  });
}

export type TraceEventJson = TraceJson['events'][number];

/**
 * One trajectory as a timeline per theatre: the theatre's rung after each event (a step line)
 * and the events as dots; the dot of event i is the i-th circle of the plot's dot mark, so the
 * caller can make dots clickable.
 */
export function traceTimeline(t: TraceJson, theatres: string[], horizonDays: number, width: number, selected: number | null): { el: SVGSVGElement | HTMLElement; dotEvents: TraceEventJson[] } {
  const evs = t.events.filter((e) => e.theatre !== null);
  const steps: { theatre: string; day: number; rung: number }[] = [];
  for (const th of theatres) {
    const mine = evs.filter((e) => e.theatre === th);
    steps.push({ theatre: th, day: 0, rung: mine[0] !== undefined && mine[0].day === 0 ? mine[0].rung : 0 });
    for (const e of mine) steps.push({ theatre: th, day: e.day, rung: e.rung });
    steps.push({ theatre: th, day: horizonDays, rung: steps[steps.length - 1]!.rung });
  }
  const el = Plot.plot({
    width,
    height: 70 + theatres.length * 150,
    marginLeft: 60,
    marginRight: 90,
    style: { fontSize: '12px' },
    x: { domain: [0, horizonDays], label: 'day of the trajectory →', grid: true },
    y: { domain: [0, 6], ticks: [0, 1, 2, 3, 4, 5, 6], tickFormat: 'd', label: '↑ rung (0 peace … 6 nuclear)' },
    fy: { domain: theatres, label: 'theatre' },
    marks: [
      Plot.frame({ stroke: '#ddd' }),
      Plot.line(steps, { x: 'day', y: 'rung', fy: 'theatre', curve: 'step-after', stroke: '#999' }),
      Plot.dot(evs, {
        x: 'day',
        y: 'rung',
        fy: 'theatre',
        r: (e: TraceEventJson) => (e.id === selected ? 7 : 4),
        fill: (e: TraceEventJson) => (e.id === selected ? ORANGE : e.injected ? '#7a5cc2' : BLUE),
        stroke: 'white',
        title: (e: TraceEventJson) => `#${e.id} day ${e.day} ${e.actor} ${e.action}${e.target !== null ? ` → ${e.target}` : ''} (rung ${e.rung})`,
      }),
    ],
  });
  return { el, dotEvents: evs };
}
