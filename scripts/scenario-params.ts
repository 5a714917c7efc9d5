/**
 * Writes the parameter file the built-in 2025 scenarios include (scenarios/params/calibrated.yaml)
 * from a calibration file written by `brink calibrate --out`: only the mechanism weights that
 * transfer from historical disputes to the 2025 rivalries (TRANSFERABLE_PARAMS in
 * src/calibration/params-file.ts; docs/calibration.md, decisions D20).
 *
 *   npx tsx scripts/scenario-params.ts --from docs/calibration-runs/odd-params-H.yaml --out scenarios/params/calibrated.yaml
 *
 * Without --out the file is printed. The source path is written into the header as given, so run
 * it from the repository root with a relative path.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { transferableParametersYaml } from '../src/calibration/params-file.js';
import { arg, optArg } from './args.js';

const from = arg('from');
const out = optArg('out');
const command = `npx tsx scripts/scenario-params.ts --from ${from} --out ${out ?? 'scenarios/params/calibrated.yaml'}`;
const text = transferableParametersYaml(readFileSync(from, 'utf8'), from, command);
if (out === undefined) process.stdout.write(text);
else writeFileSync(out, text);
