/**
 * report.html in a real browser: headless Chromium through playwright-core. Chromium is a system
 * package (`apt-get install -y chromium`); without it these tests are skipped, unless
 * BRINK_REQUIRE_CHROMIUM=1 (set it in CI) turns the skip into a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '../cli/main.js';
import type { RunSummary } from '../analysis/summary.js';
import type { CompareSummary } from '../analysis/compare.js';
import type { SensitivitySummary } from '../analysis/sensitivity.js';
import { renderCompareReport } from './html.js';
import { loadReportAssets } from './assets-node.js';

const CHROMIUM = process.env.BRINK_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const have = existsSync(CHROMIUM);
if (!have && process.env.BRINK_REQUIRE_CHROMIUM === '1') throw new Error(`BRINK_REQUIRE_CHROMIUM=1 but ${CHROMIUM} does not exist (apt-get install -y chromium)`);

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'brink-report-'));
let browser: Browser | null = null;

async function brink(...argv: string[]): Promise<number> {
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    return await main(argv, { stdout: () => {}, stderr: () => {} });
  } finally {
    process.chdir(cwd);
  }
}

interface Loaded {
  page: Page;
  requests: string[];
  consoleErrors: string[];
}

async function open(file: string): Promise<Loaded> {
  const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  return { page, requests, consoleErrors };
}

/** The machine-readable last line of every SVG <title> in a container: "[tag] k=v k=v ...". */
async function titleRecords(page: Page, selector: string): Promise<{ tag: string; values: Record<string, string> }[]> {
  const titles = await page.$$eval(`${selector} svg title`, (els) => els.map((e) => e.textContent ?? ''));
  return titles
    .map((t) => t.split('\n').at(-1)!)
    .filter((line) => line.startsWith('['))
    .map((line) => {
      const m = /^\[([^\]]*)\]\s*(.*)$/.exec(line)!;
      const values: Record<string, string> = {};
      for (const kv of m[2]!.split(' ')) {
        const [k, v] = kv.split('=');
        if (k && v !== undefined) values[k] = v;
      }
      return { tag: m[1]!, values };
    });
}

/** Every numeric axis of the page: its tick labels in screen order (left to right, bottom to top), and its label. */
async function numericAxes(page: Page): Promise<{ where: string; ticks: string[]; values: number[] }[]> {
  const groups = await page.$$eval('g[aria-label$="axis tick label"]', (gs) =>
    gs.flatMap((g) => {
      const vertical = /^(y|fy)-/.test(g.getAttribute('aria-label') ?? '');
      const where = g.closest('[id]')?.id ?? '';
      // A faceted plot draws one axis per facet inside the same group: one axis per parent element.
      const byParent = new Map<Element, { text: string; pos: number }[]>();
      for (const t of Array.from(g.querySelectorAll('text'))) {
        const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(t.getAttribute('transform') ?? '');
        const list = byParent.get(t.parentElement!) ?? [];
        list.push({ text: t.textContent ?? '', pos: m ? (vertical ? -Number(m[2]) : Number(m[1])) : 0 });
        byParent.set(t.parentElement!, list);
      }
      return [...byParent.values()].map((ticks) => {
        ticks.sort((a, b) => a.pos - b.pos);
        return { where: `${where} ${g.getAttribute('aria-label')}`, ticks: ticks.map((t) => t.text) };
      });
    }),
  );
  const parse = (t: string) => Number(t.replace(/−/g, '-').replace(/[,%+]/g, ''));
  return groups.filter((g) => g.ticks.length > 1 && g.ticks.every((t) => t.trim() !== '' && Number.isFinite(parse(t)))).map((g) => ({ ...g, values: g.ticks.map(parse) }));
}

