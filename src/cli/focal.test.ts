/**
 * Every alliance's point of view from the command line (docs/decisions.md D26): `--focal`, the
 * per-alliance and dyad fields of summary.json, and results that do not depend on the order of
 * the scenario's `alliances:` list.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { CompareSummary } from '../analysis/compare.js';
import type { RunSummary } from '../analysis/summary.js';
import { expectRefusal, repo, runCli } from './test-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-focal-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RUN = ['--runs', '260', '--seed', '4', '--workers', '1', '--json', '--no-progress'];

async function runJson(file: string, ...extra: string[]): Promise<{ text: string; s: RunSummary }> {
  const r = await runCli('run', file, ...RUN, ...extra);
  expect(r.code, r.err).toBe(0);
  return { text: r.out, s: JSON.parse(r.out) as RunSummary };
}

describe('brink run: every alliance and dyad, --focal', () => {
  it('--focal USPAC: the headline is USPAC\'s block; every number, byAlliance, dyads and the scenario hash are unchanged', async () => {
    const nato = await runJson('scenarios/two-theatre.yaml');
    const uspac = await runJson('scenarios/two-theatre.yaml', '--focal', 'USPAC');
    expect(nato.s.focal).toBe('NATO');
    expect(uspac.s.focal).toBe('USPAC');
    expect(Object.keys(nato.s.byAlliance)).toEqual(['NATO', 'USPAC']);
    expect(Object.keys(nato.s.dyads)).toEqual(['USA-CHN', 'USA-RUS']);
    expect(uspac.s.provenance).toEqual(nato.s.provenance);
    expect(uspac.s.byAlliance).toEqual(nato.s.byAlliance);
    expect(uspac.s.dyads).toEqual(nato.s.dyads);
    for (const [s, id] of [[nato.s, 'NATO'], [uspac.s, 'USPAC']] as const) {
      const b = s.byAlliance[id]!;
      expect(s.probabilities.drawnIn).toEqual(b.probabilities.drawnIn);
      expect(s.probabilities.article4).toEqual(b.probabilities.article4);
      expect(s.probabilities.article5).toEqual(b.probabilities.article5);
      expect(s.timeToEvent.drawnIn).toEqual(b.timeToEvent.drawnIn);
      expect(s.costs).toEqual(b.costs);
      expect(s.article4Consultations).toEqual(b.article4Consultations);
      expect(s.means.finalCohesion).toEqual(b.means.finalCohesion);
      expect(s.probabilities.drawnIn.label).toContain(id);
    }
    // What is not an alliance's is the same whatever the point of view.
    expect(uspac.s.probabilities.horizontal).toEqual(nato.s.probabilities.horizontal);
    expect(uspac.s.probabilities.collectiveDefense).toEqual(nato.s.probabilities.collectiveDefense);
    expect(uspac.s.escalationScore).toEqual(nato.s.escalationScore);
    // The two alliances see different worlds here: Europe is at war, the Indo-Pacific is not.
    expect(nato.s.byAlliance.NATO!.probabilities.drawnIn.estimate).toBeGreaterThan(nato.s.byAlliance.USPAC!.probabilities.drawnIn.estimate! + 0.3);
  }, 60_000);

  it('refuses an unknown or non-collective-defence --focal on run and compare, naming the known ones', async () => {
    for (const id of ['CRP', 'XYZ']) {
      await expectRefusal(runCli('run', 'scenarios/two-theatre.yaml', '--runs', '5', '--seed', '1', '--focal', id), `error: --focal: unknown collective-defence alliance "${id}" (known: NATO, USPAC)`);
    }
    await expectRefusal(
      runCli('compare', 'scenarios/two-theatre.yaml', '--policy', 'scenarios/policies/aid-fast.yaml', '--policy', 'scenarios/policies/aid-slow.yaml', '--runs', '5', '--seed', '1', '--focal', 'CRP'),
      'error: --focal: unknown collective-defence alliance "CRP" (known: NATO, USPAC)',
    );
    await expectRefusal(
      runCli('sweep', 'scenarios/two-theatre.yaml', '--param', 'quietDays', '--values', '20,40', '--runs', '5', '--seed', '1', '--focal', 'RUS'),
      'error: --focal: unknown collective-defence alliance "RUS" (known: NATO, USPAC)',
    );
    await expectRefusal(
      runCli('sensitivity', 'scenarios/two-theatre.yaml', '--params', 'quietDays', '--runs', '5', '--seed', '1', '--focal', 'nato'),
      'error: --focal: unknown collective-defence alliance "nato" (known: NATO, USPAC)',
    );
  });

  it('permuting the alliance list of two-theatre.yaml gives byte-identical --json except the scenario hash (it hashes the file\'s content, order included)', async () => {
    const src = parse(readFileSync(join(repo, 'scenarios/two-theatre.yaml'), 'utf8')) as { alliances: { id: string }[] };
    // NATO stays the first collective-defence alliance, so the default point of view is the same.
    src.alliances = ['CRP', 'NATO', 'USPAC'].map((id) => src.alliances.find((a) => a.id === id)!);
    mkdirSync(join(tmp, 'params'), { recursive: true });
    copyFileSync(join(repo, 'scenarios/params/calibrated.yaml'), join(tmp, 'params/calibrated.yaml'));
    const file = join(tmp, 'two-theatre-permuted.yaml');
    writeFileSync(file, stringify(src));
    const a = await runJson('scenarios/two-theatre.yaml');
    const b = await runJson(file);
    expect(b.s.provenance.scenarioHash).not.toBe(a.s.provenance.scenarioHash);
    const strip = (t: string) => t.replace(/"scenarioHash": "[0-9a-f]{64}"/, '"scenarioHash": ""');
    expect(strip(b.text)).toBe(strip(a.text));
    // And with USPAC listed first, the default point of view follows the file; the numbers do not move.
    src.alliances = ['USPAC', 'CRP', 'NATO'].map((id) => src.alliances.find((x) => x.id === id)!);
    writeFileSync(file, stringify(src));
    const c = await runJson(file);
    const d = await runJson('scenarios/two-theatre.yaml', '--focal', 'USPAC');
    expect(c.s.focal).toBe('USPAC');
    // Except what legitimately follows the file: the default focal flags, and the weekly alliance
    // fans the engine samples for the default focal alliance (labelled with it).
    const comparable = (x: RunSummary) => {
      const { provenance: _p, fans: _f, byAlliance, ...rest } = x;
      return { ...rest, byAlliance: Object.fromEntries(Object.entries(byAlliance).map(([k, v]) => [k, { ...v, defaultFocal: null }])) };
    };
    expect(comparable(c.s)).toEqual(comparable(d.s));
    expect(c.s.fans.series.find((f) => f.key === 'cohesion')!.label).toContain('USPAC');
    expect(d.s.fans.series.find((f) => f.key === 'cohesion')!.label).toContain('NATO');
  }, 120_000);

  it('--csv carries the per-alliance and dyad rows', async () => {
    const r = await runCli('run', 'scenarios/two-theatre.yaml', '--runs', '20', '--seed', '1', '--workers', '1', '--csv', '--no-progress');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^probability,USPAC\.drawnIn,estimate,/m);
    expect(r.out).toMatch(/^probability,dyad\.USA-CHN,count,\d+$/m);
    expect(r.out).toMatch(/^distribution,USPAC\.costTotal,mean,/m);
    expect(r.out).toMatch(/^focal,focal,value,NATO$/m);
  });
});

describe('brink compare: paired differences per alliance and dyad', () => {
  it('a policy against itself: zero differences for every alliance and dyad; --focal USPAC puts USPAC under the top-level keys', async () => {
    const args = ['compare', 'scenarios/two-theatre.yaml', '--policy', 'scenarios/policies/aid-fast.yaml', '--policy', 'scenarios/policies/aid-fast.yaml', '--runs', '40', '--seed', '2', '--workers', '1', '--json', '--no-progress'];
    const r = await runCli(...args, '--focal', 'USPAC');
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out) as CompareSummary;
    expect(c.focal).toBe('USPAC');
    const cmp = c.comparisons[0]!;
    const keys = cmp.binary.map((b) => b.key);
    for (const k of ['NATO.drawnIn', 'USPAC.article5', 'dyad.USA-CHN', 'dyad.USA-RUS']) expect(keys).toContain(k);
    for (const b of cmp.binary) expect(b.n10 + b.n01, b.key).toBe(0);
    for (const m of cmp.metrics) expect(m.difference, m.key).toBe(0);
    const top = cmp.binary.find((b) => b.key === 'drawnIn')!;
    const own = cmp.binary.find((b) => b.key === 'USPAC.drawnIn')!;
    expect({ ...top, key: '' }).toEqual({ ...own, key: '' });
    expect(cmp.metrics.find((m) => m.key === 'costTotal')!.a).toBe(cmp.metrics.find((m) => m.key === 'USPAC.costTotal')!.a);
  }, 60_000);
});
