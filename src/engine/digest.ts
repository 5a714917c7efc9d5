/**
 * The state digest: a fixed-length vector of what a trajectory left behind at its horizon, read
 * after `Simulator.run` (docs/monte-carlo.md, "Inert arms and the state probe"; D29).
 *
 * Outcomes (drawn in, Article 5, costs, ...) are what Brink answers with; the digest is what a
 * lever can move without moving any outcome: a full stockpile grown fuller, an aid level nobody
 * reads, hostility that never crosses a hazard. Monte Carlo pairs it across policy arms (common
 * random numbers) so that an arm that changes no outcome can still say which state it changed,
 * and an arm that changed neither is named inert.
 *
 * The layout is a pure function of the compiled scenario (labels from its actor, alliance and
 * partner ids); `writeStateDigest` fills a caller-owned Float64Array without allocating. Every
 * value is finite and bounded (stockpiles in days, everything else in [0, n]), so it sums exactly
 * in fixed point (montecarlo/fixed-sum.ts).
 */
import type { CompiledScenario } from '../scenario/compiled.js';
import { surgeLevel } from './industry.js';
import type { State } from './state.js';

export interface StateDigestEntry {
  /** Stable key, e.g. `stockpile.RUS`. */
  key: string;
  /** Readable, e.g. `stockpile RUS`. */
  label: string;
  /** Unit of the value ('' for unitless 0..1 levels and sums of them). */
  unit: string;
}

/** Per actor, in this order (the layout's first block, actor-major). */
const ACTOR_FIELDS = [
  { key: 'stockpile', label: 'stockpile', unit: 'days' },
  { key: 'warCapacity', label: 'war capacity', unit: '' },
  { key: 'surge', label: 'surge level', unit: '' },
  { key: 'pressure', label: 'domestic pressure', unit: '' },
  { key: 'cohesion', label: 'cohesion of', unit: '' },
  { key: 'sanctioned', label: 'sanctions on', unit: '' },
  { key: 'hostilityFrom', label: 'hostility from', unit: '' },
  { key: 'hostilityToward', label: 'hostility toward', unit: '' },
] as const;

const ALLIANCE_FIELDS = [
  { key: 'cohesion', label: 'cohesion', unit: '' },
  { key: 'credibilityDebt', label: 'credibility debt', unit: '' },
] as const;

/** The digest's entries for a compiled scenario: actors × ACTOR_FIELDS, alliances × ALLIANCE_FIELDS, then aid per partner. */
export function stateDigestLayout(sc: CompiledScenario): StateDigestEntry[] {
  const out: StateDigestEntry[] = [];
  for (const id of sc.actors.ids) for (const f of ACTOR_FIELDS) out.push({ key: `${f.key}.${id}`, label: `${f.label} ${id}`, unit: f.unit });
  for (const al of sc.alliances) for (const f of ALLIANCE_FIELDS) out.push({ key: `${f.key}.${al.id}`, label: `${f.label} ${al.id}`, unit: f.unit });
  for (const p of sc.partners) out.push({ key: `aid.${sc.actors.ids[p.actorIx]!}`, label: `aid to ${sc.actors.ids[p.actorIx]!}`, unit: '' });
  return out;
}

export function stateDigestLength(sc: CompiledScenario): number {
  return sc.actors.n * ACTOR_FIELDS.length + sc.alliances.length * ALLIANCE_FIELDS.length + sc.partners.length;
}

/**
 * Writes the digest of the state as it is now (after `run`: at the horizon) into out[0..length).
 * Decaying quantities (pressure, credibility debt) are read at st.t, as the engine reads them.
 */
export function writeStateDigest(st: State, out: Float64Array): void {
  const n = st.n;
  const len = n * ACTOR_FIELDS.length + st.nAl * ALLIANCE_FIELDS.length + st.aid.length;
  if (out.length < len) throw new Error(`state digest needs ${len} slots, got ${out.length}`);
  const h = st.hostility;
  let o = 0;
  for (let i = 0; i < n; i++) {
    let from = 0;
    let toward = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      from += h[row + j]!;
      toward += h[j * n + i]!;
    }
    out[o++] = st.stockpile[i]!;
    out[o++] = st.warCapacity[i]!;
    out[o++] = surgeLevel(st, i);
    out[o++] = st.pressureNow(i);
    out[o++] = st.cohesion[i]!;
    out[o++] = st.sanctioned[i]!;
    out[o++] = from;
    out[o++] = toward;
  }
  for (let a = 0; a < st.nAl; a++) {
    out[o++] = st.sc.alliances[a]!.members.length > 0 ? st.allianceCohesion(a) : 0;
    out[o++] = st.debtNow(a);
  }
  for (let k = 0; k < st.aid.length; k++) out[o++] = st.aid[k]!;
}
