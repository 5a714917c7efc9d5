/**
 * War in a theatre, exhaustion, ceasefire and the nuclear threshold (MODEL.md §4.13).
 * Daily, for each war episode:
 *   E_side = Σ power·theatreShare·warCapacity·(½ + ½·stockAdequacy) (+ aidPowerPerUnit·A for an
 *            aided partner); the defender's (side B) × defenderAdvantage;
 *   balance += ρ·(E_A − E_B)/(E_A + E_B) − μ·balance        (balance > 0 favours side A);
 * belligerents consume `intensity` days of supply, lose war capacity with the opponent's force
 * share and an empty stockpile, and recover it while stocks are adequate (and with aid). A
 * partner below collapseThreshold collapses. The ceasefire hazard rises with mutual exhaustion
 * and talks (a clock on an Exp(1) threshold: one draw per war). A nuclear belligerent's hazard
 * of use has a tiny base, becomes material only after `defeatDays` of sustained defeat together
 * with a recent attack on its homeland, scaled by its riskTolerance and damped when the opponent
 * is nuclear-armed.
 */
import { aidReceived } from './aid.js';
import { emit, stampRung } from './emit.js';
import { endEpisode, markBelligerent, markTheatreDirty, refreshTheatreRung } from './episodes.js';
import { NOTE } from './log.js';
import { productionPerDay, sanctionsRecoveryFactor, stockCap } from './industry.js';
import { powInt } from './fast-math.js';
import { type State } from './state.js';


export function warIntensity(st: State, e: number): number {
  return st.epRung[e]! >= 5 ? st.p.generalWarIntensity : st.p.proxyIntensity;
}

/** Is belligerent k of episode e present (its alliance's forces have arrived, or it is a lead)? */
function present(st: State, e: number, k: number, theatre: number): boolean {
  if (k === st.epLeadA[e] || k === st.epLeadB[e]) return true;
  const al = st.allianceIn[k * st.nT + theatre]!;
  return al < 0 || st.arrivalT[al]! <= st.t;
}

function effectivePower(st: State, k: number, theatre: number): number {
  const A = st.sc.actors;
  const adequacy = Math.min(1, st.stockpile[k]! / st.p.stockAdequacyDays);
  // An empty stockpile leaves emptyStockPowerFactor of fighting power; aid adds power of its own (§4.7).
  const f = st.p.emptyStockPowerFactor;
  const own = A.power[k]! * st.share[k * st.nT + theatre]! * st.warCapacity[k]! * (f + (1 - f) * adequacy);
  return own + st.p.aidPowerPerUnit * aidReceived(st, k);
}

/**
 * The daily war step of the event loop: every active war that is due (st.epStepTo) is advanced,
 * over several days at once where nothing discrete can happen in them (D62, docs/model.md §4.13
 * "Multi-day war steps"): up to warStepDays, ending on a multiple of it (or at the horizon). A
 * war is otherwise stepped one day, exactly as engine 0.2.0 stepped every day (stepWarDay).
 * `cover` is each actor's diplomatic cover.
 */
export function stepWars(st: State, cover: Float64Array): void {
  const K = st.p.warStepDays;
  const day = st.day;
  for (let e = 0; e < st.epCount; e++) {
    if (!st.epActive[e] || !st.epWar[e] || st.epStepTo[e]! > day) continue;
    if (K > 1) {
      const n = st.gridSpan(day);
      if (n > 1 && stepWarDays(st, e, cover, n)) {
        st.epStepTo[e] = day + n;
        continue;
      }
    }
    st.epStepTo[e] = day + 1;
    stepWarDay(st, e, cover);
  }
}

/** Is belligerent k of episode e present at time t (see present)? */
function presentAt(st: State, e: number, k: number, theatre: number, t: number): boolean {
  if (k === st.epLeadA[e] || k === st.epLeadB[e]) return true;
  const al = st.allianceIn[k * st.nT + theatre]!;
  return al < 0 || st.arrivalT[al]! <= t;
}

