/**
 * The what-if's progressive chunks (D68) give the same comparison as fixed chunks: the browser
 * executor's plan (web/src/executor.ts) cut into ranges, each run as a worker runs it
 * (runRange), merged in order, summarised as the page does, against one chunk of all runs.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chunkPlan } from '../src/executor.js';
import { createJobRunner, mergeChunk, type Job } from '../../src/montecarlo/job.js';
import { loadEngine } from '../../src/montecarlo/engine-api.js';
import { CompareAggregate } from '../../src/montecarlo/compare-aggregate.js';
import { summarizeCompare } from '../../src/analysis/compare.js';
import { loadPolicyFile, loadScenarioFile } from '../../src/scenario/node.js';
import { applyPolicy } from '../../src/scenario/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('chunkPlan', () => {
  it('covers 0..runs once, growing from the first chunk to the chunk size', () => {
    expect(chunkPlan(40, 16, 4)).toEqual([[0, 4], [4, 12], [12, 28], [28, 40]]);
    expect(chunkPlan(10, 64)).toEqual([[0, 10]]);
    expect(chunkPlan(130, 64)).toEqual([[0, 64], [64, 128], [128, 130]]);
  });

  it('gives the same paired comparison as one fixed chunk, byte for byte', async () => {
    const s = loadScenarioFile(join(repo, 'scenarios', 'stray-missile.yaml')).scenario!;
    const b = applyPolicy(s, loadPolicyFile(join(repo, 'scenarios', 'policies', 'flank-hardened.yaml')).policyFile!);
    const job: Job = { kind: 'compare', arms: [s, b], seed: 5, runs: 40, chunkSize: 16 };
    const engine = await loadEngine();
    const summary = (ranges: [number, number][]) => {
      const r = createJobRunner(job, engine);
      const total = r.emptyAggregate() as CompareAggregate;
      ranges.forEach(([a, z], i) => mergeChunk(total, r.runRange(a, z, i).transfer));
      return JSON.stringify(summarizeCompare(total, { engineVersion: 'x', scenario: s.name, seed: 5 }, [{ name: 'a', policyFile: 'a', scenarioHash: '' }, { name: 'b', policyFile: 'b', scenarioHash: '' }]));
    };
    expect(summary(chunkPlan(40, 16, 4))).toBe(summary([[0, 40]]));
  }, 120_000);
});
