/**
 * Paired differences between policy arms run with common random numbers (MODEL.md §6).
 *
 * Binary outcomes: the difference of the two marginal proportions of a paired 2×2 table
 * (n11 both, n10 only arm A, n01 only arm B, n00 neither), D = (n10 − n01)/N, with Newcombe's
 * square-and-add interval (Newcombe 1998, "Improved confidence intervals for the difference
 * between binomial proportions based on paired data", Stat. Med. 17:2635–2650, method 10):
 * Wilson limits of each marginal combined with the estimated correlation φ between them (with
 * Newcombe's correction of the numerator by N/2). Unlike the Wald interval it does not collapse
 * to zero width when the discordant counts are small; it needs only the four integer counts, so
 * it merges exactly across chunks. When n10 = n01 = 0 the estimate is exactly 0.
 *
 * Real-valued outcomes (costs, counts): the mean paired difference d̄ = Σd/N with a normal
 * interval d̄ ± z·s/√N, s² = (Σd² − (Σd)²/N)/(N − 1), from the exact sums of d and d².
 */
import { wilson, Z95, type Interval } from './wilson.js';

export interface PairedCounts {
  n11: number;
  n10: number;
  n01: number;
  n00: number;
}

export function pairedProportionDifference(c: PairedCounts, z: number = Z95): Interval {
  const { n11: a, n10: b, n01: cc, n00: d } = c;
  const n = a + b + cc + d;
  if (n === 0) return { estimate: NaN, lo: -1, hi: 1 };
  const r1 = a + b; // arm A successes
  const r2 = a + cc; // arm B successes
  const p1 = r1 / n;
  const p2 = r2 / n;
  const est = (b - cc) / n;
  const w1 = wilson(r1, n, z);
  const w2 = wilson(r2, n, z);
  let phi = 0;
  if (r1 > 0 && r1 < n && r2 > 0 && r2 < n) {
    const prod = r1 * (n - r1) * r2 * (n - r2);
    const A = a * d - b * cc;
    if (A > n / 2) phi = (A - n / 2) / Math.sqrt(prod);
    else if (A < 0) phi = A / Math.sqrt(prod);
  }
  const dl1 = p1 - w1.lo;
  const du2 = w2.hi - p2;
  const dl2 = p2 - w2.lo;
  const du1 = w1.hi - p1;
  const lo = est - Math.sqrt(Math.max(0, dl1 * dl1 + du2 * du2 - 2 * phi * dl1 * du2));
  const hi = est + Math.sqrt(Math.max(0, dl2 * dl2 + du1 * du1 - 2 * phi * dl2 * du1));
  return { estimate: est, lo: Math.max(-1, lo), hi: Math.min(1, hi) };
}

/** Mean of n values from their sum and sum of squares, with a normal 95% interval. */
export function meanInterval(n: number, sum: number, sumSq: number, z: number = Z95): Interval & { sd: number } {
  if (n === 0) return { estimate: NaN, lo: NaN, hi: NaN, sd: NaN };
  const mean = sum / n;
  if (n === 1) return { estimate: mean, lo: -Infinity, hi: Infinity, sd: NaN };
  const v = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  const sd = Math.sqrt(v);
  const half = (z * sd) / Math.sqrt(n);
  return { estimate: mean, lo: mean - half, hi: mean + half, sd };
}

/** Mean paired difference: same formula on d = x_B − x_A. Exactly 0 ± 0 when every d is 0. */
export const pairedMeanDifference = meanInterval;