/**
 * n days (n ≥ 2, days st.day … st.day + n − 1) of war episode e in closed form, with each
 * belligerent's effective power, aid, production and the opponent's force share held at their
 * values on the first day (docs/model.md §4.13 "Multi-day war steps"):
 *   balance  b_n = b* + (b_0 − b*)(1 − μ)^n, b* = ρ·x/μ, x = (E_A − E_B)/(E_A + E_B);
 *   stock    s_n = min(max(cap, s_0), s_0 + n·net) for net ≥ 0, max(0, s_0 + n·net) for net < 0,
 *            net = production + aid·intensity − intensity (the daily clamps of a monotone path);
 *   capacity w_n = w* + (w_0 − w*)(1 − g)^n, w* = (g − L)/g, with L the daily loss (the empty-stock
 *            attrition on the exact number of empty days, averaged) and g the daily recovery rate
 *            (stock adequacy the mean of the first and last day's);
 *   ceasefire clock + n·h, h at the mean of the first and last day's mutual exhaustion.
 * Each is clamped to its bounds at the end, which is the daily clamping for these monotone paths.
 * Returns false, writing nothing, if a discrete step could fall inside the n days: the clock
 * reaching its threshold, a partner's capacity falling below collapseThreshold, a nuclear
 * belligerent losing beyond defeatBalance on the first or last day (its use clock and defeat
 * timer run day by day), forces arriving, or talks ending; the caller then steps one day.
 */
