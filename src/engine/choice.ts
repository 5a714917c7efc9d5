/**
 * Choice by competing hazards (MODEL.md §4.1) with aims (§4.0).
 *
 *   h_ia = min(hazardMaxPerDay, base_a · exp(κ·U_ia)) · redLineMultiplier (§4.7, sensitive actions)
 *   U_ia = clamp(w_gain·gain − w_cost·(cost_a + playbook) − w_risk·P̂·respSev/10·exposure + extras, −1, 1)
 *
 * An agent's total hazard drives one clock (next-reaction method): its Exp(1) threshold is drawn
 * only when it fires, so hazard changes consume no random numbers (common random numbers hold
 * across policies wherever behaviour does not differ). Hazards are recomputed only for agents an
 * event touched ("dirty") and when older than hazardRefreshDays (periodic refresh).
 */
import type { Scratch } from './caches.js';
import { STREAM } from '../random/index.js';
import { CAT, DOUBLE_ZERO, N_CATEGORIES, N_TK, NONE, REACH, reachKind, TK, US, type State } from './state.js';
import { exp } from './fast-math.js';
import { displayBonus } from './display.js';
import { satiationPenalty } from './satiation.js';
import {
  EX_COERCION, EX_COORD, EX_COST, EX_COUNT, EX_GAIN, EX_GAIN_BAL, EX_GAIN_SQ, EX_GAIN_VUL, EX_HOST, EX_HOSTMEAN, EX_LOSING, EX_PLAYBOOK,
  EX_PROVOCATION, EX_RAW, EX_RETAL, EX_RISK, EX_RISKMEAN, EX_RISKSCALE, EX_SHARED, EX_U, EX_VULN,
} from './explain-book.js';

// Scratch buffers per State (allocated once, reused): the `Scratch` type of caches.ts.

const AT_STRIDE = 8;
const ATI_ACTION = 0, ATI_MIN_RUNG = 1, ATI_MAX_RUNG = 2, ATI_KIND = 3, ATI_KC = 4, ATI_FLAGS = 5, ATI_TIER = 6;
const ATF_BASE = 0, ATF_GAIN_VUL = 1, ATF_BALANCE = 2, ATF_DEESC = 3, ATF_COST = 4, ATF_RISK = 5, ATF_LOSING = 6;
// ATI_FLAGS bits.
const F_DEESC = 1, F_TEST = 2, F_RETAL = 4, F_RED_LINE = 8, F_BELLIGERENT = 16, F_PARTNER = 32, F_DEESC_RIVAL = 64, F_COERCE = 128, F_DISPLAY = 256;

function getScratch(st: State): Scratch {
  let s = st.choiceScratch;
  if (s === null) {
    const nb = st.n + st.nAl;
    s = {
      pHatGen: new Int32Array(nb), pHatVal: new Float64Array(nb), expoVal: new Float64Array(nb), gen: 0,
      kCount: new Float64Array(N_TK), kVuln: new Float64Array(N_TK), kHost: new Float64Array(N_TK), kRisk: new Float64Array(N_TK),
      kRetal: new Float64Array(N_TK), kAlliance: new Float64Array(N_TK * Math.max(1, st.nAl)),
      kcU: new Float64Array(N_TK * N_CATEGORIES),
      kcGen: new Int32Array(N_TK * N_CATEGORIES),
      actI: [], actF: [],
      rowArg: new Float64Array(0), rowOpen: new Uint8Array(0),
      acc: new Float64Array(3), expoOut: { expo: DOUBLE_ZERO }, cand: { list: new Int32Array(0), offset: 0, count: 0 }, targetW: new Float64Array(64),
      targets: new Array<{ j: Int32Array; mult: Float64Array } | null>(st.n * 6).fill(null),
    };
    packActions(st, s);
    let rows = 0;
    for (const acts of st.agentActions) rows = Math.max(rows, acts.length);
    s.rowArg = new Float64Array(rows);
    s.rowOpen = new Uint8Array(rows);
    st.choiceScratch = s;
  }
  return s;
}

