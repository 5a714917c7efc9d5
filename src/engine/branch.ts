/**
 * Branches (docs/model.md "Snapshots and branches", D41): from a snapshot of trajectory K at day D,
 * continuation c runs on to the horizon, unchanged or under a changed scenario (a policy, an
 * injected action, a set field), with keyed random numbers:
 *
 * - the state at D is the snapshot's, in every continuation and both arms: what was drawn before D
 *   (the agents' armed clocks, perception biases, nuclear thresholds, scheduled events) is kept;
 * - draws made from D on use the key of the continuation: continuation 0 keeps the trajectory's own
 *   key (seed, K), so the unchanged continuation 0 IS the uninterrupted trajectory; continuation
 *   c ≥ 1 uses (seed, K_c), K_c a 53-bit number drawn from (seed, K) on a stream of its own, keyed
 *   by (D, c). N continuations from one state thus differ after D;
 * - the unchanged and the changed arm of continuation c use the same key, so they are paired
 *   (common random numbers): a mechanism the change does not reach draws the same numbers at the
 *   same counters in both, and their difference is the change's effect on that continuation.
 *
 * Synchronous, no I/O: runs unchanged in the browser.
 */
import { KeyedRandom } from '../random/index.js';
import { EV } from './log.js';
import type { Simulator } from './simulator.js';
import { restoreSnapshot, SnapshotError, type Snapshot } from './snapshot.js';
import type { RunOptions, TrajectoryResult } from './types.js';

/** Stream id of the continuation keys: above the cached stream table, used by nothing else. */
export const BRANCH_STREAM = 0x62726e63; // 'brnc'

const TWO_POW_53 = 9007199254740992;

/** The random key of continuation c of a branch of (seed, trajectory) at `day`. */
export function continuationKey(seed: number, trajectory: number, day: number, c: number): { seed: number; trajectory: number } {
  if (c === 0) return { seed, trajectory };
  // u = (integer in [0, 2^53) + 0.5) / 2^53 exactly: its integer part is a uniform 53-bit key.
  const u = new KeyedRandom(seed, trajectory).u(BRANCH_STREAM, day, c);
  return { seed, trajectory: Math.floor(u * TWO_POW_53) };
}

export interface ContinuationOptions extends RunOptions {
  /** Hash of the scenario the snapshot is a state of, when sim runs a changed one (a branch arm). */
  baseScenarioHash?: string;
  /** Indices into sim.sc.injects that the change added: scheduled at their day (≥ the snapshot's). */
  addedInjects?: readonly number[];
}

/**
 * Runs continuation c of a snapshot to the horizon on sim (whose scenario is the snapshot's, or a
 * changed one of the same shape). The result carries the snapshot's seed and trajectory.
 */
export function runContinuation(sim: Simulator, snap: Snapshot, c: number, opts: ContinuationOptions = {}): TrajectoryResult {
  if (!Number.isSafeInteger(c) || c < 0) throw new SnapshotError(`continuation index must be a whole number ≥ 0, got ${c}`);
  sim.prepareResume(opts);
  restoreSnapshot(sim, snap, opts.baseScenarioHash ?? sim.sc.hash);
  const st = sim.st;
  const key = continuationKey(snap.seed, snap.trajectory, snap.day, c);
  st.rng.rekey(key.seed, key.trajectory);
  for (const k of opts.addedInjects ?? []) {
    const inj = sim.sc.injects[k];
    if (inj === undefined) throw new SnapshotError(`injects[${k}]: no such inject`);
    if (inj.day < snap.day) throw new SnapshotError(`injects[${k}]: day ${inj.day} is before the branch day ${snap.day}`);
    st.sched.push(inj.day, EV.inject, k);
  }
  sim.runDays(snap.day, st.horizon);
  return sim.complete(snap.seed, snap.trajectory, opts);
}
