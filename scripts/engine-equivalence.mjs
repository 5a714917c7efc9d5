// Check that a change to the engine's structure moved no result (issue 12 §1, D38): the trace JSON
// (trajectory 0 and 3, seed 7) and `brink run --json` (400 runs, seed 1) of the four built-in
// scenarios, byte for byte against references recorded from the engine before the change.
//
//   npm run build && node scripts/engine-equivalence.mjs record [--ref DIR]   # before the change
//   npm run build && node scripts/engine-equivalence.mjs check  [--ref DIR]   # after each step
//
// DIR defaults to .scratch/engine-equivalence (git-ignored). To record from an older commit
// without touching the working tree: `git archive COMMIT | tar -x -C /tmp/before`, link
// node_modules, `npm run build` there, and run this script's `record` from that directory with
// `--ref` pointing where you want the references.
//
// A difference is allowed only where it is declared additive below (ADDITIVE): a new field that
// the reference lacks. Outputs are compared as bytes first; if they differ, the declared new fields
// are removed from the current output, which is re-serialised the way the CLI writes it, and must
// then equal the reference's bytes (the reference is checked to round-trip the same way, so the
// comparison stays byte for byte). Exit 0 when every output matches, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SCENARIOS = ['baseline-2025', 'baltic-grayzone', 'stray-missile', 'two-theatre'];
const CASES = [
  { name: 'trace', args: (f) => ['trace', f, '--seed', '7', '--json'] },
  { name: 'trace3', args: (f) => ['trace', f, '--seed', '7', '--trajectory', '3', '--json'] },
  { name: 'run', args: (f) => ['run', f, '--runs', '400', '--seed', '1', '--json', '--no-progress'] },
];
/**
 * Declared additive fields, per case: paths into the JSON ('*' matches any key). A path listed
 * here may be absent from the reference and present now; nothing else may differ.
 * D38: the new outcome art4Days (days with an Article 4 consultation open): in the trajectory's
 * outcome and its per-alliance record, and the run summary's mean of it (top level and per alliance).
 */
const ADDITIVE = {
  trace: [['outcome', 'art4Days'], ['outcome', 'byAlliance', '*', 'art4Days']],
  trace3: [['outcome', 'art4Days'], ['outcome', 'byAlliance', '*', 'art4Days']],
  run: [['means', 'art4Days'], ['byAlliance', '*', 'means', 'art4Days']],
};

const args = process.argv.slice(2);
const mode = args[0];
const refIx = args.indexOf('--ref');
const refDir = resolve(refIx >= 0 ? args[refIx + 1] : '.scratch/engine-equivalence');
if (mode !== 'record' && mode !== 'check') {
  console.error('usage: node scripts/engine-equivalence.mjs record|check [--ref DIR]');
  process.exit(2);
}
const brink = (argv) => execFileSync(process.execPath, ['bin/brink.js', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });

/** Remove the declared paths from a parsed value (in place). */
function strip(value, path) {
  if (value === null || typeof value !== 'object' || path.length === 0) return;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(value) : [head];
  for (const k of keys) {
    if (!(k in value)) continue;
    if (rest.length === 0) delete value[k];
    else strip(value[k], rest);
  }
}
// The CLI writes traces with JSON.stringify on one line and summaries with analysis/json.ts
// formatJson (indented, flat arrays on one line): re-serialise the way the reference was written.
const { formatJson } = await import(pathToFileURL(resolve('dist/analysis/json.js')).href);
const reserialise = (text, value) => (text.startsWith('{\n') ? formatJson(value) : JSON.stringify(value)) + (text.endsWith('\n') ? '\n' : '');

let failures = 0;
if (mode === 'record') mkdirSync(refDir, { recursive: true });
for (const s of SCENARIOS) {
  for (const c of CASES) {
    const file = resolve(refDir, `${s}.${c.name}.json`);
    const out = brink(c.args(`scenarios/${s}.yaml`));
    if (mode === 'record') {
      writeFileSync(file, out);
      console.log(`recorded ${file} (${out.length} bytes)`);
      continue;
    }
    if (!existsSync(file)) {
      console.log(`MISSING  ${s} ${c.name}: no reference ${file} (run 'record' on the old engine first)`);
      failures++;
      continue;
    }
    const ref = readFileSync(file, 'utf8');
    if (out === ref) {
      console.log(`same     ${s} ${c.name}`);
      continue;
    }
    const refValue = JSON.parse(ref);
    const cur = JSON.parse(out);
    for (const p of ADDITIVE[c.name]) strip(cur, p);
    const ok = reserialise(ref, refValue) === ref && reserialise(ref, cur) === ref;
    if (ok) console.log(`additive ${s} ${c.name} (only declared new fields differ)`);
    else {
      failures++;
      const a = reserialise(ref, cur);
      let k = 0;
      while (k < a.length && a[k] === ref[k]) k++;
      console.log(`DIFFERS  ${s} ${c.name} at byte ${k}:\n  ref: ${JSON.stringify(ref.slice(Math.max(0, k - 80), k + 80))}\n  now: ${JSON.stringify(a.slice(Math.max(0, k - 80), k + 80))}`);
    }
  }
}
if (mode === 'check') console.log(failures === 0 ? 'engine-equivalence: every output matches the reference' : `engine-equivalence: ${failures} output(s) differ`);
process.exit(failures === 0 ? 0 : 1);
