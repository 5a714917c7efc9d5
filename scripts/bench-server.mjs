// The HTTP API's speed (docs/performance.md, "brink serve").
//   npm run build && node scripts/bench-server.mjs [--runs 1024] [--reps 3] [--workers 2] [--seconds 5] [--connections 16] [--scenario baseline-2025]
//
// 1. Reading a stored result: the server (a child process, `brink serve`) holds one done run of the
//    scenario; --connections clients GET /api/runs/{id}/result.json (the stored text, as stored)
//    and /api/runs/{id} (status plus the result as an object) for --seconds each; prints requests/s.
// 2. Overhead of a run over HTTP against the same run from the CLI: --reps times, alternating (so
//    the host's load weighs on both alike), `brink run FILE --runs N --seed s --json --workers W`
//    as a process (wall time including its start) and POST /api/runs with the same scenario, runs
//    and seed (wall time from the POST to the end of its event stream), each rep with a new seed
//    (else the server would answer from the store). Checks the two results are the same bytes.
//    Prints the median of the per-rep ratios HTTP / CLI.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const opt = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const runs = Number(opt('runs', '1024'));
const reps = Number(opt('reps', '3'));
const workers = Number(opt('workers', '2'));
const seconds = Number(opt('seconds', '5'));
const connections = Number(opt('connections', '16'));
const scenarioName = opt('scenario', 'baseline-2025');
const file = join(root, 'scenarios', `${scenarioName}.yaml`);
const bin = join(root, 'bin', 'brink.js');

const dir = mkdtempSync(join(tmpdir(), 'brink-bench-server-'));
const server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', join(dir, 'b.db'), '--workers', String(workers), '--max-queued', '64'], { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let err = '';
  server.stderr.on('data', (d) => {
    err += d;
    const m = /listening on (http:\/\/[^ ]+)/.exec(err);
    if (m) resolve(m[1]);
  });
  server.on('exit', () => reject(new Error(err)));
});

async function postRun(seed) {
  const r = await fetch(`${url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: scenarioName, runs, seed }) });
  const j = await r.json();
  if (!j.id) throw new Error(JSON.stringify(j));
  return j.id;
}
/** Resolves when the run's event stream ends (its final event). */
async function untilDone(id) {
  const r = await fetch(`${url}/api/runs/${id}/events`);
  const text = await r.text();
  if (!/event: done/.test(text)) throw new Error(`run ${id} did not finish: ${text.slice(-300)}`);
}
function cliRun(seed) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [bin, 'run', file, '--runs', String(runs), '--seed', String(seed), '--json', '--workers', String(workers), '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve({ seconds: (performance.now() - t0) / 1000, out }) : reject(new Error(`brink run exited ${code}`))));
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  console.log(`brink serve benchmark: ${scenarioName}, ${runs} runs, ${workers} worker thread(s) per run, node ${process.version}`);
  // 1. Reads.
  const id = await postRun(1);
  await untilDone(id);
  const size = (await (await fetch(`${url}/api/runs/${id}/result.json`)).text()).length;
  for (const path of [`/api/runs/${id}/result.json`, `/api/runs/${id}`]) {
    let n = 0;
    let bad = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < end) {
          const r = await fetch(`${url}${path}`);
          await r.arrayBuffer();
          if (r.status === 200) n++;
          else bad++;
        }
      }),
    );
    console.log(`read ${path.replace(id, '{id}')}: ${(n / seconds).toFixed(0)} requests/s (${connections} connections, ${seconds} s, ${(size / 1024).toFixed(0)} kB result, ${bad} non-200)`);
  }
  // 2. HTTP against CLI, alternating.
  const ratios = [];
  for (let k = 0; k < reps; k++) {
    const seed = 1000 + k;
    const cli = await cliRun(seed);
    const t0 = performance.now();
    const rid = await postRun(seed);
    await untilDone(rid);
    const http = (performance.now() - t0) / 1000;
    const text = await (await fetch(`${url}/api/runs/${rid}/result.json`)).text();
    if (text !== cli.out) throw new Error(`rep ${k}: the HTTP result differs from brink run --json`);
    ratios.push(http / cli.seconds);
    console.log(`rep ${k + 1}: CLI ${cli.seconds.toFixed(2)} s, HTTP ${http.toFixed(2)} s, ratio ${(http / cli.seconds).toFixed(3)} (results identical)`);
  }
  console.log(`HTTP / CLI wall time, median of ${reps}: ${median(ratios).toFixed(3)}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
