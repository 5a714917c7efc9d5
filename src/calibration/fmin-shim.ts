/**
 * fmin (Nelder–Mead) as a typed ES import. fmin 0.0.4 ships a UMD bundle as its `main` in a
 * package marked `"type": "module"`: Node loads it as ESM, where the bundle finds neither
 * `exports` nor AMD and installs itself on `globalThis.fmin` instead of exporting. Importing it
 * for its side effect and reading either place works under Node, vitest and bundlers alike.
 */
import * as fminModule from 'fmin';

export interface NelderMeadOptions {
  maxIterations?: number;
  nonZeroDelta?: number;
  zeroDelta?: number;
  minErrorDelta?: number;
  minTolerance?: number;
  /** Shrink factor; keep 1 (see smm.ts: fmin 0.0.4's shrink step throws). */
  sigma?: number;
}

type NelderMead = (f: (x: number[]) => number, x0: number[], opts?: NelderMeadOptions) => { x: number[]; fx: number };

function resolve(): NelderMead {
  const fromModule = (fminModule as unknown as { nelderMead?: NelderMead; default?: { nelderMead?: NelderMead } });
  const g = (globalThis as unknown as { fmin?: { nelderMead?: NelderMead } }).fmin;
  const f = fromModule.nelderMead ?? fromModule.default?.nelderMead ?? g?.nelderMead;
  if (typeof f !== 'function') throw new Error('fmin: nelderMead not found (is the fmin package installed?)');
  return f;
}

export const nelderMead: NelderMead = (f, x0, opts) => resolve()(f, x0, opts);
