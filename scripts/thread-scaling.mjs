// Do the cores scale? Runs the same fixed work in 1 worker thread, then in 2 concurrent ones, and
// prints each thread's wall time (docs/performance.md, "What limits the speed-up").
//   npm run build && node scripts/thread-scaling.mjs [job|arith]
// job: 6 chunks (1,536 trajectories) of the Monte Carlo chunk code on baseline-2025, after 2 warm-up
// chunks; arith: a pure floating-point loop. Equal times for 1 and 2 threads = perfect scaling.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const kind = process.argv[2] ?? 'job';
const root = pathToFileURL(new URL('..', import.meta.url).pathname).href;
const jobCode = `
import { parentPort } from 'node:worker_threads';
import { loadScenarioFile } from '${root}dist/scenario/node.js';
import { createJobRunner } from '${root}dist/montecarlo/job.js';
import { loadEngine } from '${root}dist/montecarlo/engine-api.js';
const { scenario } = loadScenarioFile(new URL('${root}scenarios/baseline-2025.yaml').pathname);
const runner = createJobRunner({ kind: 'run', scenario, seed: 1, runs: 4096, chunkSize: 256 }, await loadEngine());
for (let c = 0; c < 2; c++) runner.runChunk(c);
parentPort.postMessage('ready');
parentPort.once('message', () => { const t0 = performance.now(); for (let c = 2; c < 8; c++) runner.runChunk(c); parentPort.postMessage(performance.now() - t0); });
`;
const arithCode = `
import { parentPort } from 'node:worker_threads';
parentPort.postMessage('ready');
parentPort.once('message', () => { const t0 = performance.now(); let x = 0; for (let i = 0; i < 4e8; i++) x = (x + i * 1.0000001) % 1e9; parentPort.postMessage(performance.now() - t0 + (x < 0 ? 1 : 0)); });
`;
const code = kind === 'arith' ? arithCode : jobCode;

async function run(n) {
  const ws = Array.from({ length: n }, () => new Worker(new URL('data:text/javascript,' + encodeURIComponent(code))));
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
  const times = await Promise.all(ws.map((w) => new Promise((r) => { w.once('message', r); w.postMessage('go'); })));
  await Promise.all(ws.map((w) => w.terminate()));
  return times.map((t) => Math.round(t));
}
const one = await run(1);
const two = await run(2);
const mean2 = (two[0] + two[1]) / 2;
console.log(`${kind}: 1 thread ${one[0]} ms; 2 threads ${two.join(' and ')} ms; scaling ×${((2 * one[0]) / mean2).toFixed(2)}`);
