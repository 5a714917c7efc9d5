/**
 * Episodes (MODEL.md §3): one crisis between two blocs in a theatre. An episode opens with a
 * detected hostile event, records the highest rung it reaches, and ends by a termination hazard
 * of 1/quietDays per day once quietDays have passed without hostile events (sped up by talks).
 * War episodes (rung ≥ 3 with fighting) end only by ceasefire or collapse (war.ts).
 * The theatre's rung is the highest rung among its active episodes, so rungs fall when
 * episodes end. Horizontal escalation (§1) is detected here.
 */
import { mix32, STREAM } from '../random/index.js';
import { DOM, N_DOMAINS, NONE, type State } from './state.js';
import { stampRung } from './emit.js';

export function findEpisode(st: State, theatre: number, a: number, b: number): number {
  for (let e = 0; e < st.epCount; e++) {
    if (!st.epActive[e] || st.epTheatre[e] !== theatre) continue;
    const x = st.epA[e]!, y = st.epB[e]!;
    if ((x === a && y === b) || (x === b && y === a)) return e;
  }
  return NONE;
}

function allocEpisode(st: State): number {
  for (let e = 0; e < st.epCount; e++) if (!st.epActive[e]) return e;
  if (st.epCount === st.epCap) {
    const c = st.epCap * 2;
    const g = <T extends Uint8Array | Int32Array | Float64Array>(x: T): T => {
      const y = new (x.constructor as new (k: number) => T)(c);
      y.set(x);
      return y;
    };
    st.epActive = g(st.epActive); st.epTheatre = g(st.epTheatre); st.epA = g(st.epA); st.epB = g(st.epB);
    st.epLeadA = g(st.epLeadA); st.epLeadB = g(st.epLeadB); st.epRung = g(st.epRung); st.epOpen = g(st.epOpen);
    st.epLastHostile = g(st.epLastHostile); st.epEnd = g(st.epEnd); st.epWar = g(st.epWar); st.epBalance = g(st.epBalance);
    st.epClock = g(st.epClock); st.epThreshold = g(st.epThreshold); st.epTalksUntil = g(st.epTalksUntil);
    st.epHostileCount = g(st.epHostileCount); st.epInitial = g(st.epInitial); st.epOpenEvent = g(st.epOpenEvent); st.epStepTo = g(st.epStepTo);
    st.epMemberCount = g(st.epMemberCount);
    st.epCap = c;
  }
  return st.epCount++;
}

/**
 * Key of an episode's draws: its theatre, its two blocs and the day it opened. These identify it
 * within a trajectory (a pair has at most one active episode per theatre, and an episode lasts past
 * the day it opened), and unlike the id of the event that opened it they do not depend on how many
 * events other theatres logged first: a policy that changes one theatre's events must not shift
 * another theatre's episode ends or ceasefires (MODEL.md §6, common random numbers).
 */
function episodeKey(st: State, e: number): number {
  return mix32(mix32(mix32(mix32(st.epTheatre[e]! ^ 0x2545f491) ^ st.epA[e]!) ^ st.epB[e]!) ^ Math.floor(st.epOpen[e]!));
}

/** Schedule the end of a non-war episode after its latest hostile event. */
export function scheduleEnd(st: State, e: number): void {
  const q = st.p.quietDays;
  const u = st.rng.u(STREAM.episodeEnd, episodeKey(st, e), st.epHostileCount[e]!);
  // After quietDays without hostility, the daily ending hazard is 1/quietDays: an exponential wait.
  st.epEnd[e] = st.epLastHostile[e]! + st.p.episodeGraceDays + -Math.log(u) * q;
}

/**
 * Open or raise the episode between actor i's bloc and actor j's bloc in `theatre` for a hostile
 * event of `rung` (event id `ev`). Returns the episode index.
 */
