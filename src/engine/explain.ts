/**
 * Explainable traces (docs/model.md §4.17, docs/decisions.md D32): what an agent weighed when it
 * chose an action (its decision), the standing state behind an act no earlier event caused (its
 * reasons). Recorded ONLY when tracing (RunOptions.trace): State.explain is null otherwise, and
 * the engine's hot loops then only test that one field (no allocation, identical results).
 *
 * recomputeHazards (choice.ts) writes, for every action row of the agent it recomputes, the
 * utility terms exactly as it computed and summed them (EX_* slots, explain-book.ts) into this agent's rows;
 * when the agent fires, the simulator turns the chosen row, with the hazards of the other rows,
 * into a TraceDecision.
 */
import type { TraceDecision, TraceTerm } from './types.js';
import { reachKind, type State } from './state.js';
import { EX_COERCION, EX_COORD, EX_COST, EX_COUNT, EX_GAIN, EX_GAIN_BAL, EX_GAIN_SQ, EX_GAIN_VUL, EX_HOST, EX_HOSTMEAN, EX_LOSING, EX_PLAYBOOK, EX_PROVOCATION, EX_RAW, EX_RETAL, EX_RISK, EX_RISKMEAN, EX_RISKSCALE, EX_SHARED, EX_U, EX_VULN } from './explain-book.js';
export { Explain } from './explain-book.js';

/** Target kinds by TK index (state.ts). */
const KIND_NAME = ['none', 'member', 'rival', 'partner', 'enemy', 'member (border)', 'rival (border)', 'member (theatre)', 'rival (theatre)'];