/** Build the packed action rows of every agent (constants folded exactly as the loop used them). */
function packActions(st: State, s: Scratch): void {
  const p = st.p;
  for (let slot = 0; slot < st.agents.length; slot++) {
    const i = st.agents[slot]!;
    const acts = st.agentActions[slot]!;
    const ai = new Int32Array(acts.length * AT_STRIDE);
    const af = new Float64Array(acts.length * AT_STRIDE);
    const activity = st.sc.actors.activity[i]!;
    const rev = st.sc.actors.revisionism[i]!;
    for (let q = 0; q < acts.length; q++) {
      const a = acts[q]!;
      // Hazards aggregate candidates by the action's target kind restricted by its reach (§4.1 "Reach").
      const kind = reachKind(st.aTarget[a]!, st.aReach[a]!);
      const cat = st.aCat[a]!;
      const r = q * AT_STRIDE;
      ai[r + ATI_ACTION] = a;
      ai[r + ATI_MIN_RUNG] = st.aMinRung[a]!;
      ai[r + ATI_MAX_RUNG] = st.aMaxRung[a]!;
      ai[r + ATI_KIND] = kind;
      ai[r + ATI_KC] = kind * N_CATEGORIES + cat;
      ai[r + ATI_TIER] = st.aNeedsTier[a]!;
      let f = 0;
      if (cat === CAT.deescalation) f |= F_DEESC;
      else {
        if (st.aSev[a]! >= p.thresholdTestSeverity) f |= F_TEST;
        if (st.aKinetic[a] && kind !== TK.enemy && kind !== TK.none) f |= F_RETAL;
      }
      if (st.aRedLine[a]) f |= F_RED_LINE;
      if (st.aUser[a] === US.belligerent) f |= F_BELLIGERENT;
      if (st.aUser[a] === US.partner) f |= F_PARTNER;
      if (kind === TK.rival && cat === CAT.deescalation) f |= F_DEESC_RIVAL;
      // Coercive confidence applies to choosable uses of force and war (MID level ≥ 4).
      if (st.aMid[a]! >= 4 && st.aUser[a] !== US.belligerent && st.aUser[a] !== US.partner) f |= F_COERCE;
      // Coercion by display (display.ts) applies to choosable hostile threats and displays (MID level 2–3).
      if (cat !== CAT.deescalation && (st.aMid[a] === 2 || st.aMid[a] === 3) && st.aUser[a] !== US.belligerent && st.aUser[a] !== US.partner) f |= F_DISPLAY;
      ai[r + ATI_FLAGS] = f;
      // Same association order as the formulas below: (activity·base)·exp(·), (rev·uGainVul)·kVuln.
      af[r + ATI_ACTION] = 0;
      af[r + ATF_BASE] = activity * st.aBase[a]!;
      af[r + ATF_GAIN_VUL] = rev * st.uGainVul[a]!;
      af[r + ATF_BALANCE] = st.uBalance[a]!;
      af[r + ATF_DEESC] = st.uDeesc[a]!;
      af[r + ATF_COST] = st.uCost[a]!;
      af[r + ATF_RISK] = st.uRisk[a]!;
      af[r + ATF_LOSING] = st.uLosing[a]!;
    }
    s.actI.push(ai);
    s.actF.push(af);
  }
}

const logistic = (x: number) => 1 / (1 + exp(-x));

/** Power actor i commits to a theatre. */
export function theatrePower(st: State, i: number, t: number): number {
  return st.sc.actors.power[i]! * st.share[i * st.nT + t]!;
}

/**
 * P̂_i(bloc responds) (§4.1): a logistic of the bloc's cohesion, forward posture, stockpile
 * adequacy, perceived resolve, its share of power in the theatre, minus the saturated credibility
 * debt (§4.3), plus i's perception bias toward it. Also returns the exposure (the bloc's power share).
 */
export function responseProbability(st: State, slot: number, i: number, bloc: number, t: number, out: { expo: number }): number {
  const p = st.p;
  const Ei = theatrePower(st, i, t);
  let coh: number, posture: number, stock: number, resolve: number, debtSat: number, bias: number, Er: number;
  if (bloc >= st.n) {
    const al = bloc - st.n;
    coh = st.allianceCohesion(al);
    posture = st.sc.alliances[al]!.policy.forwardPosture;
    stock = st.stockAdequacy[al]!;
    resolve = st.resolveToward[slot * st.nAl + al]!;
    const d = st.debtNow(al);
    debtSat = d / (d + p.debtK);
    bias = st.biasAlliance[slot * st.nAl + al]!;
    Er = st.alliancePower[al * st.nT + t]!;
  } else {
    coh = st.cohesion[bloc]!;
    posture = 0;
    stock = Math.min(1, st.stockpile[bloc]! / p.stockAdequacyDays);
    resolve = st.perceivedResolve[i * st.n + bloc]!;
    debtSat = 0;
    bias = st.biasActor[slot * st.n + bloc]!;
    Er = theatrePower(st, bloc, t);
  }
  const shareR = Er + Ei > 0 ? Er / (Er + Ei) : 0.5;
  out.expo = shareR;
  return logistic(
    p.responseBias + p.responseCohesionWeight * coh + p.responsePostureWeight * posture + p.responseStockWeight * stock +
      p.responseResolveWeight * resolve + p.responsePowerWeight * (2 * shareR - 1) - p.debtWeight * debtSat + bias,
  );
}


/** Candidate test shared by hazard aggregation and target choice. */
export function isCandidate(st: State, i: number, kind: number, j: number): boolean {
  if (kind === TK.enemy) return true; // enemies come from the enemy list
  if (isEnemy(st, i, j)) return false; // hostile acts against an enemy at war are war actions
  if (kind === TK.partner) return false;
  if (kind === TK.member) return st.allianceIn[j * st.nT + st.pairTheatre[i * st.n + j]!]! >= 0;
  return true;
}

export function isEnemy(st: State, i: number, j: number): boolean {
  return st.enemyMask[i * st.n + j] === 1;
}

/** Candidate list of a target kind: (array, offset, count), without allocating. */
function candidates(st: State, i: number, kind: number): Scratch['cand'] {
  const cand = getScratch(st).cand;
  if (kind === TK.enemy) {
    cand.list = st.enemies;
    cand.offset = i * st.n;
    cand.count = st.enemyCount[i]!;
    return cand;
  }
  const l = kind === TK.member ? st.memberRivals[i]! : kind === TK.partner ? st.partnerRivals[i]! : st.rivals[i]!;
  cand.list = l;
  cand.offset = 0;
  cand.count = l.length;
  return cand;
}

/** Vulnerability of a target (§4.0): (1 − resilience)(1 − cohesion); a partner's falls with its war capacity. */
export function vulnerability(st: State, j: number): number {
  if (st.sc.actors.partnerIx[j]! >= 0 && st.atWar[j]! > 0) return 1 - st.p.partnerVulnerabilityWeight * st.warCapacity[j]!;
  return st.memberVulnerability(j);
}

