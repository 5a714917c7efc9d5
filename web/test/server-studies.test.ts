/**
 * Sweeps and sensitivity studies of the web app on `brink serve` (D66): a real server child process
 * (bin/brink.js serve, a temporary SQLite file) and headless Chromium. In server mode the Sweep and
 * Sensitivity views POST to /api/sweeps and /api/sensitivities; the stored result is the bytes of
 * `brink sweep --json` / `brink sensitivity --json` for the same inputs; its link /sweeps/{id} or
 * /sensitivities/{id}, opened in another browser context, shows the same numbers, and Verify
 * recomputes it bit for bit. Every wait is for a state of the page. Screenshots go to
 * $BRINK_WEB_SHOTS when it is set.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { cliBars, tornadoBars } from './study-helpers.js';

const CHROMIUM = process.env.BRINK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const have = existsSync(CHROMIUM);
if (!have && process.env.BRINK_REQUIRE_CHROMIUM === '1') throw new Error(`BRINK_REQUIRE_CHROMIUM=1 but ${CHROMIUM} does not exist`);

const repo = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = process.env.BRINK_WEB_SHOTS;
const SLOW = 900_000;

let browser: Browser | null = null;
let dir = '';
let server: { child: ChildProcess; url: string } | null = null;

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(repo, 'bin', 'brink.js'), 'serve', '--port', '0', '--db', join(dir, 'brink.db'), '--workers', '1'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function brinkText(...argv: string[]): Promise<string> {
  let out = '';
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    const code = await main(argv, { stdout: (s: string) => void (out += s), stderr: () => {} });
    expect(code).toBe(0);
  } finally {
    process.chdir(cwd);
  }
  return out;
}

async function apiText(path: string): Promise<string> {
  const res = await fetch(`${server!.url}api${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

async function open(path: string, fresh = false): Promise<{ page: Page; errors: string[] }> {
  const ctx = fresh ? await browser!.newContext({ viewport: { width: 1280, height: 800 } }) : null;
  const page = ctx ? await ctx.newPage() : await browser!.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server!.url}${path}`);
  return { page, errors };
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The text behind a link of the page (same origin), as the browser fetches it. */
const linked = (page: Page, sel: string): Promise<string> => page.$eval(sel, (a) => fetch((a as HTMLAnchorElement).href).then((r) => r.text()));

/** The sweep table's paired differences, cell by cell. */
const sweepCells = (page: Page) => page.$$eval('[data-testid=sweep-table] td[data-difference]', (tds) => tds.map((t) => t.getAttribute('data-difference')));

describe.skipIf(!have)('sweeps and sensitivity studies on brink serve, in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'prepare'], { cwd: repo, stdio: 'ignore' });
    if (!existsSync(join(repo, 'web', 'dist', 'index.html'))) execFileSync('npm', ['run', 'build:web'], { cwd: repo, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'brink-web-studies-'));
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        if (s.child.exitCode !== null) return resolve();
        s.child.once('exit', () => resolve());
        s.child.kill('SIGTERM');
      });
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, SLOW);

  it('stores a lever sweep on the server (the bytes of brink sweep --json) and reopens it from its link', async () => {
    const cli = await brinkText('sweep', 'scenarios/baseline-2025.yaml', '--lever', 'forwardPosture', '--values', '0,16', '--runs', '48', '--seed', '3', '--workers', '1', '--json', '--no-progress');
    const { page, errors } = await open('#/sweep?id=builtin:baseline-2025');
    await page.waitForSelector('[data-testid=server-mode]');
    await page.check('input[name=sweep-kind][value=lever]');
    await page.selectOption('select[name=lever]', 'forwardPosture');
    await page.fill('input[name=values]', '0,16');
    await page.fill('input[name=runs]', '48');
    await page.fill('input[name=seed]', '3');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=sweep-status][data-done="1"]', { timeout: 600_000 });
    const href = (await page.getAttribute('[data-testid=study-link]', 'href'))!;
    expect(href).toMatch(/^\/sweeps\/w_[0-9a-f]{40}$/);
    const id = href.slice('/sweeps/'.length);
    expect(await apiText(`/sweeps/${id}/result.json`)).toBe(cli);
    expect(await linked(page, '[data-testid=sweep-json]')).toBe(cli);
    const cells = await sweepCells(page);
    expect(cells.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();

    // The link in a fresh browser context: the same table, then Verify.
    const other = await open(href.slice(1), true);
    await other.page.waitForSelector('[data-testid=study-status][data-done="1"]', { timeout: 120_000 });
    expect(await sweepCells(other.page)).toEqual(cells);
    expect(await linked(other.page, '[data-testid=study-json]')).toBe(cli);
    await other.page.click('button:has-text("Verify")');
    await other.page.waitForSelector('[data-testid=verify][data-verify=same]', { timeout: 600_000 });
    await shot(other.page, 'server-sweep-link');
    expect(other.errors).toEqual([]);
    await other.page.close();
  }, SLOW);

  it('stores a sensitivity study on the server (the bytes of brink sensitivity --json) and reopens its tornado from its link', async () => {
    const params = ['weightRisk', 'responseBias'];
    const cli = await brinkText('sensitivity', 'scenarios/baseline-2025.yaml', '--params', params.join(','), '--runs', '32', '--seed', '5', '--json', '--no-progress');
    const { page, errors } = await open('#/sensitivity?id=builtin:baseline-2025');
    await page.waitForSelector('[data-testid=server-mode]');
    await page.click('button:text-is("none")');
    for (const p of params) await page.check(`input[name=param][value=${p}]`);
    await page.fill('input[name=runs]', '32');
    await page.fill('input[name=seed]', '5');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=sens-status][data-done="1"]', { timeout: 600_000 });
    const href = (await page.getAttribute('[data-testid=study-link]', 'href'))!;
    expect(href).toMatch(/^\/sensitivities\/t_[0-9a-f]{40}$/);
    expect(await apiText(`${href}/result.json`)).toBe(cli);
    const ranking = (JSON.parse(cli) as { rows: { parameter: string; swing: number }[] }).rows;
    const rows = (p: Page) => p.$$eval('[data-testid=sens-table] tbody tr', (trs) => trs.map((t) => ({ parameter: t.getAttribute('data-parameter'), swing: Number(t.getAttribute('data-swing')) })));
    expect(await rows(page)).toEqual(ranking.map((r) => ({ parameter: r.parameter, swing: r.swing })));
    expect(errors).toEqual([]);
    await page.close();

    const other = await open(href.slice(1), true);
    await other.page.waitForSelector('[data-testid=study-status][data-done="1"]', { timeout: 120_000 });
    expect(await rows(other.page)).toEqual(ranking.map((r) => ({ parameter: r.parameter, swing: r.swing })));
    expect(await tornadoBars(other.page)).toEqual(cliBars(cli));
    await shot(other.page, 'server-sensitivity-link');
    expect(other.errors).toEqual([]);
    await other.page.close();
  }, SLOW);
});
