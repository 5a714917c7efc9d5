// How much of a trajectory is the model's fixed cadence? (docs/performance.md, fifth session.)
//   npm run build && node scripts/cadence-floor.mjs [--rounds 3] [SCENARIO]
//
// Times the Monte Carlo chunk path (createJobRunner + runChunk, as scripts/engine-ab.mjs does: 4
// warm-up chunks of 256, then 8 timed chunks) on the scenario as it is and on the same scenario
// with every actor's `activity` set to 0, in alternation. With activity 0 no agent ever chooses an
// action (every base hazard is 0, so every clock is set to never), but everything else runs: the
// daily war, aid and enabler steps of the initial episodes, the weekly cohesion, hostility,
// industry, reallocation and fan sample, and the adaptive hazard refreshes. The silent trajectory's
// cost is the floor under the per-core rate that no saving per agent event can go below.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
let rounds = 3;
let file = resolve(root, 'scenarios/baseline-2025.yaml');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else file = resolve(args[i]);
}
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error('usage: node scripts/cadence-floor.mjs [--rounds N] [SCENARIO]');
  process.exit(2);
}
const dist = pathToFileURL(resolve(root, 'dist')).href;
const { loadScenarioFile } = await import(`${dist}/scenario/node.js`);
const { createJobRunner } = await import(`${dist}/montecarlo/job.js`);
const { loadEngine } = await import(`${dist}/montecarlo/engine-api.js`);
const { scenario, issues } = loadScenarioFile(file);
if (scenario === null) {
  for (const x of issues) console.error(JSON.stringify(x));
  process.exit(1);
}
const silent = { ...scenario, actors: scenario.actors.map((a) => ({ ...a, activity: 0 })) };
const engine = await loadEngine();
const variants = [
  { name: 'as it is', scenario },
  { name: 'activity 0', scenario: silent },
].map((v) => ({ ...v, runner: createJobRunner({ kind: 'run', scenario: v.scenario, seed: 1, runs: 1 << 20, chunkSize: 256 }, engine), next: 0, ms: [] }));
for (const v of variants) while (v.next < 4) v.runner.runChunk(v.next++);
for (let r = 0; r < rounds; r++) {
  for (const v of variants) {
    const t0 = performance.now();
    for (let c = 0; c < 8; c++) v.runner.runChunk(v.next++);
    v.ms.push((performance.now() - t0) / (8 * 256));
  }
  console.log(`round ${r + 1}: ${variants.map((v) => `${v.name} ${v.ms.at(-1).toFixed(3)} ms`).join('   ')}`);
}
for (const v of variants) {
  const lo = Math.min(...v.ms), hi = Math.max(...v.ms);
  console.log(`${v.name}: ${lo.toFixed(3)}–${hi.toFixed(3)} ms/trajectory (${(1000 / hi).toFixed(0)}–${(1000 / lo).toFixed(0)} trajectories/s/core), ${rounds} rounds of 2,048`);
}
