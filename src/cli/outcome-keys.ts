/**
 * Outcome keys for finding the runs worth telling (D32): `brink run … --list KEY` lists the
 * trajectories in which an outcome happened, with its day; `brink trace … --where KEY [--nth K]`
 * opens the K-th of them. Both read the day from the same function, so they agree.
 *
 * Keys: the focal alliance's outcomes (drawnIn, article4, article5), collectiveDefense (any
 * alliance), horizontal, partnerCollapse, nuclearUse; per collective-defence alliance
 * `<ALLIANCE>.drawnIn|article4|article5`; per dyad `dyad.<A-B>`; per theatre `rung4.<theatre>`
 * (the day of the first event that left the theatre at rung ≥ 4, read from the trace).
 */
import type { Outcome, TraceEvent } from '../engine/index.js';
import type { CompiledScenario } from '../scenario/compiled.js';

export interface OutcomeKey {
  key: string;
  /** rung4.* keys need the trajectory's events (a traced run). */
  needsTrace: boolean;
  /** The day the outcome first happened in a trajectory, −1 if it did not. */
  day: (o: Outcome, events: readonly TraceEvent[] | null) => number;
}

const TOP: [string, (o: Outcome) => number][] = [
  ['drawnIn', (o) => o.drawnInDay],
  ['article4', (o) => o.art4FirstDay],
  ['article5', (o) => o.art5Day],
  ['collectiveDefense', (o) => o.anyCollectiveDefenseDay],
  ['horizontal', (o) => o.horizontalDay],
  ['partnerCollapse', (o) => o.partnerCollapseDay],
  ['nuclearUse', (o) => o.nuclearUseDay],
];

/** Every key the scenario knows, in a stable order. */
export function outcomeKeys(sc: CompiledScenario): OutcomeKey[] {
  const keys: OutcomeKey[] = TOP.map(([key, f]) => ({ key, needsTrace: false, day: (o) => f(o) }));
  const cd = sc.alliances.filter((a) => a.collectiveDefense).map((a) => a.id).sort();
  for (const id of cd) {
    const q = (o: Outcome) => o.byAlliance.ids.indexOf(id);
    keys.push({ key: `${id}.drawnIn`, needsTrace: false, day: (o) => o.byAlliance.drawnInDay[q(o)] ?? -1 });
    keys.push({ key: `${id}.article4`, needsTrace: false, day: (o) => o.byAlliance.art4FirstDay[q(o)] ?? -1 });
    keys.push({ key: `${id}.article5`, needsTrace: false, day: (o) => o.byAlliance.art5Day[q(o)] ?? -1 });
  }
  for (const d of sc.dyads) {
    keys.push({ key: `dyad.${d.key}`, needsTrace: false, day: (o) => o.dyads.day[o.dyads.keys.indexOf(d.key)] ?? -1 });
  }
  for (const t of sc.theatres) {
    keys.push({
      key: `rung4.${t.id}`,
      needsTrace: true,
      day: (_o, events) => {
        for (const e of events ?? []) if (e.theatre === t.id && e.rung >= 4) return e.day;
        return -1;
      },
    });
  }
  return keys;
}

export function findOutcomeKey(sc: CompiledScenario, key: string): OutcomeKey | null {
  return outcomeKeys(sc).find((k) => k.key === key) ?? null;
}