export function touchEpisode(st: State, theatre: number, i: number, j: number, rung: number, ev: number): number {
  const a = st.blocIn(i, theatre), b = st.blocIn(j, theatre);
  let e = findEpisode(st, theatre, a, b);
  if (e === NONE) {
    e = allocEpisode(st);
    st.epActive[e] = 1; st.epTheatre[e] = theatre; st.epA[e] = a; st.epB[e] = b; st.epLeadA[e] = i; st.epLeadB[e] = j;
    st.epRung[e] = rung; st.epOpen[e] = st.t; st.epWar[e] = 0; st.epBalance[e] = 0; st.epClock[e] = 0;
    st.epTalksUntil[e] = -Infinity; st.epHostileCount[e] = 0; st.epInitial[e] = 0; st.epOpenEvent[e] = ev;
    st.epThreshold[e] = -Math.log(st.rng.u(STREAM.ceasefire, episodeKey(st, e), 0));
  } else if (rung > st.epRung[e]!) {
    st.epRung[e] = rung;
  }
  st.epLastHostile[e] = st.t;
  st.epHostileCount[e] = st.epHostileCount[e]! + 1;
  if (!st.epWar[e]) scheduleEnd(st, e);
  return e;
}

export function endEpisode(st: State, e: number): void {
  st.epActive[e] = 0;
  const dur = st.t - st.epOpen[e]!;
  st.endedDurations.push(Math.max(0, Math.round(dur)));
  if (st.epInitial[e] === 1 && st.firstEpisodeEnd < 0) st.firstEpisodeEnd = st.t;
  if (st.epWar[e]) {
    st.epWar[e] = 0;
    const side = st.epSide[e]!;
    const mem = st.epMembers[e]!;
    for (let q = 0; q < st.epMemberCount[e]!; q++) {
      const k = mem[q]!;
      st.atWar[k] = st.atWar[k]! - 1;
      side[k] = 0;
    }
    st.epMemberCount[e] = 0;
    rebuildEnemies(st);
  }
  refreshTheatreRung(st, st.epTheatre[e]!, NONE);
}

/**
 * Mark dirty (§4.1: recompute after an event that touches them) the agents whose hazards a change
 * in `theatre` can move: the agents acting there (its rung gates their options), the parties to
 * war episode `e` when e ≥ 0 (their enemies change), and members of coordinated partnerships
 * (§4.8: their coordination window may have opened). Agents elsewhere keep their hazards and
 * clocks, so an unrelated theatre's trajectory does not depend on this one's events (MODEL.md §6).
 */
export function markTheatreDirty(st: State, theatre: number, e: number): void {
  const side = e >= 0 && st.epWar[e] ? st.epSide[e]! : null;
  const als = st.sc.alliances;
  for (let s = 0; s < st.agents.length; s++) {
    const i = st.agents[s]!;
    let hit = st.primaryTheatre[i] === theatre || (side !== null && side[i] !== 0);
    for (let k = 0; k < als.length && !hit; k++) if (!als[k]!.collectiveDefense && als[k]!.coordination && als[k]!.memberMask[i]) hit = true;
    if (hit) st.dirty[s] = 1;
  }
}

/** Mark episode e as a war with leads on each side. */
export function startWar(st: State, e: number, ev: number): void {
  if (st.epWar[e]) return;
  st.epWar[e] = 1;
  // Grow the per-episode side arrays by appending (never leaving holes: a holey array changes
  // its hidden class, and every optimised function reading it would be thrown away).
  while (st.epSide.length <= e) {
    st.epSide.push(new Uint8Array(st.n));
    st.epMembers.push(new Int32Array(st.n));
  }
  st.epSide[e]!.fill(0);
  st.epMemberCount[e] = 0;
  addBelligerent(st, e, st.epLeadA[e]!, 1, ev);
  addBelligerent(st, e, st.epLeadB[e]!, 2, ev);
  st.epThreshold[e] = -Math.log(st.rng.u(STREAM.ceasefire, episodeKey(st, e), 1));
  st.epClock[e] = 0;
  st.epStepTo[e] = st.day; // war.ts steps it from the next daily step on (D62)
}

export function addBelligerent(st: State, e: number, k: number, side: number, ev: number): void {
  const s = st.epSide[e]!;
  if (s[k]) return;
  s[k] = side;
  st.epMembers[e]![st.epMemberCount[e]!] = k;
  st.epMemberCount[e] = st.epMemberCount[e]! + 1;
  st.atWar[k] = st.atWar[k]! + 1;
  // Dyads (scenario \`dyads\`): two states on opposite sides of an active war are in direct combat.
  for (let d = 0; d < st.dyadA.length; d++) {
    if (st.dyadDay[d] !== Infinity) continue;
    const o = st.dyadA[d] === k ? st.dyadB[d]! : st.dyadB[d] === k ? st.dyadA[d]! : -1;
    if (o >= 0 && s[o] && s[o] !== side) st.dyadDay[d] = st.day;
  }
  if (ev >= 0) markBelligerent(st, k);
  rebuildEnemies(st);
}

