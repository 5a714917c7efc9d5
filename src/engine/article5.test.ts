/** Article 5 and the consensus vote (MODEL.md §4.5). */
import { describe, expect, it } from 'vitest';
import { armedAttack, leadTimeDays, voteRound, yesShare } from './article5.js';
import {
  actorIx, allianceIx, compile, eventsOf, freshState, runBatchWithState, runTrace, smallInput, withParams,
} from './test-helpers.js';

/** ADV (no agency) strikes M1 on the given days; the strike is always attributed (deniability 0). */
function strikes(days: number[], tweak: (s: ReturnType<typeof smallInput>) => void = () => {}) {
  const s = smallInput();
  s.actions['strike-on-member-territory'] = { deniability: 0 };
  for (const d of days) s.injects.push({ day: d, actor: 'ADV', action: 'strike-on-member-territory', target: 'M1', theatre: 'east' });
  tweak(s);
  return compile(s);
}

const blockM3 = (s: ReturnType<typeof smallInput>) => {
  s.actors.find((a) => a.id === 'M3')!.domesticThreshold = 1;
};

describe('Article 5: opening a deliberation', () => {
  it('an attributed deliberate kinetic strike on member territory opens a deliberation that votes after deliberationDays', () => {
    const r = runTrace(strikes([5]));
    const strike = eventsOf(r, 'strike-on-member-territory')[0]!;
    const votes = eventsOf(r, 'article-5-vote');
    expect(votes.length).toBe(1);
    expect(votes[0]!.day).toBe(strike.day + 2); // deliberationDays default 2, no attribution lag at deniability 0
    expect(votes[0]!.causes[0]).toBe(strike.id);
    // All three members clear their bar: invoked, the episode is a general war (rung 5).
    const inv = eventsOf(r, 'article-5-invocation');
    expect(inv.length).toBe(1);
    expect(inv[0]!.rung).toBe(5);
    expect(r.outcome.art5).toBe(true);
    expect(r.outcome.drawnIn).toBe(true);
    expect(r.outcome.maxRung.east).toBe(5);
  });

  it('the same strike opens nothing when it is never attributed, or when its target is not a member', () => {
    const unattributed = runTrace(strikes([5], (s) => { s.actions['strike-on-member-territory'] = { deniability: 1 }; }));
    expect(eventsOf(unattributed, 'article-5-vote')).toEqual([]);
    expect(unattributed.outcome.drawnIn).toBe(false);
    expect(eventsOf(unattributed, 'strike-on-member-territory')[0]!.note).toBe('not attributed');

    const s = smallInput();
    s.actors.push({ id: 'N', power: 0.05, theatreShare: { east: 1 } });
    s.relations.push({ from: 'ADV', to: 'N', hostility: 0.7 });
    s.actions['strike-on-member-territory'] = { deniability: 0 };
    s.injects.push({ day: 5, actor: 'ADV', action: 'strike-on-member-territory', target: 'N', theatre: 'east' });
    const r = runTrace(compile(s));
    expect(eventsOf(r, 'strike-on-member-territory').length).toBe(1);
    expect(eventsOf(r, 'article-5-vote')).toEqual([]);
  });
});

