import { describe, expect, it } from 'vitest';
import { stateDigestLayout, stateDigestLength } from './digest.js';
import { Simulator } from './simulator.js';
import { actorIx, allianceIx, builtin } from './test-helpers.js';

describe('state digest', () => {
  const sc = builtin('stray-missile');
  const layout = stateDigestLayout(sc);

  it('has one labelled slot per actor field, alliance field and partner, with unique keys', () => {
    expect(layout.length).toBe(stateDigestLength(sc));
    expect(layout.length).toBe(8 * sc.actors.n + 2 * sc.alliances.length + sc.partners.length);
    expect(new Set(layout.map((e) => e.key)).size).toBe(layout.length);
    expect(layout.find((e) => e.key === 'stockpile.RUS')).toEqual({ key: 'stockpile.RUS', label: 'stockpile RUS', unit: 'days' });
    expect(layout.at(-1)!.key).toBe('aid.UKR');
  });

  it('reads the state the run left behind, finite, in the slots the layout names', () => {
    const sim = new Simulator(sc);
    const out = new Float64Array(layout.length + 3).fill(-7);
    for (let k = 0; k < 5; k++) {
      sim.run(4, k);
      sim.stateDigest(out);
      for (let l = 0; l < layout.length; l++) expect(Number.isFinite(out[l]), layout[l]!.key).toBe(true);
      // Slots past the digest are left alone (the caller's buffer may be longer).
      expect(Array.from(out.subarray(layout.length))).toEqual([-7, -7, -7]);
      const st = sim.st;
      const at = (key: string) => out[layout.findIndex((e) => e.key === key)]!;
      const rus = actorIx(sc, 'RUS');
      expect(at('stockpile.RUS')).toBe(st.stockpile[rus]);
      expect(at('warCapacity.UKR')).toBe(st.warCapacity[actorIx(sc, 'UKR')]);
      expect(at('credibilityDebt.NATO')).toBe(st.debtNow(allianceIx(sc, 'NATO')));
      expect(at('cohesion.NATO')).toBe(st.allianceCohesion(allianceIx(sc, 'NATO')));
      expect(at('aid.UKR')).toBe(st.aid[0]);
      let toward = 0;
      for (let j = 0; j < st.n; j++) toward += st.hostility[j * st.n + rus]!;
      expect(at('hostilityToward.RUS')).toBe(toward);
    }
  });

  it('is a pure function of (seed, trajectory): the same digest whatever ran before', () => {
    const a = new Simulator(sc);
    const b = new Simulator(sc);
    const da = new Float64Array(layout.length);
    const db = new Float64Array(layout.length);
    a.run(9, 3);
    a.stateDigest(da);
    b.run(9, 0);
    b.run(9, 7);
    b.run(9, 3);
    b.stateDigest(db);
    expect(Array.from(db)).toEqual(Array.from(da));
  });

  it('refuses a buffer that is too short', () => {
    const sim = new Simulator(sc);
    sim.run(1, 0);
    expect(() => sim.stateDigest(new Float64Array(layout.length - 1))).toThrow(/needs \d+ slots/);
  });
});
