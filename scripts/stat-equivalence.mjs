// Statistical equivalence of two engine builds (issue 12 §3, D59): the check a result-changing
// speed-up (a new time structure: multi-day closed forms, event-driven drifts, incremental hazard
// updates) must pass before it is merged. Byte-identical changes are checked with
// scripts/engine-equivalence.mjs instead.
//
//   node scripts/stat-equivalence.mjs [--runs 20000] [--seed 1] [--seed-b S] [--scenarios a,b]
//        [--b-args "--set name=value"] DIR_A DIR_B
//
// DIR_A and DIR_B are checkouts with a built dist/ (as for scripts/engine-ab.mjs; the version
// before the change from `git archive <commit> | tar -x -C /tmp/a`, node_modules linked,
// `npm run build`). For each built-in scenario (DIR_A's file, so both versions read the same
// input) it runs `brink run FILE --runs N --seed S --json` with each build (the pool, all cores)
// and compares the two run summaries:
//
// - every probability (MODEL.md §1: `probabilities.*`, including rung ≥ 4 per theatre, and every
//   alliance's `byAlliance.*.probabilities.*`) must lie within ±0.5 percentage points of the
//   other, or the difference inside its 95% interval (normal approximation, two independent
//   samples: ±1.96·√(p_A(1−p_A)/n_A + p_B(1−p_B)/n_B));
// - every mean cost (`costs.*.mean`, and per alliance) within 2% of the other (relative to A).
//   A cost that misses 2% but whose difference lies inside its 95% interval is reported as
//   "FAIL (noise)": N is too small to tell, rerun with more runs.
//
// The two versions are run on independent seeds by default (B on --seed-b, default seed + 1,000,003),
// so that the unpaired interval above is the right one: with the same seed, keyed randomness
// makes the samples positively correlated and the unpaired interval would be too wide (too lenient).
// Pass --seed-b equal to --seed only to look at paired draws, not to decide.
//
// --b-args passes extra `brink run` arguments to version B only; with a parameter change it
// shows that the check can fail (e.g. --b-args "--set hazardMaxPerDay=0.5").
//
// Not covered here: the historical backtest scores (npm run validate:history, which needs
// ../shared/data): run it on both builds as well before merging a result-changing step.
//
// The issue's full check is --runs 20000 (the default). Exit 0 when every row passes, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
let runs = 20000, seed = 1, seedB = null, scenarios = ['baseline-2025', 'baltic-grayzone', 'stray-missile', 'two-theatre'];
let bArgs = [];
const dirs = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runs') runs = Number(args[++i]);
  else if (a === '--seed') seed = Number(args[++i]);
  else if (a === '--seed-b') seedB = Number(args[++i]);
  else if (a === '--scenarios') scenarios = args[++i].split(',');
  else if (a === '--b-args') bArgs = args[++i].split(/\s+/).filter(Boolean);
  else dirs.push(resolve(a));
}
if (dirs.length !== 2 || !(runs >= 1) || !Number.isInteger(seed)) {
  console.error('usage: node scripts/stat-equivalence.mjs [--runs N] [--seed S] [--seed-b S] [--scenarios a,b] [--b-args "..."] DIR_A DIR_B');
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
let failures = 0, rows = 0;
console.log(`stat-equivalence: A=${dirA} (seed ${seed})  B=${dirB} (seed ${seedB}${bArgs.length ? `, ${bArgs.join(' ')}` : ''})  ${runs} runs each`);
for (const s of scenarios) {
  const file = resolve(dirA, `scenarios/${s}.yaml`);
  const A = runSummary(dirA, file, seed, []);
  const B = runSummary(dirB, file, seedB, bArgs);
  console.log(`\n## ${s}  (A ${A.seconds.toFixed(1)} s, B ${B.seconds.toFixed(1)} s)`);
  const pa = allProbabilities(A.summary), pb = allProbabilities(B.summary);
  for (const [path, a] of pa) {
    const b = pb.get(path);
    rows++;
    if (!b) { failures++; console.log(`FAIL  ${path}: missing in B`); continue; }
    const p1 = a.estimate, p2 = b.estimate, d = p2 - p1;
    const half = Z * Math.sqrt(p1 * (1 - p1) / a.runs + p2 * (1 - p2) / b.runs);
    const ok = Math.abs(d) <= PP || Math.abs(d) <= half;
    if (!ok) failures++;
    console.log(`${ok ? 'ok   ' : 'FAIL '} ${path}: A ${pct(p1)}%  B ${pct(p2)}%  Δ ${d >= 0 ? '+' : ''}${pct(d)} pp (95% ±${pct(half)} pp)`);
  }
  const ca = costs(A.summary), cb = costs(B.summary);
  for (const [path, a] of ca) {
    const b = cb.get(path);
    rows++;
    if (!b) { failures++; console.log(`FAIL  ${path}: missing in B`); continue; }
    const d = b.mean - a.mean;
    const rel = a.mean !== 0 ? d / Math.abs(a.mean) : (d === 0 ? 0 : Infinity);
    const half = Z * Math.sqrt((a.sd ?? 0) ** 2 / runs + (b.sd ?? 0) ** 2 / runs);
    const ok = Math.abs(rel) <= COST_REL;
    if (!ok) failures++;
    const tag = ok ? 'ok   ' : Math.abs(d) <= half ? 'FAIL (noise)' : 'FAIL ';
    console.log(`${tag} ${path}: A ${a.mean.toPrecision(6)}  B ${b.mean.toPrecision(6)}  Δ ${(100 * rel).toFixed(2)}% (95% ±${half.toPrecision(3)})`);
  }
}
console.log(`\nstat-equivalence: ${rows - failures}/${rows} rows pass${failures ? `, ${failures} FAIL` : ''} (${runs} runs per version and scenario)`);
process.exit(failures === 0 ? 0 : 1);
