/**
 * Fast, deterministic exp and 2^x for the engine's hot paths (hazards, decays).
 *
 * Why: Math.exp and Math.pow are calls into the engine's C++ library (a third of the time of a
 * hazard recomputation in profiles), and their last bits may differ between JavaScript engines.
 * These use only +, −, × and Math.round on doubles, which IEEE 754 fixes exactly, so results
 * are identical on every engine, and they inline. Relative error < 2e-8 on |x| ≤ 700
 * (tested against Math.exp in fast-math.test.ts), far below anything a hazard can resolve.
 *
 * Method: 2^y = 2^k · 2^f with k = round(y), f ∈ [−½, ½]; 2^f = e^(f·ln2) by its Taylor series
 * to degree 8 (remainder < (½ ln2)^9 / 9! ≈ 1.9e-10); 2^k from a table.
 */
const LOG2E = 1.4426950408889634;
const LN2 = 0.6931471805599453;
const K_MIN = -1100;
const K_MAX = 1100;
const POW2 = new Float64Array(K_MAX - K_MIN + 1);
for (let k = K_MIN; k <= K_MAX; k++) POW2[k - K_MIN] = Math.pow(2, k);

const C1 = LN2;
const C2 = (LN2 * LN2) / 2;
const C3 = (C2 * LN2) / 3;
const C4 = (C3 * LN2) / 4;
const C5 = (C4 * LN2) / 5;
const C6 = (C5 * LN2) / 6;
const C7 = (C6 * LN2) / 7;
const C8 = (C7 * LN2) / 8;

/** 2^y. */
export function exp2(y: number): number {
  if (!(y > -1070 && y < 1024)) return y !== y ? NaN : y > 0 ? Number.POSITIVE_INFINITY : 0;
  const k = Math.round(y);
  const f = y - k;
  const p = 1 + f * (C1 + f * (C2 + f * (C3 + f * (C4 + f * (C5 + f * (C6 + f * (C7 + f * C8)))))));
  return p * POW2[k - K_MIN]!;
}

/** e^x. */
export function exp(x: number): number {
  return exp2(x * LOG2E);
}

/**
 * x^n for a whole n ≥ 0 by repeated squaring: only ×, so identical on every engine (Math.pow's
 * last bits may differ) and inlined. The multi-day war and aid steps' (1 − rate)^days (D62).
 */
export function powInt(x: number, n: number): number {
  let r = 1;
  let b = x;
  let k = n;
  while (k > 0) {
    if (k & 1) r *= b;
    b *= b;
    k >>= 1;
  }
  return r;
}