function stepWarDays(st: State, e: number, cover: Float64Array, n: number): boolean {
  const p = st.p;
  const A = st.sc.actors;
  const theatre = st.epTheatre[e]!;
  const side = st.epSide[e]!;
  const mem = st.epMembers[e]!;
  const nm = st.epMemberCount[e]!;
  const t0 = st.t, tEnd = t0 + n - 1;
  const tu = st.epTalksUntil[e]!;
  if (tu > t0 !== tu > tEnd) return false;
  let EA = 0, EB = 0;
  for (let q = 0; q < nm; q++) {
    const k = mem[q]!;
    const s = side[k];
    if (!s) continue;
    const pr = present(st, e, k, theatre);
    if (pr !== presentAt(st, e, k, theatre, tEnd)) return false;
    if (!pr) continue;
    const E = effectivePower(st, k, theatre);
    if (s === 1) EA += E;
    else EB += E;
  }
  EB *= p.defenderAdvantage;
  const tot = EA + EB;
  const b0 = st.epBalance[e]!;
  let bN = b0;
  if (tot > 0) {
    const x = p.warRho * ((EA - EB) / tot);
    // (μ ≤ 1e-9: the linear path; x/μ would overflow or lose every digit. Same below for g.)
    bN = p.warMu > 1e-9 ? x / p.warMu + (b0 - x / p.warMu) * powInt(1 - p.warMu, n) : b0 + n * x;
  }
  bN = bN > 1 ? 1 : bN < -1 ? -1 : bN;
  // A nuclear belligerent losing on the first or the last day (the path is monotone): day by day.
  const db = p.defeatBalance;
  for (let q = 0; q < nm; q++) {
    const k = mem[q]!;
    const s = side[k];
    if (!s || !A.nuclear[k]) continue;
    if (s === 1 ? b0 < -db || bN < -db : -b0 < -db || -bN < -db) return false;
  }
  const intensity = warIntensity(st, e);
  const shareA = tot > 0 ? EA / tot : 0.5;
  let sc = st.warScratch;
  if (sc === null || sc.length < 2 * st.n) sc = st.warScratch = new Float64Array(2 * st.n);
  const AD = p.stockAdequacyDays;
  for (let q = 0; q < nm; q++) {
    const k = mem[q]!;
    const s = side[k];
    if (!s) continue;
    const s0 = st.stockpile[k]!;
    const w0 = st.warCapacity[k]!;
    if (!present(st, e, k, theatre)) {
      const capT = stockCap(st, k);
      sc[2 * k] = s0 < capT ? Math.min(capT, s0 + n * productionPerDay(st, k, cover[k]!)) : s0;
      sc[2 * k + 1] = w0;
      continue;
    }
    const aid = aidReceived(st, k);
    const net = productionPerDay(st, k, cover[k]!) + aid * intensity - intensity;
    const cap = Math.max(stockCap(st, k), s0);
    let s1 = s0 + net;
    s1 = s1 > cap ? cap : s1 < 0 ? 0 : s1;
    const sN = net >= 0 ? Math.min(cap, s0 + n * net) : Math.max(0, s0 + n * net);
    let empty = 0;
    if (net >= 0) empty = s0 + net <= 0 ? n : 0;
    else empty = Math.max(0, n - Math.max(1, Math.ceil(s0 / -net)) + 1);
    const adequacy = (Math.min(1, s1 / AD) + Math.min(1, sN / AD)) / 2;
    const opp = s === 1 ? 1 - shareA : shareA;
    const L = p.attritionPerDay * intensity * 2 * opp + (p.emptyStockAttrition * empty) / n;
    const g = p.capacityRecoveryPerDay * (p.recoveryFloor + (1 - p.recoveryFloor) * adequacy) * sanctionsRecoveryFactor(st, k, cover[k]!) +
      p.aidCapacityGain * aid + p.enablerCapacityGain * st.enablerSupport[k]!;
    let wN = g > 1e-9 ? (g - L) / g + (w0 - (g - L) / g) * powInt(1 - g, n) : w0 - n * L;
    wN = wN < 0 ? 0 : wN > 1 ? 1 : wN;
    const pk = A.partnerIx[k]!;
    if (pk >= 0 && !st.collapsed[pk] && wN < st.sc.partners[pk]!.collapseThreshold) return false;
    sc[2 * k] = sN;
    sc[2 * k + 1] = wN;
  }
  // The ceasefire clock (none after nuclear use: rung 6 is absorbing).
  const la = st.epLeadA[e]!, lb = st.epLeadB[e]!;
  let clock = st.epClock[e]!;
  const ceasefire = st.epRung[e]! < 6;
  if (ceasefire) {
    const ex0 = (1 - st.warCapacity[la]!) * (1 - st.warCapacity[lb]!);
    const exN = (1 - sc[2 * la + 1]!) * (1 - sc[2 * lb + 1]!);
    const talks = tu > t0 ? p.talksEndBoost : 1;
    const sa = st.enablerSupport[la]!, sb = st.enablerSupport[lb]!;
    const holdOut = 1 - p.enablerSettlementDamping * (sa > sb ? sa : sb);
    clock += n * p.ceasefireBasePerDay * (1 + p.ceasefireExhaustionWeight * ((ex0 + exN) / 2)) * talks * holdOut;
    if (clock >= st.epThreshold[e]!) return false;
  }
  // Nothing discrete inside the n days: commit them.
  st.epBalance[e] = bN;
  const flag = st.alFlag;
  let anyAllianceAtWar = false;
  for (let q = 0; q < nm; q++) {
    const k = mem[q]!;
    const s = side[k];
    if (!s) continue;
    st.stockpile[k] = sc[2 * k]!;
    st.warCapacity[k] = sc[2 * k + 1]!;
    if (A.nuclear[k]) st.defeatSinceT[k] = Infinity;
    if (!present(st, e, k, theatre)) continue;
    const als = st.alliancesOf[k]!;
    for (let r = 0; r < als.length; r++) { flag[als[r]!] = 1; anyAllianceAtWar = true; }
  }
  if (anyAllianceAtWar) chargeFlagged(st, p.warCostPerIntensityDay * intensity * n);
  if (ceasefire) st.epClock[e] = clock;
  return true;
}

