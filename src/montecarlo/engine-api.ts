/**
 * The engine entry points Monte Carlo needs (src/engine/index.ts, src/scenario/compile.ts),
 * loaded once per process or worker.
 */
import type { RunOptions, TrajectoryResult } from '../engine/types.js';
import type { CompiledScenario, Scenario } from '../scenario/index.js';

export interface Simulator {
  run(seed: number, trajectory: number, opts?: RunOptions): TrajectoryResult;
}

export interface EngineApi {
  compileScenario(s: Scenario): CompiledScenario;
  createSimulator(c: CompiledScenario): Simulator;
}

let cached: Promise<EngineApi> | null = null;

/**
 * The engine, or with `moduleUrl` another module exporting the same two functions (the synthetic
 * engine of the tests, or a pinned engine build).
 */
export function loadEngine(moduleUrl?: string): Promise<EngineApi> {
  if (moduleUrl !== undefined) {
    return import(moduleUrl).then((m: Partial<EngineApi>) => {
      if (typeof m.compileScenario !== 'function' || typeof m.createSimulator !== 'function') throw new Error(`${moduleUrl} does not export compileScenario and createSimulator`);
      return { compileScenario: m.compileScenario, createSimulator: m.createSimulator };
    });
  }
  if (cached === null) {
    cached = (async () => {
      // Specifiers held in variables until src/engine/index.ts exists, so this file type-checks
      // while the engine is being written. TODO: static imports once it lands.
      const enginePath = '../engine/index.js';
      const compilePath = '../scenario/compile.js';
      const engine = (await import(enginePath)) as Pick<EngineApi, 'createSimulator'>;
      const compile = (await import(compilePath)) as Pick<EngineApi, 'compileScenario'>;
      return { compileScenario: compile.compileScenario, createSimulator: engine.createSimulator };
    })();
  }
  return cached;
}
