// Statistical equivalence of two engine builds (issue 12 §3, D59, D62): the check a result-changing
// speed-up (a new time structure: multi-day closed forms, event-driven drifts, incremental hazard
// updates) must pass before it is merged. Byte-identical changes are checked with
// scripts/engine-equivalence.mjs instead.
//
//   node scripts/stat-equivalence.mjs [--runs 20000] [--a-seed 1] [--b-seed S] [--scenarios a,b]
//        [--alpha 0.05] [--b-args "--set name=value"] DIR_A DIR_B
//
// DIR_A and DIR_B are checkouts with a built dist/ (as for scripts/engine-ab.mjs; the version
// before the change from `git archive <commit> | tar -x -C /tmp/a`, node_modules linked,
// `npm run build`). For each scenario (default: the four built-ins; DIR_A's file, so both
// versions read the same input) it runs `brink run FILE --runs N --seed S --json` with each build
// (the pool, all cores) and compares the two run summaries row by row:
//
// - every probability (MODEL.md §1: `probabilities.*`, including rung ≥ 4 per theatre, and every
//   alliance's `byAlliance.*.probabilities.*`): allowance ±0.5 percentage points; its test is the
//   two-sample z-test of the difference (unpooled: z = Δ / √(p_A(1−p_A)/n_A + p_B(1−p_B)/n_B));
// - every mean cost (`costs.*.mean`, and per alliance): allowance 2% of A's mean; its test is the
//   z-test of the difference of means (z = Δ / √(sd_A²/n_A + sd_B²/n_B)).
//
// The gate (D62). A row passes if its difference lies within the allowance, OR the difference is
// not significant after a Holm–Bonferroni correction over all rows of the check (every row of
// every scenario is one family; family-wise α = 0.05 by default). Holm: sort the m two-sided
// p-values ascending p(1) ≤ … ≤ p(m); reject H(1)…H(k−1) where k is the first index with
// p(k) > α/(m−k+1). So the chance that two equivalent builds fail the gate anywhere is at most α,
// where the uncorrected per-row 95% interval (D59) failed ~5% of the rows, i.e. nearly always.
// A row missing in B fails. The per-row table shows each difference, its 95% interval, the raw
// p-value and the Holm threshold; the last line is the verdict: PASS (exit 0) or FAIL (exit 1).
//
// The two versions are run on independent seeds by default (B on --b-seed, default seed + 1,000,003),
// so that the unpaired test above is the right one: with the same seed, keyed randomness
// makes the samples positively correlated and the unpaired test would be too lenient.
// Pass --b-seed equal to --a-seed only to look at paired draws, not to decide.
// (--seed and --seed-b are the older spellings of --a-seed and --b-seed.)
//
// --b-args passes extra `brink run` arguments to version B only; with a parameter change it
// shows that the check can fail (e.g. --b-args "--set actors[RUS].activity=0.6" fails 6 of 19 stray-missile rows at 1,000 runs).
//
// Not covered here: the historical backtest scores (npm run validate:history, which needs
// ../shared/data): run it on both builds as well before merging a result-changing step.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
let runs = 20000, seed = 1, seedB = null, alpha = 0.05, scenarios = ['baseline-2025', 'baltic-grayzone', 'stray-missile', 'two-theatre'];
let bArgs = [];
const dirs = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runs') runs = Number(args[++i]);
  else if (a === '--seed' || a === '--a-seed') seed = Number(args[++i]);
  else if (a === '--seed-b' || a === '--b-seed') seedB = Number(args[++i]);
  else if (a === '--alpha') alpha = Number(args[++i]);
  else if (a === '--scenarios') scenarios = args[++i].split(',').map((x) => x.trim()).filter(Boolean);
  else if (a === '--b-args') bArgs = args[++i].split(/\s+/).filter(Boolean);
  else if (a.startsWith('--')) { console.error(`stat-equivalence: unknown option ${a}`); process.exit(2); }
  else dirs.push(resolve(a));
}
if (dirs.length !== 2 || !(Number.isInteger(runs) && runs >= 1) || !Number.isInteger(seed) || (seedB !== null && !Number.isInteger(seedB)) || !(alpha > 0 && alpha < 1) || scenarios.length === 0) {
  console.error('usage: node scripts/stat-equivalence.mjs [--runs N] [--a-seed S] [--b-seed S] [--scenarios a,b] [--alpha 0.05] [--b-args "..."] DIR_A DIR_B');
  process.exit(2);
}
if (seedB === null) seedB = seed + 1000003;
const [dirA, dirB] = dirs;

const PP = 0.005; // ±0.5 percentage points
const COST_REL = 0.02; // mean costs within 2%
const Z = 1.959964;

