#!/usr/bin/env node
/**
 * In-browser engine speed against the Node worker pool, in one script, alternating the two sides
 * round by round so that the load of a shared machine hits both alike.
 *
 *   npm run build            # dist/ (the CLI) and web/dist (the app)
 *   node scripts/bench-web.mjs [--runs N] [--workers W] [--rounds R] [--moves M] [--scenario FILE] [--dist DIR]
 *
 * Node: `brink run`'s executeJob over W worker threads (the pool even for W = 1), chunks of 256.
 * Browser: the web app itself in headless Chromium (/usr/bin/chromium or $BRINK_CHROMIUM), its
 * Run view with W Web Workers (chunks of 64, estimates redrawn per chunk), timed by the app from
 * the click to the final summary. Both include starting the workers and compiling the scenario.
 * Then the what-if: the time from a slider move (a key press) to the first paired estimate with
 * intervals, as the app measures it (its 150 ms debounce included), several times.
 * Prints trajectories/s per side and round, the medians, and browser / Node.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt('runs', '1024'));
const workers = Number(opt('workers', '2'));
const rounds = Number(opt('rounds', '3'));
const scenarioFile = resolve(repo, opt('scenario', 'scenarios/baseline-2025.yaml'));
const builtinId = `builtin:${scenarioFile.replace(/^.*\//, '').replace(/\.yaml$/, '')}`;
for (const f of ['dist/cli/mc-common.js', 'web/dist/index.html']) if (!existsSync(join(repo, f))) throw new Error(`${f} is missing: run npm run build first`);

const { executeJob } = await import(join(repo, 'dist/cli/mc-common.js'));
const { loadScenarioFile } = await import(join(repo, 'dist/scenario/node.js'));

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
// --dist DIR: another build of the app (a copy of web/dist made before a change, for a before/after).
const root = normalize(resolve(repo, opt('dist', join('web', 'dist'))) + sep);
const server = createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = normalize(join(root, p.endsWith('/') ? `${p}index.html` : p));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  readFile(file).then((b) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(b), () => res.writeHead(404).end());
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.BRINK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const loaded = loadScenarioFile(scenarioFile);
if (loaded.scenario === null) throw new Error(`cannot load ${scenarioFile}`);

async function nodeSide() {
  const job = { kind: 'run', scenario: loaded.scenario, seed: 1, runs, chunkSize: 256 };
  const { timing } = await executeJob(job, workers, { progress: false, label: 'bench', command: 'bench-web', pool: true });
  return runs / timing.wallSeconds;
}

async function browserSide() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}#/run?id=${builtinId}`);
  await page.fill('input[name=runs]', String(runs));
  await page.fill('input[name=workers]', String(workers));
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-phase=done]', { timeout: 3_600_000 });
  const seconds = Number(await page.getAttribute('[data-testid=run-status]', 'data-seconds'));
  await page.close();
  return runs / seconds;
}

async function firstEstimates(n) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}#/whatif?id=${builtinId}`);
  await page.waitForSelector('input[name=forwardPosture]');
  // 256 paired runs per comparison (the first estimate does not depend on it: it comes after the first chunks).
  await page.fill('input[name=runs]', '256');
  await page.press('input[name=runs]', 'Tab');
  await page.waitForSelector('[data-testid=whatif-status][data-done="1"]', { timeout: 3_600_000 });
  const out = [];
  for (let i = 0; i < n; i++) {
    await page.focus('input[name=forwardPosture]');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-testid=whatif-status]')?.getAttribute('data-first-ms') !== '', undefined, { timeout: 600_000 });
    out.push(Number(await page.getAttribute('[data-testid=whatif-status]', 'data-first-ms')));
    // Let that comparison finish so the next move starts from idle workers.
    await page.waitForSelector('[data-testid=whatif-status][data-done="1"]', { timeout: 3_600_000 });
  }
  await page.close();
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => x.toFixed(1);
console.log(`bench-web: ${root.replace(repo, '')}, ${scenarioFile.replace(repo, '')}, ${runs} runs, seed 1, ${workers} worker(s) per side, ${rounds} rounds; Chromium ${browser.version()}, Node ${process.version}`);
const nodeRates = [];
const browserRates = [];
try {
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first, so a load trend does not favour one side.
    const order = r % 2 === 0 ? ['node', 'browser'] : ['browser', 'node'];
    for (const side of order) {
      const rate = side === 'node' ? await nodeSide() : await browserSide();
      (side === 'node' ? nodeRates : browserRates).push(rate);
      console.log(`  round ${r + 1} ${side.padEnd(7)} ${fmt(rate)} trajectories/s (${fmt(rate / workers)} per worker)`);
    }
  }
  const n = median(nodeRates);
  const b = median(browserRates);
  console.log(`median: Node ${fmt(n)}/s, browser ${fmt(b)}/s; browser / Node = ${(b / n).toFixed(2)} (per worker: ${fmt(b / workers)} vs ${fmt(n / workers)})`);
  const firsts = await firstEstimates(Number(opt('moves', '5')));
  console.log(`what-if: first paired estimate with intervals after a slider move: ${firsts.map((x) => `${x} ms`).join(', ')}; median ${median(firsts)} ms`);
} finally {
  await browser.close();
  server.close();
}