/** Tick labels unique and correctly signed: read in screen order they strictly increase, and no "-0" or "+0". */
async function expectHonestTicks(page: Page): Promise<number> {
  const axes = await numericAxes(page);
  for (const a of axes) {
    expect(new Set(a.ticks).size, `${a.where}: ${a.ticks.join(' ')}`).toBe(a.ticks.length);
    for (let i = 1; i < a.values.length; i++) expect(a.values[i]!, `${a.where}: ${a.ticks.join(' ')}`).toBeGreaterThan(a.values[i - 1]!);
    for (const t of a.ticks) expect(t, a.where).not.toMatch(/^[-−+]0(\.0*)?%?$/);
  }
  return axes.length;
}

const INTERNAL_WORDS = ['fanBins', 'quantum', 'MODEL.md', 'seed 003'];
async function expectNoInternalWords(page: Page): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  for (const w of INTERNAL_WORDS) expect(text, w).not.toContain(w);
}

/** One unit per axis: no axis label speaks of both money and consultations. */
async function expectOneUnitPerAxis(page: Page): Promise<void> {
  const labels = await page.$$eval('g[aria-label$="axis label"] text', (ts) => ts.map((t) => t.textContent ?? ''));
  expect(labels.length).toBeGreaterThan(0);
  for (const l of labels) expect(/US\$|billion/.test(l) && /consultation/i.test(l), l).toBe(false);
}

const num = (s: string | undefined): number | null => (s === undefined || s === 'null' ? null : Number(s));

