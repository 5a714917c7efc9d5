/**
 * The covariate diagnostics of docs/validation.md ("What this says"): simulate disputes under a
 * (calibrated) historical model and print, per group of disputes chosen by onset features, the
 * mean predicted and the observed shares of use of force (or war), reciprocation and war; with the
 * RPS of the model beside base rates fitted on --train (or on the same disputes when omitted).
 *
 *   npx tsx scripts/covariate-diagnostics.ts --mid DIR [--params FILE] [--train DIR] [--runs 40]
 *     [--max-disputes N] [--seed 1] [--settings JSON] [--parameters JSON]
 *
 * Use it on the disputes the model is fitted on (the odd ones), not on the scored ones.
 */
import { readFileSync } from 'node:fs';
import { createSimulator } from '../src/engine/index.js';
import { compileScenario } from '../src/scenario/compile.js';
import { defaultHistoricalModel } from '../src/calibration/build-scenario.js';
import { splitHoldout } from '../src/calibration/calibrate.js';
import { covariates, type DisputeCase } from '../src/calibration/dispute.js';
import { readCasesOrThrow } from '../src/calibration/files.js';
import { readHistoricalModel } from '../src/calibration/params-file.js';
import { rps } from '../src/calibration/scores.js';
import { simulateCase, type CaseSummary } from '../src/calibration/simulate.js';
import { arg } from './args.js';

const engine = { compileScenario, createSimulator };
const load = (dir: string): DisputeCase[] => readCasesOrThrow(dir).cases;
const seed = Number(arg('seed', '1'));
const allCases = load(arg('mid'));
const maxN = Number(arg('max-disputes', '0'));
const cases = maxN > 0 && allCases.length > maxN ? splitHoldout(allCases, maxN / allCases.length, seed + 7).holdout : allCases;
const paramsFile = process.argv.includes('--params') ? arg('params') : null;
const model = paramsFile ? readHistoricalModel(readFileSync(paramsFile, 'utf8'), paramsFile).model : defaultHistoricalModel();
if (!model) throw new Error(`${paramsFile}: not a parameter file`);
// Overrides for exploration: --settings '{"borderActivityB":2}' --parameters '{"coercivePowerWeight":1}'.
if (process.argv.includes('--settings')) Object.assign(model.settings, JSON.parse(arg('settings')));
if (process.argv.includes('--parameters')) Object.assign(model.parameters, JSON.parse(arg('parameters')));
const train = process.argv.includes('--train') ? load(arg('train')) : cases;
const runs = Number(arg('runs', '40'));

// Base rates of the level (training disputes).
const base = [0, 0, 0, 0];
for (const c of train) base[c.observed.hostlev - 2]! += 1 / train.length;

