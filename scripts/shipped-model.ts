/**
 * Writes calibration/shipped-model.yaml, the historical model as shipped (what `brink backtest`
 * and `brink calibrate` use without --params; docs/decisions.md D48): the mechanism weights the
 * built-in scenarios include (scenarios/params/calibrated.yaml) with the builder settings and
 * dispute-level parameters of the calibration that file names (shippedModelYaml in
 * src/calibration/params-file.ts). Run from the repository root after every recalibration:
 *
 *   npx tsx scripts/shipped-model.ts
 *
 * With --check it writes nothing and exits 1 when the file differs from what it would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { calibrationSourceOf, SCENARIO_PARAMS_FILE, SHIPPED_MODEL_FILE, shippedModelYaml } from '../src/calibration/params-file.js';

const COMMAND = 'npx tsx scripts/shipped-model.ts';
const inc = readFileSync(SCENARIO_PARAMS_FILE, 'utf8');
const source = calibrationSourceOf(inc);
if (source === null) {
  process.stderr.write(`${SCENARIO_PARAMS_FILE}: no "npx tsx scripts/scenario-params.ts --from FILE" line in its header\n`);
  process.exit(1);
}
const text = shippedModelYaml(inc, SCENARIO_PARAMS_FILE, readFileSync(source, 'utf8'), source, COMMAND);
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(SHIPPED_MODEL_FILE, 'utf8');
  } catch {
    /* missing: differs */
  }
  if (old !== text) {
    process.stderr.write(`${SHIPPED_MODEL_FILE} differs from what ${COMMAND} writes; regenerate it\n`);
    process.exit(1);
  }
} else {
  writeFileSync(SHIPPED_MODEL_FILE, text);
  process.stdout.write(`wrote ${SHIPPED_MODEL_FILE} from ${SCENARIO_PARAMS_FILE} and ${source}\n`);
}