/** The red-line multiplier (§4.7) on actor i's horizontal-escalation options. */
export function redLineMultiplier(st: State, i: number): number {
  const rl = st.sc.actors.redLine[i]!;
  if (!(rl >= 0)) return 1;
  let x = -Infinity;
  for (let k = 0; k < st.sc.partners.length; k++) {
    const pa = st.sc.partners[k]!;
    if (!isEnemy(st, i, pa.actorIx)) continue;
    const lvl = st.sc.alliances[pa.allianceIx]!.policy.aidTier * st.aid[k]!;
    if (lvl - rl > x) x = lvl - rl;
  }
  if (x <= 0) return 1; // below the red line aid never raises the hazard (docs/model.md deviation)
  // tanh from the deterministic exp (identical bits on every JavaScript engine).
  const e2 = exp(Math.min(40, (2 * x) / st.p.redLineSlope));
  return 1 + (st.p.redLineLambda * (e2 - 1)) / (e2 + 1);
}

/** Balance for actor i in its worst war (negative: losing), 0 if not at war. */
export function worstBalance(st: State, i: number): number {
  let worst = 0;
  for (let e = 0; e < st.epCount; e++) {
    if (!st.epActive[e] || !st.epWar[e]) continue;
    const side = st.epSide[e]![i];
    if (!side) continue;
    const b = side === 1 ? st.epBalance[e]! : -st.epBalance[e]!;
    if (b < worst) worst = b;
  }
  return worst;
}

/**
 * Coercive confidence of actor i (docs/model.md): the utility its choosable uses of force and war
 * (MID level ≥ 4) lose, coercivePowerWeight·(2s − 1) + coerciveNuclearWeight·nuclear, with s i's
 * share of theatre power against its strongest rival (dyadic: allies count in the deterrence term
 * P̂, not here). A strong or nuclear actor expects threats and displays to coerce; a weak one
 * cannot coerce by display and acts by fait accompli. 0 when both weights are 0 (the defaults),
 * without reading any state.
 */
export function coerciveConfidence(st: State, i: number): number {
  const p = st.p;
  if (p.coercivePowerWeight === 0 && p.coerciveNuclearWeight === 0) return 0;
  // A function of the theatre shares only (power and nuclear status are static): cached per agent
  // until a share changes (performance: the scan over ~35 rivals ran at every recomputation).
  const s = st.agentSlot[i]!;
  if (s >= 0 && st.coerciveCacheVersion[s] === st.shareVersion) return st.coerciveCache[s]!;
  let c = p.coerciveNuclearWeight * st.sc.actors.nuclear[i]!;
  if (p.coercivePowerWeight !== 0) {
    const t = st.primaryTheatre[i]!;
    const own = theatrePower(st, i, t);
    let opp = 0;
    const rv = st.rivals[i]!;
    for (let q = 0; q < rv.length; q++) {
      const e = theatrePower(st, rv[q]!, t);
      if (e > opp) opp = e;
    }
    const share = own + opp > 0 ? own / (own + opp) : 0.5;
    c += p.coercivePowerWeight * (2 * share - 1);
  }
  if (s >= 0) {
    st.coerciveCache[s] = c;
    st.coerciveCacheVersion[s] = st.shareVersion;
  }
  return c;
}

/** Is actor i, a partner, armed at tier ≥ k? */
function aidTierOf(st: State, i: number): number {
  const pk = st.sc.actors.partnerIx[i]!;
  if (pk < 0) return 0;
  const pa = st.sc.partners[pk]!;
  return st.aid[pk]! > st.p.aidActiveLevel ? st.sc.alliances[pa.allianceIx]!.policy.aidTier : 0;
}

/**
 * P̂ and exposure of bloc b for agent slot s into the scratch (sc.pHatVal, sc.expoVal), stamped
 * with the generation. A function of its own that returns nothing: aggregateCandidates does not
 * inline responseProbability (too large for its budget), and its double result came back boxed on
 * the heap; here it is inlined and the result goes straight into the Float64Array (performance,
 * identical results).
 */
function storePHat(st: State, s: number, i: number, b: number, t: number, sc: Scratch): void {
  sc.pHatVal[b] = responseProbability(st, s, i, b, t, sc.expoOut);
  sc.expoVal[b] = sc.expoOut.expo;
  sc.pHatGen[b] = sc.gen;
}

/**
 * Add c candidates to a target kind: their summed vulnerability, hostility and risk are in
 * sc.acc[0..2] (set by the caller). The doubles go through the scratch array, not as arguments:
 * V8 inlines only some of the ~15 call sites within aggregateCandidates' budget, and a call it
 * does not inline boxes every double argument on the heap (~25 kB per trajectory; performance,
 * the same additions in the same order, identical results).
 */
function accumulateN(sc: Scratch, kind: number, c: number, retal: number, al: number, nAl: number): void {
  const acc = sc.acc;
  sc.kCount[kind] = sc.kCount[kind]! + c;
  sc.kVuln[kind] = sc.kVuln[kind]! + acc[0]!;
  sc.kHost[kind] = sc.kHost[kind]! + acc[1]!;
  sc.kRisk[kind] = sc.kRisk[kind]! + acc[2]!;
  if (retal) sc.kRetal[kind] = 1;
  if (al >= 0) sc.kAlliance[kind * nAl + al] = sc.kAlliance[kind * nAl + al]! + c;
}

