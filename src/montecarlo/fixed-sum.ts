/**
 * Exactly mergeable sums of real numbers (MODEL.md §6: "sums ... in fixed point").
 *
 * Floating-point addition is not associative, so a sum of per-trajectory costs would depend on
 * how the runs were split across workers. Instead each value is quantized once, per trajectory,
 * to an integer q = round(x · scale), and the integers are summed exactly in two Float64 limbs:
 * value = hi · 2^32 + lo. Every limb operation is on integers below 2^53, so it is exact, and
 * integer addition is associative and commutative: any split and any merge order give the same
 * total. Reading the sum as `hi · 2^32 + lo` is one correctly rounded addition of two exact
 * numbers, so every representation of the same total reads as the same double.
 *
 * The limbs live inside the aggregate's Float64Array (two slots per sum), so adding is
 * allocation-free. Capacity: |hi| < 2^53 units of 2^32, i.e. totals up to ~2^85 / scale.
 * Values with |x · scale| ≥ 2^53 are still exact in this scheme but were quantized more coarsely
 * than 1/scale by the float product itself (still a pure function of x, so still split-invariant).
 */

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;
const TWO52 = 4503599627370496;

/** Default quantum: 1e-6 of the value's unit (for costs in billions of USD, $1,000). */
export const FIXED_SCALE = 1e6;

/** Add x (quantized at `scale`) to the two-limb sum at data[at] (hi), data[at + 1] (lo). */
export function fixedAdd(data: Float64Array, at: number, x: number, scale: number): void {
  const q = Math.round(x * scale);
  if (q !== q || q === Infinity || q === -Infinity) throw new Error(`cannot sum a non-finite value (${x})`);
  const qh = Math.trunc(q * INV_TWO32);
  const ql = q - qh * TWO32;
  data[at] = data[at]! + qh;
  let lo = data[at + 1]! + ql;
  if (lo >= TWO52 || lo <= -TWO52) {
    const carry = Math.trunc(lo * INV_TWO32);
    data[at] = data[at]! + carry;
    lo -= carry * TWO32;
  }
  data[at + 1] = lo;
}

/** After element-wise addition of two aggregates' limbs, bring the lo limb back in range. */
export function fixedNormalize(data: Float64Array, at: number): void {
  const lo = data[at + 1]!;
  if (lo >= TWO52 || lo <= -TWO52) {
    const carry = Math.trunc(lo * INV_TWO32);
    data[at] = data[at]! + carry;
    data[at + 1] = lo - carry * TWO32;
  }
}

/** The integer total (in quanta) as the nearest double. */
export function fixedQuanta(data: ArrayLike<number>, at: number): number {
  return data[at]! * TWO32 + data[at + 1]!;
}

/** The sum in the value's unit. */
export function fixedValue(data: ArrayLike<number>, at: number, scale: number): number {
  return fixedQuanta(data, at) / scale;
}

/** Exact total as a BigInt (for tests and canonical comparison). */
export function fixedBigInt(data: ArrayLike<number>, at: number): bigint {
  return BigInt(data[at]!) * BigInt(TWO32) + BigInt(data[at + 1]!);
}
