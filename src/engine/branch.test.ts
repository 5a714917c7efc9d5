/**
 * Branches (branch.ts, D41): continuation 0 of the unchanged arm is the trajectory itself; other
 * continuations share the state at the branch day and differ after it; a change that changes
 * nothing gives the unchanged arm exactly (common random numbers); an injected action happens on
 * its day in the changed arm only.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../scenario/compile.js';
import { BRANCH_STREAM, continuationKey, runContinuation } from './branch.js';
import { Simulator } from './simulator.js';
import { SnapshotError, takeSnapshot, type Snapshot } from './snapshot.js';
import { builtinInput } from './test-helpers.js';
import type { TrajectoryResult } from './types.js';

const json = (r: TrajectoryResult) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v));

describe('branch continuations', () => {
  const input = builtinInput('baseline-2025');
  input.horizonDays = 360;
  const sc = compileScenario(input);
  const D = 120;
  const snap = JSON.parse(JSON.stringify(takeSnapshot(new Simulator(sc), 5, 3, D, { trace: true }))) as Snapshot;

  it('continuation 0 of the unchanged arm is the uninterrupted trajectory; the others share its past and differ after it', () => {
    const sim = new Simulator(sc);
    const whole = new Simulator(sc).run(5, 3, { trace: true });
    expect(json(runContinuation(sim, snap, 0, { trace: true }))).toBe(json(whole));
    const before = (r: TrajectoryResult) => JSON.stringify(r.events!.filter((e) => e.day < D));
    const after = (r: TrajectoryResult) => JSON.stringify(r.events!.filter((e) => e.day >= D));
    const runs = [1, 2, 3, 4].map((c) => runContinuation(sim, snap, c, { trace: true }));
    for (const r of runs) {
      expect(r.seed).toBe(5);
      expect(r.trajectory).toBe(3);
      expect(before(r)).toBe(before(whole));
    }
    expect(new Set([whole, ...runs].map(after)).size).toBe(5);
    // Each continuation is itself reproducible.
    expect(json(runContinuation(new Simulator(sc), snap, 3, { trace: true }))).toBe(json(runs[2]!));
  });

  it('keys: continuation 0 keeps (seed, K); others are 53-bit keys from (seed, K, D, c), distinct', () => {
    expect(continuationKey(5, 3, D, 0)).toEqual({ seed: 5, trajectory: 3 });
    const ks = Array.from({ length: 200 }, (_x, c) => continuationKey(5, 3, D, c).trajectory);
    expect(new Set(ks).size).toBe(200);
    for (const k of ks) expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
    expect(continuationKey(5, 3, D + 1, 1)).not.toEqual(continuationKey(5, 3, D, 1));
    expect(BRANCH_STREAM).toBeGreaterThanOrEqual(1024); // not a cached stream of the engine
  });

  it('a change that changes nothing gives each continuation exactly (paired arms share their keys)', () => {
    const same = compileScenario(structuredClone(input));
    const a = new Simulator(sc), b = new Simulator(same);
    for (const c of [0, 1, 7]) expect(json(runContinuation(b, snap, c, { baseScenarioHash: sc.hash }))).toBe(json(runContinuation(a, snap, c)));
  });

  it('an injected action happens on its day in the changed arm, scripted, and the days before are untouched', () => {
    const changedInput = structuredClone(input);
    changedInput.injects = [...changedInput.injects, { day: D + 10, actor: 'RUS', action: 'strike-on-member-territory', target: 'POL' }];
    const changed = compileScenario(changedInput);
    const k = changed.injects.length - 1;
    const r = runContinuation(new Simulator(changed), snap, 2, { trace: true, baseScenarioHash: sc.hash, addedInjects: [k] });
    const u = runContinuation(new Simulator(sc), snap, 2, { trace: true });
    const hit = r.events!.find((e) => e.injected && e.action === 'strike-on-member-territory');
    expect(hit).toMatchObject({ day: D + 10, actor: 'RUS', target: 'POL' });
    expect(u.events!.some((e) => e.injected && e.action === 'strike-on-member-territory')).toBe(false);
    expect(JSON.stringify(r.events!.filter((e) => e.day < D + 10))).toBe(JSON.stringify(u.events!.filter((e) => e.day < D + 10)));
    // Without the base hash the snapshot is of another scenario; an inject before the branch day is refused.
    expect(() => runContinuation(new Simulator(changed), snap, 0)).toThrow(/scenarioHash/);
    const early = structuredClone(changedInput);
    early.injects[early.injects.length - 1]!.day = D - 1;
    expect(() => runContinuation(new Simulator(compileScenario(early)), snap, 0, { baseScenarioHash: sc.hash, addedInjects: [k] })).toThrow(SnapshotError);
  });

  it('a policy change reaches the tables State derives from it (the playbook) from the branch day', () => {
    const changedInput = structuredClone(input);
    changedInput.policies = { ...changedInput.policies, 'nato-2025': { ...changedInput.policies['nato-2025']!, playbook: {} } };
    const changed = compileScenario(changedInput);
    const sim = new Simulator(changed);
    runContinuation(sim, snap, 1, { baseScenarioHash: sc.hash });
    expect(Array.from(sim.st.pbFlat)).toEqual(Array.from(new Simulator(changed).st.pbFlat));
    expect(Array.from(sim.st.pbFlat)).not.toEqual(Array.from(new Simulator(sc).st.pbFlat));
  });
});
