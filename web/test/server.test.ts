/**
 * The web app on `brink serve` end to end (D55): a real server child process (bin/brink.js serve,
 * port chosen by the OS, a temporary SQLite file) and headless Chromium. Runs the baseline through
 * the server and finds the numbers of the stored result (GET /api/runs/{id}); reopens its link
 * /runs/{id} in another browser context and finds the same numbers; verifies it on the server;
 * shows a server validation issue at its field; kills the server mid-run (SIGKILL), sees the lost
 * connection reported, restarts the server on the same port and file, and sees the view recover
 * (the run re-read as interrupted, run again, cancelled). No step waits for a fixed time: every
 * wait is for a state of the page. Screenshots go to $BRINK_WEB_SHOTS when it is set.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.BRINK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const have = existsSync(CHROMIUM);
if (!have && process.env.BRINK_REQUIRE_CHROMIUM === '1') throw new Error(`BRINK_REQUIRE_CHROMIUM=1 but ${CHROMIUM} does not exist`);

const repo = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = process.env.BRINK_WEB_SHOTS;
const SLOW = 900_000;
const MAX_RUNS = 1_000_000;

let browser: Browser | null = null;
let dir = '';
let server: { child: ChildProcess; url: string } | null = null;

/** Starts `brink serve` and resolves with the URL it prints ("Brink is running: open URL"). */
function startServer(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(repo, 'bin', 'brink.js'), 'serve', '--port', String(port), '--db', join(dir, 'brink.db'), '--workers', '1', '--max-runs', String(MAX_RUNS)], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Brink is running: open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`brink serve exited ${code}: ${err}`)));
  });
}