/**
 * Aggregate agent s's (actor i's) candidate targets by kind into the scratch sums (count, mean
 * vulnerability, hostility and P̂·exposure, per-alliance counts), in one pass over its rivals
 * (static metadata precomputed in State); enemies at war are war targets, not rivals
 * (isCandidate). A function of its own, apart from recomputeHazards, so that V8 inlines the small
 * helpers it calls (accumulateN, vulnerability, responseProbability) within its own inlining
 * budget: not inlined, their double arguments and results were boxed on the heap (~20 kB per
 * trajectory; performance, identical results).
 */
function aggregateCandidates(st: State, s: number, i: number, sc: Scratch): void {
  const n = st.n;
  const nAl = st.nAl;
  const acc = sc.acc;

  // Aggregate candidate targets by kind in one pass over the agent's rivals (static metadata
  // precomputed in State); enemies at war are war targets, not rivals (isCandidate).
  const kAl = sc.kAlliance;
  for (let k = 0; k < kAl.length; k++) kAl[k] = 0;
  for (let kind = 1; kind < N_TK; kind++) {
    sc.kCount[kind] = 0; sc.kVuln[kind] = 0; sc.kHost[kind] = 0; sc.kRisk[kind] = 0; sc.kRetal[kind] = 0;
  }
  // Grouped rivals (members of an alliance where they meet): running sums, O(groups).
  const retalAny = st.retalMax[i]! > st.t ? 1 : 0;
  const nT = st.nT;
  const g0 = s * nAl * nT;
  for (let al = 0; al < nAl; al++) {
    for (let t = 0; t < nT; t++) {
      const g = g0 + al * nT + t;
      const c = st.gCount[g]!;
      if (c === 0) continue;
      const b = n + al;
      if (sc.pHatGen[b] !== sc.gen) {
        storePHat(st, s, i, b, t, sc);
      }
      const risk = sc.pHatVal[b]!;
      const riskE = risk * sc.expoVal[b]!;
      if (!st.gTaint[g]) {
        acc[0] = st.gVulSum[g]!; acc[1] = st.gHostSum[g]!; acc[2] = riskE * c;
        accumulateN(sc, TK.rival, c, retalAny, al, nAl);
        accumulateN(sc, TK.member, c, retalAny, al, nAl);
        if (st.gReachAll[g]) {
          accumulateN(sc, TK.rivalTheatre, c, retalAny, al, nAl);
          accumulateN(sc, TK.memberTheatre, c, retalAny, al, nAl);
        } else {
          const mem = st.gMembers[g]!;
          for (let q = 0; q < mem.length; q++) {
            const j = mem[q]!;
            if ((st.reachBits[i * n + j]! & REACH.theatre) === 0) continue;
            acc[0] = st.memberVulnerability(j); acc[1] = st.hostility[i * n + j]!; acc[2] = riskE;
            accumulateN(sc, TK.rivalTheatre, 1, retalAny, al, nAl);
            accumulateN(sc, TK.memberTheatre, 1, retalAny, al, nAl);
          }
        }
      } else {
        // Some members are at war with the agent: they are war targets, not rivals.
        const mem = st.gMembers[g]!;
        for (let q = 0; q < mem.length; q++) {
          const j = mem[q]!;
          if (isEnemy(st, i, j)) continue;
          acc[0] = st.memberVulnerability(j); acc[1] = st.hostility[i * n + j]!; acc[2] = riskE;
          accumulateN(sc, TK.rival, 1, retalAny, al, nAl);
          accumulateN(sc, TK.member, 1, retalAny, al, nAl);
          if ((st.reachBits[i * n + j]! & REACH.theatre) !== 0) {
            accumulateN(sc, TK.rivalTheatre, 1, retalAny, al, nAl);
            accumulateN(sc, TK.memberTheatre, 1, retalAny, al, nAl);
          }
        }
      }
    }
  }
  // Grouped rivals within border reach (a handful): per candidate.
  const bg = st.borderGrouped[s]!;
  for (let q = 0; q < bg.length; q++) {
    const j = bg[q]!;
    if (isEnemy(st, i, j)) continue;
    const g = st.groupOf[s * n + j]!;
    const al = ((g / nT) | 0) % nAl; // g = (s·nAl + al)·nT + t
    const b = n + al;
    const risk = sc.pHatVal[b]! * sc.expoVal[b]!; // the group loop above computed this bloc's P̂
    acc[0] = st.memberVulnerability(j); acc[1] = st.hostility[i * n + j]!; acc[2] = risk;
    accumulateN(sc, TK.rivalBorder, 1, retalAny, al, nAl);
    accumulateN(sc, TK.memberBorder, 1, retalAny, al, nAl);
  }
  // Single rivals (partners, non-members): per candidate.
  const sg = st.singles[s]!, sq = st.singleQ[s]!;
  const cT = st.candTheatre[s]!, cB = st.candBloc[s]!, cM = st.candMember[s]!, cP = st.candPartner[s]!;
  for (let r = 0; r < sg.length; r++) {
    const j = sg[r]!;
    const q = sq[r]!;
    const enemy = isEnemy(st, i, j);
    if (enemy && !cP[q]) continue;
    const b = cB[q]!;
    if (sc.pHatGen[b] !== sc.gen) {
      storePHat(st, s, i, b, cT[q]!, sc);
    }
    acc[0] = vulnerability(st, j);
    acc[1] = st.hostility[i * n + j]!;
    acc[2] = sc.pHatVal[b]! * sc.expoVal[b]!;
    const retal = st.retaliationUntil[i * n + j]! > st.t ? 1 : 0;
    const al = b >= n ? b - n : -1;
    if (enemy) {
      accumulateN(sc, TK.partner, 1, retal, al, nAl);
      continue;
    }
    accumulateN(sc, TK.rival, 1, retal, al, nAl);
    if (cM[q]) accumulateN(sc, TK.member, 1, retal, al, nAl);
    const rb = st.reachBits[i * n + j]!;
    if ((rb & REACH.border) !== 0) {
      accumulateN(sc, TK.rivalBorder, 1, retal, al, nAl);
      if (cM[q]) accumulateN(sc, TK.memberBorder, 1, retal, al, nAl);
    }
    if ((rb & REACH.theatre) !== 0) {
      accumulateN(sc, TK.rivalTheatre, 1, retal, al, nAl);
      if (cM[q]) accumulateN(sc, TK.memberTheatre, 1, retal, al, nAl);
    }
  }
  const ec = st.enemyCount[i]!;
  for (let q = 0; q < ec; q++) {
    const j = st.enemies[i * n + q]!;
    const t = st.pairTheatre[i * n + j]!;
    const b = st.blocIn(j, t);
    if (sc.pHatGen[b] !== sc.gen) {
      storePHat(st, s, i, b, t, sc);
    }
    acc[0] = vulnerability(st, j); acc[1] = st.hostility[i * n + j]!; acc[2] = sc.pHatVal[b]! * sc.expoVal[b]!;
    accumulateN(sc, TK.enemy, 1, 0, b >= n ? b - n : -1, nAl);
  }
  for (let kind = 1; kind < N_TK; kind++) {
    const c = sc.kCount[kind]!;
    if (c > 0) {
      sc.kVuln[kind] = sc.kVuln[kind]! / c;
      sc.kHost[kind] = sc.kHost[kind]! / c;
      sc.kRisk[kind] = sc.kRisk[kind]! / c;
    }
  }
}

