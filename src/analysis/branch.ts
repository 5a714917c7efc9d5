/**
 * Summary of a branch (`brink branch`, D41): N continuations of one state, unchanged and changed,
 * paired by continuation (common random numbers). Per outcome: each arm's probability with its
 * Wilson interval, and the paired difference with Newcombe's interval (paired.ts); per metric:
 * each arm's mean and the mean paired difference with its normal interval. Accumulates exact
 * integer counts and sums in continuation order, so a result does not depend on anything but the
 * inputs.
 */
import { meanInterval, pairedProportionDifference } from './paired.js';
import { wilson, type Interval } from './wilson.js';

export const BRANCH_FORMAT = 'brink/branch-summary@1';

/** An outcome that happens on a day (−1: never) in a trajectory result of type O. */
export interface BranchBinarySpec<O> {
  key: string;
  label: string;
  day: (o: O) => number;
}

export interface BranchMetricSpec<O> {
  key: string;
  label: string;
  value: (o: O) => number;
}

export interface BranchBinary {
  key: string;
  label: string;
  unchanged: Interval;
  changed: Interval;
  difference: number;
  lo: number;
  hi: number;
  /** The paired table: both, only unchanged, only changed, neither. */
  n11: number;
  n10: number;
  n01: number;
  n00: number;
  /** It had happened before the branch day in every continuation of both arms (so it is certain in both). */
  beforeBranch: boolean;
}

export interface BranchMetric {
  key: string;
  label: string;
  unchanged: number;
  changed: number;
  difference: number;
  lo: number;
  hi: number;
}

export interface BranchComparison {
  runs: number;
  binary: BranchBinary[];
  metrics: BranchMetric[];
}

export class BranchAccumulator<O> {
  private runs = 0;
  private readonly counts: Int32Array[]; // per binary outcome: n11, n10, n01, n00, before
  private readonly sums: Float64Array[]; // per metric: Σa, Σb, Σd, Σd²
  constructor(
    private readonly binary: readonly BranchBinarySpec<O>[],
    private readonly metrics: readonly BranchMetricSpec<O>[],
    private readonly branchDay: number,
  ) {
    this.counts = binary.map(() => new Int32Array(5));
    this.sums = metrics.map(() => new Float64Array(4));
  }

  /** One continuation: its unchanged and its changed outcome. */
  add(unchanged: O, changed: O): void {
    this.runs++;
    this.binary.forEach((b, q) => {
      const da = b.day(unchanged), db = b.day(changed);
      const a = da >= 0, c = db >= 0;
      const k = this.counts[q]!;
      k[a && c ? 0 : a ? 1 : c ? 2 : 3]!++;
      if (a && c && da < this.branchDay && db < this.branchDay) k[4]!++;
    });
    this.metrics.forEach((m, q) => {
      const x = m.value(unchanged), y = m.value(changed);
      const s = this.sums[q]!;
      const d = y - x;
      s[0] = s[0]! + x; s[1] = s[1]! + y; s[2] = s[2]! + d; s[3] = s[3]! + d * d;
    });
  }

  summary(): BranchComparison {
    const n = this.runs;
    return {
      runs: n,
      binary: this.binary.map((b, q) => {
        const [n11, n10, n01, n00, before] = Array.from(this.counts[q]!) as [number, number, number, number, number];
        // The difference changed − unchanged: arm A of the paired table is the changed one.
        const d = pairedProportionDifference({ n11, n10: n01, n01: n10, n00 });
        return {
          key: b.key, label: b.label,
          unchanged: wilson(n11 + n10, n), changed: wilson(n11 + n01, n),
          difference: d.estimate, lo: d.lo, hi: d.hi,
          n11, n10, n01, n00,
          beforeBranch: n > 0 && before === n,
        };
      }),
      metrics: this.metrics.map((m, q) => {
        const s = this.sums[q]!;
        const d = meanInterval(n, s[2]!, s[3]!);
        return { key: m.key, label: m.label, unchanged: s[0]! / n, changed: s[1]! / n, difference: d.estimate, lo: d.lo, hi: d.hi };
      }),
    };
  }
}
