/**
 * Directional tests of the issue-17 mechanisms (docs/model.md §6 (q)): joining below war
 * (joining.ts), the border effect on reciprocation (border.ts), initiator satiation (satiation.ts).
 */
import { describe, expect, it } from 'vitest';
import { processAction } from './act.js';
import { recomputeHazards } from './choice.js';
import { satiate, satiationPenalty } from './satiation.js';
import { Simulator } from './simulator.js';
import { CAT } from './state.js';
import type { State } from './state.js';
import { actionIx, actorIx, compile, freshState, smallInput } from './test-helpers.js';

type Tweak = (s: ReturnType<typeof smallInput>) => void;

function world(tweak: Tweak) {
  const s = smallInput();
  s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'M1', rung: 2 }];
  tweak(s);
  return compile(s);
}

/** Events in st's log authored by `actor` with action `action`. */
function authored(st: State, actor: number, action: number): number {
  let c = 0;
  for (let id = 0; id < st.log.count; id++) if (st.log.actor[id] === actor && st.log.action[id] === action) c++;
  return c;
}

describe('joining below war (joinBelowWarProb; joining.ts)', () => {
  /** Over `k` trajectories, ADV clashes with M1 once: how many allies (M2, M3) join, and was Article 5 invoked. */
  const joins = (prob: number, k = 60) => {
    const sc = world((s) => { s.parameters.joinBelowWarProb = prob; });
    const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1'), m2 = actorIx(sc, 'M2'), m3 = actorIx(sc, 'M3');
    const clash = actionIx(sc, 'clash'), reinforce = actionIx(sc, 'reinforce-flank');
    let joined = 0, byTarget = 0, art5 = 0;
    for (let r = 0; r < k; r++) {
      const { st } = freshState(sc, 7, r);
      processAction(st, adv, clash, m1, 0, -1, -1, true);
      joined += authored(st, m2, reinforce) + authored(st, m3, reinforce);
      byTarget += authored(st, m1, reinforce);
      if (st.art5InvokedT[0]! < Infinity) art5++;
    }
    return { joined: joined / k, byTarget, art5 };
  };

  it('draws allies into the dispute at its rung, without Article 5, more often as the propensity rises', () => {
    const off = joins(0), mid = joins(0.5), full = joins(1);
    expect(off.joined).toBe(0); // engine 0.2: allies enter only through Article 5
    expect(mid.joined).toBeGreaterThan(0);
    expect(full.joined).toBeGreaterThan(mid.joined);
    // P = prob × solidarity 0.9 × cohesion ~0.9 × severity 0.6 per ally: about 0.49 each at prob 1.
    expect(full.joined).toBeGreaterThan(0.6);
    expect(full.joined).toBeLessThan(1.4);
    expect(full.byTarget).toBe(0); // the victim does not "join" its own dispute
    expect(full.art5 + mid.art5).toBe(0); // no invocation: joining is below war
  });

  it('with joinPowerExponent, weak allies join less often than strong ones', () => {
    /** Joins by M2 (power 0.2) and M3 (0.1) against ADV (0.3) over 80 trajectories. */
    const byAlly = (exponent: number) => {
      const sc = world((s) => { s.parameters.joinBelowWarProb = 1; s.parameters.joinPowerExponent = exponent; });
      const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1'), reinforce = actionIx(sc, 'reinforce-flank');
      let m2 = 0, m3 = 0;
      for (let r = 0; r < 80; r++) {
        const { st } = freshState(sc, 9, r);
        processAction(st, adv, actionIx(sc, 'clash'), m1, 0, -1, -1, true);
        m2 += authored(st, actorIx(sc, 'M2'), reinforce);
        m3 += authored(st, actorIx(sc, 'M3'), reinforce);
      }
      return { m2, m3 };
    };
    const flat = byAlly(0), steep = byAlly(2);
    expect(steep.m2).toBeLessThan(flat.m2);
    expect(steep.m3).toBeLessThan(steep.m2); // (1/3)² against (2/3)²
    expect(steep.m3).toBeLessThan(flat.m3 / 3);
  });

  it('does not fire for acts below joinMinSeverity', () => {
    const sc = world((s) => { s.parameters.joinBelowWarProb = 1; s.parameters.joinMinSeverity = 7; });
    const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1');
    const reinforce = actionIx(sc, 'reinforce-flank');
    let joined = 0;
    for (let r = 0; r < 30; r++) {
      const { st } = freshState(sc, 7, r);
      processAction(st, adv, actionIx(sc, 'clash'), m1, 0, -1, -1, true); // severity 6 < 7
      joined += authored(st, actorIx(sc, 'M2'), reinforce) + authored(st, actorIx(sc, 'M3'), reinforce);
    }
    expect(joined).toBe(0);
  });

  it('lets an ally join once per episode', () => {
    const sc = world((s) => { s.parameters.joinBelowWarProb = 1; s.actors[2]!.solidarity = 1; s.actors[2]!.cohesion = 1; s.actors[2]!.borders = ['M1']; s.actors[1]!.borders = ['ADV', 'M2']; });
    const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1'), m2 = actorIx(sc, 'M2');
    const { st } = freshState(sc, 7, 0);
    // M2 borders the target: P = 1 × 1 × 1 × 0.6 × proximityWeight 1.5 ≥ 1, a certain join.
    for (let q = 0; q < 4; q++) processAction(st, adv, actionIx(sc, 'clash'), m1, 0, -1, -1, true);
    expect(authored(st, m2, actionIx(sc, 'reinforce-flank'))).toBe(1);
    // The outcome counter counts every ally that joined (M2 surely, M3 by its draw).
    expect(st.alJoinsBelowWar[0]).toBe(authored(st, m2, actionIx(sc, 'reinforce-flank')) + authored(st, actorIx(sc, 'M3'), actionIx(sc, 'reinforce-flank')));
  });

  it('is reported as the outcome joinsBelowWar (focal and per alliance), 0 when off', () => {
    const count = (prob: number) => {
      const sim = new Simulator(world((s) => { s.parameters.joinBelowWarProb = prob; s.horizonDays = 120; s.injects = [{ day: 10, actor: 'ADV', action: 'clash', target: 'M1' }]; }));
      let focal = 0, byAlliance = 0;
      for (let r = 0; r < 40; r++) {
        const o = sim.run(11, r).outcome;
        focal += o.joinsBelowWar;
        byAlliance += o.byAlliance.joinsBelowWar[0]!;
      }
      return { focal, byAlliance };
    };
    const off = count(0), on = count(1);
    expect(off.focal).toBe(0);
    expect(on.focal).toBeGreaterThan(0);
    expect(on.byAlliance).toBe(on.focal);
  });
});