describe.skipIf(!have)('report.html in headless Chromium', () => {
  const runDir = join(tmp, 'run');
  const cmpDir = join(tmp, 'compare');
  const sensDir = join(tmp, 'sensitivity');
  const sweepDir = join(tmp, 'sweep');

  beforeAll(async () => {
    expect(await brink('run', 'scenarios/baseline-2025.yaml', '--runs', '300', '--seed', '3', '--workers', '1', '--out', runDir, '--no-progress')).toBe(0);
    expect(
      await brink(
        'compare',
        'scenarios/baseline-2025.yaml',
        '--policy',
        'scenarios/policies/status-quo.yaml',
        '--policy',
        'scenarios/policies/aid-fast.yaml',
        '--runs',
        '120',
        '--seed',
        '3',
        '--workers',
        '1',
        '--out',
        cmpDir,
        '--no-progress',
      ),
    ).toBe(0);
    const sensitivity = ['sensitivity', 'scenarios/baseline-2025.yaml', '--params', 'hostilityUtilityWeight,responseBias,patternLearning', '--runs', '60', '--seed', '3', '--workers', '1'];
    expect(await brink(...sensitivity, '--out', sensDir, '--no-progress')).toBe(0);
    expect(await brink('sweep', 'scenarios/baseline-2025.yaml', '--lever', 'aid.max', '--values', '3,0,1,5', '--runs', '60', '--seed', '3', '--workers', '1', '--out', sweepDir, '--no-progress')).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('draws every plot of a run offline, from the same numbers as summary.json', async () => {
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as RunSummary;
    const { page, requests, consoleErrors } = await open(join(runDir, 'report.html'));
    expect(requests).toEqual([]); // self-contained: nothing fetched
    expect(consoleErrors).toEqual([]);
    expect(await page.getAttribute('body', 'data-errors')).toBe('');

    // The embedded data is summary.json.
    const embedded = JSON.parse(await page.$eval('#brink-data', (e) => e.textContent ?? '')) as { kind: string; summary: RunSummary };
    expect(embedded.kind).toBe('run');
    expect(embedded.summary).toEqual(summary);

    // Every plot container holds an SVG plot (fans: one per series with data).
    for (const id of ['plot-probabilities', 'plot-km', 'plot-rungs', 'plot-costs', 'plot-cost-total', 'plot-score', 'plot-art4', 'plot-episodes']) {
      expect(await page.locator(`#${id} svg`).count(), id).toBeGreaterThan(0);
    }
    if (summary.pathways.top.length > 0) expect(await page.locator('#plot-pathways svg').count()).toBeGreaterThan(0);
    const fansWithData = summary.fans.series.filter((f) => f.n.some((n) => n > 0)).length;
    expect(await page.locator('#plot-fans .fan svg').count()).toBeGreaterThanOrEqual(fansWithData);
    expect(Number(await page.getAttribute('body', 'data-plots'))).toBe(8 + (summary.pathways.top.length > 0 ? 1 : 0) + fansWithData);

    // The probabilities drawn are summary.json's.
    const probs = await titleRecords(page, '#plot-probabilities');
    const expected = { ...summary.probabilities, ...Object.fromEntries(Object.entries(summary.probabilities.rung4ByTheatre).map(([t, p]) => [`rung4.${t}`, p])) } as Record<string, unknown>;
    delete expected['rung4ByTheatre'];
    expect(probs.map((p) => p.tag).sort()).toEqual(Object.keys(expected).sort());
    for (const p of probs) {
      const e = expected[p.tag] as { estimate: number; lo: number; hi: number; count: number };
      expect([num(p.values.estimate), num(p.values.lo), num(p.values.hi), num(p.values.count)], p.tag).toEqual([e.estimate, e.lo, e.hi, e.count]);
    }
    // Kaplan–Meier end labels: events and medians.
    const km = await titleRecords(page, '#plot-km');
    expect(km.length).toBe(3);
    for (const k of km) {
      const t = summary.timeToEvent[k.tag as keyof RunSummary['timeToEvent']];
      expect([num(k.values.events), num(k.values.median)], k.tag).toEqual([t.events, t.median]);
    }
    // Highest rung bars: run counts per theatre and rung.
    const rungs = await titleRecords(page, '#plot-rungs');
    expect(rungs.length).toBe(7 * summary.provenance.theatres.length);
    for (const r of rungs) expect(num(r.values.runs)).toBe(summary.highestRung[r.tag]!.counts[Number(r.values.rung)]);
    // Costs: means and quantiles.
    const costs = await titleRecords(page, '#plot-costs');
    expect(costs.length).toBe(4);
    for (const c of costs) {
      const e = summary.costs[c.tag as keyof RunSummary['costs']];
      expect([num(c.values.mean), num(c.values.q05), num(c.values.q50), num(c.values.q95)], c.tag).toEqual([e.mean, e.q05, e.q50, e.q95]);
    }
    // Pathways and Article 4 distribution.
    const paths = await titleRecords(page, '#plot-pathways');
    expect(paths.map((p) => num(p.values.count))).toEqual(summary.pathways.top.map((p) => p.count));
    // Each pathway row shows its example runs, and the trace commands open the first of each (D54).
    const exampleCells = await page.$$eval('table.pathways tbody tr', (trs) => trs.map((tr) => (tr.lastElementChild as HTMLElement).innerText));
    expect(exampleCells).toEqual(summary.pathways.top.map((p) => p.examples.map((e) => `${e.trajectory} (day ${e.day})`).join(', ')));
    const traces = (await page.innerText('#pathway-traces')).split('\n');
    expect(traces).toEqual(summary.pathways.top.map((p) => `#${String(p.rank).padEnd(3)}brink trace scenarios/baseline-2025.yaml --seed 3 --trajectory ${p.examples[0]!.trajectory}`));
    const a4 = await titleRecords(page, '#plot-art4');
    expect(a4.map((p) => num(p.values.runs))).toEqual(summary.article4Consultations.distribution.map((d) => d.runs));

    // The plain-language reading is there, with the run count and the Article 5 sentence.
    const reading = await page.$eval('#reading', (e) => e.textContent ?? '');
    expect(reading).toContain('300');
    expect(reading).toMatch(/Article 5 (was never invoked|was invoked in)/);

    // Honest axes and plain words.
    await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await expectHonestTicks(page)).toBeGreaterThan(10);
    await expectOneUnitPerAxis(page);
    await expectNoInternalWords(page);
    // The cohesion fan's axis is at least 0.2 wide (a 0.007 change does not fill the panel) and says it is zoomed.
    const cohesion = (await numericAxes(page)).find((a) => a.where.startsWith('fan-cohesion y-axis'))!;
    expect(cohesion.values.at(-1)! - cohesion.values[0]!).toBeGreaterThanOrEqual(0.1);
    expect(await page.textContent('#fan-cohesion')).toMatch(/Axis zoomed to [\d.]+–[\d.]+ of cohesion/);
    expect(await page.textContent('#fan-stockpilePartner')).toContain('not partner collapse');
    // An outcome that happened in no run reads "0 (≤ upper bound)" in the plot, as in the tables.
    const zero = Object.values(embedded.summary.probabilities).find((p) => p.count === 0);
    expect(zero, 'the baseline never invokes Article 5 in 300 runs').toBeDefined();
    expect(await page.textContent('#plot-probabilities')).toMatch(/0 \(≤ [\d.]+%\)/);
    expect(await page.textContent('#plot-probabilities')).not.toMatch(/(^|[^\d.])0\.0+% \(/);

    await page.screenshot({ path: join(tmp, 'run-report.png'), fullPage: true });
    await page.close();
  });

  it('draws a comparison with its paired differences', async () => {
    const summary = JSON.parse(readFileSync(join(cmpDir, 'summary.json'), 'utf8')) as CompareSummary;
    const { page, requests, consoleErrors } = await open(join(cmpDir, 'report.html'));
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.getAttribute('body', 'data-errors')).toBe('');
    for (const id of ['plot-arm-probabilities', 'plot-diff-binary', 'plot-diff-metrics', 'plot-km-drawnIn', 'plot-km-article5', 'arm0-plot-probabilities', 'arm1-plot-costs']) {
      expect(await page.locator(`#${id} svg`).count(), id).toBeGreaterThan(0);
    }
    const diffs = await titleRecords(page, '#plot-diff-binary');
    const c = summary.comparisons[0]!;
    expect(diffs.length).toBe(c.binary.length);
    for (const d of diffs) {
      const key = d.tag.split(':')[1]!;
      const e = c.binary.find((b) => b.key === key)!;
      expect([num(d.values.difference), num(d.values.lo), num(d.values.hi)], key).toEqual([e.difference, e.lo, e.hi]);
    }
    // Costs and consultations each on their own plot, with the unit in the axis label.
    const metricAxes = await page.$$eval('#plot-diff-metrics g[aria-label="x-axis label"] text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(metricAxes.length).toBe(2);
    expect(metricAxes[0]).toContain('billions of 2025 US$');
    expect(metricAxes[1]).toContain('Article 4 consultations');
    expect(await page.$$eval('#plot-diff-metrics .diff-costs g[aria-label="y-axis tick label"] text', (ts) => ts.every((t) => /^C_/.test(t.textContent ?? '')))).toBe(true);
    await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await expectHonestTicks(page)).toBeGreaterThan(10);
    await expectOneUnitPerAxis(page);
    await expectNoInternalWords(page);
    await page.close();
  });

  it('labels a differences axis of a few tenths of a point uniquely and with signs (not "-1 -1 -0 -0 0 0 0 1")', async () => {
    // The comparison's differences shrunk to about ±1.5 pp: ticks every 0.5 pp, which a
    // whole-point format labelled "-1 -1 -0 -0 0 0 0 1".
    const summary = JSON.parse(readFileSync(join(cmpDir, 'summary.json'), 'utf8')) as CompareSummary;
    for (const c of summary.comparisons) {
      c.binary.forEach((b, i) => Object.assign(b, { difference: ((i % 5) - 2) * 0.003, lo: ((i % 5) - 2) * 0.003 - 0.012, hi: ((i % 5) - 2) * 0.003 + 0.012 }));
      c.metrics.forEach((m, i) => Object.assign(m, { difference: (i - 2) * 0.004, lo: (i - 2) * 0.004 - 0.01, hi: (i - 2) * 0.004 + 0.01 }));
    }
    const file = join(tmp, 'small-differences.html');
    writeFileSync(file, renderCompareReport(summary, loadReportAssets()));
    const { page, consoleErrors } = await open(file);
    expect(consoleErrors).toEqual([]);
    const axes = (await numericAxes(page)).filter((a) => a.where.startsWith('plot-diff'));
    expect(axes.length).toBe(3);
    expect(await expectHonestTicks(page)).toBeGreaterThan(3);
    const binary = axes.find((a) => a.where.startsWith('plot-diff-binary'))!;
    expect(binary.ticks.some((t) => t.startsWith('−'))).toBe(true);
    expect(binary.ticks.some((t) => t.startsWith('+'))).toBe(true);
    await page.close();
  });

  it('draws a sweep as a response curve, swept values in numeric order', async () => {
    const summary = JSON.parse(readFileSync(join(sweepDir, 'summary.json'), 'utf8')) as CompareSummary & { sweep: { reference: number; values: number[] } };
    const { page, requests, consoleErrors } = await open(join(sweepDir, 'report.html'));
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.getAttribute('body', 'data-errors')).toBe('');
    expect(await page.locator('#plot-sweep g[aria-label="x-axis label"]').count()).toBe(2);
    const xs = [...new Set([summary.sweep.reference, ...summary.sweep.values])].sort((a, b) => a - b);
    const sweepAxes = (await numericAxes(page)).filter((a) => a.where.startsWith('plot-sweep x-axis'));
    expect(sweepAxes.length).toBe(2);
    for (const a of sweepAxes) expect(a.values).toEqual(xs);
    // Each curve is drawn in numeric order of the swept value, from the numbers of summary.json.
    const marks = await titleRecords(page, '#plot-sweep');
    const totals = marks.filter((m) => m.tag.startsWith('sweep:costTotal:'));
    expect(totals.length).toBe(summary.arms.length);
    const armOf = (x: number) => [summary.sweep.reference, ...summary.sweep.values].indexOf(x);
    for (const m of totals) expect(num(m.values.estimate)).toBe(summary.arms[armOf(num(m.values.x)!)]!.costs.costTotal.mean);
    const lineXs = await page.$$eval('#plot-sweep svg g[aria-label="line"] path', (ps) => ps.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).map((xy) => Number(xy.split(',')[0]))));
    expect(lineXs.length).toBeGreaterThan(0);
    for (const l of lineXs) expect(l).toEqual([...l].sort((a, b) => a - b));
    // The per-value probabilities list the values in numeric order too (legend first in the text).
    const armText = await page.$eval('#plot-arm-probabilities', (e) => e.textContent ?? '');
    const at = ['aid.max=0', 'aid.max=1', 'aid.max=3', 'aid.max=5'].map((n) => armText.indexOf(n));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(await expectHonestTicks(page)).toBeGreaterThan(4);
    await expectOneUnitPerAxis(page);
    await expectNoInternalWords(page);
    await page.close();
  });

  it('draws the sensitivity tornado from the numbers of summary.json', async () => {
    const summary = JSON.parse(readFileSync(join(sensDir, 'summary.json'), 'utf8')) as SensitivitySummary;
    const { page, requests, consoleErrors } = await open(join(sensDir, 'report.html'));
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.getAttribute('body', 'data-errors')).toBe('');
    expect(await page.textContent('h1')).toBe('Brink sensitivity: baseline-2025');
    const marks = await titleRecords(page, '#plot-tornado');
    expect(marks.length).toBe(2 * summary.rows.length);
    for (const m of marks) {
      const [parameter, side] = m.tag.split(':') as [string, 'low' | 'high'];
      const d = summary.rows.find((r) => r.parameter === parameter)![side]!.differences[summary.outcome.key]!;
      expect([num(m.values.difference), num(m.values.lo), num(m.values.hi)], m.tag).toEqual(d);
    }
    // Ranked: the first row of the table is the largest swing.
    expect(await page.locator('#all ~ table tbody tr td').first().textContent()).toBe(summary.rows[0]!.parameter);
    expect(await expectHonestTicks(page)).toBeGreaterThan(0);
    await page.close();
  });
});
