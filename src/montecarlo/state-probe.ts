/**
 * The state probe of a comparison (docs/monte-carlo.md, "Inert arms and the state probe"; D29):
 * per arm, the engine's end-of-trajectory state digest (engine/digest.ts) summed over
 * trajectories, and for every arm after the first its paired differences to arm 0 on common
 * random numbers. It answers "what did this arm move?" when the outcomes say "nothing".
 *
 * Kept apart from RunAggregate (whose layout other work extends) and from the paired outcome
 * block: it travels as its own Float64Array in the compare chunk transfer. Like every aggregate
 * here it holds only integers (fixed-point limbs, fixed-sum.ts), so chunks merge exactly in any
 * order and the result is identical for any chunk size or number of workers.
 *
 * Layout, with L digest entries and A arms:
 * - arm j (0 ≤ j < A), entry l: Σx at 2·(j·L + l) (two limbs);
 * - arm j ≥ 1, entry l: Σd at 2·A·L + 4·((j − 1)·L + l), Σd² at +2, with d = x_j − x_0 taken on
 *   the quantized values, so that d is exactly 0 where the arms agree.
 */
import type { StateDigestEntry } from '../engine/digest.js';
import { FIXED_SCALE, fixedAdd, fixedNormalize } from './fixed-sum.js';

export type ProbeEntry = StateDigestEntry;

export class StateProbe {
  readonly entries: readonly ProbeEntry[];
  readonly nArms: number;
  readonly data: Float64Array;
  /** Scratch: arm 0's quantized digest of the current trajectory. */
  private readonly q0: Float64Array;

  constructor(entries: readonly ProbeEntry[], nArms: number, data?: Float64Array) {
    this.entries = entries;
    this.nArms = nArms;
    const n = StateProbe.slots(entries.length, nArms);
    if (data !== undefined && data.length !== n) throw new Error(`state probe has ${data.length} slots, expected ${n}`);
    this.data = data ?? new Float64Array(n);
    this.q0 = new Float64Array(entries.length);
  }

  static slots(entries: number, arms: number): number {
    return arms < 1 ? 0 : 2 * arms * entries + 4 * (arms - 1) * entries;
  }

  get length(): number {
    return this.entries.length;
  }

  /** Offset of arm j's Σx of entry l. */
  sumAt(j: number, l: number): number {
    return 2 * (j * this.entries.length + l);
  }

  /** Offset of arm j's (j ≥ 1) Σd of entry l; Σd² is at +2. */
  pairedAt(j: number, l: number): number {
    const L = this.entries.length;
    return 2 * this.nArms * L + 4 * ((j - 1) * L + l);
  }

  /** Fold in one trajectory's digests (digests[j] = arm j, run with the same (seed, k)). */
  add(digests: readonly Float64Array[]): void {
    const L = this.entries.length;
    if (L === 0) return;
    if (digests.length !== this.nArms) throw new Error(`expected ${this.nArms} state digests, got ${digests.length}`);
    const p = this.data;
    const q0 = this.q0;
    const x0 = digests[0]!;
    for (let l = 0; l < L; l++) {
      q0[l] = Math.round(x0[l]! * FIXED_SCALE);
      fixedAdd(p, 2 * l, x0[l]!, FIXED_SCALE);
    }
    for (let j = 1; j < this.nArms; j++) {
      const x = digests[j]!;
      const s = 2 * j * L;
      const d0 = 2 * this.nArms * L + 4 * (j - 1) * L;
      for (let l = 0; l < L; l++) {
        const v = x[l]!;
        fixedAdd(p, s + 2 * l, v, FIXED_SCALE);
        const dq = Math.round(v * FIXED_SCALE) - q0[l]!;
        if (dq === 0) continue; // adds nothing to Σd or Σd² (most entries of most arms)
        const dv = dq / FIXED_SCALE;
        fixedAdd(p, d0 + 4 * l, dv, FIXED_SCALE);
        fixedAdd(p, d0 + 4 * l + 2, dv * dv, FIXED_SCALE);
      }
    }
  }

  merge(other: Float64Array): void {
    const p = this.data;
    if (other.length !== p.length) throw new Error(`state probes differ in size (${other.length} and ${p.length} slots)`);
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + other[i]!;
    // Every slot pair is a two-limb sum: bring each lo limb back in range.
    for (let i = 0; i < p.length; i += 2) fixedNormalize(p, i);
  }
}
