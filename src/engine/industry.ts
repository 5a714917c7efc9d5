/**
 * Industrial base (MODEL.md §4.11, seed 003 "Industrial Defense Base"). Stockpiles are days of
 * supply at intensity 1. Production ramps to surgeMax over surgeLagDays once a war economy is
 * triggered (policy surgeTrigger, a rung); sanctions cut production by sanctionsBite, softened
 * by enablers' diplomatic cover (§4.8). Belligerents are stepped daily by war.ts; everyone else
 * weekly here (closed-form over the week), where donors also pay for the aid they sent.
 */
import { signalResolve } from './signalling.js';
import { powInt } from './fast-math.js';
import { type State } from './state.js';

export function surgeLevel(st: State, i: number): number {
  const s0 = st.surgeStartT[i]!;
  if (s0 === Infinity || st.t < s0) return 0;
  const lag = st.sc.actors.surgeLagDays[i]!;
  return lag <= 0 ? 1 : Math.min(1, (st.t - s0) / lag);
}

/** Sum of diplomatic cover on actor i (cached per State at reset). */
export function coverOf(st: State, i: number): number {
  let c = 0;
  for (const l of st.sc.enablers) if (l.to === i) c += l.diplomaticCover;
  return c > 1 ? 1 : c;
}

/**
 * Production per day: base × surge ramp × (1 − sanctions bite) × (1 + enablerProductionGain·σ):
 * enablers' dual-use inputs raise the client's own output (§4.8); the factor is exactly 1 without them.
 */
export function productionPerDay(st: State, i: number, cover: number): number {
  const A = st.sc.actors;
  const surge = surgeLevel(st, i);
  const bite = st.p.sanctionsBite * st.sanctioned[i]! * (1 - cover);
  return A.productionPerDay[i]! * (1 + (A.surgeMax[i]! - 1) * surge) * (1 - bite) * (1 + st.p.enablerProductionGain * st.enablerSupport[i]!);
}

/** Share of war-capacity recovery sanctions leave (§4.8): 1 − sanctionsRecoveryBite·sanctioned·(1 − cover). */
export function sanctionsRecoveryFactor(st: State, i: number, cover: number): number {
  return 1 - st.p.sanctionsRecoveryBite * st.sanctioned[i]! * (1 - cover);
}

export function stockCap(st: State, i: number): number {
  const A = st.sc.actors;
  return A.stockpile0[i]! * (1 + (A.surgeMax[i]! - 1) * surgeLevel(st, i));
}

/** Trigger alliance al's war economy (a costly signal). */
export function triggerSurge(st: State, al: number): void {
  if (st.allianceSurge[al]) return;
  st.allianceSurge[al] = 1;
  for (let mq = 0, ms = st.sc.alliances[al]!.members; mq < ms.length; mq++) { const m = ms[mq]!; if (st.surgeStartT[m] === Infinity) st.surgeStartT[m] = st.t; }
  signalResolve(st, al, st.p.costlySignalResolve);
  st.markAllianceDirty(al); // a costly signal: the alliance's rivals re-read P̂
}

/** Σ member power per alliance (static; the donors' shares of the aid bill). */
function memberPowerSums(st: State): Float64Array {
  let ps = st.memberPowerSums;
  if (ps === null) {
    ps = new Float64Array(st.nAl);
    for (let k = 0; k < st.nAl; k++) {
      let pw = 0;
      for (let mq = 0, ms = st.sc.alliances[k]!.members; mq < ms.length; mq++) pw += st.sc.actors.power[ms[mq]!]!;
      ps[k] = pw;
    }
    st.memberPowerSums = ps;
  }
  return ps;
}

/**
 * Weekly: donors' aid bill and cached alliance aggregates; every `driftDays` (driftStepDays, a
 * multiple of 7, D62; 0 = not this week) the non-belligerents' stock refill (linear in days, up to
 * the cap) and war-capacity recovery, driftDays/7 weekly steps in closed form:
 * 1 − w ← (1 − w)(1 − min(1, capacityRecoveryPerDay·7))^weeks.
 */
export function weeklyIndustry(st: State, cover: Float64Array, driftDays: number): void {
  const A = st.sc.actors;
  const p = st.p;
  const stockpile = st.stockpile, stock0 = A.stockpile0, atWar = st.atWar, surgeStartT = st.surgeStartT, warCapacity = st.warCapacity;
  const sanctionsBite = p.sanctionsBite;
  const keepW = powInt(1 - Math.min(1, p.capacityRecoveryPerDay * 7), Math.round(driftDays / 7));
  for (let i = 0; i < (driftDays > 0 ? st.n : 0); i++) {
    if (atWar[i]! > 0) continue;
    const s = stockpile[i]!;
    if (surgeStartT[i] === Infinity) {
      // No war economy: the cap is stockpile0 and production its base rate (the general formulas
      // below with surge 0, written out: same values, bit for bit). A full stockpile stays full.
      const cap = stock0[i]!;
      if (s < cap) {
        const prod = A.productionPerDay[i]! * (1 - sanctionsBite * st.sanctioned[i]! * (1 - cover[i]!)) * (1 + p.enablerProductionGain * st.enablerSupport[i]!);
        st.stockpile[i] = Math.min(cap, s + driftDays * prod);
      }
    } else {
      const cap = stockCap(st, i);
      if (s < cap) stockpile[i] = Math.min(cap, s + driftDays * productionPerDay(st, i, cover[i]!));
    }
    const w = warCapacity[i]!;
    if (w < 1) warCapacity[i] = 1 - (1 - w) * keepW;
  }
  // Donors pay the aid they sent, in proportion to power.
  const pws = memberPowerSums(st);
  for (let k = 0; k < st.nAl; k++) {
    const draw = st.aidDraw[k]!;
    if (draw <= 0) continue;
    st.aidDraw[k] = 0;
    const pw = pws[k]!;
    if (pw <= 0) continue;
    for (let mq = 0, ms = st.sc.alliances[k]!.members; mq < ms.length; mq++) { const m = ms[mq]!; stockpile[m] = Math.max(0, stockpile[m]! - (draw * A.power[m]!) / pw); }
  }
  refreshAllianceCaches(st);
}

/**
 * Mean stock adequacy and theatre power of each alliance (read by P̂ in choice.ts). Theatre power
 * depends only on the shares: it is recomputed when they changed (st.shareVersion), the same sums
 * in the same order as before (performance; identical values).
 */
export function refreshAllianceCaches(st: State): void {
  const A = st.sc.actors;
  const nT = st.nT;
  const power = st.alliancePowerVersion !== st.shareVersion;
  if (power) st.alliancePowerVersion = st.shareVersion;
  const stockAdequacyDays = st.p.stockAdequacyDays;
  for (let k = 0; k < st.nAl; k++) {
    const ms = st.sc.alliances[k]!.members;
    let adequacy = 0;
    for (let mq = 0; mq < ms.length; mq++) adequacy += Math.min(1, st.stockpile[ms[mq]!]! / stockAdequacyDays);
    st.stockAdequacy[k] = adequacy / ms.length;
    if (!power) continue;
    for (let t = 0; t < nT; t++) st.alliancePower[k * nT + t] = 0;
    for (let mq = 0; mq < ms.length; mq++) {
      const m = ms[mq]!;
      for (let t = 0; t < nT; t++) st.alliancePower[k * nT + t] = st.alliancePower[k * nT + t]! + A.power[m]! * st.share[m * nT + t]!;
    }
  }
}
