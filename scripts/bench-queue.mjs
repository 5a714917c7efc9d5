// The queue against the local pool (docs/performance.md, "The queue"; docs/distributed.md).
//   npm run build && node scripts/bench-queue.mjs [--runs N] [--pairs P] [--scenario FILE]
//
// Starts its own redis-server (free loopback port, temporary directory, no persistence) and W
// `brink worker --concurrency 1` processes, warm before timing. Then, for W = 1 and 2, P pairs
// alternating the two sides within seconds (the shared machine's load weighs on both alike):
// the local pool of W threads, and the queue with W worker processes, on the same job. Prints the
// median wall times and efficiency = pool / queue. Then the broker's overhead per chunk (1 worker,
// tiny chunks of a cheap scenario, against inline on the same trajectories), the size of a result
// in Redis and the coordinator's decode-and-merge time per chunk, and the chunk size for < 1 %
// overhead. Kills everything it started.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('--runs', '1536'));
const PAIRS = Number(arg('--pairs', '3'));
const SCENARIO = arg('--scenario', 'scenarios/stray-missile.yaml');

const { loadScenarioFile } = await import(`${root}dist/scenario/node.js`);
const { inlineExecutor, createJobRunner, loadEngine, mergeChunk } = await import(`${root}dist/montecarlo/index.js`);
const { poolExecutor } = await import(`${root}dist/montecarlo/pool-node.js`);
const { queueExecutor } = await import(`${root}dist/queue/index.js`);
const { encodeChunkResult, decodeChunkResult } = await import(`${root}dist/queue/codec.js`);

const load = (p) => {
  const r = loadScenarioFile(join(root, p));
  if (r.scenario === null) throw new Error(`${p}: invalid`);
  return r.scenario;
};
const scenario = load(SCENARIO);
const port = await new Promise((res) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'brink-bench-redis-'));
const url = `redis://127.0.0.1:${port}`;
const children = [];
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
children.push(redis);
const cleanup = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);
await new Promise((r) => setTimeout(r, 500));

function startWorker() {
  const w = spawn(process.execPath, [join(root, 'bin/brink.js'), 'worker', '--redis', url, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(w);
  return new Promise((res) => {
    let err = '';
    w.stderr.on('data', (b) => {
      err += b;
      if (err.includes('waiting for chunks')) res(w);
    });
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (f) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

const job = (seed, runs = RUNS, chunkSize = 256, s = scenario) => ({ kind: 'run', scenario: s, seed, runs, chunkSize });
let seed = 100;
const q = queueExecutor({ url, reconcileMs: 1000 });
console.log(`bench-queue: ${SCENARIO}, ${RUNS} runs per job (chunks of 256), ${PAIRS} alternating pairs per size; node ${process.version}`);
const workers = [];
let perTrajMain = 0;
for (const W of [1, 2]) {
  while (workers.length < W) workers.push(await startWorker());
  // Warm-up: every worker process compiles and JITs.
  await q.execute(job(seed++, 256 * W));
  const pool = poolExecutor({ workers: W });
  const tp = [];
  const tq = [];
  for (let k = 0; k < PAIRS; k++) {
    const s = seed++;
    tp.push(await time(() => pool.execute(job(s))));
    tq.push(await time(() => q.execute(job(s))));
  }
  await pool.close();
  const mp = median(tp);
  const mq = median(tq);
  if (W === 1) perTrajMain = mp / RUNS;
  console.log(`W=${W}: local pool ${mp.toFixed(2)} s (${(RUNS / mp).toFixed(0)} traj/s), queue ${mq.toFixed(2)} s (${(RUNS / mq).toFixed(0)} traj/s): efficiency ${((100 * mp) / mq).toFixed(1)} %   [pool ${tp.map((x) => x.toFixed(2)).join(' ')}; queue ${tq.map((x) => x.toFixed(2)).join(' ')}]`);
}
// Broker overhead per chunk: one worker, tiny chunks, against inline on the same trajectories.
while (workers.length > 1) workers.pop().kill('SIGTERM');
const tiny = load('test/fixtures/minimal.yaml');
const SMALL = 4;
const N = 512;
const ti = [];
const tqs = [];
for (let k = 0; k < PAIRS; k++) {
  const s = seed++;
  ti.push(await time(() => inlineExecutor().execute(job(s, N, SMALL, tiny))));
  tqs.push(await time(() => q.execute(job(s, N, SMALL, tiny))));
}
const perTraj = median(ti) / N;
const overhead = (median(tqs) - median(ti)) / (N / SMALL);
console.log(`broker overhead: ${N / SMALL} chunks of ${SMALL} trajectories (minimal.yaml) with 1 worker: queue ${median(tqs).toFixed(2)} s, inline ${median(ti).toFixed(2)} s: ${(overhead * 1000).toFixed(1)} ms per chunk`);
// Result size and decode+merge cost (coordinator side), for a 256-trajectory chunk of the scenario.
const runner = createJobRunner(job(1, 256), await loadEngine());
const r = runner.runChunk(0);
const msg = encodeChunkResult(r.transfer, { chunkId: `chunk-${'0'.repeat(64)}`, engineVersion: '0', trajectories: r.trajectories, worker: 'bench' });
const total = runner.emptyAggregate();
const expect = { kind: 'run', length: total.data.length };
const M = 20;
const t0 = performance.now();
for (let i = 0; i < M; i++) {
  const d = decodeChunkResult(msg, expect, msg.chunkId);
  mergeChunk(total, d.transfer);
}
const mergeMs = (performance.now() - t0) / M;
console.log(`result of a 256-trajectory chunk: ${(total.data.length * 8 / 1024).toFixed(0)} kB of slots, ${(msg.data.length / 1024).toFixed(1)} kB in Redis (deflate + base64); decode + merge ${mergeMs.toFixed(2)} ms`);
console.log(`chunk size for < 1 % overhead: ≥ ${Math.ceil(overhead / (0.01 * perTraj))} trajectories of minimal.yaml (${(perTraj * 1000).toFixed(2)} ms each here), ≥ ${Math.ceil(overhead / (0.01 * perTrajMain))} of ${SCENARIO} (${(perTrajMain * 1000).toFixed(2)} ms each)`);
await q.close();
cleanup();
process.exit(0);