describe('the border effect on reciprocation (borderHostility; border.ts)', () => {
  /** Hostility of M1 toward ADV after one show of force, and M1's hazard of hostile signals against ADV afterwards. */
  const answer = (bordering: boolean, w: number) => {
    const sc = world((s) => {
      s.parameters.borderHostility = w;
      s.actors[1]!.agency = true; // M1 answers by choice
      s.relations.push({ from: 'M1', to: 'ADV', hostility: 0.3 });
      if (!bordering) { s.actors[0]!.borders = []; s.actors[1]!.borders = []; }
    });
    const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1');
    const { st } = freshState(sc, 3, 0);
    const h0 = st.hostility[m1 * st.n + adv]!;
    processAction(st, adv, actionIx(sc, 'show-of-force'), m1, 0, -1, -1, true);
    const slot = st.agentSlot[m1]!;
    recomputeHazards(st, slot);
    let hostile = 0;
    for (const a of st.agentActions[slot]!) if (st.aCat[a] === CAT.signal) hostile += st.hz[slot * st.nAct + a]!;
    return { dh: st.hostility[m1 * st.n + adv]! - h0, hostile };
  };

  it('a neighbour\'s act raises the target\'s hostility, and its hazard of answering, more than a distant state\'s', () => {
    const nearOff = answer(true, 0), nearOn = answer(true, 0.5);
    const farOff = answer(false, 0), farOn = answer(false, 0.5);
    expect(nearOn.dh).toBeGreaterThan(nearOff.dh * 2);
    expect(nearOn.hostile).toBeGreaterThan(nearOff.hostile);
    // A distant state's act is answered as in engine 0.2, whatever the weight.
    expect(farOn.dh).toBe(farOff.dh);
    expect(farOn.hostile).toBe(farOff.hostile);
    expect(nearOn.dh).toBeGreaterThan(farOn.dh);
  });
});

