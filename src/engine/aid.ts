/**
 * Proportional aid against red lines (MODEL.md §4.7, seed 003 "The Doctrine of Proportionality").
 *   dA/dt = responsiveness · (shortfall − A/Amax),  shortfall = 1 − warCapacity_partner,
 * A ∈ [0, Amax], given at the policy's tier (w_tier 1, 2, 3). Donors who respect the red line
 * they perceive (true red line + perception bias) cap w_tier·A there; misperception can carry
 * them over the true line. Aid adds to the partner's effective power and stock (war.ts) and is
 * paid from donors' stockpiles (industry.ts) and C_aid.
 */
import { emit } from './emit.js';
import { addInfluence } from './influence.js';
import { NOTE } from './log.js';
import { powInt } from './fast-math.js';
import { type State } from './state.js';


/** The partner's main enemy with a red line (highest power), or −1. */
export function redLineHolder(st: State, partner: number): number {
  const A = st.sc.actors;
  let best = -1;
  for (let q = 0; q < st.enemyCount[partner]!; q++) {
    const j = st.enemies[partner * st.n + q]!;
    if (A.redLine[j]! >= 0 && (best < 0 || A.power[j]! > A.power[best]!)) best = j;
  }
  return best;
}

/**
 * The daily aid step of the event loop: every partner whose aid is due (st.aidStepTo) is advanced,
 * over several days at once where nothing discrete can happen in them (D62, docs/model.md §4.7
 * "Multi-day aid steps"): up to warStepDays, ending on a multiple of it (or at the horizon), the
 * same grid as the war steps. Otherwise one day, exactly as engine 0.2.0 stepped every day.
 */
export function stepAid(st: State, intensityOf: (actor: number) => number): void {
  const K = st.p.warStepDays;
  const day = st.day;
  for (let k = 0; k < st.sc.partners.length; k++) {
    if (st.aidStepTo[k]! > day) continue;
    if (K > 1) {
      const n = st.gridSpan(day);
      if (n > 1 && stepAidDays(st, k, intensityOf, n)) {
        st.aidStepTo[k] = day + n;
        continue;
      }
    }
    st.aidStepTo[k] = day + 1;
    stepAidDay(st, k, intensityOf);
  }
}

/**
 * n days (n ≥ 2) of partner k's aid in closed form, with its shortfall (1 − war capacity, or 0
 * not at war), the red-line cap and the war's intensity held at their values on the first day:
 *   A_m = A* + (A_0 − A*)·a^m, a = 1 − responsiveness/aidMax, A* = shortfall·aidMax,
 * a monotone path inside [0, aidMax], so the daily clamps never bind; a cap from a respected red
 * line that the path reaches stays binding from then on (the daily step clamps to it each day).
 * C_aid and the donors' draw add Σ_{m=1..n} A_m = n·A* + (A_0 − A*)·a(1 − a^n)/(1 − a).
 * Returns false, writing nothing, when a discrete step could fall inside the n days: an aid
 * announcement (each further 0.5), the red line crossed or uncrossed, aid above a cap that moved
 * down, a cap reached inside the step, or a = 1 − responsiveness/aidMax outside (0, 1 − 1e-9) (the
 * daily step overshoots, or hardly moves and the sum's 1/(1 − a) is ill-conditioned); the caller then steps one day.
 */
