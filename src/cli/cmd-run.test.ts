import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repo, runCli } from './test-helpers.js';
import type { RunSummary } from '../analysis/summary.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const brink = runCli;

const OUT_FILES = ['costs.csv', 'fans.csv', 'km.csv', 'pathways.csv', 'probabilities.csv', 'report.html', 'rungs.csv', 'summary.json', 'timing.json'];

describe('brink run', () => {
  // 300 runs = two chunks of the fixed 256-trajectory plan; the pool runs worker-entry.ts via tsx.
  it('gives byte-identical results inline (--workers 1) and on 2 worker threads', async () => {
    const a = join(tmp, 'w1');
    const b = join(tmp, 'w2');
    const r1 = await brink('run', 'scenarios/baseline-2025.yaml', '--runs', '300', '--seed', '7', '--workers', '1', '--out', a, '--no-progress');
    const r2 = await brink('run', 'scenarios/baseline-2025.yaml', '--runs', '300', '--seed', '7', '--workers', '2', '--out', b, '--no-progress');
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    expect(readdirSync(a).sort()).toEqual(['.brink-output', ...OUT_FILES]); // the marker of a Brink output folder (D30)
    for (const f of OUT_FILES) {
      if (f === 'timing.json') continue;
      expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    }
    // The terminal output is the same too (timing goes to stderr only).
    expect(r2.out).toBe(r1.out);
    expect(r1.err).toMatch(/300 runs in .* s \(.* trajectories\/s on 1 thread, inline/);
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as RunSummary;
    expect(s.provenance).toMatchObject({ scenario: 'baseline-2025', seed: 7, runs: 300, horizonDays: 730 });
    expect(s.provenance.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(s)).not.toMatch(/wallSeconds|trajectoriesPerSecond/);
    const t = JSON.parse(readFileSync(join(b, 'timing.json'), 'utf8')) as { workers: number; runs: number; chunks: number };
    expect(t).toMatchObject({ workers: 2, runs: 300, chunks: 2 });
    // Every §1 probability, with an interval that holds its estimate.
    for (const k of ['drawnIn', 'article4', 'article5', 'horizontal', 'partnerCollapse', 'nuclearUse'] as const) {
      const p = s.probabilities[k];
      expect(p.lo!).toBeLessThanOrEqual(p.estimate!);
      expect(p.hi!).toBeGreaterThanOrEqual(p.estimate!);
    }
    expect(Object.keys(s.probabilities.rung4ByTheatre)).toEqual(s.provenance.theatres);
    expect(s.fans.series.length).toBe(s.provenance.theatres.length + 6);
  });

  it('--json prints exactly summary.json; --csv prints a long table', async () => {
    const dir = join(tmp, 'json');
    const j = await brink('run', 'test/fixtures/minimal.yaml', '--runs', '40', '--seed', '1', '--workers', '1', '--json', '--out', dir);
    expect(j.code).toBe(0);
    expect(j.out).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const c = await brink('run', 'test/fixtures/minimal.yaml', '--runs', '40', '--seed', '1', '--workers', '1', '--csv');
    expect(c.code).toBe(0);
    expect(c.out.split('\n')[0]).toBe('section,key,stat,value');
    expect(c.out).toContain('probability,drawnIn,estimate,');
  });

  it('rejects bad flags with a message naming the flag (exit 1)', async () => {
    const bad = await brink('run', 'scenarios/baseline-2025.yaml', '--runs', 'many', '--seed', '1');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/option '--runs <n>' argument 'many' is invalid/);
    const zero = await brink('run', 'scenarios/baseline-2025.yaml', '--runs', '0', '--seed', '1');
    expect(zero.code).toBe(1);
    expect(zero.err).toMatch(/--runs/);
    const unknown = await brink('run', 'scenarios/baseline-2025.yaml', '--runs', '10', '--seed', '1', '--turbo');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown option '--turbo'/);
    const missing = await brink('run', 'scenarios/baseline-2025.yaml', '--runs', '10');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/required option '--seed <s>' not specified/);
    const both = await brink('run', 'scenarios/baseline-2025.yaml', '--runs', '10', '--seed', '1', '--json', '--csv');
    expect(both.code).toBe(1);
    expect(both.err).toMatch(/cannot be used with/);
  });

  it('rejects a bad or missing scenario with file:line messages (exit 1)', async () => {
    const r = await brink('run', 'test/fixtures/invalid-many.yaml', '--runs', '10', '--seed', '1');
    expect(r.code).toBe(1);
    expect(r.err).toContain('test/fixtures/invalid-many.yaml:7:5 actors[0].power: number must be <= 1 (got 1.7) [out-of-range]');
    const m = await brink('run', 'nope/none.yaml', '--runs', '10', '--seed', '1');
    expect(m.code).toBe(1);
    expect(m.err).toContain('nope/none.yaml: file not found');
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'schemaVersion: 1\nname: x\nactors: [\n');
    const y = await brink('run', bad, '--runs', '10', '--seed', '1');
    expect(y.code).toBe(1);
    expect(y.err).toContain(bad);
  });

  it.skipIf(!existsSync(join(repo, 'dist/cli/main.js')))('the installed binary exits non-zero on a bad flag (dist build)', () => {
    const r = spawnSync(process.execPath, [join(repo, 'bin/brink.js'), 'run', 'scenarios/baseline-2025.yaml', '--runs', '-5', '--seed', '1'], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--runs/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