describe('Article 5: the vote', () => {
  it('one member below its bar blocks consensus; a qualified majority passes without it', () => {
    let blocked = 0, passed = 0;
    for (let k = 0; k < 30; k++) {
      const consensus = runTrace(strikes([5], blockM3), 1, k);
      if (consensus.outcome.art5) blocked++;
      const votes = eventsOf(consensus, 'article-5-vote');
      expect(votes.length).toBe(1);
      expect(votes[0]!.note).toBe('vote failed; deliberation closed (67% yes)');
      const qmv = runTrace(strikes([5], (s) => { blockM3(s); s.alliances[0]!.decisionRule = { qualifiedMajority: 0.6 }; }), 1, k);
      if (qmv.outcome.art5) passed++;
    }
    expect(blocked).toBe(0);
    expect(passed).toBe(30);
  });

  it('a failed vote is not retried when no further attack comes', () => {
    const r = runTrace(withParams(strikes([5], blockM3), {}));
    expect(eventsOf(r, 'article-5-vote').map((v) => v.note)).toEqual(['vote failed; deliberation closed (67% yes)']);
  });

  it('while attacks go on a failed vote is repeated every deliberationDays, and the deliberation closes after maxVoteRounds', () => {
    const days = Array.from({ length: 20 }, (_, k) => 5 + k);
    const sc = strikes(days, (s) => { blockM3(s); s.alliances[0]!.maxVoteRounds = 3; });
    const r = runTrace(sc);
    const votes = eventsOf(r, 'article-5-vote');
    expect(votes.slice(0, 3).map((v) => v.note?.replace(/ \(.*\)$/, ''))).toEqual(['vote failed', 'vote failed', 'vote failed; deliberation closed']);
    expect(votes.slice(0, 3).map((v) => v.day)).toEqual([7, 9, 11]);
    // Attacks after the close open a new deliberation (its first vote two days after the next attack).
    expect(votes[3]!.day).toBe(14);
    // maxVoteRounds 1: every deliberation closes after its first round, even under fire.
    const one = runTrace(strikes(days, (s) => { blockM3(s); s.alliances[0]!.maxVoteRounds = 1; }));
    for (const v of eventsOf(one, 'article-5-vote')) expect(v.note).toMatch(/^vote failed; deliberation closed/);
  });

  it('threat decays when attacks stop and rises with each further attack; vote noise is drawn once per deliberation', () => {
    const sc = strikes([], (s) => { s.parameters.voteNoise = 0.3; });
    const { st } = freshState(sc);
    const al = allianceIx(sc, 'ALL');
    const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1');
    armedAttack(st, al, adv, m1, 3, -1);
    expect(st.art5Open[al]).toBe(1);
    const noise = Array.from(st.voteNoise);
    const share0 = yesShare(st, al);
    st.t += 30; // 30 days of quiet: threat (half-life 7 days) has all but vanished
    const shareQuiet = yesShare(st, al);
    expect(shareQuiet).toBeLessThanOrEqual(share0);
    armedAttack(st, al, adv, m1, 3, -1); // a further attack during the open deliberation
    expect(st.art5Threat[al]).toBeGreaterThan(3 / 10 * Math.pow(2, -30 / 7));
    expect(Array.from(st.voteNoise)).toEqual(noise); // same deliberation: same ε
    voteRound(st, al);
    expect(st.art5Open[al] === 0 || st.art5Round[al] === 1).toBe(true);
    // A new deliberation draws new ε.
    st.art5Open[al] = 0;
    st.art5InvokedT[al] = Number.POSITIVE_INFINITY;
    armedAttack(st, al, adv, m1, 3, -1);
    expect(Array.from(st.voteNoise)).not.toEqual(noise);
  });

  it('yes votes follow solidarity · cohesion · threat + ε > domesticThreshold, with the proximity weight for near members', () => {
    const sc = strikes([], (s) => { s.parameters.voteNoise = 0; s.parameters.proximityWeight = 2; });
    const { st } = freshState(sc);
    const al = allianceIx(sc, 'ALL');
    const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1');
    // threat 0.2: near M1 sees 0.4 → 0.81·0.4 = 0.324 > 0.2 (yes); far M2, M3 see 0.2 → 0.162 < 0.2 (no).
    armedAttack(st, al, adv, m1, 2, -1);
    expect(yesShare(st, al)).toBeCloseTo(1 / 3, 12);
    st.art5Threat[al] = 0.3; // 0.81·0.3 = 0.243 > 0.2: all yes
    expect(yesShare(st, al)).toBe(1);
  });
});

describe('Article 5: force generation', () => {
  it('lead time is baseLeadDays · (1 + (1 − interoperability) · interopPenalty), and forces arrive that long after invocation', () => {
    for (const interop of [0, 0.3, 0.7, 1]) {
      const sc = strikes([5], (s) => { s.alliances[0]!.interoperability = interop; s.parameters.baseLeadDays = 20; s.parameters.interopPenalty = 3; });
      const al = allianceIx(sc, 'ALL');
      const [got] = runBatchWithState(sc, 1, 1, (st) => ({ lead: leadTimeDays(st, al), arrival: st.arrivalT[al]!, invoked: st.art5InvokedT[al]! }));
      expect(got!.lead).toBeCloseTo(20 * (1 + (1 - interop) * 3), 12);
      expect(got!.invoked).toBe(7);
      expect(got!.arrival).toBeCloseTo(7 + got!.lead, 12);
    }
  });

  it('DIRECTIONAL: more interoperability → earlier arrival → the war turns against the attacker sooner', () => {
    // Same trajectories (CRN), ADV acting by its hazards; only interoperability differs.
    const run = (interop: number) =>
      runBatchWithState(
        strikes([5], (s) => {
          s.alliances[0]!.interoperability = interop;
          s.actors[0]!.agency = true;
          s.horizonDays = 90;
        }),
        40, 3,
        (st) => ({ arrival: st.arrivalT[0]!, advCapacity: st.warCapacity[0]! }),
      );
    const low = run(0), high = run(1);
    for (let k = 0; k < low.length; k++) expect(high[k]!.arrival).toBeLessThan(low[k]!.arrival);
    const meanCap = (xs: { advCapacity: number }[]) => xs.reduce((a, x) => a + x.advCapacity, 0) / xs.length;
    expect(meanCap(high)).toBeLessThan(meanCap(low) - 0.02);
  });
});
