/**
 * The web app end to end, in headless Chromium (playwright-core; Debian's chromium). web/dist is
 * built if missing, served by a small static server on a port the OS picks, and driven as a user
 * would: open the baseline and run it (the engine in Web Workers) and find the numbers of
 * `brink run --json` for the same runs and seed; move a what-if slider by keyboard and see the
 * estimate change; make the scenario invalid and see the error at its line; open a trace, click
 * an event and follow its causes to the root, equal to `brink trace --json`. Without Chromium the
 * tests are skipped unless BRINK_REQUIRE_CHROMIUM=1. Screenshots of every view go to
 * $BRINK_WEB_SHOTS when it is set (to look at them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { serveStatic } from './static-server.js';

const CHROMIUM = process.env.BRINK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const have = existsSync(CHROMIUM);
if (!have && process.env.BRINK_REQUIRE_CHROMIUM === '1') throw new Error(`BRINK_REQUIRE_CHROMIUM=1 but ${CHROMIUM} does not exist`);

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(repo, 'web', 'dist');
const SHOTS = process.env.BRINK_WEB_SHOTS;
let browser: Browser | null = null;
let site: Awaited<ReturnType<typeof serveStatic>> | null = null;

async function brinkJson(...argv: string[]): Promise<unknown> {
  let out = '';
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    const code = await main(argv, { stdout: (s: string) => void (out += s), stderr: () => {} });
    expect(code).toBe(0);
  } finally {
    process.chdir(cwd);
  }
  return JSON.parse(out);
}

interface Opened {
  page: Page;
  errors: string[];
  foreign: string[];
}

async function open(hash: string): Promise<Opened> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(site!.url) && !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith('about:')) foreign.push(u);
  });
  await page.goto(`${site!.url}${hash}`);
  return { page, errors, foreign };
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

// Generous: the machine may be shared; nothing here measures time.
const SLOW = 900_000;

describe.skipIf(!have)('web app in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(dist, 'index.html'))) execFileSync('npm', ['run', 'build:web'], { cwd: repo, stdio: 'ignore' });
    site = await serveStatic(dist);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  }, SLOW);

  it('lists the built-in scenarios with their question, offline', async () => {
    const { page, errors, foreign } = await open('#/library');
    await page.waitForSelector('.card');
    const names = await page.$$eval('.card h2 a', (as) => as.map((a) => a.textContent));
    expect(names).toContain('baseline-2025');
    expect(names).toContain('stray-missile');
    expect(await page.textContent('.card')).toMatch(/Mid-2025 baseline/);
    await shot(page, 'library');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  }, SLOW);

  it('runs the baseline in Web Workers and shows the numbers of brink run --json for the same runs and seed', async () => {
    const runs = 128;
    const cli = (await brinkJson('run', 'scenarios/baseline-2025.yaml', '--runs', String(runs), '--seed', '7', '--workers', '1', '--json', '--no-progress')) as {
      probabilities: Record<string, { count: number; estimate: number; lo: number; hi: number } | Record<string, { count: number; estimate: number; lo: number; hi: number }>>;
    };
    const { page, errors, foreign } = await open('#/run?id=builtin:baseline-2025');
    await page.fill('input[name=runs]', String(runs));
    await page.fill('input[name=seed]', '7');
    await page.fill('input[name=workers]', '2');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-phase=done]', { timeout: 600_000 });
    const rows = await page.$$eval('[data-testid=probabilities] tr[data-key]', (trs) =>
      trs.map((t) => ({ key: t.getAttribute('data-key')!, count: Number(t.getAttribute('data-count')), estimate: Number(t.getAttribute('data-estimate')), lo: Number(t.getAttribute('data-lo')), hi: Number(t.getAttribute('data-hi')) })),
    );
    const { rung4ByTheatre, ...events } = cli.probabilities as Record<string, { count: number; estimate: number; lo: number; hi: number }> & { rung4ByTheatre: Record<string, { count: number; estimate: number; lo: number; hi: number }> };
    const expected = [...Object.entries(events), ...Object.entries(rung4ByTheatre).map(([t, p]) => [`rung4.${t}`, p] as const)].map(([key, p]) => ({ key, count: p.count, estimate: p.estimate, lo: p.lo, hi: p.hi }));
    expect(rows).toEqual(expected);
    // The live plot's dots carry the same numbers in their titles.
    const titles = await page.$$eval('figure.plot svg title', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(titles.some((t) => t.includes(`[drawnIn] estimate=${expected[0]!.estimate} lo=${expected[0]!.lo} hi=${expected[0]!.hi}`))).toBe(true);
    // The full report (the CLI's report.html) draws inside the page.
    const frame = await (await page.waitForSelector('iframe.report')).contentFrame();
    expect(frame).not.toBeNull();
    await frame!.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
    expect(await frame!.getAttribute('body', 'data-errors')).toBe('');
    expect(Number(await frame!.getAttribute('body', 'data-plots'))).toBeGreaterThan(5);
    await shot(page, 'run-results');
    await page.evaluate(() => document.querySelector('iframe.report')?.scrollIntoView());
    await shot(page, 'results-report');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  }, SLOW);

  it('stops a run early at the precision asked (the result of a run of that many trajectories), verifies it and reopens it from its link', async () => {
    const { page, errors } = await open('#/run?id=builtin:stray-missile');
    await page.fill('input[name=runs]', '4096');
    await page.fill('input[name=workers]', '2');
    await page.check('input[name=precise]');
    await page.fill('input[name=precision]', '10');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-phase=done]', { timeout: 600_000 });
    const status = await page.textContent('[data-testid=run-status]');
    expect(status).toMatch(/stopped early/);
    const n = Number(await page.$eval('[data-testid=probabilities] tr[data-key=drawnIn] td:last-child', (td) => td.textContent!.split(' of ')[1]!.replace(/,/g, '')));
    expect(n % 64).toBe(0);
    expect(n).toBeLessThan(4096);
    const cli = (await brinkJson('run', 'scenarios/stray-missile.yaml', '--runs', String(n), '--seed', '1', '--workers', '1', '--json', '--no-progress')) as { probabilities: { drawnIn: { count: number } } };
    const count = Number(await page.getAttribute('[data-testid=probabilities] tr[data-key=drawnIn]', 'data-count'));
    expect(count).toBe(cli.probabilities.drawnIn.count);
    // Verify: recomputed on another number of workers, byte for byte the same summary.
    await page.click('button:has-text("Verify")');
    await page.waitForSelector('[data-testid=verify][data-verify=same]', { timeout: 600_000 });
    // The link reopens the run and gives the same numbers.
    const link = (await page.getAttribute('[data-testid=copy-link]', 'data-link'))!;
    expect(link.endsWith(`#/run?id=builtin%3Astray-missile&runs=${n}&seed=1&auto=1`)).toBe(true);
    const again = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    await again.goto(link);
    await again.waitForSelector('[data-phase=done]', { timeout: 600_000 });
    expect(Number(await again.getAttribute('[data-testid=probabilities] tr[data-key=drawnIn]', 'data-count'))).toBe(count);
    expect(await again.$eval('[data-testid=probabilities] tr[data-key=drawnIn] td:last-child', (td) => td.textContent)).toBe(`${count} of ${n.toLocaleString('en-US')}`);
    await again.close();
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);

  it('moves a what-if slider by keyboard and sees the paired estimate change', async () => {
    const { page, errors } = await open('#/whatif?id=builtin:stray-missile');
    await page.fill('input[name=runs]', '64');
    await page.press('input[name=runs]', 'Tab');
    await page.waitForSelector('[data-testid=whatif-status][data-done="1"]', { timeout: 600_000 });
    const before = await page.$$eval('[data-testid=whatif-table] tr[data-key]', (trs) => trs.map((t) => Number(t.getAttribute('data-difference'))));
    expect(before.every((d) => d === 0)).toBe(true);
    await page.focus('input[name=article4Propensity]');
    await page.keyboard.press('End');
    expect(await page.textContent('[data-testid=value-article4Propensity]')).toBe('5');
    await page.waitForFunction(() => document.body.textContent!.includes('Changed: article4Propensity'));
    await page.waitForSelector('[data-testid=whatif-status][data-done="1"]', { timeout: 600_000 });
    // Five times as ready to ask for consultations: more of them per run, in the same trajectories.
    const a4 = await page.$eval('[data-testid=whatif-metrics] tr[data-key=art4Count]', (t) => ({ a: Number(t.getAttribute('data-a')), b: Number(t.getAttribute('data-b')), d: Number(t.getAttribute('data-difference')) }));
    expect(a4.b).toBeGreaterThan(a4.a);
    expect(a4.d).toBeGreaterThan(0);
    await shot(page, 'whatif');
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);

  it('compares a policy with the scenario as written: the report of brink compare, whose reference arm is brink run', async () => {
    const runs = 16;
    const cli = (await brinkJson('run', 'scenarios/stray-missile.yaml', '--runs', String(runs), '--seed', '1', '--workers', '1', '--json', '--no-progress')) as { probabilities: Record<string, { count: number }> };
    const { page, errors } = await open('#/compare?id=builtin:stray-missile');
    await page.fill('input[name=runs]', String(runs));
    // A cheap arm (aid-fast keeps a hot war going and costs several times more per trajectory).
    await page.uncheck('input[value="policies/aid-fast.yaml"]');
    await page.uncheck('input[value="policies/aid-slow.yaml"]');
    await page.check('input[value="policies/art4-often.yaml"]');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=compare-status][data-phase=done]', { timeout: 600_000 });
    expect(await page.textContent('[data-testid=compare-status]')).toMatch(/^Done: 2 arms × 16 paired runs/);
    const frame = (await (await page.waitForSelector('iframe.report')).contentFrame())!;
    await frame.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
    expect(await frame.getAttribute('body', 'data-errors')).toBe('');
    const data = JSON.parse((await frame.textContent('#brink-data'))!) as { summary: { arms: { probabilities: Record<string, { count: number }> }[]; comparisons: { arm: string }[] } };
    expect(data.summary.comparisons.map((c) => c.arm)).toEqual(['art4-often']);
    // Common random numbers: the reference arm runs the trajectories brink run runs.
    for (const k of ['drawnIn', 'article4', 'horizontal']) expect(data.summary.arms[0]!.probabilities[k]!.count).toBe(cli.probabilities[k]!.count);
    await page.evaluate(() => document.querySelector('#cmpres-h')?.scrollIntoView());
    await shot(page, 'compare');
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);

  it('shows a validation error at its line and field as the scenario is edited', async () => {
    const text = readFileSync(join(repo, 'scenarios', 'baseline-2025.yaml'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('horizonDays:')) + 1;
    const { page, errors } = await open('#/edit?id=builtin:baseline-2025');
    await page.waitForSelector('.cm-content');
    expect(await page.textContent('.issues h2')).toBe('Valid scenario');
    const target = page.locator('.cm-line', { hasText: /^horizonDays: 730$/ });
    await target.scrollIntoViewIfNeeded();
    await target.click();
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('-5');
    await page.waitForSelector('[data-testid=issues] .issue', { timeout: 30_000 });
    const issue = page.locator('[data-testid=issues] .issue').first();
    expect(await issue.getAttribute('data-line')).toBe(String(line));
    expect(await issue.getAttribute('data-path')).toBe('horizonDays');
    // CodeMirror marks it in the text too.
    await page.waitForSelector('.cm-lintRange-error');
    expect(await page.locator('.cm-lintRange-error').first().textContent()).toContain('-5');
    await issue.click();
    await shot(page, 'editor-invalid');
    // Running the broken scenario is refused with a pointer back to the editor.
    await page.click('nav a[href^="#/run"]');
    await page.waitForSelector('.error-box');
    expect(await page.textContent('.error-box')).toMatch(/1 problem/);
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);

  it('opens a trace equal to brink trace --json and follows an event to its root cause', async () => {
    const cli = (await brinkJson('trace', 'scenarios/baseline-2025.yaml', '--seed', '1', '--trajectory', '3', '--json')) as { events: { id: number; causes: number[] }[] };
    const { page, errors } = await open('#/trace?id=builtin:baseline-2025&seed=1&trajectory=3');
    await page.waitForSelector('.event-list .event', { timeout: 120_000 });
    const listed = await page.$$eval('.event-list .event', (bs) => bs.map((b) => ({ id: Number(b.getAttribute('data-event')), causes: (b.getAttribute('data-causes') ?? '').split(',').filter((x) => x !== '').map(Number) })));
    expect(listed).toEqual(cli.events.map((e) => ({ id: e.id, causes: e.causes })));
    // The latest event with a chain of at least two causes back: click its dot in the timeline.
    const depth = (id: number): number => {
      let d = 0;
      for (let e = cli.events[id]; e !== undefined && e.causes.length > 0; e = cli.events[e.causes[0]!]) d++;
      return d;
    };
    const pick = [...cli.events].reverse().find((e) => depth(e.id) >= 2)!;
    expect(pick).toBeDefined();
    await page.click(`circle[data-event="${pick.id}"]`);
    await page.waitForSelector(`[data-testid=chain] li[data-event="${pick.id}"]`);
    const chain = await page.$$eval('[data-testid=chain] li', (lis) => lis.map((l) => ({ id: Number(l.getAttribute('data-event')), root: l.getAttribute('data-root') === '1' })));
    const expected: number[] = [];
    for (let e = cli.events[pick.id]; e !== undefined; e = e.causes.length > 0 ? cli.events[e.causes[0]!] : undefined) expected.push(e.id);
    expect(chain.map((c) => c.id)).toEqual(expected);
    expect(chain.at(-1)!.root).toBe(true);
    await shot(page, 'trace');
    // Follow the chain to its root: the root becomes the selected event, with no cause of its own.
    await page.click('[data-testid=chain] li[data-root="1"] button');
    await page.waitForFunction((id) => document.querySelector('#ev-h')?.textContent === `Event #${id}`, expected.at(-1));
    expect(await page.$$eval('[data-testid=chain] li', (lis) => lis.length)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, SLOW);
});