/** Recompute the hazards of agent slot s at the current time, and re-time its clock. */
export function recomputeHazards(st: State, s: number): void {
  const p = st.p;
  const i = st.agents[s]!;
  const sc = getScratch(st);
  sc.gen++;
  const theatre = st.primaryTheatre[i]!;
  const rungNow = st.rung[theatre]!;
  const rev = st.sc.actors.revisionism[i]!;
  const riskTol = st.sc.actors.riskTolerance[i]!;
  const nAl = st.nAl;
  aggregateCandidates(st, s, i, sc);
  const wCostPb = p.weightCost * p.playbookDeterrence;

  const atWar = st.atWar[i]! > 0;
  const losing = -worstBalance(st, i);
  const heat = st.pbHeatNow(i);
  const provocation = p.playbookProvocation * riskTol * (heat / (1 + heat));
  const rlMult = redLineMultiplier(st, i);
  // §4.8: a member of a coordinated partnership (State.coordinating) while its theatre's window is open.
  const coord = st.coordinating[i] === 1 && st.coordUntil[theatre]! > st.t ? p.coordinationBoost : 0;
  const tier = aidTierOf(st, i);
  const base = s * st.nAct;
  const kappa = p.rationality;
  const isPartner = st.sc.actors.partnerIx[i]! >= 0;
  const hMax = p.hazardMaxPerDay;
  const wGain = p.weightGain;
  const wHost = p.hostilityUtilityWeight;
  const statusQuo = (1 - rev) * (rungNow / p.statusQuoRungScale);
  const balanceScale = atWar ? 1 : rev;
  const lossTerm = Math.max(0, losing);
  const retalBoost = p.retaliationBoost;
  const kCount = sc.kCount, kVuln = sc.kVuln, kRisk = sc.kRisk, kcU = sc.kcU, kcGen = sc.kcGen, gen = sc.gen;
  const enemyOk = kCount[TK.enemy]! > 0;
  const hz = st.hz;
  const ai = sc.actI[s]!, af = sc.actF[s]!;
  const nRows = ai.length;
  // 0 unless a coercive* weight is set (docs/model.md §6 (m)); satiation.ts adds to the same actions.
  const coercion = coerciveConfidence(st, i) + satiationPenalty(st, i);
  const display = displayBonus(st, i); // 0 unless displayStatusWeight is set (display.ts)
  // Enabler backing (§4.8): a client sustained by enablers discounts the expected response to its
  // actions, × (1 − enablerRiskDiscount·σ) ∈ [1 − enablerRiskDiscount, 1]; exactly 1 without enablers.
  const riskScale = 1 - p.enablerRiskDiscount * st.enablerSupport[i]!;
  // Three passes over the action rows (performance; the same operations on the same values, so
  // identical hazards): (1) which rows are open and their utility, (2) e^(κ·u) for every row in a
  // tight loop, (3) hazards, drift and total in row order. exp is a chain of ~20 dependent
  // floating-point operations; inside the long first loop the CPU could not overlap one row's chain
  // with the next, in a loop of its own it can (~5–8% of a recomputation, ~2% of a trajectory).
  const arg = sc.rowArg, open = sc.rowOpen;
  // Tracing only (explain.ts): the terms of every row as computed here; null otherwise.
  const ex = st.explain;
  if (ex !== null) {
    ex.rlMult[s] = rlMult;
    ex.at[s] = st.t;
  }
  for (let r = 0, q = 0; r < nRows; r += AT_STRIDE, q++) {
    const kind = ai[r + ATI_KIND]!;
    const fl = ai[r + ATI_FLAGS]!;
    const needTier = ai[r + ATI_TIER]!;
    const ok =
      rungNow >= ai[r + ATI_MIN_RUNG]! && rungNow <= ai[r + ATI_MAX_RUNG]! &&
      (kind === TK.none || kCount[kind]! > 0 || ((fl & F_DEESC_RIVAL) !== 0 && enemyOk)) &&
      ((fl & F_BELLIGERENT) === 0 || atWar) &&
      ((fl & F_PARTNER) === 0 || (atWar && isPartner)) &&
      (needTier === 0 || tier >= needTier);
    if (ok) {
      // §4.0 aims: revisionist terms scale with revisionism, the status-quo term with its complement.
      // kVuln/kRisk of kind none are 0, so target-less actions get no gain from vulnerability or risk.
      const gain = af[r + ATF_GAIN_VUL]! * kVuln[kind]! + af[r + ATF_BALANCE]! * balanceScale + af[r + ATF_DEESC]! * statusQuo;
      // Terms shared by all actions of a (target kind, category), computed once per recomputation:
      // −playbook deterrence (§4.6) and, for hostile categories, the hostility spiral (§4.10) and
      // the coordination window (§4.8).
      const kc = ai[r + ATI_KC]!;
      if (kcGen[kc] !== gen) {
        const cat = kc - kind * N_CATEGORIES;
        let shared = (fl & F_DEESC) === 0 ? (kind !== TK.none ? wHost * sc.kHost[kind]! : 0) + coord : 0;
        const c = kCount[kind]!;
        if (kind !== TK.none && c > 0) {
          let pb = 0;
          for (let k = 0; k < nAl; k++) pb += sc.kAlliance[kind * nAl + k]! * st.pbFlat[k * N_CATEGORIES + cat]!;
          shared -= (wCostPb * pb) / c;
        }
        kcU[kc] = shared;
        kcGen[kc] = gen;
        if (ex !== null) {
          ex.kcHost[kc] = (fl & F_DEESC) === 0 && kind !== TK.none ? wHost * sc.kHost[kind]! : 0;
          ex.kcCoord[kc] = (fl & F_DEESC) === 0 ? coord : 0;
          ex.kcPlaybook[kc] = playbookTerm(st, sc, kind, cat, wCostPb);
        }
      }
      let u = wGain * gain - af[r + ATF_COST]! - kRisk[kind]! * af[r + ATF_RISK]! * riskScale + kcU[kc]!;
      if ((fl & F_TEST) !== 0) u += provocation; // §4.6: packages provoke tests of the threshold
      if ((fl & F_RETAL) !== 0 && sc.kRetal[kind]) u += retalBoost; // §4.4
      u += af[r + ATF_LOSING]! * lossTerm; // §4.13: loss-driven actions (nuclear signalling)
      if (coercion !== 0 && (fl & F_COERCE) !== 0) u -= coercion; // coercive confidence (choosable force and war)
      if (display !== 0 && (fl & F_DISPLAY) !== 0) u += display; // coercion by display (choosable threats and displays)
      if (ex !== null) recordRow(ex.rows, ex.offset(s, q), ex, sc, af, r, kind, kc, fl, wGain, gain, balanceScale, statusQuo, riskScale, provocation, retalBoost, lossTerm, coercion, display, u);
      if (u > 1) u = 1;
      else if (u < -1) u = -1;
      if (ex !== null) ex.rows[ex.offset(s, q) + EX_U] = u;
      arg[q] = kappa * u;
      open[q] = 1;
    } else {
      arg[q] = 0;
      open[q] = 0;
    }
  }
  const nq = nRows / AT_STRIDE;
  for (let q = 0; q < nq; q++) arg[q] = exp(arg[q]!);
  let total = 0;
  let drift = 0;
  for (let r = 0, q = 0; r < nRows; r += AT_STRIDE, q++) {
    const a = ai[r + ATI_ACTION]!;
    let h = 0;
    if (open[q] === 1) {
      // Math.min, not `if (h > hMax) h = hMax`: hMax may be held as a small integer, and merging it
      // with h made V8 box every hazard on the heap (~30 allocations per recomputation; same values).
      h = Math.min(af[r + ATF_BASE]! * arg[q]!, hMax);
      if ((ai[r + ATI_FLAGS]! & F_RED_LINE) !== 0) h *= rlMult;
    }
    const old = hz[base + a]!;
    drift += h > old ? h - old : old - h;
    hz[base + a] = h;
    total += h;
  }
  const oldTotal = st.hzTotal[s]!;
  st.lastDrift[s] = oldTotal > 0 ? drift / oldTotal : total > 0 ? 1 : 0;
  retime(st, s, total);
}

