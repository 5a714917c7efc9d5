/**
 * The baselines a statistician would score Brink against (docs/validation.md):
 * - base rates: the training share of each highest hostility level, of war and of reciprocation;
 * - an ordinal logistic regression (proportional odds) of the level on the onset covariates of
 *   dispute.ts, and a binary logistic regression of reciprocation on the same covariates.
 *
 * Proportional odds: P(Y ≤ k | x) = σ(α_k − x·β), k = 1..K−1, α increasing. Fitted by maximum
 * likelihood with Newton–Raphson on the analytic gradient and Hessian (the log-likelihood is
 * concave in (α, β)), step-halving to keep α ordered and the likelihood rising, and a small ridge
 * on β (λ = 1e-4 by default) so that a perfectly separating covariate in a small training set
 * gives a large finite coefficient instead of a failure. The binary logit is the K = 2 case.
 * Categories absent from the training data are given probability 0 and the model is fitted on
 * the others.
 */

export interface OrdinalLogit {
  /** Cut points α_1..α_{K'−1} over the categories present in training. */
  alpha: number[];
  beta: number[];
  /** For each category 0..K−1, its index among the present ones, or −1. */
  present: number[];
  k: number;
  iterations: number;
  logLik: number;
  converged: boolean;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b (A symmetric positive definite) by Gaussian elimination with partial pivoting. */
export function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-300) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / piv;
      if (f === 0) continue;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let j = r + 1; j < n; j++) s -= m[r]![j]! * x[j]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

interface Eval {
  ll: number;
  grad: number[];
  /** Hessian of −ll (plus ridge), positive semi-definite. */
  negHess: number[][];
}

/** Log-likelihood, gradient and negative Hessian of the proportional-odds model (y in 0..J−1). */
function evaluate(x: readonly number[][], y: readonly number[], alpha: number[], beta: number[], ridge: number, withDerivs: boolean): Eval | null {
  const J = alpha.length + 1;
  const p = beta.length;
  const np = J - 1 + p;
  for (let k = 1; k < alpha.length; k++) if (!(alpha[k]! > alpha[k - 1]!)) return null;
  const grad = new Array<number>(np).fill(0);
  const H = withDerivs ? Array.from({ length: np }, () => new Array<number>(np).fill(0)) : [];
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const xi = x[i]!;
    let eta = 0;
    for (let j = 0; j < p; j++) eta += xi[j]! * beta[j]!;
    const yi = y[i]!;
    const hasUp = yi < J - 1;
    const hasLo = yi > 0;
    const F1 = hasUp ? sigmoid(alpha[yi]! - eta) : 1;
    const F0 = hasLo ? sigmoid(alpha[yi - 1]! - eta) : 0;
    // P = F1 − F0, computed as a difference of complements when both are near 1 (accuracy).
    let P = F1 - F0;
    if (hasUp && hasLo && F0 > 0.5) P = sigmoid(eta - alpha[yi - 1]!) - sigmoid(eta - alpha[yi]!);
    if (!(P > 0)) P = 1e-300;
    ll += Math.log(P);
    if (!withDerivs) continue;
    const g1 = hasUp ? F1 * (1 - F1) : 0;
    const g0 = hasLo ? F0 * (1 - F0) : 0;
    const h1 = hasUp ? g1 * (1 - 2 * F1) : 0;
    const h0 = hasLo ? g0 * (1 - 2 * F0) : 0;
    const a1 = yi; // index of α_y in the parameter vector, when hasUp
    const a0 = yi - 1; // index of α_{y−1}, when hasLo
    // gradient
    if (hasUp) grad[a1]! += g1 / P;
    if (hasLo) grad[a0]! -= g0 / P;
    const dEta = -(g1 - g0) / P; // ∂ll/∂η; ∂ll/∂β = x·dEta
    for (let j = 0; j < p; j++) grad[J - 1 + j]! += xi[j]! * dEta;
    // second derivatives of ll
    const P2 = P * P;
    const d11 = h1 / P - (g1 * g1) / P2;
    const d00 = -h0 / P - (g0 * g0) / P2;
    const d10 = (g1 * g0) / P2;
    const d1b = -h1 / P + (g1 * (g1 - g0)) / P2; // × x
    const d0b = h0 / P - (g0 * (g1 - g0)) / P2; // × x
    const dbb = (h1 - h0) / P - ((g1 - g0) * (g1 - g0)) / P2; // × x xᵀ
    if (hasUp) H[a1]![a1]! -= d11;
    if (hasLo) H[a0]![a0]! -= d00;
    if (hasUp && hasLo) {
      H[a1]![a0]! -= d10;
      H[a0]![a1]! -= d10;
    }
    for (let j = 0; j < p; j++) {
      const bj = J - 1 + j;
      if (hasUp) {
        H[a1]![bj]! -= d1b * xi[j]!;
        H[bj]![a1]! -= d1b * xi[j]!;
      }
      if (hasLo) {
        H[a0]![bj]! -= d0b * xi[j]!;
        H[bj]![a0]! -= d0b * xi[j]!;
      }
      for (let l = 0; l <= j; l++) {
        const v = dbb * xi[j]! * xi[l]!;
        H[bj]![J - 1 + l]! -= v;
        if (l !== j) H[J - 1 + l]![bj]! -= v;
      }
    }
  }
  // ridge on β
  for (let j = 0; j < p; j++) {
    ll -= 0.5 * ridge * beta[j]! ** 2;
    if (withDerivs) {
      grad[J - 1 + j]! -= ridge * beta[j]!;
      H[J - 1 + j]![J - 1 + j]! += ridge;
    }
  }
  return { ll, grad, negHess: H };
}