describe('initiator satiation (satiationWeight, satiationHalfLifeDays; satiation.ts)', () => {
  const setup = (w: number) => {
    const sc = world((s) => { s.actors[0]!.agency = true; s.parameters.satiationWeight = w; s.parameters.satiationHalfLifeDays = 30; });
    const adv = actorIx(sc, 'ADV');
    const { st } = freshState(sc, 5, 0);
    const slot = st.agentSlot[adv]!;
    const force = () => {
      recomputeHazards(st, slot);
      let f = 0;
      for (const a of st.agentActions[slot]!) if (st.aMid[a]! >= 4) f += st.hz[slot * st.nAct + a]!;
      return f;
    };
    return { st, adv, force };
  };

  it('lowers a revisionist\'s hazard of further force after it used force, and decays', () => {
    const { st, adv, force } = setup(1);
    const before = force();
    expect(before).toBeGreaterThan(0);
    satiate(st, adv);
    const after = force();
    expect(after).toBeLessThan(before * 0.5); // −0.9 utility at κ = 2: ×e^(−1.8)
    st.t += 30; // one half-life
    const later = force();
    expect(later).toBeGreaterThan(after);
    expect(later).toBeLessThan(before);
    st.t += 600;
    expect(satiationPenalty(st, adv)).toBeLessThan(1e-5);
  });

  it('is off at weight 0 (engine 0.2) and in a status-quo actor', () => {
    const { st, adv, force } = setup(0);
    const before = force();
    satiate(st, adv);
    expect(force()).toBe(before);
    const m = setup(1);
    satiate(m.st, actorIx(m.st.sc, 'M1'));
    expect(satiationPenalty(m.st, actorIx(m.st.sc, 'M1'))).toBe(0);
  });

  it('makes a second use of force within 30 days of a first rarer (simulated)', () => {
    const second = (w: number) => {
      const sc = world((s) => {
        s.actors[0]!.agency = true; s.horizonDays = 200;
        s.parameters.satiationWeight = w; s.parameters.baseScaleForce = 60;
      });
      let firsts = 0, seconds = 0;
      // Full trajectories: ADV's detected uses of force (MID level ≥ 4) from the trace.
      const sim = new Simulator(sc);
      for (let r = 0; r < 150; r++) {
        const t = sim.run(11, r, { trace: true });
        const days = (t.events ?? []).filter((e) => e.actor === 'ADV' && e.note !== 'undetected' && (sc.actions.find((a) => a.id === e.action)?.midLevel ?? 0) >= 4).map((e) => e.day);
        if (days.length === 0) continue;
        firsts++;
        if (days.some((d) => d > days[0]! && d <= days[0]! + 30)) seconds++;
      }
      return { firsts, p: seconds / Math.max(1, firsts) };
    };
    const off = second(0), on = second(2);
    expect(off.firsts).toBeGreaterThan(20);
    expect(on.p).toBeLessThan(off.p);
  });
});

describe('coercion by display (displayStatusWeight; display.ts)', () => {
  /** ADV's hazards of threats and displays (MID level 2–3, hostile) and of force and war (≥ 4), one recomputation. */
  const hazards = (w: number, status: { nuclear?: boolean; majorPower?: boolean }) => {
    const sc = world((s) => {
      s.actors[0]!.agency = true;
      s.actors[0]!.nuclear = status.nuclear === true;
      if (status.majorPower !== undefined) s.actors[0]!.majorPower = status.majorPower;
      s.parameters.displayStatusWeight = w;
    });
    const adv = actorIx(sc, 'ADV');
    const { st } = freshState(sc, 5, 0);
    const slot = st.agentSlot[adv]!;
    recomputeHazards(st, slot);
    let display = 0, force = 0;
    for (const a of st.agentActions[slot]!) {
      const h = st.hz[slot * st.nAct + a]!;
      if (st.aCat[a] !== CAT.deescalation && (st.aMid[a] === 2 || st.aMid[a] === 3)) display += h;
      else if (st.aMid[a]! >= 4) force += h;
    }
    return { display, force, share: display / (display + force) };
  };

  it('a major power or a nuclear-armed actor chooses threats and displays more often, its force hazard unchanged', () => {
    const plain = hazards(0.5, {});
    const major = hazards(0.5, { majorPower: true });
    const nuclear = hazards(0.5, { nuclear: true });
    const majorOff = hazards(0, { majorPower: true });
    expect(plain.display).toBeGreaterThan(0);
    expect(plain.force).toBeGreaterThan(0);
    // 0.5 utility at κ = 2: × e^1 on each threat and display below the utility cap
    expect(major.display).toBeGreaterThan(plain.display * 1.5);
    expect(major.force).toBe(plain.force);
    expect(major.share).toBeGreaterThan(plain.share);
    expect(nuclear.display).toBeGreaterThan(plain.display * 1.5);
    // off (the engine default): status changes nothing
    expect(majorOff.display).toBe(hazards(0, {}).display);
    expect(majorOff.force).toBe(plain.force);
  });

  it('with equal power shares on both sides (where coercive confidence is silent), status still shifts the choice toward display', () => {
    const equal = (w: number) => {
      const sc = world((s) => {
        s.actors[0]!.agency = true;
        s.actors[0]!.power = 0.1; // ADV and M1 equal
        s.actors[0]!.majorPower = true;
        s.parameters.coercivePowerWeight = 1;
        s.parameters.displayStatusWeight = w;
      });
      const adv = actorIx(sc, 'ADV');
      const { st } = freshState(sc, 5, 0);
      const slot = st.agentSlot[adv]!;
      recomputeHazards(st, slot);
      let display = 0, total = 0;
      for (const a of st.agentActions[slot]!) {
        if (st.aCat[a] === CAT.deescalation) continue;
        const h = st.hz[slot * st.nAct + a]!;
        total += h;
        if (st.aMid[a] === 2 || st.aMid[a] === 3) display += h;
      }
      return display / total;
    };
    expect(equal(0.5)).toBeGreaterThan(equal(0));
  });
});