/**
 * Tracing only: −playbook deterrence of a (kind, category), the same expression as in
 * recomputeHazards (−(w_cost·playbookDeterrence·Σ_alliances count·strength)/count).
 */
function playbookTerm(st: State, sc: Scratch, kind: number, cat: number, wCostPb: number): number {
  const c = sc.kCount[kind]!;
  if (kind === TK.none || !(c > 0)) return 0;
  let pb = 0;
  for (let k = 0; k < st.nAl; k++) pb += sc.kAlliance[kind * st.nAl + k]! * st.pbFlat[k * N_CATEGORIES + cat]!;
  return -((wCostPb * pb) / c);
}

/**
 * Tracing only: store one action row's utility terms, each the very expression recomputeHazards
 * added (explain.ts EX_*), and the sum before the clamp.
 */
function recordRow(
  R: Float64Array, o: number, ex: NonNullable<State['explain']>, sc: Scratch, af: Float64Array, r: number, kind: number, kc: number, fl: number,
  wGain: number, gain: number, balanceScale: number, statusQuo: number, riskScale: number, provocation: number, retalBoost: number, lossTerm: number,
  coercion: number, display: number, raw: number,
): void {
  R[o + EX_GAIN_VUL] = af[r + ATF_GAIN_VUL]! * sc.kVuln[kind]!;
  R[o + EX_GAIN_BAL] = af[r + ATF_BALANCE]! * balanceScale;
  R[o + EX_GAIN_SQ] = af[r + ATF_DEESC]! * statusQuo;
  R[o + EX_GAIN] = wGain * gain;
  R[o + EX_COST] = af[r + ATF_COST]!;
  R[o + EX_RISK] = sc.kRisk[kind]! * af[r + ATF_RISK]! * riskScale;
  R[o + EX_SHARED] = sc.kcU[kc]!;
  R[o + EX_HOST] = ex.kcHost[kc]!;
  R[o + EX_COORD] = ex.kcCoord[kc]!;
  R[o + EX_PLAYBOOK] = ex.kcPlaybook[kc]!;
  R[o + EX_PROVOCATION] = (fl & F_TEST) !== 0 ? provocation : 0;
  R[o + EX_RETAL] = (fl & F_RETAL) !== 0 && sc.kRetal[kind] ? retalBoost : 0;
  R[o + EX_LOSING] = af[r + ATF_LOSING]! * lossTerm;
  // the status term of the choice: −coercive confidence on force and war, + the display bonus on threats and displays
  R[o + EX_COERCION] = (coercion !== 0 && (fl & F_COERCE) !== 0 ? -coercion : 0) + (display !== 0 && (fl & F_DISPLAY) !== 0 ? display : 0);
  R[o + EX_RAW] = raw;
  R[o + EX_COUNT] = sc.kCount[kind]!;
  R[o + EX_VULN] = sc.kVuln[kind]!;
  R[o + EX_HOSTMEAN] = sc.kHost[kind]!;
  R[o + EX_RISKMEAN] = sc.kRisk[kind]!;
  R[o + EX_RISKSCALE] = riskScale;
}

