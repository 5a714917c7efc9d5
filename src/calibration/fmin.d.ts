/** fmin 0.0.4 has no type declarations; only what fmin-shim.ts reads. */
declare module 'fmin' {
  export function nelderMead(f: (x: number[]) => number, x0: number[], opts?: Record<string, unknown>): { x: number[]; fx: number };
}
