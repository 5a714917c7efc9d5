/**
 * Enablers, secondary sanctions and cross-theatre coordination (MODEL.md §4.8, seed 000 §4, §6).
 * An enabler link adds supplyRate days of supply per day to its client's stockpile and diplomatic
 * cover against sanctions (industry.ts). A stockpile that is already adequate makes supply inert,
 * so the links also reach what they sustain in seed 000 §4 (docs/model.md §4.8, §6), through the
 * client's enabler support σ = S/(S + enablerHalfSupply), S = Σ supplyRate·(1 − cut):
 *   production × (1 + enablerProductionGain·σ)            (industry.ts: dual-use inputs)
 *   war capacity + enablerCapacityGain·σ·(1 − w) a day     (war.ts: force generation at war)
 *   risk term of U × (1 − enablerRiskDiscount·σ)           (choice.ts: backing, escalation options)
 * σ < 1 saturates, so no loop through it can run away. Secondary sanctions by an alliance cut the
 * supply by secondarySanctionsCut (and so σ) but raise the enabler's hostility toward the
 * alliance (and so its hazards where it meets the alliance's members, including the other
 * theatre). Coordination windows are opened in episodes.ts and read in choice.ts; theatre
 * reallocation of great powers is `reallocate` below.
 */
import { emit } from './emit.js';
import { addInfluence } from './influence.js';
import type { State } from './state.js';

/** Day 0: supply announcements (the catalog action of the link's kind), secondary sanctions, enabler support σ. */
export function initEnablers(st: State): void {
  const p = st.p;
  for (let k = 0; k < st.sc.enablers.length; k++) {
    const l = st.sc.enablers[k]!;
    emit(st, l.from, l.actionIx, l.to, st.primaryTheatre[l.to]!, -1);
    st.supplyCut[k] = 0;
    for (let a = 0; a < st.nAl; a++) {
      const al = st.sc.alliances[a]!;
      if (!al.collectiveDefense || !al.policy.secondarySanctions || al.memberMask[l.from]) continue;
      st.supplyCut[k] = p.secondarySanctionsCut;
      const id = emit(st, st.n + a, st.sc.ruleActions.secondarySanctions, l.from, st.primaryTheatre[l.from]!, -1);
      for (const m of al.members) st.addHostility(l.from, m, p.secondarySanctionsHostility);
      addInfluence(st, l.from, id, p.secondarySanctionsHostility * p.hostilityUtilityWeight * 10, st.n + a);
    }
  }
  computeEnablerSupport(st);
}

/** σ_i = S_i/(S_i + enablerHalfSupply), S_i the supply reaching i after cuts (0 without links: every effect off). */
export function computeEnablerSupport(st: State): void {
  st.enablerSupport.fill(0);
  for (let k = 0; k < st.sc.enablers.length; k++) {
    const l = st.sc.enablers[k]!;
    st.enablerSupport[l.to] = st.enablerSupport[l.to]! + l.supplyRate * (1 - st.supplyCut[k]!);
  }
  const half = st.p.enablerHalfSupply;
  for (let i = 0; i < st.n; i++) {
    const S = st.enablerSupport[i]!;
    st.enablerSupport[i] = S > 0 ? S / (S + half) : 0;
  }
}

export function stepEnablers(st: State, days: number): void {
  for (let k = 0; k < st.sc.enablers.length; k++) {
    const l = st.sc.enablers[k]!;
    st.stockpile[l.to] = st.stockpile[l.to]! + days * l.supplyRate * (1 - st.supplyCut[k]!);
  }
}

/**
 * Great powers shift theatre share toward a theatre at higher rung (reallocationRate per day),
 * and back toward their initial allocation when rungs fall. Only actors present in several
 * theatres move. Returns true if any share moved.
 */
/** Actors present in several theatres (static per scenario): the only ones reallocation moves. */
function moversOf(st: State): Int32Array {
  let m = st.movers;
  if (m === null) {
    const A = st.sc.actors, nT = st.nT, list: number[] = [];
    for (let i = 0; i < st.n; i++) {
      let present = 0;
      for (let t = 0; t < nT; t++) if (A.theatreShare[i * nT + t]! > 0) present++;
      if (present >= 2) list.push(i);
    }
    m = Int32Array.from(list);
    st.movers = m;
  }
  return m;
}

export function reallocate(st: State, days: number): boolean {
  const nT = st.nT;
  if (nT < 2) return false;
  const A = st.sc.actors;
  const mv = moversOf(st);
  let hot = -1, hotR = -1, tie = false;
  for (let t = 0; t < nT; t++) {
    const r = st.rung[t]! - st.rung0[t]!;
    if (r > hotR) { hotR = r; hot = t; tie = false; } else if (r === hotR) tie = true;
  }
  const rate = Math.min(1, st.p.reallocationRate * days);
  let moved = false, changed = false;
  for (let q = 0; q < mv.length; q++) {
    const i = mv[q]!;
    let total = 0;
    for (let t = 0; t < nT; t++) total += A.theatreShare[i * nT + t]!;
    for (let t = 0; t < nT; t++) {
      const k = i * nT + t;
      const target = hotR > 0 && !tie ? (t === hot ? total : 0) : A.theatreShare[k]!;
      const v = st.share[k]! + (target - st.share[k]!) * rate;
      if (Math.abs(v - st.share[k]!) > 1e-9) moved = true;
      if (v !== st.share[k]) {
        st.share[k] = v;
        changed = true;
      }
    }
  }
  if (changed) st.shareVersion++;
  return moved;
}
