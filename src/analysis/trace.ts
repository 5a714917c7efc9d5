/**
 * One trajectory's trace as text: the timeline lines (event, why, because) and the full decision
 * of `--why`. Pure, so the CLI and the web app's trace explorer share them (moved here from
 * cli/cmd-trace.ts unchanged); the JSON object of `brink trace --json` is trace-json.ts's.
 */
import type { TraceDecision, TraceEvent, TraceTerm } from '../engine/index.js';

export { traceJson, type TraceJson } from './trace-json.js';
/** `#7    day  12  RUS  cable-sabotage → FIN  [europe rung 1]  ← #3,#5  (attributed)`; `[scripted]` marks an inject. */
export function formatTraceEvent(e: TraceEvent, widths: { id: number; actor: number; day: number }): string {
  const parts = [
    `#${e.id}`.padEnd(widths.id + 1),
    `day ${String(e.day).padStart(widths.day)}`,
    e.actor.padEnd(widths.actor),
    `${e.action}${e.target !== null ? ` → ${e.target}` : ''}`,
    `[${e.theatre ?? '-'} rung ${e.rung}]`,
  ];
  if (e.injected) parts.push('[scripted]');
  if (e.causes.length > 0) parts.push(`← ${e.causes.map((c) => `#${c}`).join(',')}`);
  if (e.note) parts.push(`(${e.note})`);
  return parts.join('  ');
}

/** A signed number with a true minus sign: `+0.31`, `−0.12`. */
const signed = (x: number, digits = 2): string => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(digits)}`;
/** A hazard per day to two significant digits: `0.012`. */
const hz = (x: number): string => (x === 0 ? '0' : x.toPrecision(2).replace(/\.?0+$/, '').replace(/(e[+-]?\d+)$/, '$1'));
export const ordinal = (k: number): string => `${k}${k % 100 >= 11 && k % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th')}`;

/** The terms as a reader sees them: the relations term split into its parts. */
function flatTerms(d: TraceDecision): TraceTerm[] {
  const out: TraceTerm[] = [];
  for (const t of d.terms) {
    if (t.parts) out.push(...t.parts);
    else out.push(t);
  }
  return out;
}

/** `why: gain +0.31, risk −0.12, hostility +0.20 → U 0.39, h 0.012/day (3rd of 14 options; top: cyber-intrusion 0.02)` */
export function formatWhyLine(d: TraceDecision): string {
  const terms = flatTerms(d).filter((t) => Math.abs(t.value) >= 0.005);
  const u = d.clamped ? `Σ ${signed(d.sum)}, U ${d.utility.toFixed(2)} (clamped)` : `U ${d.utility.toFixed(2)}`;
  const other = d.alternatives[0];
  const tail = other === undefined ? 'its only option' : `${ordinal(d.rank)} of ${d.options} options; ${d.rank === 1 ? 'next' : 'top'}: ${other.action} ${hz(other.hazard)}`;
  return `why: ${terms.map((t) => `${t.term} ${signed(t.value)}`).join(', ') || 'no term'} → ${u}, h ${hz(d.hazard)}/day (${tail})`;
}

/** `because: hostility BLR→POL 0.62; war RUS–UKR since day 0` for an event without causes (not a scripted one). */
export function formatBecauseLine(e: TraceEvent): string | null {
  if (e.injected || e.causes.length > 0 || e.reasons === undefined || e.reasons.length === 0) return null;
  return `because: ${e.reasons.join('; ')}`;
}

/** A share of the draw in percent: one decimal, or two significant digits below 1% (0.018%, not 0.0%). */
export function drawShare(x: number): string {
  const v = 100 * x;
  return v === 0 || v >= 1 ? `${v.toFixed(1)}%` : `${Number(v.toPrecision(2))}%`;
}

/** `brink trace … --why N`: the full decomposition of event N's decision. */
export function formatWhy(e: TraceEvent, events: readonly TraceEvent[]): string[] {
  const widths = { id: String(e.id).length + 1, actor: e.actor.length, day: String(e.day).length };
  const out = [formatTraceEvent(e, widths)];
  const ref = (c: number) => {
    const x = events[c];
    return x === undefined ? `#${c}` : `#${c} day ${x.day} ${x.actor} ${x.action}${x.target !== null ? ` → ${x.target}` : ''}`;
  };
  if (e.causes.length > 0) out.push(`causes: ${e.causes.map(ref).join('; ')}`);
  if (e.reasons !== undefined && (e.causes.length === 0 || e.injected)) out.push(`${e.injected ? 'scripted' : 'because'}: ${e.reasons.join('; ')}`);
  const d = e.decision;
  if (d === undefined) {
    out.push(e.injected ? 'no decision: the scenario scripted this event (an inject)' : 'no decision: an engine rule emitted this event, no agent chose it');
    return out;
  }
  const T = d.targets;
  out.push(
    `decision of ${e.actor}, hazards as last recomputed on day ${d.computedDay}; utility over the ${T.candidates} ${T.kind} candidate${T.candidates === 1 ? '' : 's'} ` +
      `(mean vulnerability ${T.vulnerability.toFixed(3)}, hostility ${T.hostility.toFixed(3)}, P̂·exposure ${T.responseExposure.toFixed(3)}); the target is drawn afterwards`,
  );
  const rows: [string, string, string][] = [];
  const g = d.gain;
  for (const t of d.terms) {
    let note = '';
    if (t.term === 'gain') note = `= ${g.weight} × (vulnerability ${g.vulnerability.toFixed(4)} + balance ${g.balance.toFixed(4)} + status quo ${g.statusQuo.toFixed(4)})`;
    else if (t.term === 'risk') note = `mean P̂·exposure ${T.responseExposure.toFixed(4)} × response severity weight${T.enablerDiscount !== 1 ? ` × enabler discount ${T.enablerDiscount.toFixed(3)}` : ''} (P̂ includes credibility debt)`;
    else if (t.parts) note = `= ${t.parts.map((x) => `${x.term} ${signed(x.value, 4)}`).join(' + ') || '0'}`;
    rows.push([t.term, signed(t.value, 4), note]);
  }
  rows.push(['sum', signed(d.sum, 4), 'the terms added left to right, as the engine adds them']);
  rows.push(['utility U', signed(d.utility, 4), d.clamped ? 'clamped to [−1, 1]' : '']);
  rows.push([
    'hazard h',
    `${hz(d.hazard)}/day`,
    `= min(${d.baseHazard.toPrecision(3)} × e^(${d.rationality} × U), cap)${d.capped ? ' (capped)' : ''}${d.redLineMultiplier !== 1 ? ` × red-line ${d.redLineMultiplier.toFixed(3)}` : ''}`,
  ]);
  rows.push(['rank', `${ordinal(d.rank)} of ${d.options}`, `total hazard ${hz(d.totalHazard)}/day, so this action had ${drawShare(d.hazard / d.totalHazard)} of the draw`]);
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => r[1].length));
  for (const [k, val, note] of rows) out.push(`  ${k.padEnd(w)}  ${val.padStart(v)}  ${note}`.trimEnd());
  if (d.alternatives.length > 0) {
    out.push('  alternatives (by hazard):');
    for (const a of d.alternatives) out.push(`    ${a.action}  h ${hz(a.hazard)}/day  U ${a.utility.toFixed(2)}`);
  }
  return out;
}
