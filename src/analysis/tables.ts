/**
 * CSV tables of a summary (RFC 4180: comma-separated, quoted when needed, LF line ends, a header
 * row). Pure string functions, so the CLI, the server and the browser write the same bytes.
 */
import type { CompareSummary } from './compare.js';
import type { Distribution, PathwayShare, Probability, RunSummary, TimeToEvent } from './summary.js';

type Cell = string | number | null | undefined;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function probabilitiesCsv(s: RunSummary): string {
  const rows: Cell[][] = [];
  const { rung4ByTheatre, ...events } = s.probabilities;
  for (const [key, p] of Object.entries(events)) rows.push([key, p.label, p.count, p.runs, p.estimate, p.lo, p.hi]);
  for (const [t, p] of Object.entries(rung4ByTheatre)) rows.push([`rung4.${t}`, p.label, p.count, p.runs, p.estimate, p.lo, p.hi]);
  for (const [k, p] of allianceProbabilities(s)) rows.push([k, p.label, p.count, p.runs, p.estimate, p.lo, p.hi]);
  return toCsv(['outcome', 'label', 'count', 'runs', 'estimate', 'lo95', 'hi95'], rows);
}

/** Per-alliance ("NATO.drawnIn") and per-dyad ("dyad.USA-CHN") probabilities, keyed as in compare.csv. */
function allianceProbabilities(s: RunSummary): [string, Probability][] {
  const out: [string, Probability][] = [];
  for (const [id, a] of Object.entries(s.byAlliance)) for (const [k, p] of Object.entries(a.probabilities)) out.push([`${id}.${k}`, p]);
  for (const [k, d] of Object.entries(s.dyads)) out.push([`dyad.${k}`, d.probability]);
  return out;
}

function allianceDistributions(s: RunSummary): [string, Distribution][] {
  const out: [string, Distribution][] = [];
  for (const [id, a] of Object.entries(s.byAlliance)) {
    for (const [k, c] of Object.entries(a.costs)) out.push([`${id}.${k}`, c]);
    out.push([`${id}.art4Count`, a.article4Consultations]);
  }
  return out;
}

function allianceTimes(s: RunSummary): [string, TimeToEvent][] {
  const out: [string, TimeToEvent][] = [];
  for (const [id, a] of Object.entries(s.byAlliance)) for (const [k, t] of Object.entries(a.timeToEvent)) out.push([`${id}.${k}`, t]);
  for (const [k, d] of Object.entries(s.dyads)) out.push([`dyad.${k}`, d.timeToEvent]);
  return out;
}

export function costsCsv(s: RunSummary): string {
  const rows: Cell[][] = [];
  const all = { ...s.costs, escalationScore: s.escalationScore, art4Count: s.article4Consultations, ...Object.fromEntries(allianceDistributions(s)) };
  for (const [key, c] of Object.entries(all)) rows.push([key, c.label, c.mean, c.lo, c.hi, c.sd, c.q05, c.q25, c.q50, c.q75, c.q95]);
  return toCsv(['quantity', 'label', 'mean', 'mean_lo95', 'mean_hi95', 'sd', 'q05', 'q25', 'q50', 'q75', 'q95'], rows);
}

export function fansCsv(s: RunSummary): string {
  const rows: Cell[][] = [];
  for (const f of s.fans.series) {
    for (let w = 0; w < s.fans.weeks; w++) rows.push([f.key, w, s.fans.day[w], f.n[w], f.q05[w], f.q25[w], f.q50[w], f.q75[w], f.q95[w]]);
  }
  return toCsv(['series', 'week', 'day', 'n', 'q05', 'q25', 'q50', 'q75', 'q95'], rows);
}

export function kmCsv(s: RunSummary): string {
  const rows: Cell[][] = [];
  for (const [key, t] of [...Object.entries(s.timeToEvent), ...allianceTimes(s)]) {
    const c = t.curve;
    for (let i = 0; i < c.day.length; i++) rows.push([key, c.day[i], c.atRisk[i], c.events[i], c.survival[i], c.lo[i], c.hi[i]]);
  }
  return toCsv(['event', 'day', 'at_risk', 'events', 'survival', 'lo95', 'hi95'], rows);
}

export function pathwaysCsv(s: RunSummary): string {
  // Example runs (D54): trajectory numbers and the days they reached rung 4, space-separated, in the same order.
  const ex = (p: PathwayShare): [string, string] => [p.examples.map((e) => e.trajectory).join(' '), p.examples.map((e) => e.day).join(' ')];
  const rows: Cell[][] = s.pathways.top.map((p) => [p.rank, p.pathway, p.count, p.share, p.shareOfRuns, ...ex(p)]);
  if (s.pathways.otherCount > 0) rows.push(['other', `(${s.pathways.distinct - s.pathways.top.length} other pathways)`, s.pathways.otherCount, s.pathways.otherCount / Math.max(1, s.pathways.runsReachingRung4), s.pathways.otherCount / s.provenance.runs, '', '']);
  return toCsv(['rank', 'pathway', 'runs', 'share_of_rung4_runs', 'share_of_runs', 'example_trajectories', 'example_days'], rows);
}