function stepAidDays(st: State, k: number, intensityOf: (actor: number) => number, n: number): boolean {
  const pa = st.sc.partners[k]!;
  const pi = pa.actorIx;
  const al = pa.allianceIx;
  const pol = st.sc.alliances[al]!.policy;
  if (!(pol.aidMax > 0)) return false;
  const a = 1 - pol.aidResponsiveness / pol.aidMax;
  if (!(a > 0 && 1 - a > 1e-9)) return false; // overshooting, or (almost) no responsiveness (0/0 in the sum): day by day
  const atWar = st.atWar[pi]! > 0 && !st.collapsed[k];
  const target = (atWar ? 1 - st.warCapacity[pi]! : 0) * pol.aidMax;
  const A0 = st.aid[k]!;
  const an = powInt(a, n);
  let AN = target + (A0 - target) * an;
  let sum = n * target + ((A0 - target) * a * (1 - an)) / (1 - a);
  const adv = atWar ? redLineHolder(st, pi) : -1;
  if (adv >= 0 && pol.respectPerceivedRedLine) {
    const cap = Math.max(0, st.perceivedRedLine[al * st.n + adv]! / pol.aidTier);
    if (A0 > cap) return false;
    if (AN > cap) {
      if (A0 < cap) return false; // reached inside the step
      AN = cap; // at the cap and pushing up: held there every day
      sum = n * cap;
    }
  }
  if (AN >= st.aidTierEmitted[k]! + 0.5) return false;
  if (adv >= 0 && pol.aidTier * AN - st.sc.actors.redLine[adv]! > 0 !== (st.redLineCrossed[k] === 1)) return false;
  st.aid[k] = AN;
  st.alCostAid[al] = st.alCostAid[al]! + sum * st.p.aidCostPerUnitDay;
  st.aidDraw[al] = st.aidDraw[al]! + sum * intensityOf(pi);
  return true;
}

/** One day of partner k's aid (the daily step of engine 0.2.0, unchanged). */
function stepAidDay(st: State, k: number, intensityOf: (actor: number) => number): void {
  const p = st.p;
  {
    const pa = st.sc.partners[k]!;
    const pi = pa.actorIx;
    const al = pa.allianceIx;
    const pol = st.sc.alliances[al]!.policy;
    const atWar = st.atWar[pi]! > 0 && !st.collapsed[k];
    const shortfall = atWar ? 1 - st.warCapacity[pi]! : 0;
    let A = st.aid[k]!;
    A += pol.aidResponsiveness * (shortfall - (pol.aidMax > 0 ? A / pol.aidMax : 1));
    if (A < 0) A = 0;
    A = Math.min(A, pol.aidMax); // not `if (A > aidMax) A = aidMax`: that merge boxed A on the heap (see choice.ts, hMax)
    const adv = atWar ? redLineHolder(st, pi) : -1;
    if (adv >= 0 && pol.respectPerceivedRedLine) {
      const cap = st.perceivedRedLine[al * st.n + adv]! / pol.aidTier;
      if (A > cap) A = Math.max(0, cap);
    }
    st.aid[k] = A;
    st.alCostAid[al] = st.alCostAid[al]! + A * p.aidCostPerUnitDay;
    st.aidDraw[al] = st.aidDraw[al]! + A * intensityOf(pi);
    // Announce aid as it grows (each further 0.5 unit), at the policy's tier.
    if (A >= st.aidTierEmitted[k]! + 0.5) {
      st.aidTierEmitted[k] = st.aidTierEmitted[k]! + 0.5;
      emit(st, st.n + al, tierAction(st, pol.aidTier), pi, st.primaryTheatre[pi]!, -1);
    }
    if (adv >= 0) {
      const over = pol.aidTier * A - st.sc.actors.redLine[adv]!;
      if (over > 0 && !st.redLineCrossed[k]) {
        st.redLineCrossed[k] = 1;
        const id = emit(st, st.n + al, tierAction(st, pol.aidTier), pi, st.primaryTheatre[pi]!, -1);
        st.log.note[id] = NOTE.redLineCrossed;
        addInfluence(st, adv, id, p.redLineLambda, st.n + al);
        st.markDirty(adv);
      } else if (over <= 0 && st.redLineCrossed[k]) {
        st.redLineCrossed[k] = 0;
        st.markDirty(adv);
      }
    }
  }
}

/** Aid level received by actor i (0 unless it is an aided partner). */
export function aidReceived(st: State, i: number): number {
  const k = st.sc.actors.partnerIx[i]!;
  return k >= 0 && !st.collapsed[k] ? st.aid[k]! : 0;
}


/** The catalog action announcing aid of a tier (1 defensive, 2 offensive, 3 long-range), resolved at compile time. */
function tierAction(st: State, tier: number): number {
  const r = st.sc.ruleActions;
  return tier >= 3 ? r.longRangeStrikeAid : tier === 2 ? r.offensiveAid : r.defensiveAid;
}