/** Re-time an agent's clock after its total hazard changed (no random draw). */
export function retime(st: State, s: number, total: number): void {
  const old = st.hzTotal[s]!;
  const t = st.t;
  if (old > 0) st.clockRemaining[s] = Math.max(0, st.clockRemaining[s]! - old * (t - st.clockT0[s]!));
  st.clockT0[s] = t;
  st.hzTotal[s] = total;
  st.nextTime[s] = total > 0 ? t + st.clockRemaining[s]! / total : Infinity;
  st.dirty[s] = 0;
  st.lastRecompute[s] = t;
}

/** After agent s fired: draw its next Exp(1) threshold. */
export function rearm(st: State, s: number): void {
  const i = st.agents[s]!;
  const k = st.fireCount[s]!;
  st.clockRemaining[s] = -Math.log(st.rng.u(STREAM.choiceClock, i, k));
  st.clockT0[s] = st.t;
  const total = st.hzTotal[s]!;
  st.nextTime[s] = total > 0 ? st.t + st.clockRemaining[s]! / total : Infinity;
}

/** Pick the action that fired for agent s (proportional to hazards). */
export function pickAction(st: State, s: number): number {
  const i = st.agents[s]!;
  const u = st.rng.u(STREAM.choicePick, i, st.fireCount[s]!) * st.hzTotal[s]!;
  const acts = st.agentActions[s]!;
  const base = s * st.nAct;
  let acc = 0;
  let last = NONE;
  for (let q = 0; q < acts.length; q++) {
    const a = acts[q]!;
    const h = st.hz[base + a]!;
    if (h <= 0) continue;
    acc += h;
    last = a;
    if (u < acc) return a;
  }
  return last;
}

/**
 * Draw the target of action a by actor i. Hostile actions weigh a candidate by
 * (targetBaseWeight + vulnerability) × (targetHostilityOffset + hostility i→j + hostility j→i) ×
 * (1 + targetProximityWeight if they border), and strongly toward a member that struck i
 * (retaliation), over the candidates within the action's reach (catalog `reach`). De-escalation goes to the rival with the hottest episode (enemies included).
 * `key` keys the draw. −1 if none.
 */
export function chooseTarget(st: State, i: number, a: number, key: number): number {
  const kind = st.aTarget[a]!;
  if (kind === TK.none) return NONE;
  const deesc = st.aCat[a] === CAT.deescalation;
  if (!deesc && (kind === TK.member || kind === TK.rival)) return chooseHostileTarget(st, i, a, key, kind);
  const reach = kind === TK.member || kind === TK.rival ? st.aReach[a]! : REACH.any;
  const n = st.n;
  const p = st.p;
  let list: ArrayLike<number>, count: number, offset = 0;
  if (deesc && kind === TK.rival) {
    list = st.rivals[i]!;
    count = list.length;
  } else {
    const c = candidates(st, i, kind);
    list = c.list;
    offset = c.offset;
    count = c.count;
  }
  // One pass computes every candidate's weight (kept in a scratch buffer), a second walks the
  // cumulative weights to the draw: each weight is computed once (performance).
  const wBuf = targetWeights(st, count);
  let total = 0;
  for (let q = 0; q < count; q++) {
    const j = list[offset + q]!;
    let w: number;
    if (deesc && kind === TK.rival) {
      const t = st.pairTheatre[i * n + j]!;
      const e = findEpisodeRung(st, t, st.blocIn(i, t), st.blocIn(j, t));
      w = 1 + e * e;
    } else {
      if (kind === TK.partner ? !isEnemy(st, i, j) : !isCandidate(st, i, kind, j)) { wBuf[q] = -1; continue; }
      // Reach (§4.1): a border action only across a shared border, a theatre action only where i's forces reach j's.
      if (reach !== REACH.any && (st.reachBits[i * n + j]! & reach) === 0) { wBuf[q] = -1; continue; }
      w = (p.targetBaseWeight + vulnerability(st, j)) * (p.targetHostilityOffset + st.hostility[i * n + j]! + st.hostility[j * n + i]!);
      if (st.sc.actors.borders[i * n + j]) w *= 1 + p.targetProximityWeight;
      if (st.aKinetic[a] && st.retaliationUntil[i * n + j]! > st.t) w *= p.retaliationTargetWeight;
    }
    wBuf[q] = w;
    total += w;
  }
  return drawWeighted(st, i, a, key, list, offset, count, wBuf, total);
}

