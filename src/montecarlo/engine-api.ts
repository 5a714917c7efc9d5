/**
 * The engine entry points Monte Carlo needs (src/engine/index.ts, src/scenario/compile.ts),
 * or an alternative module with the same two exports. The state digest (engine/digest.ts) is
 * optional: an engine without it gives comparisons with an empty state probe.
 */
import type { RunOptions, TrajectoryResult } from '../engine/types.js';
import type { CompiledScenario, Scenario } from '../scenario/index.js';
import { compileScenario } from '../scenario/compile.js';
import { createSimulator, stateDigestLayout, type StateDigestEntry } from '../engine/index.js';

export interface Simulator {
  run(seed: number, trajectory: number, opts?: RunOptions): TrajectoryResult;
  /** The last run's end-of-trajectory state, in the slots stateDigestLayout names. */
  stateDigest?(out: Float64Array): void;
}

export interface EngineApi {
  compileScenario(s: Scenario): CompiledScenario;
  createSimulator(c: CompiledScenario): Simulator;
  stateDigestLayout?(c: CompiledScenario): StateDigestEntry[];
}

const DEFAULT_ENGINE: EngineApi = { compileScenario, createSimulator, stateDigestLayout };

/**
 * The engine, or with `moduleUrl` another module exporting the same two functions (the synthetic
 * engine of the tests, or a pinned engine build).
 */
export function loadEngine(moduleUrl?: string): Promise<EngineApi> {
  if (moduleUrl !== undefined) {
    return import(moduleUrl).then((m: Partial<EngineApi>) => {
      if (typeof m.compileScenario !== 'function' || typeof m.createSimulator !== 'function') throw new Error(`${moduleUrl} does not export compileScenario and createSimulator`);
      return { compileScenario: m.compileScenario, createSimulator: m.createSimulator, ...(typeof m.stateDigestLayout === 'function' ? { stateDigestLayout: m.stateDigestLayout } : {}) };
    });
  }
  return Promise.resolve(DEFAULT_ENGINE);
}
