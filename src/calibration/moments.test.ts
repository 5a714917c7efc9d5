import { describe, expect, it } from 'vitest';
import type { DisputeFeatures, StateAtOnset } from './dispute.js';
import { ALL_MOMENTS, computeMoments, MOMENTS, OPTIONAL_MOMENTS } from './moments.js';
import type { CaseSummary } from './simulate.js';

const state = (ccode: number, major: boolean): StateAtOnset => ({ ccode, abb: `S${ccode}`, name: `S${ccode}`, cinc: 0.01, cincYear: 1990, major, nuclear: false });
const dispute = (dispnum: number, majorA: boolean, majorB: boolean) =>
  ({ dispnum, sideA: [state(2, majorA)], sideB: [state(3, majorB)], defendersA: [], defendersB: [] }) as unknown as DisputeFeatures;
const outcome = (level: number): CaseSummary => {
  const l = [0, 0, 0, 0];
  l[level - 2] = 1;
  return { level: l, recip: 0, warRecip: 0, joined: 0, durLe: [NaN, NaN], runs: 1 };
};

describe('the optional moments (coercion by display)', () => {
  it('are fitted only when named: the default set is unchanged', () => {
    expect(MOMENTS.some((m) => m.name === 'level≥4:majorA' || m.name === 'level≥4:majorAB')).toBe(false);
    expect(MOMENTS).toHaveLength(20);
    expect(ALL_MOMENTS.map((m) => m.name)).toEqual([...MOMENTS, ...OPTIONAL_MOMENTS].map((m) => m.name));
  });

  it('share of force by major-power initiators, and between major powers', () => {
    const f = [dispute(1, true, true), dispute(2, true, false), dispute(3, false, true), dispute(4, true, true)];
    const s = [outcome(4), outcome(3), outcome(5), outcome(3)];
    const [majorA, majorAB] = computeMoments(f, s, OPTIONAL_MOMENTS);
    expect(majorA).toEqual({ name: 'level≥4:majorA', value: 1 / 3, n: 3 });
    expect(majorAB).toEqual({ name: 'level≥4:majorAB', value: 1 / 2, n: 2 });
  });
});