/**
 * chooseTarget for a hostile action on a member or rival kind: the same weights, over the static
 * candidate list of (i, kind, reach) (staticTargets), so the tests that never change within a
 * trajectory (an alliance where they meet, the reach bits, the border factor) are not redone at
 * every choice (performance). A candidate the static list leaves out had weight "not a
 * candidate" and added nothing; the others are summed in the same order with the same operations
 * (× 1 where no border is exactly the weight), so the draw is identical.
 */
function chooseHostileTarget(st: State, i: number, a: number, key: number, kind: number): number {
  const tl = staticTargets(st, i, kind, st.aReach[a]!);
  const list = tl.j, mult = tl.mult;
  const count = list.length;
  const n = st.n;
  const p = st.p;
  const base = p.targetBaseWeight, off = p.targetHostilityOffset;
  const kinetic = st.aKinetic[a] === 1;
  const t = st.t;
  const wBuf = targetWeights(st, count);
  const mask = st.enemyMask, host = st.hostility, retal = st.retaliationUntil;
  let total = 0;
  for (let q = 0; q < count; q++) {
    const j = list[q]!;
    if (mask[i * n + j] === 1) { wBuf[q] = -1; continue; } // at war with i: a war target (isCandidate)
    let w = (base + vulnerability(st, j)) * (off + host[i * n + j]! + host[j * n + i]!);
    const m = mult[q]!;
    if (m !== 1) w *= m;
    if (kinetic && retal[i * n + j]! > t) w *= p.retaliationTargetWeight;
    wBuf[q] = w;
    total += w;
  }
  return drawWeighted(st, i, a, key, list, 0, count, wBuf, total);
}

/** The draw over weights computed by chooseTarget (−1: not a candidate). */
function drawWeighted(st: State, i: number, a: number, key: number, list: ArrayLike<number>, offset: number, count: number, wBuf: Float64Array, total: number): number {
  if (total <= 0) return NONE;
  const u = st.rng.u(STREAM.choiceTarget, i * st.nAct + a, key) * total;
  let acc = 0;
  let last = NONE;
  for (let q = 0; q < count; q++) {
    const w = wBuf[q]!;
    if (w < 0) continue; // not a candidate
    const j = list[offset + q]!;
    acc += w;
    last = j;
    if (u < acc) return j;
  }
  return last;
}

/**
 * The static candidate list of actor i for a hostile action of kind member or rival with reach
 * `reach` (Scratch.targets): i's rivals (member kind: those with an alliance where they meet) in
 * their order, those within reach, and each one's border factor. Built once per State.
 */
function staticTargets(st: State, i: number, kind: number, reach: number): { j: Int32Array; mult: Float64Array } {
  const sc = getScratch(st);
  const ix = (i * 2 + (kind === TK.member ? 0 : 1)) * 3 + reach;
  let tl = sc.targets[ix];
  if (tl !== null && tl !== undefined) return tl;
  const n = st.n, nT = st.nT;
  const l = kind === TK.member ? st.memberRivals[i]! : st.rivals[i]!;
  const js: number[] = [], ms: number[] = [];
  for (let q = 0; q < l.length; q++) {
    const j = l[q]!;
    if (kind === TK.member && !(st.allianceIn[j * nT + st.pairTheatre[i * n + j]!]! >= 0)) continue;
    if (reach !== REACH.any && (st.reachBits[i * n + j]! & reach) === 0) continue;
    js.push(j);
    ms.push(st.sc.actors.borders[i * n + j] ? 1 + st.p.targetProximityWeight : 1);
  }
  tl = { j: Int32Array.from(js), mult: Float64Array.from(ms) };
  sc.targets[ix] = tl;
  return tl;
}

/** The target-weight scratch of this State's choice buffers, grown to at least `count`. */
function targetWeights(st: State, count: number): Float64Array {
  const s = getScratch(st);
  if (s.targetW.length < count) s.targetW = new Float64Array(Math.max(count, 2 * s.targetW.length));
  return s.targetW;
}

/** Rung of the active episode between two blocs in a theatre (0 if none). */
function findEpisodeRung(st: State, theatre: number, a: number, b: number): number {
  for (let e = 0; e < st.epCount; e++) {
    if (!st.epActive[e] || st.epTheatre[e] !== theatre) continue;
    const x = st.epA[e]!, y = st.epB[e]!;
    if ((x === a && y === b) || (x === b && y === a)) return st.epRung[e]!;
  }
  return 0;
}
