/**
 * The sweep's response curve and the sensitivity tornado, drawn with Observable Plot in the style
 * of report.html (src/report/client.ts): estimates as dots, 95% intervals as bars, titles on every
 * mark whose last line holds the exact numbers (for tests), axis labels with units.
 */
import * as Plot from '@observablehq/plot';
import type { SensitivitySummary } from '../../src/analysis/sensitivity.js';
import { BLUE, ORANGE, pct, pp } from './plots.js';

export interface CurvePoint {
  /** The value as shown on the x axis. */
  x: string;
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  reference: boolean;
}

const fmtNum = (x: number | null): string => (x === null ? 'n/a' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(+x.toPrecision(3)));

/**
 * A response curve: the swept values on x in the order of their values (words as given), the
 * outcome on y with its interval; `kind` says whether y is a probability or a mean per run.
 */
export function responseCurve(points: CurvePoint[], opts: { title: string; xLabel: string; yLabel: string; kind: 'probability' | 'mean'; color?: string; width: number }): SVGSVGElement | HTMLElement {
  const color = opts.color ?? BLUE;
  const pts = points.filter((p) => p.estimate !== null);
  const ys = pts.flatMap((p) => [p.lo ?? p.estimate!, p.hi ?? p.estimate!]);
  const ymax = Math.max(...ys, opts.kind === 'probability' ? 0.05 : 1) * 1.1;
  const fmt = (v: number | null) => (opts.kind === 'probability' ? pct(v) : fmtNum(v));
  return Plot.plot({
    title: opts.title,
    width: opts.width,
    height: 300,
    marginLeft: 70,
    marginBottom: 45,
    style: { fontSize: '12px' },
    x: { type: 'point', domain: points.map((p) => p.x), label: `${opts.xLabel} →`, padding: 0.4 },
    y: { domain: [0, opts.kind === 'probability' ? Math.min(1, ymax) : ymax], label: `↑ ${opts.yLabel}`, grid: true, tickFormat: opts.kind === 'probability' ? '%' : ',~s' },
    marks: [
      Plot.ruleY([0]),
      Plot.line(pts, { x: 'x', y: 'estimate', stroke: color, strokeOpacity: 0.6 }),
      Plot.ruleX(pts, { x: 'x', y1: 'lo', y2: 'hi', stroke: color, strokeWidth: 3, strokeOpacity: 0.45 }),
      Plot.dot(pts, {
        x: 'x',
        y: 'estimate',
        // The scenario's own value: a hollow ring (the x label also says "(scenario)").
        fill: (p: CurvePoint) => (p.reference ? 'white' : color),
        stroke: color,
        strokeWidth: 2.5,
        r: 5.5,
        title: (p: CurvePoint) => `${p.x}${p.reference ? ' (the scenario\'s value)' : ''}: ${fmt(p.estimate)} (95% interval ${fmt(p.lo)} to ${fmt(p.hi)})\n[${p.x}] estimate=${p.estimate} lo=${p.lo} hi=${p.hi}`,
      }),
      Plot.text(pts, { x: 'x', y: 'hi', text: (p: CurvePoint) => fmt(p.estimate), dy: -10, fill: '#333' }),
    ],
  });
}

/** The tornado: for each parameter (ranked), its low and high side's difference to the reference. */
export function tornadoPlot(s: SensitivitySummary, width: number, top = 30): SVGSVGElement | HTMLElement {
  const o = s.outcome;
  const rows = s.rows.slice(0, top);
  const bars = rows.flatMap((r) =>
    (['low', 'high'] as const).flatMap((side) => {
      const x = r[side];
      if (x === null) return [];
      const d = x.differences[o.key]!;
      return [{ parameter: r.parameter, side, value: x.value, difference: d[0] ?? 0, lo: d[1], hi: d[2] }];
    }),
  );
  const fmtD = (v: number | null) => (o.kind === 'probability' ? pp(v) : `${v !== null && v > 0 ? '+' : ''}${fmtNum(v)}`);
  const ext = Math.max(1e-6, ...bars.flatMap((b) => [Math.abs(b.difference), Math.abs(b.lo ?? 0), Math.abs(b.hi ?? 0)])) * 1.1;
  const longest = Math.max(10, ...rows.map((r) => r.parameter.length));
  // Each parameter's row holds two half-height bars, × low above and × high below, each with its
  // 95% interval as a whisker, so a side that moves the outcome the same way is never hidden.
  const ROW = 38;
  const half = (side: 'low' | 'high') => bars.filter((b) => b.side === side);
  const barTitle = (b: (typeof bars)[number]) => `${b.parameter} = ${b.value} (× ${side(b.side)}): ${fmtD(b.difference)} (95% interval ${fmtD(b.lo)} to ${fmtD(b.hi)})\n[${b.parameter}.${b.side}] difference=${b.difference} lo=${b.lo} hi=${b.hi}`;
  const side = (x: 'low' | 'high') => (x === 'low' ? s.factors.low : s.factors.high);
  const withCI = (side: 'low' | 'high') => half(side).filter((b) => b.lo !== null && b.hi !== null);
  return Plot.plot({
    title: `What moves “${o.label}” most: each prior × ${s.factors.low} and × ${s.factors.high}`,
    width,
    height: 20 + 56 + rows.length * ROW,
    marginTop: 20,
    marginBottom: 56,
    marginLeft: Math.min(320, 24 + 7 * longest),
    marginRight: 30,
    style: { fontSize: '12px' },
    x: {
      domain: [-ext, ext],
      label: o.kind === 'probability' ? 'difference to the scenario\'s values (percentage points; whiskers: 95% interval) →' : 'difference to the scenario\'s values (mean per run; whiskers: 95% interval) →',
      labelOffset: 44,
      tickFormat: o.kind === 'probability' ? (v: number) => (Math.abs(v) < 1e-12 ? '0' : `${v > 0 ? '+' : '−'}${String(+Math.abs(v * 100).toFixed(2))}`) : undefined,
      grid: true,
      ticks: 7,
    },
    y: { domain: rows.map((r) => r.parameter), label: null, padding: 0.12 },
    color: { domain: ['low', 'high'], range: [BLUE, ORANGE], legend: true, tickFormat: (d: string) => (d === 'low' ? `× ${s.factors.low}` : `× ${s.factors.high}`) },
    marks: [
      Plot.barX(half('low'), { y: 'parameter', x1: 0, x2: 'difference', fill: 'side', fillOpacity: 0.75, insetBottom: ROW / 2 - 2, title: barTitle }),
      Plot.barX(half('high'), { y: 'parameter', x1: 0, x2: 'difference', fill: 'side', fillOpacity: 0.75, insetTop: ROW / 2 - 2, title: barTitle }),
      Plot.ruleY(withCI('low'), { y: 'parameter', x1: 'lo', x2: 'hi', stroke: '#333', strokeWidth: 1.2, dy: -(ROW / 4) + 1 }),
      Plot.ruleY(withCI('high'), { y: 'parameter', x1: 'lo', x2: 'hi', stroke: '#333', strokeWidth: 1.2, dy: ROW / 4 - 1 }),
      Plot.ruleX([0], { stroke: '#333' }),
    ],
  });
}