function killServer(signal: NodeJS.Signals): Promise<void> {
  const s = server!;
  server = null;
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill(signal);
  });
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server!.url}api${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function open(path: string, fresh = false): Promise<{ page: Page; errors: string[] }> {
  const ctx = fresh ? await browser!.newContext({ viewport: { width: 1280, height: 800 } }) : null;
  const page = ctx ? await ctx.newPage() : await browser!.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server!.url}${path}`);
  await page.waitForSelector('[data-testid=server-mode]');
  return { page, errors };
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

type P = { count: number; estimate: number; lo: number; hi: number };
function expectedRows(result: { probabilities: Record<string, unknown> }): { key: string; count: number; estimate: number; lo: number; hi: number }[] {
  const { rung4ByTheatre, ...events } = result.probabilities as Record<string, P> & { rung4ByTheatre: Record<string, P> };
  return [...Object.entries(events), ...Object.entries(rung4ByTheatre).map(([t, p]) => [`rung4.${t}`, p] as const)].map(([key, p]) => ({ key, count: p.count, estimate: p.estimate, lo: p.lo, hi: p.hi }));
}
const tableRows = (page: Page) =>
  page.$$eval('[data-testid=probabilities] tr[data-key]', (trs) =>
    trs.map((t) => ({ key: t.getAttribute('data-key')!, count: Number(t.getAttribute('data-count')), estimate: Number(t.getAttribute('data-estimate')), lo: Number(t.getAttribute('data-lo')), hi: Number(t.getAttribute('data-hi')) })),
  );

describe.skipIf(!have)('web app on brink serve, in Chromium', () => {
  let runId = '';
  beforeAll(async () => {
    if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'prepare'], { cwd: repo, stdio: 'ignore' });
    if (!existsSync(join(repo, 'web', 'dist', 'index.html'))) execFileSync('npm', ['run', 'build:web'], { cwd: repo, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'brink-web-server-'));
    server = await startServer(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    if (server) await killServer('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, SLOW);

  it('runs the baseline on the server and shows the stored result', async () => {
    const { page, errors } = await open('#/run?id=builtin:baseline-2025');
    await page.fill('input[name=runs]', '512');
    await page.fill('input[name=seed]', '3');
    await shot(page, 'server-run-form');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=run-status][data-phase=done]', { timeout: 600_000 });
    runId = (await page.getAttribute('[data-testid=run-status]', 'data-id'))!;
    expect(runId).toMatch(/^r_[0-9a-f]{40}$/);
    const stored = await api<{ status: string; result: { probabilities: Record<string, unknown>; provenance: { runs: number; seed: number } } }>(`/runs/${runId}`);
    expect(stored.status).toBe('done');
    expect(stored.result.provenance).toMatchObject({ runs: 512, seed: 3 });
    expect(await tableRows(page)).toEqual(expectedRows(stored.result));
    expect(await page.getAttribute('[data-testid=run-link]', 'data-link')).toBe(`${server!.url}runs/${runId}`);
    await page.waitForSelector('figure.plot svg');
    await shot(page, 'server-run-done');
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);

  it('reopens the shared link in another browser context with the same numbers, after a reload too, and verifies it', async () => {
    expect(runId).not.toBe('');
    const stored = await api<{ result: { probabilities: Record<string, unknown> } }>(`/runs/${runId}`);
    const { page, errors } = await open(`runs/${runId}`, true);
    await page.waitForSelector('[data-testid=probabilities]');
    expect(await tableRows(page)).toEqual(expectedRows(stored.result));
    await page.reload();
    await page.waitForSelector('[data-testid=probabilities]');
    expect(await tableRows(page)).toEqual(expectedRows(stored.result));
    await shot(page, 'server-shared-link');
    await page.click('button:has-text("Verify")');
    await page.waitForSelector('[data-testid=verify][data-verify=same]', { timeout: 600_000 });
    expect(await page.textContent('[data-testid=verify]')).toMatch(/bit-identical/);
    await shot(page, 'server-verified');
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);

  it('shows a request the server refuses at its field', async () => {
    const { page, errors } = await open('#/run?id=builtin:baseline-2025');
    await page.fill('input[name=runs]', String(MAX_RUNS * 2));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=error-runs]');
    expect(await page.textContent('[data-testid=error-runs]')).toMatch(/1,?000,?000|at most|runs/i);
    expect(await page.textContent('[data-testid=server-error]')).toMatch(/400/);
    await shot(page, 'server-field-error');
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);

  it('reports a lost connection mid-run and recovers when the server is back', async () => {
    const { page } = await open('#/run?id=builtin:baseline-2025');
    await page.fill('input[name=runs]', String(MAX_RUNS));
    await page.fill('input[name=seed]', '11');
    await page.click('button[type=submit]');
    // Narrowing intervals from the stream: wait for two progress states, the second narrower.
    await page.waitForSelector('[data-testid=live-estimates] tr[data-key=drawnIn]', { timeout: 600_000 });
    const width = () => page.$eval('[data-testid=live-estimates] tr[data-key=drawnIn]', (t) => Number(t.getAttribute('data-hi')) - Number(t.getAttribute('data-lo')));
    const first = await width();
    await page.waitForFunction(
      (w) => {
        const t = document.querySelector('[data-testid=live-estimates] tr[data-key=drawnIn]');
        return t !== null && Number(t.getAttribute('data-hi')) - Number(t.getAttribute('data-lo')) < w;
      },
      first,
      { timeout: 600_000 },
    );
    await shot(page, 'server-run-live');
    const port = new URL(server!.url).port;
    await killServer('SIGKILL');
    await page.waitForSelector('[data-testid=connection-lost]', { timeout: 600_000 });
    expect(await page.textContent('[data-testid=connection-lost]')).toMatch(/connection to the server was lost/);
    await shot(page, 'server-connection-lost');
    server = await startServer(Number(port));
    await page.waitForSelector('[data-testid=run-status][data-phase=interrupted]', { timeout: 600_000 });
    expect(await page.textContent('[data-testid=run-note]')).toMatch(/Reconnected to the server: the run is interrupted/);
    expect(await page.$('[data-testid=connection-lost]')).toBeNull();
    await shot(page, 'server-recovered');
    // Run again: the same request, the same id, queued again and streaming.
    const id = await page.getAttribute('[data-testid=run-status]', 'data-id');
    await page.click('button:has-text("Run again")');
    await page.waitForSelector('[data-testid=run-status][data-phase=running]', { timeout: 600_000 });
    expect(await page.getAttribute('[data-testid=run-status]', 'data-id')).toBe(id);
    await page.click('button:has-text("Cancel")');
    await page.waitForSelector('[data-testid=run-status][data-phase=cancelled]', { timeout: 600_000 });
    expect((await api<{ status: string }>(`/runs/${id!}`)).status).toBe('cancelled');
    await page.close();
  }, SLOW);
});