/** Left-to-right sum of the terms, as the engine adds them. */
export function sumTerms(terms: readonly TraceTerm[]): number {
  let x = 0;
  for (const t of terms) x += t.value;
  return x;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * The decision of agent slot s that chose action a: its utility terms as recomputeHazards summed
 * them at its last recomputation, the hazard, and the strongest alternatives (by hazard).
 * Values are the engine's doubles, unrounded (the sum is exact); the trace's text rounds.
 */
export function buildDecision(st: State, s: number, a: number, baseHazard: number): TraceDecision {
  const ex = st.explain!;
  const acts = st.agentActions[s]!;
  let q = -1;
  for (let k = 0; k < acts.length; k++) if (acts[k] === a) q = k;
  const o = ex.offset(s, q);
  const R = ex.rows;
  const terms: TraceTerm[] = [];
  // The same order and association as recomputeHazards:
  //   u = w·gain − cost − risk + shared (+ provocation) (+ retaliation) + losing (− coercion).
  // Adding a 0 changes no double, so zero terms are left out without changing the sum.
  const push = (term: string, value: number, parts?: TraceTerm[]) => {
    if (value !== 0 || term === 'gain') terms.push(parts ? { term, value, parts } : { term, value });
  };
  push('gain', R[o + EX_GAIN]!);
  push('cost', -R[o + EX_COST]!);
  push('risk', -R[o + EX_RISK]!);
  // relations = (hostility + coordination) + playbook, as computed; zero parts left out (exact still).
  const parts: TraceTerm[] = [
    { term: 'hostility', value: R[o + EX_HOST]! },
    { term: 'coordination', value: R[o + EX_COORD]! },
    { term: 'playbook', value: R[o + EX_PLAYBOOK]! },
  ].filter((x) => x.value !== 0);
  push('relations', R[o + EX_SHARED]!, parts);
  push('provocation', R[o + EX_PROVOCATION]!);
  push('retaliation', R[o + EX_RETAL]!);
  push('lossDriven', R[o + EX_LOSING]!);
  push('coercion', R[o + EX_COERCION]!);
  const base = s * st.nAct;
  const h = st.hz[base + a]!;
  let options = 0, rank = 1;
  const alts: { action: string; hazard: number; utility: number }[] = [];
  for (let k = 0; k < acts.length; k++) {
    const b = acts[k]!;
    const hb = st.hz[base + b]!;
    if (hb <= 0) continue;
    options++;
    if (b === a) continue;
    if (hb > h) rank++;
    alts.push({ action: st.sc.actions[b]!.id, hazard: hb, utility: R[ex.offset(s, k) + EX_U]! });
  }
  alts.sort((x, y) => y.hazard - x.hazard);
  const kind = reachKind(st.aTarget[a]!, st.aReach[a]!);
  const utility = R[o + EX_U]!;
  const raw = R[o + EX_RAW]!;
  const p = st.p;
  const rl = st.aRedLine[a] ? ex.rlMult[s]! : 1;
  // h = min(base·e^(κU), cap) × red-line multiplier: capped exactly when h is the cap times it.
  const capped = h === (st.aRedLine[a] ? p.hazardMaxPerDay * rl : p.hazardMaxPerDay);
  return {
    utility,
    sum: raw,
    clamped: raw !== utility,
    terms,
    gain: { vulnerability: R[o + EX_GAIN_VUL]!, balance: R[o + EX_GAIN_BAL]!, statusQuo: R[o + EX_GAIN_SQ]!, weight: p.weightGain },
    targets: {
      kind: KIND_NAME[kind] ?? String(kind),
      candidates: R[o + EX_COUNT]!,
      vulnerability: r4(R[o + EX_VULN]!),
      hostility: r4(R[o + EX_HOSTMEAN]!),
      responseExposure: r4(R[o + EX_RISKMEAN]!),
      enablerDiscount: r4(R[o + EX_RISKSCALE]!),
    },
    hazard: h,
    baseHazard,
    rationality: p.rationality,
    capped,
    redLineMultiplier: rl,
    computedDay: r4(ex.at[s]!),
    rank,
    options,
    totalHazard: st.hzTotal[s]!,
    alternatives: alts.slice(0, 3),
  };
}

/**
 * The standing state behind an act of actor i (target j, −1 none) in a theatre that no earlier
 * event caused: the hostility it bears the target, the wars it fights, an open retaliation or
 * coordination window, a losing war, the credibility debt of the target's alliance, the theatre's
 * rung. Strings, for the trace only.
 */
export function standingReasons(st: State, i: number, j: number, theatre: number, coordinating: boolean): string[] {
  const n = st.n;
  const sc = st.sc;
  const name = (k: number) => (k < n ? sc.actors.ids[k]! : sc.alliances[k - n]!.id);
  const out: string[] = [];
  if (j >= 0 && j < n && i < n) {
    const h = st.hostility[i * n + j]!;
    if (h > 0) out.push(`hostility ${name(i)}→${name(j)} ${h.toFixed(2)}`);
    if (st.retaliationUntil[i * n + j]! > st.t) out.push(`retaliation window against ${name(j)} until day ${Math.floor(st.retaliationUntil[i * n + j]!)}`);
  }
  if (i < n) {
    for (let e = 0; e < st.epCount; e++) {
      if (!st.epActive[e] || !st.epWar[e] || !st.epSide[e]![i]) continue;
      const side = st.epSide[e]![i]!;
      const bal = side === 1 ? st.epBalance[e]! : -st.epBalance[e]!;
      out.push(`war ${name(st.epLeadA[e]!)}–${name(st.epLeadB[e]!)} since day ${Math.max(0, Math.floor(st.epOpen[e]!))}${bal < 0 ? ` (losing, balance ${bal.toFixed(2)})` : ''}`);
    }
  }
  if (theatre >= 0) {
    if (coordinating && st.coordUntil[theatre]! > st.t) out.push(`coordination window in ${sc.theatres[theatre]!.id} until day ${Math.floor(st.coordUntil[theatre]!)}`);
    if (j >= 0 && j < n) {
      const b = st.blocIn(j, theatre);
      if (b >= n) {
        const d = st.debtNow(b - n);
        if (d > 0.05) out.push(`credibility debt of ${name(b)} ${d.toFixed(2)}`);
      }
    }
    const r = st.rung[theatre]!;
    if (r > 0) out.push(`${sc.theatres[theatre]!.id} at rung ${r}`);
  }
  return out;
}

/**
 * The reasons of an event an engine rule emitted with no cause (aid announcements, enabler supply,
 * secondary sanctions, capitulation, ceasefire, nuclear use …): the rule, then the standing state.
 * Events an agent chose or a scenario scripted have their reasons replaced by the simulator.
 */
export function ruleReasons(st: State, actor: number, action: number, target: number, theatre: number): string[] {
  const n = st.n;
  const sc = st.sc;
  const name = (k: number) => (k < n ? sc.actors.ids[k]! : sc.alliances[k - n]!.id);
  const id = sc.actions[action]!.id;
  const r = sc.ruleActions;
  let rule: string;
  if (action === r.defensiveAid || action === r.offensiveAid || action === r.longRangeStrikeAid) {
    const pk = target >= 0 && target < n ? sc.actors.partnerIx[target]! : -1;
    rule = pk >= 0 ? `aid policy: ${name(actor)} aid to ${name(target)} at level ${st.aid[pk]!.toFixed(2)}` : 'aid policy';
  } else if (action === r.secondarySanctions) rule = `secondary-sanctions policy of ${name(actor)} against ${target >= 0 ? name(target) : '-'}`;
  else if (action === r.capitulation) rule = `war capacity of ${name(actor)} ${st.warCapacity[actor]!.toFixed(2)} below its collapse threshold`;
  else if (action === r.ceasefire) rule = 'the war\'s ceasefire clock crossed its threshold';
  else if (action === r.nuclearUse) rule = `nuclear-use clock of ${name(actor)} crossed its threshold`;
  else if (st.day === 0 && sc.enablers.some((l) => l.from === actor && l.to === target && l.actionIx === action)) rule = `enabler link ${name(actor)}→${name(target)} (scenario)`;
  else rule = `engine rule (${id})`;
  return [`rule: ${rule}`, ...(actor < n ? standingReasons(st, actor, target, theatre, false) : [])];
}
