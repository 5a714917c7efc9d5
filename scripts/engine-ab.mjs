// Compare builds of the engine on the same trajectories, in alternation (docs/performance.md,
// fourth session). The host's load varies within minutes, so builds are timed in turn, each in a
// fresh process, rather than one after the other.
//
//   npm run build && node scripts/engine-ab.mjs [--rounds 4] [--garbage] DIR [DIR ...]
//
// DIR is a checkout with a built dist/ (for the start of a change: `git worktree add /tmp/before
// <commit> && cd /tmp/before && ln -s <repo>/node_modules && npm run build`). Each round runs, per
// build, the Monte Carlo chunk code (createJobRunner, baseline-2025, seed 1, chunks of 256) for 4
// warm-up chunks and then 12 timed chunks (trajectories 1,024–4,095, the same for every build) and
// prints the mean wall time per trajectory. `--garbage` adds the heap garbage per trajectory
// (V8's sampling heap profiler over 1,000 steady-state trajectories). `--cpu` times the chunks by the
// process's CPU time (user + system, process.cpuUsage) instead of the wall clock: on a host loaded
// beyond its cores the wall clock also counts the time the process waited for a core, the CPU time
// does not (it still counts a slower core under contention: caches and memory shared with others).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

if (args[0] === '--child') {
  const [, mode, dir] = args;
  const dist = pathToFileURL(resolve(dir, 'dist')).href;
  const scenarioFile = resolve(dir, 'scenarios/baseline-2025.yaml');
  const { loadScenarioFile } = await import(`${dist}/scenario/node.js`);
  const { scenario } = loadScenarioFile(scenarioFile);
  if (mode === 'time' || mode === 'cpu') {
    const { createJobRunner } = await import(`${dist}/montecarlo/job.js`);
    const { loadEngine } = await import(`${dist}/montecarlo/engine-api.js`);
    const runner = createJobRunner({ kind: 'run', scenario, seed: 1, runs: 1 << 20, chunkSize: 256 }, await loadEngine());
    for (let c = 0; c < 4; c++) runner.runChunk(c);
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const now = mode === 'cpu' ? cpu : () => performance.now();
    const t0 = now();
    for (let c = 4; c < 16; c++) runner.runChunk(c);
    process.stdout.write(String((now() - t0) / (12 * 256)));
  } else {
    const { Session } = await import('node:inspector/promises');
    const { compileScenario } = await import(`${dist}/scenario/compile.js`);
    const { createSimulator } = await import(`${dist}/engine/index.js`);
    const sim = createSimulator(compileScenario(scenario));
    const opts = { series: true, reuseSeries: true };
    for (let k = 0; k < 600; k++) sim.run(1, k, opts);
    const session = new Session();
    session.connect();
    await session.post('HeapProfiler.startSampling', { samplingInterval: 128, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
    const N = 1000;
    for (let k = 0; k < N; k++) sim.run(2, k, opts);
    const { profile } = await session.post('HeapProfiler.stopSampling');
    let bytes = 0;
    (function walk(n) { bytes += n.selfSize; for (const c of n.children ?? []) walk(c); })(profile.head);
    process.stdout.write(String(bytes / N / 1024));
  }
  process.exit(0);
}

let rounds = 4;
let garbage = false;
let clock = 'time';
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--garbage') garbage = true;
  else if (args[i] === '--cpu') clock = 'cpu';
  else dirs.push(args[i]);
}
if (dirs.length === 0 || !(rounds >= 1)) {
  console.error('usage: node scripts/engine-ab.mjs [--rounds N] [--garbage] [--cpu] DIR [DIR ...]');
  process.exit(2);
}
const child = (mode, dir) => Number(execFileSync(process.execPath, [self, '--child', mode, dir], { encoding: 'utf8' }));
const times = dirs.map(() => []);
for (let r = 0; r < rounds; r++) {
  const line = dirs.map((d, k) => {
    const ms = child(clock, d);
    times[k].push(ms);
    return `${d}: ${ms.toFixed(3)} ms`;
  });
  console.log(`round ${r + 1}: ${line.join('   ')}`);
}
dirs.forEach((d, k) => {
  const t = times[k];
  console.log(`${d}: ${Math.min(...t).toFixed(3)}–${Math.max(...t).toFixed(3)} ms${clock === 'cpu' ? ' of CPU' : ''}/trajectory (mean of 3,072 trajectories, ${rounds} rounds)` +
    (garbage ? `, ${child('garbage', d).toFixed(1)} kB of heap garbage per trajectory` : ''));
});
