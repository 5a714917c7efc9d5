import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-helpers.js';
import type { CompareSummary } from '../analysis/compare.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const brink = runCli;

const SQ = 'scenarios/policies/status-quo.yaml';
const PB = 'scenarios/policies/playbook-strong.yaml';

describe('brink compare', () => {
  it('a policy against itself: exactly zero paired differences; identical inline and on the pool', async () => {
    const a = join(tmp, 'w1');
    const b = join(tmp, 'w2');
    const args = ['compare', 'scenarios/baseline-2025.yaml', '--policy', SQ, '--policy', PB, '--policy', SQ, '--runs', '300', '--seed', '11', '--no-progress'];
    const r1 = await brink(...args, '--workers', '1', '--out', a);
    const r2 = await brink(...args, '--workers', '2', '--out', b);
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    for (const f of ['summary.json', 'compare.csv', 'report.html']) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as CompareSummary;
    expect(s.provenance.arms.map((x) => x.name)).toEqual(['status-quo', 'playbook-strong', 'status-quo (2)']);
    expect(s.provenance.arms[2]!.scenarioHash).toBe(s.provenance.arms[0]!.scenarioHash);
    const self = s.comparisons[1]!;
    expect(self.arm).toBe('status-quo (2)');
    for (const d of self.binary) {
      expect([d.n10, d.n01, d.difference]).toEqual([0, 0, 0]);
      expect(d.a).toBe(d.b);
      expect(d.lo!).toBeLessThanOrEqual(0);
      expect(d.hi!).toBeGreaterThanOrEqual(0);
    }
    for (const m of self.metrics) expect([m.difference, m.lo, m.hi], m.key).toEqual([0, 0, 0]);
    // Each arm's own summary equals what the first arm reports for the identical policy.
    expect(JSON.stringify({ ...s.arms[2]!, provenance: null })).toBe(JSON.stringify({ ...s.arms[0]!, provenance: null }));
    // The paired counts add up, and the marginals are the arms' own probabilities.
    const other = s.comparisons[0]!;
    for (const d of other.binary) {
      expect(d.n11 + d.n10 + d.n01 + d.n00).toBe(300);
      expect(d.difference).toBeCloseTo((d.n01 - d.n10) / 300, 5);
    }
    expect(other.binary[0]!.b).toBe(s.arms[1]!.probabilities.drawnIn.estimate);
  });

  it('needs two policies and valid policy files', async () => {
    const one = await brink('compare', 'scenarios/baseline-2025.yaml', '--policy', SQ, '--runs', '10', '--seed', '1');
    expect(one.code).toBe(1);
    expect(one.err).toMatch(/at least two --policy files/);
    const missing = await brink('compare', 'scenarios/baseline-2025.yaml', '--policy', SQ, '--policy', 'nope.yaml', '--runs', '10', '--seed', '1');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.yaml: file not found');
  });

  it('names an arm that moves no outcome (aid with no partner) and not one that does, in the text, the JSON and the report (D29)', async () => {
    const dir = join(tmp, 'inert');
    const args = ['compare', 'scenarios/baltic-grayzone.yaml', '--policy', SQ, '--policy', 'scenarios/policies/aid-fast.yaml', '--policy', 'scenarios/policies/flank-hardened.yaml', '--runs', '150', '--seed', '4', '--no-progress', '--workers', '1'];
    const text = await brink(...args, '--out', dir);
    expect(text.code).toBe(0);
    const notice = 'arm "aid-fast": moved neither any outcome nor any state (the end state was identical in all 150 runs): the lever is inert in this scenario';
    expect(text.out).toContain(`Note: ${notice}.`);
    expect(text.out).not.toContain('arm "flank-hardened":');
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as CompareSummary;
    expect(s.comparisons.map((c) => [c.arm, c.inert, c.notice])).toEqual([
      ['aid-fast', true, notice],
      ['flank-hardened', false, null],
    ]);
    const posture = s.comparisons[1]!;
    expect(posture.stateMoved.length).toBeGreaterThan(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('id="state"');
    expect(html).toContain(notice.replace(/"/g, '&quot;'));
    expect(html).toContain(posture.stateMoved[0]!.label);
  });
});
