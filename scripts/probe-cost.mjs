// What the state probe of a comparison costs (docs/monte-carlo.md, "Inert arms and the state
// probe"; D29): the compare chunk path (createJobRunner) on baseline-2025 with two arms (the
// scenario's policy and playbook-strong, so the arms' states differ), with the probe on and off
// (job.stateProbe). The host's load varies within seconds, so each round (a fresh process) runs
// the same chunk of 64 trajectory pairs with the probe off and on in alternation, and then times
// the probe's own work alone (two state digests and one StateProbe.add, 20,000 times): that
// second figure is the one to trust on a loaded host.
//
//   npm run build && node scripts/probe-cost.mjs [--rounds 3] [--chunks 8]
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = resolve(self, '../..');
const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};

if (args[0] === '--child') {
  const chunks = Number(args[1]);
  const dist = pathToFileURL(resolve(root, 'dist')).href;
  const { loadScenarioFile, loadPolicyFile } = await import(`${dist}/scenario/node.js`);
  const { applyPolicy } = await import(`${dist}/scenario/index.js`);
  const { compileScenario } = await import(`${dist}/scenario/compile.js`);
  const { createJobRunner } = await import(`${dist}/montecarlo/job.js`);
  const { loadEngine } = await import(`${dist}/montecarlo/engine-api.js`);
  const { CompareAggregate } = await import(`${dist}/montecarlo/compare-aggregate.js`);
  const { createSimulator, stateDigestLayout } = await import(`${dist}/engine/index.js`);
  const { scenario } = loadScenarioFile(resolve(root, 'scenarios/baseline-2025.yaml'));
  const strong = applyPolicy(scenario, loadPolicyFile(resolve(root, 'scenarios/policies/playbook-strong.yaml')).policyFile);
  const job = { kind: 'compare', arms: [scenario, strong], seed: 1, runs: 1 << 20, chunkSize: 64, series: false };
  const engine = await loadEngine();
  const on = createJobRunner(job, engine);
  const off = createJobRunner({ ...job, stateProbe: false }, engine);
  on.runChunk(0);
  off.runChunk(0);
  // The same chunk on each side, in alternation (order swapped every chunk).
  let tOn = 0;
  let tOff = 0;
  for (let c = 1; c <= chunks; c++) {
    for (const side of c % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
      const t0 = performance.now();
      (side === 'on' ? on : off).runChunk(c);
      const dt = performance.now() - t0;
      if (side === 'on') tOn += dt;
      else tOff += dt;
    }
  }
  // The probe's own work per trajectory pair, alone: two digests and one probe.add.
  const compiled = [scenario, strong].map((s) => compileScenario(s));
  const sims = compiled.map((c) => createSimulator(c));
  const entries = stateDigestLayout(compiled[0]);
  const digests = sims.map(() => new Float64Array(entries.length));
  const agg = new CompareAggregate(on.spec, 2, undefined, entries);
  const results = sims.map((s) => s.run(1, 5, { series: false, reuseSeries: true, trace: false }));
  const reps = 20000;
  const t1 = performance.now();
  for (let r = 0; r < reps; r++) {
    for (let j = 0; j < 2; j++) sims[j].stateDigest(digests[j]);
    agg.probe.add(digests);
  }
  const probeMs = (performance.now() - t1) / reps;
  void results;
  const n = chunks * 64;
  process.stdout.write(JSON.stringify({ on: tOn / n, off: tOff / n, probe: probeMs, entries: entries.length }));
} else {
  const rounds = flag('--rounds', 3);
  const chunks = flag('--chunks', 8);
  const rows = [];
  for (let r = 0; r < rounds; r++) {
    const x = JSON.parse(execFileSync(process.execPath, [self, '--child', String(chunks)], { encoding: 'utf8' }));
    rows.push(x);
    console.log(`round ${r + 1}: off ${x.off.toFixed(3)} ms, on ${x.on.toFixed(3)} ms per trajectory pair (${(100 * (x.on / x.off - 1)).toFixed(1)}%); the probe alone ${(1000 * x.probe).toFixed(1)} µs per pair (${x.entries} entries), ${((100 * x.probe) / x.off).toFixed(2)}% of a pair`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`median: chunks on/off ${(100 * (median(rows.map((x) => x.on / x.off)) - 1)).toFixed(1)}%; the probe alone ${(1000 * median(rows.map((x) => x.probe))).toFixed(1)} µs per pair = ${(100 * median(rows.map((x) => x.probe / x.off))).toFixed(2)}% of a pair`);
}
