import { afterAll, describe, expect, it } from 'vitest';
import { inlineExecutor } from './executor.js';
import { poolExecutor } from './pool-node.js';
import { RunAggregate } from './aggregate.js';
import { CompareAggregate } from './compare-aggregate.js';
import type { Job } from './job.js';
import type { Scenario } from '../scenario/index.js';

// Runs against sources: the pool starts worker-entry.ts through tsx (see pool-node.ts).
const engineModule = new URL('./synthetic-engine.ts', import.meta.url).href;
// Two collective-defence alliances and a dyad, so the per-alliance and per-dyad counters cross the pool too.
const scenario = {
  name: 'synthetic',
  horizonDays: 365,
  theatres: [{ id: 'europe' }, { id: 'indo-pacific' }],
  parameters: {},
  alliances: [{ id: 'NATO', kind: 'collective-defense' }, { id: 'USPAC', kind: 'collective-defense' }],
  dyads: [{ a: 'USA', b: 'CHN' }],
} as unknown as Scenario;
const riskier = { ...scenario, parameters: { syntheticRisk: 1.4 } } as unknown as Scenario;

const pools: ReturnType<typeof poolExecutor>[] = [];
afterAll(async () => {
  for (const p of pools) await p.close();
});

describe('executors', () => {
  it('give identical aggregates inline, on 1 and on 3 workers, for any chunk size', async () => {
    const job: Job = { kind: 'run', scenario, seed: 3, runs: 700, chunkSize: 64, engineModule };
    const inline = await inlineExecutor().execute(job);
    const p1 = poolExecutor({ workers: 1 });
    const p3 = poolExecutor({ workers: 3 });
    pools.push(p1, p3);
    const progress: number[] = [];
    const a1 = await p1.execute(job);
    const a3 = await p3.execute({ ...job, chunkSize: 50 }, (p) => progress.push(p.trajectoriesDone));
    const c = (o: { aggregate: RunAggregate | CompareAggregate }) => (o.aggregate as RunAggregate).canonical();
    expect((inline.aggregate as RunAggregate).runs).toBe(700);
    expect(c(a1)).toEqual(c(inline));
    expect(c(a3)).toEqual(c(inline));
    expect(progress.at(-1)).toBe(700);
    expect(a3.scenarioHashes).toEqual(inline.scenarioHashes);
  });

  it('run comparisons with common random numbers on the pool', async () => {
    const job: Job = { kind: 'compare', arms: [scenario, riskier, scenario], seed: 5, runs: 300, chunkSize: 32, engineModule };
    const inline = (await inlineExecutor().execute(job)).aggregate as CompareAggregate;
    const pool = poolExecutor({ workers: 2 });
    pools.push(pool);
    const pooled = (await pool.execute(job)).aggregate as CompareAggregate;
    expect(Array.from(pooled.paired)).toEqual(Array.from(inline.paired));
    // Arm 2 is arm 0 again: no discordant pair, zero sums.
    const P = pooled.pairedLayout;
    const off = P.perArm;
    for (let b = 0; b < P.binaryKeys.length; b++) {
      expect(pooled.paired[off + 4 * b + 1]).toBe(0);
      expect(pooled.paired[off + 4 * b + 2]).toBe(0);
    }
  });

  it('reports a failing engine as an error, not a hang', async () => {
    const pool = poolExecutor({ workers: 2 });
    pools.push(pool);
    const job: Job = { kind: 'run', scenario, seed: 1, runs: 10, chunkSize: 5, engineModule: new URL('./no-such-engine.ts', import.meta.url).href };
    await expect(pool.execute(job)).rejects.toThrow();
  });
});
