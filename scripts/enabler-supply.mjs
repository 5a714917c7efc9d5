// Paired (common random numbers) differences of outcomes between arms of a scenario that differ
// only in the supplyRate of one enabler link, or in a policy file. Enabler links are not a policy
// lever, so `brink compare` cannot build such arms; this script builds them from the scenario file
// and runs trajectory k of every arm with the same keyed random numbers (docs/model.md §4.8).
// It reports firstEpisodeDays (the length of the first initial episode), which `brink compare`
// does not. Build first (`npm run build`). Usage:
//   node scripts/enabler-supply.mjs <scenario.yaml> <runs> <seed> <from> <to> <arm> <arm> ...
// An arm is a supply rate for the link from→to, or policy:<file> (the scenario under that policy
// file, links as they are). The first arm is the reference. PARAMS='{"name": value}' overrides
// global parameters in every arm.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dist = (p) => pathToFileURL(resolve(root, 'dist', p)).href;
const { loadScenarioFile, loadPolicyFile } = await import(dist('scenario/node.js'));
const { applyPolicy } = await import(dist('scenario/index.js'));
const { compileScenario } = await import(dist('scenario/compile.js'));
const { createSimulator } = await import(dist('engine/index.js'));

const [file, runs, seed, from, to, ...armSpecs] = process.argv.slice(2);
if (!file || !(Number(runs) > 1) || armSpecs.length < 2) {
  console.error('usage: node scripts/enabler-supply.mjs <scenario.yaml> <runs> <seed> <from> <to> <arm> <arm> ...');
  process.exit(1);
}
const { scenario, issues } = loadScenarioFile(file);
if (!scenario) {
  for (const i of issues) console.error(`${i.path}: ${i.message}`);
  process.exit(1);
}
const extra = JSON.parse(process.env.PARAMS ?? '{}');
const arms = armSpecs.map((r) => {
  let base;
  if (r.startsWith('policy:')) {
    const loaded = loadPolicyFile(r.slice(7));
    if (!loaded.policyFile) throw new Error(`${r.slice(7)}: ${loaded.issues.map((i) => i.message).join('; ')}`);
    base = applyPolicy(scenario, loaded.policyFile);
  } else {
    if (!scenario.enablerLinks.some((l) => l.from === from && l.to === to)) throw new Error(`no enabler link ${from}→${to} in ${file}`);
    base = { ...scenario, enablerLinks: scenario.enablerLinks.map((l) => (l.from === from && l.to === to ? { ...l, supplyRate: Number(r) } : l)) };
  }
  return createSimulator(compileScenario({ ...base, parameters: { ...base.parameters, ...extra } }));
});
const N = Number(runs), S = Number(seed);
const fields = [
  ['P(drawn in)', (o) => (o.drawnIn ? 1 : 0)],
  ['firstEpisodeDays', (o) => o.firstEpisodeDays],
  ['P(partner collapse)', (o) => (o.partnerCollapse ? 1 : 0)],
  ['P(horizontal)', (o) => (o.horizontal ? 1 : 0)],
  ['gray-zone events', (o) => o.grayzoneCount],
  ['C_aid (B$)', (o) => o.costAid],
  ['escalation score', (o) => o.escalationScore],
];
const sum = arms.map(() => fields.map(() => 0)), d = arms.map(() => fields.map(() => 0)), d2 = arms.map(() => fields.map(() => 0));
for (let k = 0; k < N; k++) {
  const out = arms.map((sim) => sim.run(S, k).outcome);
  out.forEach((o, a) => fields.forEach(([, f], m) => {
    const v = f(o);
    sum[a][m] += v;
    const dv = v - f(out[0]);
    d[a][m] += dv;
    d2[a][m] += dv * dv;
  }));
}
console.log(`${file} · arms ${armSpecs.join(' | ')} (link ${from}→${to}) · ${N} paired runs · seed ${S}`);
fields.forEach(([name], m) => {
  const row = [name.padEnd(20), ...arms.map((_, a) => (sum[a][m] / N).toFixed(4).padStart(11))];
  for (let a = 1; a < arms.length; a++) {
    const mean = d[a][m] / N, v = d2[a][m] / N - mean * mean, se = Math.sqrt(Math.max(0, v) / (N - 1));
    row.push(`  Δ(arm ${a + 1} − arm 1) ${mean.toFixed(4)} [${(mean - 1.96 * se).toFixed(4)}, ${(mean + 1.96 * se).toFixed(4)}]`);
  }
  console.log(row.join(' '));
});
