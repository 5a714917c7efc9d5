/**
 * `brink branch` (D41): paired continuations of one state, from a day of a trajectory or from a
 * snapshot file; refused flags exit 1 with a message naming the flag; a hostile snapshot file is
 * refused without echoing it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BRANCH_FORMAT } from '../analysis/branch.js';
import { parseInjectFlag, type BranchSummary } from './cmd-branch.js';
import { expectRefusal, runCli } from './test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'brink-branch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The built-in scenario with the shortest horizon (180 days) keeps the runs cheap.
const scenario = 'scenarios/stray-missile.yaml';

describe('brink branch', () => {
  const inject = ['--inject', 'RUS:strike-on-member-territory:POL@60'];

  it('--json: both arms with Wilson intervals and paired differences; an injected strike on a member draws NATO in', async () => {
    const r = await runCli('branch', scenario, '--seed', '3', '--trajectory', '1', '--at', '50', ...inject, '--runs', '40', '--json');
    expect(r.err).not.toContain('error');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as BranchSummary;
    expect(s).toMatchObject({ format: BRANCH_FORMAT, seed: 3, trajectory: 1, day: 50, horizonDays: 180, change: { injects: ['RUS:strike-on-member-territory:POL@60'] } });
    expect(s.changedScenarioHash).not.toBe(s.scenarioHash);
    const drawn = s.comparison.binary.find((b) => b.key === 'NATO.drawnIn')!;
    expect(s.comparison.runs).toBe(40);
    expect(drawn.n11 + drawn.n10 + drawn.n01 + drawn.n00).toBe(40);
    expect(drawn.changed.estimate).toBeGreaterThan(drawn.unchanged.estimate);
    expect(drawn.lo).toBeGreaterThan(0);
    expect(drawn.unchanged.lo).toBeLessThanOrEqual(drawn.unchanged.estimate);
    expect(drawn.changed.hi).toBeGreaterThanOrEqual(drawn.changed.estimate);
    // Reproducible: the same command gives the same bytes.
    const again = await runCli('branch', scenario, '--seed', '3', '--trajectory', '1', '--at', '50', ...inject, '--runs', '40', '--json');
    expect(again.out).toBe(r.out);
  });

  it('text mirrors compare; --snapshot-out writes the state, and --snapshot FILE gives the identical result', async () => {
    const snap = join(dir, 'at50.json');
    const a = await runCli('branch', scenario, '--seed', '3', '--at', '50', '--set', 'parameters.misperception=0.05', '--runs', '12', '--snapshot-out', snap);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^Brink branch: \S+ · seed 3 trajectory 0 from day 50 of 180 · 12 paired continuations/);
    expect(a.out).toContain('Change from day 50: set parameters.misperception=0.05');
    expect(a.out).toMatch(/changed − unchanged \(paired by continuation; 95% intervals\)/);
    expect(a.out).toMatch(/drawn in +\d/);
    const file = JSON.parse(readFileSync(snap, 'utf8')) as { format: string; day: number; seed: number };
    expect(file).toMatchObject({ format: 'brink/snapshot@1', day: 50, seed: 3 });
    const b = await runCli('branch', scenario, '--snapshot', snap, '--set', 'parameters.misperception=0.05', '--runs', '12');
    expect(b.code).toBe(0);
    expect(b.out).toBe(a.out);
  });

  it('bad flags exit 1 with a message naming the flag', async () => {
    await expectRefusal(runCli('branch', scenario, '--seed', '1', '--runs', '5', ...inject), '--at: give the day to branch at');
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--runs', '5'), 'give the change');
    await expectRefusal(runCli('branch', scenario, '--at', '181', ...inject, '--runs', '5'), '--at: day 181 is after the horizon');
    await expectRefusal(runCli('branch', scenario, '--at', 'x', ...inject), "option '--at <day>' argument 'x' is invalid");
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--runs', '0', ...inject), "'--runs <n>' argument '0' is invalid");
    await expectRefusal(runCli('branch', scenario, '--at', '70', ...inject, '--runs', '5'), '--inject RUS:strike-on-member-territory:POL@60: day 60 is before the branch day 70');
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--inject', 'XXX:strike-on-member-territory:POL', '--runs', '5'), '--inject XXX:strike-on-member-territory:POL:', 'XXX');
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--inject', 'RUS:no-such-action:POL', '--runs', '5'), '--inject RUS:no-such-action:POL:', 'not a catalog action');
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--inject', 'RUS', '--runs', '5'), 'expected ACTOR:ACTION[:TARGET][@DAY]');
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--inject', 'RUS:strike-on-member-territory:POL@9999', '--runs', '5'), 'not before the horizon');
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--set', 'nope=1', '--runs', '5'), '--set nope=1');
    await expectRefusal(runCli('branch', scenario, '--at', '50', '--policy', 'scenarios/baseline-2025.yaml', '--runs', '5'), 'not a policy file');
    await expectRefusal(runCli('branch', scenario, '--snapshot', 'x.json', '--at', '5', ...inject), '--at: the snapshot fixes the seed, trajectory and day');
    await expectRefusal(runCli('branch', scenario, '--at', '50', ...inject, '--runs', '1', '--snapshot-out', dir), '--snapshot-out');
  });

  it('a snapshot file is untrusted: missing, not JSON, of another scenario or engine, or tampered → exit 1, never echoed', async () => {
    const secret = 'SECRET-CONTENT-1234';
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, `{${secret}`);
    await expectRefusal(runCli('branch', scenario, '--snapshot', join(dir, 'missing.json'), ...inject), '--snapshot', 'file not found');
    const r = await runCli('branch', scenario, '--snapshot', notJson, ...inject);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not a JSON file');
    expect(r.err).not.toContain(secret);
    const good = join(dir, 'good.json');
    expect((await runCli('branch', scenario, '--at', '50', ...inject, '--runs', '1', '--snapshot-out', good)).code).toBe(0);
    const snap = JSON.parse(readFileSync(good, 'utf8')) as Record<string, unknown> & { state: Record<string, unknown> };
    const write = (name: string, v: unknown) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(v)); return f; };
    await expectRefusal(runCli('branch', scenario, '--snapshot', write('v.json', { ...snap, engineVersion: '0.0.1' }), ...inject), 'engineVersion: taken by engine "0.0.1"');
    await expectRefusal(runCli('branch', 'scenarios/baseline-2025.yaml', '--snapshot', good, ...inject), 'field scenarioHash');
    await expectRefusal(runCli('branch', scenario, '--snapshot', write('p.json', { ...snap, state: { ...snap.state, pressure: { $t: 'Float64Array', n: 1, b64: 'AAAAAAAAAAA=' } } }), ...inject, '--runs', '1'), 'state.pressure: has 1 elements');
    await expectRefusal(runCli('branch', scenario, '--snapshot', write('q.json', JSON.parse(JSON.stringify(snap).replace('"state":{', '"state":{"__proto__":{"x":1},'))), ...inject, '--runs', '1'), 'state.__proto__: is not a field');
  });

  it('parses --inject: the day defaults to the branch day', () => {
    expect(parseInjectFlag('RUS:strike-on-member-territory:POL', 7)).toEqual({ actor: 'RUS', action: 'strike-on-member-territory', target: 'POL', day: 7 });
    expect(parseInjectFlag('RUS:cyber-intrusion@9', 7)).toEqual({ actor: 'RUS', action: 'cyber-intrusion', day: 9 });
    expect(parseInjectFlag('RUS::POL', 7)).toMatch(/expected/);
    expect(parseInjectFlag('RUS:a:POL@1e3', 7)).toMatch(/not a whole number/);
  });

  it('brink trace --at D --snapshot-out F writes the state and prints the usual trace; trace --snapshot F prints the identical trace', async () => {
    const snap = join(dir, 'trace-at-90.json');
    const plain = await runCli('trace', scenario, '--seed', '4', '--trajectory', '2', '--json');
    const paused = await runCli('trace', scenario, '--seed', '4', '--trajectory', '2', '--json', '--at', '90', '--snapshot-out', snap);
    expect(paused.code).toBe(0);
    expect(paused.out).toBe(plain.out);
    const resumed = await runCli('trace', scenario, '--json', '--snapshot', snap);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toBe(plain.out);
    // A branch can start from it too (the same state as --seed 4 --trajectory 2 --at 90).
    const fromFile = await runCli('branch', scenario, '--snapshot', snap, ...inject.slice(0, 1), 'RUS:cyber-intrusion@95', '--runs', '3', '--json');
    const direct = await runCli('branch', scenario, '--seed', '4', '--trajectory', '2', '--at', '90', ...inject.slice(0, 1), 'RUS:cyber-intrusion@95', '--runs', '3', '--json');
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toBe(direct.out);
    await expectRefusal(runCli('trace', scenario, '--at', '90'), '--at: needs --snapshot-out FILE');
    await expectRefusal(runCli('trace', scenario, '--snapshot-out', snap), '--snapshot-out: needs --at DAY');
    await expectRefusal(runCli('trace', scenario, '--snapshot', snap, '--seed', '1'), '--seed: the snapshot fixes');
    await expectRefusal(runCli('trace', scenario, '--snapshot', snap, '--set', 'parameters.misperception=0.05'), 'field scenarioHash');
  });
});
