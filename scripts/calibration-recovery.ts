/**
 * The larger parameter-recovery experiment of docs/calibration.md: take the onset features of
 * real disputes, generate their "history" from the model itself at known parameters (a
 * calibrated parameter file), calibrate all knobs from the engine defaults exactly as
 * `brink calibrate` does, and print each knob's truth beside its estimate.
 *
 *   npx tsx scripts/calibration-recovery.ts --mid DIR --truth params.yaml [--disputes 300]
 *     [--runs 6] [--truth-runs 100] [--max-evals 400] [--seed 1] [--coarse 1] [--patience 8]
 *
 * Reference files default to ../shared/data (as the CLI's).
 */
import { readFileSync } from 'node:fs';
import { createSimulator } from '../src/engine/index.js';
import { compileScenario } from '../src/scenario/compile.js';
import { calibrate, KNOBS, splitHoldout } from '../src/calibration/calibrate.js';
import { readCasesOrThrow } from '../src/calibration/files.js';
import { readHistoricalModel } from '../src/calibration/params-file.js';
import { simulateCase } from '../src/calibration/simulate.js';
import { arg } from './args.js';

const engine = { compileScenario, createSimulator };
const all = { value: readCasesOrThrow(arg('mid')).cases };
const seed = Number(arg('seed', '1'));
const n = Number(arg('disputes', '300'));
const cases = all.value.length > n ? splitHoldout(all.value, n / all.value.length, seed + 7).holdout : all.value;
const truthFile = arg('truth');
const truth = readHistoricalModel(readFileSync(truthFile, 'utf8'), truthFile).model;
if (!truth) throw new Error(`${truthFile}: not a parameter file`);
const truthRuns = Number(arg('truth-runs', '100'));
const synthetic = new Map(cases.map((c) => [c.features.dispnum, simulateCase(engine, c, truth, truthRuns, 424242)]));
const t0 = Date.now();
const r = calibrate(engine, cases, {
  runs: Number(arg('runs', '6')),
  seed,
  holdoutShare: 0.2,
  maxEvaluations: Number(arg('max-evals', '400')),
  checkEvery: 10,
  patience: Number(arg('patience', '8')),
  coarsePasses: Number(arg('coarse', '1')),
  observed: (c) => synthetic.get(c.features.dispnum)!,
  onCheck: (k, h) => process.stderr.write(`recovery: evaluation ${k}, held-back distance ${h.toFixed(2)}\n`),
});
console.log(`${cases.length} disputes, ${r.evaluations} evaluations${r.stoppedEarly ? ' (stopped early)' : ''}, ${((Date.now() - t0) / 60000).toFixed(1)} min`);
console.log(`${'knob'.padEnd(22)} ${'truth'.padStart(10)} ${'start'.padStart(10)} ${'estimate'.padStart(10)}  ratio`);
for (const k of r.knobs) {
  const tv = KNOBS.find((x) => x.name === k.name)!.get(truth);
  console.log(`${k.name.padEnd(22)} ${tv.toPrecision(4).padStart(10)} ${k.start.toPrecision(4).padStart(10)} ${k.value.toPrecision(4).padStart(10)}  ${(k.value / tv).toFixed(2)}`);
}
console.log(`fit distance ${r.fit.distance.toFixed(2)}, held back ${r.holdout.distance.toFixed(2)}`);