function runSummary(dir, file, s, extra) {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [resolve(dir, 'bin/brink.js'), 'run', file, '--runs', String(runs), '--seed', String(s), '--json', '--no-progress', ...extra], {
    cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { summary: JSON.parse(out), seconds: (performance.now() - t0) / 1000 };
}

/** Every probability record (an object with count, runs, estimate) under a value, by path. */
function probabilities(value, path, out) {
  if (value === null || typeof value !== 'object') return out;
  if (typeof value.count === 'number' && typeof value.runs === 'number' && typeof value.estimate === 'number') {
    out.set(path, value);
    return out;
  }
  for (const [k, v] of Object.entries(value)) probabilities(v, path ? `${path}.${k}` : k, out);
  return out;
}
/** Every mean-cost record (mean, sd) under summary.costs and byAlliance.*.costs. */
function costs(summary) {
  const out = new Map();
  const add = (prefix, c) => { for (const [k, v] of Object.entries(c ?? {})) if (v && typeof v.mean === 'number') out.set(`${prefix}${k}`, v); };
  add('costs.', summary.costs);
  for (const [id, al] of Object.entries(summary.byAlliance ?? {})) add(`byAlliance.${id}.costs.`, al.costs);
  return out;
}
function allProbabilities(summary) {
  const out = probabilities(summary.probabilities, 'probabilities', new Map());
  for (const [id, al] of Object.entries(summary.byAlliance ?? {})) probabilities(al.probabilities, `byAlliance.${id}.probabilities`, out);
  return out;
}

const pct = (x) => (100 * x).toFixed(2);
/** Standard normal upper tail, Φ̄(x) for x ≥ 0 (Abramowitz–Stegun 7.1.26 on erfc; |error| < 1.5e-7). */
function normalTail(x) {
  const z = x / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return 0.5 * erfc;
}
/** Two-sided p-value of a difference d with standard error se (se 0: p 1 if d is 0, else 0). */
const pValue = (d, se) => (se > 0 ? Math.min(1, 2 * normalTail(Math.abs(d) / se)) : d === 0 ? 1 : 0);

// Run every scenario with both builds first, then decide (Holm needs every row's p-value).
const rows = []; // { scenario, path, kind, text, inAllowance, p, missing }
console.log(`stat-equivalence: A=${dirA} (seed ${seed})  B=${dirB} (seed ${seedB}${bArgs.length ? `, ${bArgs.join(' ')}` : ''})  ${runs} runs each, Holm over all rows at α = ${alpha}`);
for (const s of scenarios) {
  const file = resolve(dirA, `scenarios/${s}.yaml`);
  const A = runSummary(dirA, file, seed, []);
  const B = runSummary(dirB, file, seedB, bArgs);
  console.error(`stat-equivalence: ${s} done (A ${A.seconds.toFixed(1)} s, B ${B.seconds.toFixed(1)} s)`);
  const pa = allProbabilities(A.summary), pb = allProbabilities(B.summary);
  for (const [path, a] of pa) {
    const b = pb.get(path);
    if (!b) { rows.push({ scenario: s, path, missing: true, p: 0, inAllowance: false, text: 'missing in B' }); continue; }
    const p1 = a.estimate, p2 = b.estimate, d = p2 - p1;
    const se = Math.sqrt(p1 * (1 - p1) / a.runs + p2 * (1 - p2) / b.runs);
    rows.push({
      scenario: s, path, missing: false, p: pValue(d, se), inAllowance: Math.abs(d) <= PP,
      text: `A ${pct(p1)}%  B ${pct(p2)}%  Δ ${d >= 0 ? '+' : ''}${pct(d)} pp (95% ±${pct(Z * se)} pp)`,
    });
  }
  const ca = costs(A.summary), cb = costs(B.summary);
  for (const [path, a] of ca) {
    const b = cb.get(path);
    if (!b) { rows.push({ scenario: s, path, missing: true, p: 0, inAllowance: false, text: 'missing in B' }); continue; }
    const d = b.mean - a.mean;
    const rel = a.mean !== 0 ? d / Math.abs(a.mean) : (d === 0 ? 0 : Infinity);
    const se = Math.sqrt((a.sd ?? 0) ** 2 / runs + (b.sd ?? 0) ** 2 / runs);
    rows.push({
      scenario: s, path, missing: false, p: pValue(d, se), inAllowance: Math.abs(rel) <= COST_REL,
      text: `A ${a.mean.toPrecision(6)}  B ${b.mean.toPrecision(6)}  Δ ${rel >= 0 ? '+' : ''}${(100 * rel).toFixed(2)}% (95% ±${(100 * Z * se / Math.abs(a.mean || 1)).toFixed(2)}%)`,
    });
  }
}

// Holm–Bonferroni step-down over all m rows: threshold α/(m−k+1) for the k-th smallest p-value.
const m = rows.length;
const order = rows.map((_, i) => i).sort((x, y) => rows[x].p - rows[y].p);
let stopped = false;
order.forEach((ix, k) => {
  const r = rows[ix];
  r.threshold = alpha / (m - k);
  if (!stopped && r.p <= r.threshold) r.significant = true;
  else { stopped = true; r.significant = false; }
});
let failures = 0;
let current = null;
for (const r of rows) {
  if (r.scenario !== current) { current = r.scenario; console.log(`\n## ${current}`); }
  const ok = !r.missing && (r.inAllowance || !r.significant);
  if (!ok) failures++;
  const why = r.missing ? '' : r.inAllowance ? 'within allowance' : r.significant ? 'significant after Holm' : 'not significant after Holm';
  const p = r.missing ? '' : `  p ${r.p < 1e-4 ? r.p.toExponential(1) : r.p.toFixed(4)} (Holm ${r.threshold.toExponential(1)})`;
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${r.path}: ${r.text}${p}  ${why}`);
}
const inAllow = rows.filter((r) => !r.missing && r.inAllowance).length;
const notSig = rows.filter((r) => !r.missing && !r.inAllowance && !r.significant).length;
console.log(`\nstat-equivalence: ${rows.length - failures}/${rows.length} rows pass (${inAllow} within the allowance, ${notSig} outside it but not significant after Holm), ${failures} fail; ${runs} runs per version, ${scenarios.length} scenario(s), family-wise α = ${alpha}`);
console.log(`VERDICT: ${failures === 0 ? 'PASS' : 'FAIL'}`);
process.exit(failures === 0 ? 0 : 1);