/** One day of war episode e (the daily step of engine 0.2.0, unchanged). */
function stepWarDay(st: State, e: number, cover: Float64Array): void {
  const p = st.p;
  const flag = st.alFlag;
  {
    const theatre = st.epTheatre[e]!;
    const side = st.epSide[e]!;
    const mem = st.epMembers[e]!;
    const nm = st.epMemberCount[e]!;
    let EA = 0, EB = 0;
    for (let q = 0; q < nm; q++) {
      const k = mem[q]!;
      const s = side[k];
      if (!s || !present(st, e, k, theatre)) continue;
      const E = effectivePower(st, k, theatre);
      if (s === 1) EA += E;
      else EB += E;
    }
    EB *= p.defenderAdvantage;
    const tot = EA + EB;
    let bal = st.epBalance[e]!;
    if (tot > 0) bal += p.warRho * ((EA - EB) / tot) - p.warMu * bal;
    st.epBalance[e] = bal > 1 ? 1 : bal < -1 ? -1 : bal;
    const intensity = warIntensity(st, e);
    const shareA = tot > 0 ? EA / tot : 0.5;
    let anyAllianceAtWar = false;
    for (let q = 0; q < nm; q++) {
      const k = mem[q]!;
      const s = side[k];
      if (!s) continue;
      if (!present(st, e, k, theatre)) {
        // Forces still in transit (Article 5 lead time): they produce but neither fight nor consume.
        const capT = stockCap(st, k);
        if (st.stockpile[k]! < capT) st.stockpile[k] = Math.min(capT, st.stockpile[k]! + productionPerDay(st, k, cover[k]!));
        continue; // next member
      }
      // Each collective-defence alliance with a member fighting here pays the war's cost once (§4.12).
      const als = st.alliancesOf[k]!;
      for (let r = 0; r < als.length; r++) { flag[als[r]!] = 1; anyAllianceAtWar = true; }
      const aid = aidReceived(st, k);
      let stock = st.stockpile[k]! + productionPerDay(st, k, cover[k]!) + aid * intensity - intensity;
      const cap = Math.max(stockCap(st, k), st.stockpile[k]!);
      if (stock > cap) stock = cap;
      if (stock < 0) stock = 0;
      st.stockpile[k] = stock;
      const opp = s === 1 ? 1 - shareA : shareA;
      const adequacy = Math.min(1, stock / p.stockAdequacyDays);
      let w = st.warCapacity[k]!;
      const loss = p.attritionPerDay * intensity * 2 * opp + (stock <= 0 ? p.emptyStockAttrition : 0);
      // Recovery (mobilisation, repair), cut by sanctions unless covered, plus aid's and enablers' force generation (§4.7, §4.8).
      const gain = p.capacityRecoveryPerDay * (p.recoveryFloor + (1 - p.recoveryFloor) * adequacy) * (1 - w) * sanctionsRecoveryFactor(st, k, cover[k]!) +
        p.aidCapacityGain * aid * (1 - w) + p.enablerCapacityGain * st.enablerSupport[k]! * (1 - w);
      w = w - loss + gain;
      st.warCapacity[k] = w < 0 ? 0 : w > 1 ? 1 : w;
    }
    if (anyAllianceAtWar) chargeFlagged(st, p.warCostPerIntensityDay * intensity);
    // Partner collapse.
    let ended = false;
    for (let q = 0; q < nm && !ended; q++) {
      const k = mem[q]!;
      const pk = st.sc.actors.partnerIx[k]!;
      if (pk < 0 || !side[k] || st.collapsed[pk]) continue;
      if (st.warCapacity[k]! < st.sc.partners[pk]!.collapseThreshold) {
        st.collapsed[pk] = 1;
        if (st.collapseDay === Infinity) st.collapseDay = st.day;
        const id = emit(st, k, st.sc.ruleActions.capitulation, k === st.epLeadA[e] ? st.epLeadB[e]! : st.epLeadA[e]!, theatre, -1);
        st.log.note[id] = NOTE.collapse;
        markTheatreDirty(st, theatre, e); // before the war's sides are cleared
        endEpisode(st, e);
        stampRung(st, id, theatre);
        ended = true;
      }
    }
    if (ended) return;
    if (stepNuclear(st, e, theatre)) return;
    // Ceasefire clock (none after nuclear use: rung 6 is absorbing).
    if (st.epRung[e]! >= 6) return;
    const wa = st.warCapacity[st.epLeadA[e]!]!, wb = st.warCapacity[st.epLeadB[e]!]!;
    const exhaustion = (1 - wa) * (1 - wb);
    const talks = st.epTalksUntil[e]! > st.t ? p.talksEndBoost : 1;
    // Enabler leverage (§4.8): a lead sustained from outside holds out; exactly 1 without enablers.
    const sa = st.enablerSupport[st.epLeadA[e]!]!, sb = st.enablerSupport[st.epLeadB[e]!]!;
    const holdOut = 1 - p.enablerSettlementDamping * (sa > sb ? sa : sb);
    st.epClock[e] = st.epClock[e]! + p.ceasefireBasePerDay * (1 + p.ceasefireExhaustionWeight * exhaustion) * talks * holdOut;
    if (st.epClock[e]! >= st.epThreshold[e]!) {
      const id = emit(st, st.epLeadA[e]!, st.sc.ruleActions.ceasefire, st.epLeadB[e]!, theatre, -1);
      markTheatreDirty(st, theatre, e); // before the war's sides are cleared
      endEpisode(st, e);
      stampRung(st, id, theatre);
    }
  }
}

