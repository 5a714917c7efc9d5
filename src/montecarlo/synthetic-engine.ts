/**
 * A stand-in engine with the real engine's entry points, producing synthetic trajectories
 * (synthetic.ts). For tests of executors and reports that must not depend on the model, and for
 * timing the Monte Carlo machinery alone. Selected per job with `engineModule`.
 */
import type { RunOptions, TrajectoryResult } from '../engine/types.js';
import type { CompiledScenario, Scenario } from '../scenario/index.js';
import { syntheticTrajectory } from './synthetic.js';

export function compileScenario(s: Scenario): CompiledScenario {
  // Only the fields Monte Carlo reads; the rest of CompiledScenario is never touched here.
  const risk = typeof (s.parameters as Record<string, unknown> | undefined)?.['syntheticRisk'] === 'number' ? (s.parameters as Record<string, number>)['syntheticRisk'] : 1;
  return {
    name: s.name,
    hash: `synthetic-${s.name}-${risk}`,
    horizonDays: s.horizonDays,
    theatres: s.theatres.map((t) => ({ id: t.id, name: t.id, initialEpisodes: [] })),
    params: { syntheticRisk: risk },
    alliances: (s.alliances ?? []).filter((a) => a.kind === 'collective-defense').map((a) => ({ id: a.id, collectiveDefense: true })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    dyads: (s.dyads ?? []).map((d) => ({ key: `${d.a}-${d.b}` })),
    // Synthetic alliance 0 mirrors the top-level outcome (synthetic.ts), so it is the focal one.
    focalAllianceIx: (s.alliances ?? []).some((a) => a.kind === 'collective-defense') ? 0 : -1,
  } as unknown as CompiledScenario;
}

export function createSimulator(c: CompiledScenario): { run(seed: number, trajectory: number, opts?: RunOptions): TrajectoryResult } {
  const theatreIds = c.theatres.map((t) => t.id);
  const risk = (c.params as unknown as { syntheticRisk: number }).syntheticRisk;
  const allianceIds = c.alliances.map((a) => a.id);
  const dyadKeys = c.dyads.map((d) => d.key);
  return {
    run: (seed, trajectory, opts) => syntheticTrajectory(seed, trajectory, { theatreIds, horizonDays: c.horizonDays, series: opts?.series ?? false, risk, allianceIds, dyadKeys }),
  };
}