export interface FitOptions {
  ridge?: number;
  maxIterations?: number;
  tolerance?: number;
}

/**
 * Fits a proportional-odds model; `y` holds category indices 0..k−1 (k categories in all, some
 * possibly absent). Throws only on programmer errors (mismatched lengths, empty data).
 */
export function fitOrdinalLogit(x: readonly number[][], yAll: readonly number[], k: number, opts: FitOptions = {}): OrdinalLogit {
  if (x.length !== yAll.length) throw new Error('fitOrdinalLogit: x and y differ in length');
  if (x.length === 0) throw new Error('fitOrdinalLogit: no data');
  const ridge = opts.ridge ?? 1e-4;
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tolerance ?? 1e-9;
  const counts = new Array<number>(k).fill(0);
  for (const v of yAll) counts[v]!++;
  const present: number[] = [];
  let J = 0;
  for (let c = 0; c < k; c++) present.push(counts[c]! > 0 ? J++ : -1);
  const p = x[0]!.length;
  if (J < 2) return { alpha: [], beta: new Array<number>(p).fill(0), present, k, iterations: 0, logLik: 0, converged: true };
  const y = yAll.map((v) => present[v]!);
  // start: cut points at the logits of the marginal cumulative shares, β = 0
  const n = y.length;
  const alpha: number[] = [];
  let cum = 0;
  for (let c = 0; c < k; c++) {
    if (present[c]! < 0) continue;
    cum += counts[c]!;
    if (alpha.length < J - 1) alpha.push(Math.log(cum / (n - cum)));
  }
  let beta = new Array<number>(p).fill(0);
  let cur = evaluate(x, y, alpha, beta, ridge, true)!;
  let it = 0;
  let converged = false;
  for (; it < maxIt; it++) {
    const step = solve(cur.negHess, cur.grad);
    if (!step) break;
    let t = 1;
    let next: Eval | null = null;
    let na = alpha;
    let nb = beta;
    for (let h = 0; h < 40; h++, t /= 2) {
      na = alpha.map((a, i) => a + t * step[i]!);
      nb = beta.map((b, j) => b + t * step[J - 1 + j]!);
      const e = evaluate(x, y, na, nb, ridge, false);
      if (e && e.ll >= cur.ll - 1e-12) {
        next = e;
        break;
      }
    }
    if (!next) break;
    const gain = next.ll - cur.ll;
    alpha.splice(0, alpha.length, ...na);
    beta = nb;
    cur = evaluate(x, y, alpha, beta, ridge, true)!;
    const gnorm = Math.sqrt(cur.grad.reduce((s, g) => s + g * g, 0));
    if (Math.abs(gain) < tol * (1 + Math.abs(cur.ll)) || gnorm < 1e-8) {
      converged = true;
      it++;
      break;
    }
  }
  return { alpha: [...alpha], beta, present, k, iterations: it, logLik: cur.ll, converged };
}

/** Predicted probabilities of the k categories for covariates x. */
export function predictOrdinal(m: OrdinalLogit, x: readonly number[]): number[] {
  const out = new Array<number>(m.k).fill(0);
  const J = m.alpha.length + 1;
  let eta = 0;
  for (let j = 0; j < m.beta.length; j++) eta += x[j]! * m.beta[j]!;
  let prev = 0;
  for (let c = 0; c < m.k; c++) {
    const r = m.present[c]!;
    if (r < 0) continue;
    const F = r < J - 1 ? sigmoid(m.alpha[r]! - eta) : 1;
    out[c] = Math.max(0, F - prev);
    prev = F;
  }
  return out;
}

/** Binary logistic regression as the K = 2 ordinal model; returns P(y = 1 | x). */
export function fitLogit(x: readonly number[][], y: readonly (boolean | number)[], opts: FitOptions = {}): (xi: readonly number[]) => number {
  const m = fitOrdinalLogit(
    x,
    y.map((v) => (v === true || v === 1 ? 1 : 0)),
    2,
    opts,
  );
  return (xi) => predictOrdinal(m, xi)[1]!;
}

// ---------------------------------------------------------------------------------------------

/** What every predictor (model or baseline) says about one dispute. */
export interface Prediction {
  /** Probabilities of the highest hostility level 2, 3, 4, 5. */
  levels: number[];
  pWar: number;
  pRecip: number;
}

export interface TrainingRow {
  x: number[];
  /** Level index 0..3 (levels 2..5). */
  level: number;
  recip: boolean;
}

export function fitBaseRate(train: readonly TrainingRow[]): () => Prediction {
  const counts = [0, 0, 0, 0];
  let recip = 0;
  for (const r of train) {
    counts[r.level]!++;
    if (r.recip) recip++;
  }
  const n = train.length;
  const levels = counts.map((c) => c / n);
  const p = { levels, pWar: levels[3]!, pRecip: recip / n };
  return () => ({ levels: [...p.levels], pWar: p.pWar, pRecip: p.pRecip });
}

export interface LogitBaseline {
  level: OrdinalLogit;
  predict(x: readonly number[]): Prediction;
}

export function fitLogitBaseline(train: readonly TrainingRow[], opts: FitOptions = {}): LogitBaseline {
  const xs = train.map((r) => r.x);
  const level = fitOrdinalLogit(
    xs,
    train.map((r) => r.level),
    4,
    opts,
  );
  const recip = fitLogit(
    xs,
    train.map((r) => r.recip),
    opts,
  );
  return {
    level,
    predict(x) {
      const levels = predictOrdinal(level, x);
      return { levels, pWar: levels[3]!, pRecip: recip(x) };
    },
  };
}