/** Add `cost` to C_risk of every alliance flagged in st.alFlag, and clear the flags. */
function chargeFlagged(st: State, cost: number): void {
  const flag = st.alFlag;
  for (let k = 0; k < flag.length; k++) {
    if (!flag[k]) continue;
    flag[k] = 0;
    st.alCostRisk[k] = st.alCostRisk[k]! + cost;
  }
}

/** Returns true if nuclear use happened in episode e. */
function stepNuclear(st: State, e: number, theatre: number): boolean {
  const p = st.p;
  const A = st.sc.actors;
  const side = st.epSide[e]!;
  const mem = st.epMembers[e]!;
  const nm = st.epMemberCount[e]!;
  for (let q = 0; q < nm; q++) {
    const k = mem[q]!;
    const s = side[k];
    if (!s || !A.nuclear[k]) continue;
    const bal = s === 1 ? st.epBalance[e]! : -st.epBalance[e]!;
    if (bal < -p.defeatBalance) {
      if (st.defeatSinceT[k] === Infinity) st.defeatSinceT[k] = st.t;
    } else {
      st.defeatSinceT[k] = Infinity;
      continue;
    }
    const sustained = st.t - st.defeatSinceT[k]! >= p.defeatDays;
    const homeland = st.t - st.homelandHitT[k]! <= p.homelandWindowDays;
    let opponentNuclear = false;
    for (let r = 0; r < nm; r++) {
      const j = mem[r]!;
      if (side[j] !== s && A.nuclear[j]) { opponentNuclear = true; break; }
    }
    const h = p.nuclearUseBasePerDay * (sustained && homeland ? p.nuclearDefeatMultiplier : 1) * A.riskTolerance[k]! *
      (opponentNuclear ? p.nuclearAdversaryDamping : 1);
    st.nuclearClock[k] = st.nuclearClock[k]! + h;
    if (st.nuclearClock[k]! >= st.nuclearThreshold[k]!) {
      const target = s === 1 ? st.epLeadB[e]! : st.epLeadA[e]!;
      const id = emit(st, k, st.sc.ruleActions.nuclearUse, target, theatre, -1);
      st.epRung[e] = 6;
      refreshTheatreRung(st, theatre, id);
      stampRung(st, id, theatre);
      markBelligerent(st, k);
      markTheatreDirty(st, theatre, e);
      if (st.nuclearDay === Infinity) st.nuclearDay = st.day;
      // The catastrophe is the cost of every collective-defence alliance with a member fighting on the other side.
      let opposed = false;
      for (let r = 0; r < nm; r++) {
        const j = mem[r]!;
        if (!side[j] || side[j] === s) continue;
        const als = st.alliancesOf[j]!;
        for (let q2 = 0; q2 < als.length; q2++) { st.alFlag[als[q2]!] = 1; opposed = true; }
      }
      if (opposed) chargeFlagged(st, p.nuclearCatastropheCost);
      st.nuclearClock[k] = -Infinity; // absorbing: one use recorded per actor
      return true;
    }
  }
  return false;
}

