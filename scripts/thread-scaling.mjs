// Do the cores scale? (docs/performance.md, "What limits the speed-up".)
//   npm run build && node scripts/thread-scaling.mjs [job|arith|load] [--young MB ...]
//
// Two warm worker threads; twelve times in turn, worker A runs a short slice alone, then A and B
// run one slice each at the same time. Slices alternate within seconds, so the host's load (this
// is a shared VM) weighs on both measurements alike. Prints the median time per trajectory alone
// and side by side, and scaling = 2 × alone / side by side (2.00 = perfect).
// job: slices of 128 trajectories of the Monte Carlo chunk code on baseline-2025 (after 512 warm-up
// trajectories); arith: a pure floating-point loop (registers only); load: a loop of loads from a
// 32 kB Int32Array, which stays in the L1 cache (no allocation, no main memory: what it measures
// is whether two threads can load from their caches at once). `--young MB …` repeats the job measurement with
// each young-generation size (worker resourceLimits.maxYoungGenerationSizeMb; 0 = V8's default),
// the experiment that showed the nursery's size does not change the scaling.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const kind = args[0] === 'arith' || args[0] === 'load' ? args[0] : 'job';
const yi = args.indexOf('--young');
const youngSizes = yi >= 0 ? args.slice(yi + 1).map(Number) : [0];
const root = pathToFileURL(new URL('..', import.meta.url).pathname).href;

const jobCode = `
import { parentPort } from 'node:worker_threads';
import { loadScenarioFile } from '${root}dist/scenario/node.js';
import { createJobRunner } from '${root}dist/montecarlo/job.js';
import { loadEngine } from '${root}dist/montecarlo/engine-api.js';
const { scenario } = loadScenarioFile(new URL('${root}scenarios/baseline-2025.yaml').pathname);
const runner = createJobRunner({ kind: 'run', scenario, seed: 1, runs: 1 << 20, chunkSize: 64 }, await loadEngine());
let next = 0;
while (next < 8) runner.runChunk(next++);
parentPort.postMessage('ready');
parentPort.on('message', (chunks) => { const t0 = performance.now(); for (let c = 0; c < chunks; c++) runner.runChunk(next++); parentPort.postMessage(performance.now() - t0); });
`;
const arithCode = `
import { parentPort } from 'node:worker_threads';
parentPort.postMessage('ready');
parentPort.on('message', (chunks) => { const t0 = performance.now(); let x = 0; for (let i = 0; i < chunks * 1e7; i++) x = (x + i * 1.0000001) % 1e9; parentPort.postMessage(performance.now() - t0 + (x < 0 ? 1 : 0)); });
`;
const loadCode = `
import { parentPort } from 'node:worker_threads';
const a = new Int32Array(8192).fill(1);
parentPort.postMessage('ready');
parentPort.on('message', (chunks) => { const t0 = performance.now(); let x = 0; for (let i = 0; i < chunks * 3e7; i++) x = (x + a[i & 8191]) | 0; parentPort.postMessage(performance.now() - t0 + (x < 0 ? 1 : 0)); });
`;
const SLICE = 2; // chunks of 64 trajectories (job), 2·10^7 loop steps (arith) or 6·10^7 loads (load)
const REPS = 12;

const start = (young) =>
  new Worker(new URL('data:text/javascript,' + encodeURIComponent(kind === 'arith' ? arithCode : kind === 'load' ? loadCode : jobCode)), young ? { resourceLimits: { maxYoungGenerationSizeMb: young } } : {});
const ask = (w, n) => new Promise((r) => { w.once('message', r); w.postMessage(n); });
const median = (x) => { const s = [...x].sort((a, b) => a - b); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };

const pools = [];
for (const young of kind === 'job' ? youngSizes : [0]) {
  const ws = [start(young), start(young)];
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
  pools.push({ young, ws, alone: [], both: [] });
}
for (let rep = 0; rep < REPS; rep++) {
  for (const p of pools) {
    p.alone.push(await ask(p.ws[0], SLICE));
    const [a, b] = await Promise.all([ask(p.ws[0], SLICE), ask(p.ws[1], SLICE)]);
    p.both.push((a + b) / 2);
  }
}
for (const p of pools) {
  const per = kind === 'job' ? SLICE * 64 : 1;
  const unit = kind === 'job' ? 'ms/trajectory' : 'ms/slice';
  const alone = median(p.alone) / per, both = median(p.both) / per;
  const label = kind !== 'job' ? kind : `job${p.young ? ` (young generation ${p.young} MB)` : ''}`;
  console.log(`${label}: alone ${alone.toFixed(3)} ${unit}, two at once ${both.toFixed(3)} ${unit} (medians of ${REPS} interleaved slices); scaling ×${((2 * alone) / both).toFixed(2)}`);
  await Promise.all(p.ws.map((w) => w.terminate()));
}