/** A state became party to deliberate kinetic conflict: new belligerents after day 0 are horizontal escalation. */
export function markBelligerent(st: State, k: number): void {
  if (st.belligerentEver[k]) return;
  st.belligerentEver[k] = 1;
  if (st.t > 0) horizontal(st);
}

export function horizontal(st: State): void {
  if (st.t > 0 && st.horizontalDay === Infinity) st.horizontalDay = st.day;
}

/** A deliberate kinetic event in `domain` of `theatre`: a new kinetic domain is horizontal escalation. */
export function engageDomain(st: State, theatre: number, domain: number): void {
  if (domain !== DOM.land && domain !== DOM.sea && domain !== DOM.air && domain !== DOM.space) return;
  const k = theatre * N_DOMAINS + domain;
  if (st.domainEngaged[k]) return;
  st.domainEngaged[k] = 1;
  horizontal(st);
}

export function rebuildEnemies(st: State): void {
  const n = st.n;
  st.enemyCount.fill(0);
  st.enemyMask.fill(0);
  st.gTaint.fill(0);
  for (let e = 0; e < st.epCount; e++) {
    if (!st.epActive[e] || !st.epWar[e]) continue;
    const side = st.epSide[e]!;
    for (let i = 0; i < n; i++) {
      if (!side[i]) continue;
      for (let j = 0; j < n; j++) {
        if (!side[j] || side[j] === side[i]) continue;
        let dup = false;
        const c = st.enemyCount[i]!;
        for (let q = 0; q < c; q++) if (st.enemies[i * n + q] === j) { dup = true; break; }
        if (!dup) {
          st.enemies[i * n + c] = j;
          st.enemyCount[i] = c + 1;
          st.enemyMask[i * n + j] = 1;
          const sl = st.agentSlot[i]!;
          if (sl >= 0 && st.groupOf[sl * n + j]! >= 0) st.gTaint[st.groupOf[sl * n + j]!] = 1;
        }
      }
    }
  }
}

/**
 * Recompute a theatre's rung after an episode changed. `ev` is the event responsible (or NONE).
 * Returns true when the rung rose.
 */
export function refreshTheatreRung(st: State, theatre: number, ev: number): boolean {
  let r = 0;
  for (let e = 0; e < st.epCount; e++) if (st.epActive[e] && st.epTheatre[e] === theatre && st.epRung[e]! > r) r = st.epRung[e]!;
  const old = st.rung[theatre]!;
  st.rung[theatre] = r;
  if (r <= old) return false;
  if (r > st.maxRung[theatre]!) st.maxRung[theatre] = r;
  if (st.t > 0 && r >= 2 && st.rung0[theatre] === 0) horizontal(st); // a theatre quiet on day 0
  if (r >= 4 && st.pathwayEvent === NONE && ev >= 0) st.pathwayEvent = ev;
  // Cross-theatre coordination (§4.8): a rise to rung ≥ 3 here opens the window in the other theatres.
  if (r >= 3) for (let t = 0; t < st.nT; t++) {
    if (t === theatre) continue;
    st.coordUntil[t] = st.t + st.p.coordinationWindowDays;
    st.coordEvent[t] = ev;
  }
  return true;
}

/** Open or raise an episode and the theatre's rung; a rung ≥ 5 kinetic event starts a war. */
export function raise(st: State, theatre: number, i: number, j: number, rung: number, id: number, deliberateKinetic: boolean): void {
  const e = touchEpisode(st, theatre, i, j, rung, id);
  if (rung >= 5 && deliberateKinetic && !st.epWar[e]) {
    startWar(st, e, id);
    st.epBalance[e] = 0;
  }
  // A rung rise re-times only the agents acting in that theatre (and coordinating partners), so an
  // unrelated theatre keeps its common random numbers (MODEL.md §6).
  if (refreshTheatreRung(st, theatre, id)) markTheatreDirty(st, theatre, e);
  stampRung(st, id, theatre);
}
