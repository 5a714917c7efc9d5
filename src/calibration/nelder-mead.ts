/**
 * Nelder–Mead downhill simplex (Nelder & Mead 1965; coefficients and acceptance rules as in
 * Lagarias et al. 1998 and SciPy): reflection 1, expansion 2, contraction ½, shrink ½.
 * Pure, synchronous and deterministic: the same function and start give the same evaluations in
 * the same order on any machine. It replaced the `fmin` package (docs/decisions.md D31).
 *
 * It follows the iteration of fmin 0.0.4's `nelderMead` step for step (the same arithmetic, the
 * same strict comparisons, a stable sort of the vertices by value), so that calibrations made
 * with fmin without its shrink reproduce (checked bit for bit on the recovery test and a fixture
 * calibration, D31); the stricter stopping test can only make a run go on longer. Differences from fmin:
 * the shrink step works (fmin's threw in strict mode), `shrink: false` returns where a shrink
 * would happen (what smm.ts's restarts expect), the stopping test uses the whole simplex (fmin
 * compared the best vertex with the second only, and used its value tolerance for both), a NaN
 * value counts as +∞, and the initial simplex steps are additive.
 */

export interface NelderMeadOptions {
  /** Step of the initial simplex along each coordinate: vertex i is x0 + step_i·e_i. Default 1 (a number applies to every coordinate). */
  step?: number | readonly number[];
  /** Iterations at most (each 1–2 evaluations, or n + 2 with a shrink). Default 200·n. */
  maxIterations?: number;
  /** Converged when the values of the simplex span less than this … Default 1e-6. */
  fTolerance?: number;
  /** … and every vertex is within this of the best in every coordinate. Default 1e-6. */
  xTolerance?: number;
  /**
   * Shrink the simplex toward its best vertex when a contraction fails (default true). With
   * false the search returns there instead ('shrink-stopped'): a caller that restarts from the
   * best vertex with a step of its choosing (smm.ts) does the shrinking itself.
   */
  shrink?: boolean;
}

export type NelderMeadStop = 'converged' | 'shrink-stopped' | 'max-iterations';

export interface NelderMeadResult {
  /** The best vertex found, and its value. */
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  stop: NelderMeadStop;
}

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

interface Vertex {
  x: number[];
  fx: number;
}

/** Minimises `f` from `x0`. `f` receives a fresh array each call and may throw to stop the search. */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], opts: NelderMeadOptions = {}): NelderMeadResult {
  return runSync(nelderMeadSteps(function* (x) {
    return f(x);
  }, x0, opts));
}

/**
 * A computation that asks for values it does not compute itself: it yields a request (Y) and is
 * resumed with the answer (N). The same search then runs with answers computed synchronously
 * (drive) or fetched asynchronously (driveAsync: the calibration's simulations through the queue,
 * D73), with the same arithmetic in the same order, so with the same results.
 */
export type Steps<Y, R, N> = Generator<Y, R, N>;

/** Runs steps that never yield (a programmer error if they do). */
export function runSync<R>(g: Steps<never, R, unknown>): R {
  const r = g.next();
  if (!r.done) throw new Error('runSync: the computation asked for a value');
  return r.value;
}

/** Runs steps, answering each request with `answer` (an exception is thrown into the steps). */
export function drive<Y, R, N>(g: Steps<Y, R, N>, answer: (y: Y) => N): R {
  let r = g.next(undefined as N);
  while (!r.done) {
    let v: N;
    try {
      v = answer(r.value);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(v);
  }
  return r.value;
}

/** drive, with answers that arrive later. */
export async function driveAsync<Y, R, N>(g: Steps<Y, R, N>, answer: (y: Y) => Promise<N>): Promise<R> {
  let r = g.next(undefined as N);
  while (!r.done) {
    let v: N;
    try {
      v = await answer(r.value);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(v);
  }
  return r.value;
}

/** nelderMead as steps: `f` is itself steps that may yield requests of their own. */
export function* nelderMeadSteps<Y, N>(f: (x: readonly number[]) => Steps<Y, number, N>, x0: readonly number[], opts: NelderMeadOptions = {}): Steps<Y, NelderMeadResult, N> {
  const n = x0.length;
  if (n === 0) throw new Error('nelderMead: x0 is empty');
  const steps = typeof opts.step === 'object' ? opts.step : x0.map(() => (opts.step as number | undefined) ?? 1);
  if (steps.length !== n) throw new Error(`nelderMead: ${steps.length} steps for ${n} coordinates`);
  if (steps.some((s) => !Number.isFinite(s) || s === 0)) throw new Error('nelderMead: every step must be finite and non-zero');
  const maxIterations = opts.maxIterations ?? 200 * n;
  const fTol = opts.fTolerance ?? 1e-6;
  const xTol = opts.xTolerance ?? 1e-6;
  const shrink = opts.shrink ?? true;

  let evaluations = 0;
  function* evaluate(x: number[]): Steps<Y, Vertex, N> {
    const v = yield* f(x.slice());
    evaluations++;
    return { x, fx: Number.isNaN(v) ? Infinity : v };
  }
  // along a line through the centroid c and the worst vertex w: a·c + b·w
  const along = (a: number, c: readonly number[], b: number, w: readonly number[]): number[] => c.map((ci, i) => a * ci + b * w[i]!);

  const simplex: Vertex[] = [yield* evaluate([...x0])];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] = x[i]! + steps[i]!;
    simplex.push(yield* evaluate(x));
  }

  let iterations = 0;
  let stop: NelderMeadStop = 'max-iterations';
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.fx - b.fx); // stable: ties keep their order (as fmin's)
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.fx - best.fx) < fTol && simplex.every((v) => v.x.every((xi, i) => Math.abs(xi - best.x[i]!) < xTol))) {
      stop = 'converged';
      break;
    }
    // centroid of all but the worst vertex (summed in vertex order, then divided: as fmin)
    const centroid = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += simplex[j]!.x[i]!;
      centroid[i] = s / n;
    }
    const reflected = yield* evaluate(along(1 + REFLECT, centroid, -REFLECT, worst.x));
    if (reflected.fx < best.fx) {
      const expanded = yield* evaluate(along(1 + EXPAND, centroid, -EXPAND, worst.x));
      simplex[n] = expanded.fx < reflected.fx ? expanded : reflected;
    } else if (reflected.fx >= simplex[n - 1]!.fx) {
      let contracted: Vertex;
      let accepted: boolean;
      if (reflected.fx > worst.fx) {
        contracted = yield* evaluate(along(1 - CONTRACT, centroid, CONTRACT, worst.x)); // inside
        accepted = contracted.fx < worst.fx;
      } else {
        contracted = yield* evaluate(along(1 + CONTRACT * REFLECT, centroid, -CONTRACT * REFLECT, worst.x)); // outside
        accepted = contracted.fx < reflected.fx;
      }
      if (accepted) simplex[n] = contracted;
      else if (!shrink) {
        stop = 'shrink-stopped';
        break;
      } else {
        for (let j = 1; j <= n; j++) simplex[j] = yield* evaluate(along(1 - SHRINK, best.x, SHRINK, simplex[j]!.x));
      }
    } else {
      simplex[n] = reflected;
    }
  }
  simplex.sort((a, b) => a.fx - b.fx);
  return { x: [...simplex[0]!.x], fx: simplex[0]!.fx, iterations, evaluations, stop };
}