export function rungsCsv(s: RunSummary): string {
  const rows: Cell[][] = [];
  for (const [t, r] of Object.entries(s.highestRung)) r.counts.forEach((c, rung) => rows.push([t, rung, c, r.shares[rung]]));
  return toCsv(['theatre', 'highest_rung', 'runs', 'share'], rows);
}

/** Long format "section,key,stat,value" of every scalar: what `brink run --csv` prints. */
export function summaryCsv(s: RunSummary): string {
  const rows: Cell[][] = [];
  const pv = s.provenance;
  for (const [k, v] of Object.entries(pv)) rows.push(['provenance', k, 'value', Array.isArray(v) ? v.join(' ') : v]);
  rows.push(['focal', 'focal', 'value', s.focal]);
  const { rung4ByTheatre, ...events } = s.probabilities;
  const probs = { ...events, ...Object.fromEntries(Object.entries(rung4ByTheatre).map(([t, p]) => [`rung4.${t}`, p])), ...Object.fromEntries(allianceProbabilities(s)) };
  for (const [k, p] of Object.entries(probs)) for (const stat of ['count', 'estimate', 'lo', 'hi'] as const) rows.push(['probability', k, stat, p[stat]]);
  for (const [k, t] of [...Object.entries(s.timeToEvent), ...allianceTimes(s)]) {
    rows.push(['time_to_event', k, 'median_km', t.median]);
    rows.push(['time_to_event', k, 'median_if_happened', t.medianIfHappened]);
    rows.push(['time_to_event', k, 'survival_at_horizon', t.survivalAtHorizon]);
  }
  const dists = { ...s.costs, escalationScore: s.escalationScore, art4Count: s.article4Consultations, ...Object.fromEntries(allianceDistributions(s)) };
  for (const [k, c] of Object.entries(dists)) for (const stat of ['mean', 'lo', 'hi', 'sd', 'q05', 'q25', 'q50', 'q75', 'q95'] as const) rows.push(['distribution', k, stat, c[stat]]);
  for (const [k, m] of Object.entries(s.means)) for (const stat of ['mean', 'lo', 'hi', 'sd'] as const) rows.push(['mean', k, stat, m[stat]]);
  for (const [id, a] of Object.entries(s.byAlliance)) for (const [k, m] of Object.entries(a.means)) for (const stat of ['mean', 'lo', 'hi', 'sd'] as const) rows.push(['mean', `${id}.${k}`, stat, m[stat]]);
  for (const [t, r] of Object.entries(s.highestRung)) r.counts.forEach((c, rung) => rows.push(['highest_rung', t, `rung${rung}`, c]));
  for (const p of s.pathways.top) rows.push(['pathway', p.pathway, 'runs', p.count]);
  for (const k of ['ended', 'open', 'perRun', 'medianDays', 'q25Days', 'q75Days', 'q95Days'] as const) rows.push(['episodes', k, 'value', s.episodes[k]]);
  // The prior range of `brink run --uncertainty` (D34), only when it ran: key parameter×factor.
  const u = (s as RunSummary & { uncertainty?: { runs: number; reference: number | null; sides: { parameter: string; factor: number; value: number; estimate: number | null; difference: number | null; lo: number | null; hi: number | null }[] } }).uncertainty;
  if (u !== undefined) {
    rows.push(['uncertainty', 'reference', 'estimate', u.reference]);
    rows.push(['uncertainty', 'reference', 'runs', u.runs]);
    for (const x of u.sides) for (const stat of ['value', 'estimate', 'difference', 'lo', 'hi'] as const) rows.push(['uncertainty', `${x.parameter}×${x.factor}`, stat, x[stat]]);
  }
  return toCsv(['section', 'key', 'stat', 'value'], rows);
}

export function runTables(s: RunSummary): Record<string, string> {
  return {
    'probabilities.csv': probabilitiesCsv(s),
    'costs.csv': costsCsv(s),
    'fans.csv': fansCsv(s),
    'km.csv': kmCsv(s),
    'pathways.csv': pathwaysCsv(s),
    'rungs.csv': rungsCsv(s),
  };
}

/** One row per (arm, outcome): both arms' values and the paired difference with its interval. */
export function compareCsv(s: CompareSummary): string {
  const rows: Cell[][] = [];
  for (const c of s.comparisons) {
    for (const b of c.binary) rows.push([c.arm, c.against, 'probability', b.key, b.a, b.b, b.difference, b.lo, b.hi, b.n11, b.n10, b.n01, b.n00]);
    for (const m of c.metrics) rows.push([c.arm, c.against, 'mean', m.key, m.a, m.b, m.difference, m.lo, m.hi, null, null, null, null]);
  }
  return toCsv(['arm', 'against', 'kind', 'outcome', 'value_against', 'value_arm', 'difference', 'lo95', 'hi95', 'n11', 'n10', 'n01', 'n00'], rows);
}
