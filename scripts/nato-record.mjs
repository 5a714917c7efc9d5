// Usage (after npm install): node scripts/nato-record.mjs [runs]   — run from the checkout root.
// NATO record check (issue 4): the baseline run for ten years with no inject.
// The scenario is loaded as the CLI loads it (loadScenarioFile), so its `include:` (the calibrated
// weights, scenarios/params/calibrated.yaml) is merged; parsing the YAML alone would drop it.
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../dist/scenario/node.js';
import { compileScenario } from '../dist/scenario/compile.js';
import { createSimulator } from '../dist/engine/index.js';
const file = fileURLToPath(new URL('../scenarios/baseline-2025.yaml', import.meta.url));
const { scenario: raw, issues } = loadScenarioFile(file);
if (raw === null) throw new Error(`${file}: ${issues.map((i) => i.message).join('; ')}`);
raw.horizonDays = 3650;
raw.injects = [];
const sc = compileScenario(raw);
const sim = createSimulator(sc);
const N = Number(process.argv[2] ?? 1000);
let a4 = 0, a4sq = 0, a5 = 0, any4 = 0, drawn = 0, coll = 0;
const counts = new Map();
for (let k = 0; k < N; k++) {
  const o = sim.run(1, k).outcome;
  a4 += o.art4Count; a4sq += o.art4Count ** 2; if (o.art5) a5++; if (o.art4Count > 0) any4++; if (o.drawnIn) drawn++; if (o.partnerCollapse) coll++;
}
const mean = a4 / N, sd = Math.sqrt(a4sq / N - mean * mean);
const wil = (x) => { const z = 1.96, p = x / N, d = 1 + z * z / N, c = p + z * z / (2 * N), h = z * Math.sqrt(p * (1 - p) / N + z * z / (4 * N * N)); return [(c - h) / d, (c + h) / d].map((v) => (100 * v).toFixed(2) + '%'); };
console.log(JSON.stringify({ runs: N, horizonDays: 3650, art4PerDecade: { mean: +mean.toFixed(2), ci95: [+(mean - 1.96 * sd / Math.sqrt(N)).toFixed(2), +(mean + 1.96 * sd / Math.sqrt(N)).toFixed(2)] }, pArticle5: { estimate: a5 / N, wilson95: wil(a5) }, pAnyArticle4: any4 / N, pDrawnIn: { estimate: drawn / N, wilson95: wil(drawn) }, pPartnerCollapse: coll / N }));