const sims: CaseSummary[] = cases.map((c) => simulateCase(engine, c, model, runs, seed));
const groups: [string, (c: DisputeCase) => boolean][] = [
  ['all', () => true],
  ['side A has a major power', (c) => covariates(c.features)[1] === 1],
  ['side A has no major power', (c) => covariates(c.features)[1] === 0],
  ['side A nuclear', (c) => covariates(c.features)[4] === 1],
  ['side A much weaker (ln CINC ratio < -1)', (c) => covariates(c.features)[0]! < -1],
  ['side A much stronger (> 1)', (c) => covariates(c.features)[0]! > 1],
  ['several side-A originators', (c) => c.features.sideA.length > 1],
  ['side B has an outside defender', (c) => c.features.defendersB.length > 0],
  ['side B has none', (c) => c.features.defendersB.length === 0],
  ['contiguous', (c) => covariates(c.features)[3] === 1],
  ['not contiguous', (c) => covariates(c.features)[3] === 0],
  ['before 1914', (c) => c.features.era === 'pre1914'],
  ['1990 on', (c) => c.features.era === '1990-'],
];
const f3 = (x: number) => x.toFixed(3);
const f2 = (x: number) => x.toFixed(2);
console.log(`${cases.length} disputes, ${runs} runs, params ${paramsFile ?? '(defaults)'}`);
console.log('| disputes | n | force | reciprocation | war |\n|---|---|---|---|---|');
for (const [name, sel] of groups) {
  let n = 0, pf = 0, of = 0, pr = 0, or = 0, pw = 0, ow = 0;
  cases.forEach((c, i) => {
    if (!sel(c)) return;
    const s = sims[i]!;
    n++;
    pf += s.level[2]! + s.level[3]!;
    of += c.observed.hostlev >= 4 ? 1 : 0;
    pr += s.recip;
    or += c.observed.recip ? 1 : 0;
    pw += s.level[3]!;
    ow += c.observed.war ? 1 : 0;
  });
  if (n === 0) continue;
  console.log(`| ${name} | ${n} | ${f2(pf / n)} / ${f2(of / n)} | ${f2(pr / n)} / ${f2(or / n)} | ${f3(pw / n)} / ${f3(ow / n)} |`);
}
let rm = 0, rb = 0;
cases.forEach((c, i) => {
  rm += rps(sims[i]!.level, c.observed.hostlev - 2);
  rb += rps(base, c.observed.hostlev - 2);
});
// The Monte Carlo noise of R runs inflates the model's RPS by E[(F̂_k − F_k)²] = F_k(1 − F_k)/R per
// cumulative share; subtracting the unbiased estimate F̂(1 − F̂)/(R − 1) gives the RPS at R = ∞.
let noise = 0;
cases.forEach((_, i) => {
  let cum = 0;
  for (let k = 0; k < 3; k++) {
    cum += sims[i]!.level[k]!;
    noise += (cum * (1 - cum)) / (runs - 1) / 3;
  }
});
const rmInf = rm - noise;
console.log(`RPS model ${(rm / cases.length).toFixed(4)} (${runs} runs; ≈${(rmInf / cases.length).toFixed(4)} at infinitely many), base rate ${(rb / cases.length).toFixed(4)}, skill ${(1 - rm / rb).toFixed(3)} (≈${(1 - rmInf / rb).toFixed(3)})`);
// Mean predicted vs observed level shares, and deciles of predicted P(force or war).
const lv = [0, 0, 0, 0], lo = [0, 0, 0, 0];
cases.forEach((c, i) => {
  sims[i]!.level.forEach((p, k) => (lv[k]! += p / cases.length));
  lo[c.observed.hostlev - 2]! += 1 / cases.length;
});
console.log(`levels 2..5 predicted ${lv.map(f3).join(' ')}; observed ${lo.map(f3).join(' ')}`);
const order = cases.map((_, i) => i).sort((a, b) => sims[a]!.level[2]! + sims[a]!.level[3]! - (sims[b]!.level[2]! + sims[b]!.level[3]!));
const dec: string[] = [];
for (let g = 0; g < 10; g++) {
  const idx = order.slice(Math.floor((g * order.length) / 10), Math.floor(((g + 1) * order.length) / 10));
  const pm = idx.reduce((s, i) => s + sims[i]!.level[2]! + sims[i]!.level[3]!, 0) / idx.length;
  const om = idx.reduce((s, i) => s + (cases[i]!.observed.hostlev >= 4 ? 1 : 0), 0) / idx.length;
  dec.push(`${f2(pm)}→${f2(om)}`);
}
console.log(`P(force or war) deciles: ${dec.join(' ')}`);
if (process.argv.includes('--dump')) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(arg('dump'), JSON.stringify(cases.map((c, i) => ({ dispnum: c.features.dispnum, x: covariates(c.features), nA: c.features.sideA.length, nB: c.features.sideB.length, nDefB: c.features.defendersB.length, nDefA: c.features.defendersA.length, level: sims[i]!.level, recip: sims[i]!.recip, dur30: sims[i]!.durLe[0], obs: c.observed.hostlev, orecip: c.observed.recip }))));
}
