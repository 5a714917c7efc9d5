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

export function stepAid(st: State, intensityOf: (actor: number) => number): void {
  const p = st.p;
  for (let k = 0; k < st.sc.partners.length; k++) {
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
