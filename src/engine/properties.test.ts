/**
 * Property tests (fast-check) of the engine's invariants (ARCHITECTURE.md convention 7): rungs in
 * 0..6, stockpiles never negative, bounded state in [0, 1], no event before its causes; and random
 * scenarios drawn from the schema never crash the engine. The invariants are checked at every
 * event, not only at the end: `emit` is wrapped so that each call first inspects the State.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CATALOG } from '../model/catalog.js';
import { CATEGORIES } from '../model/ladder.js';
import { PARAM_NAMES, PARAM_SPECS } from '../model/params.js';
import { compileScenario } from '../scenario/compile.js';
import { ScenarioSchema, STANCES, TIERS, type ScenarioInput } from '../scenario/schema.js';
import { checkReferences } from '../scenario/validate.js';
import { Simulator } from './simulator.js';
import { resumeSnapshot, takeSnapshot, type Snapshot } from './snapshot.js';
import type { State } from './state.js';
import { builtin, compile, nuclearInput, stressInput, withHorizon } from './test-helpers.js';
import type { TrajectoryResult } from './types.js';

const violations: string[] = [];
let checks = 0;

function inUnit(x: number): boolean {
  return x >= 0 && x <= 1;
}

/** Every invariant of the State, recorded (not thrown) so that the engine's own flow is untouched. */
function checkState(st: State): void {
  checks++;
  const bad = (what: string) => {
    if (violations.length < 20) violations.push(`day ${st.day} t ${st.t.toFixed(3)}: ${what}`);
  };
  for (let t = 0; t < st.nT; t++) if (!(st.rung[t]! >= 0 && st.rung[t]! <= 6)) bad(`rung[${t}] = ${st.rung[t]}`);
  for (let i = 0; i < st.n; i++) {
    const id = st.sc.actors.ids[i];
    if (!(st.stockpile[i]! >= 0) || !Number.isFinite(st.stockpile[i]!)) bad(`stockpile ${id} = ${st.stockpile[i]}`);
    if (!inUnit(st.cohesion[i]!)) bad(`cohesion ${id} = ${st.cohesion[i]}`);
    if (!inUnit(st.pressureNow(i))) bad(`pressure ${id} = ${st.pressureNow(i)}`);
    if (!inUnit(st.warCapacity[i]!)) bad(`warCapacity ${id} = ${st.warCapacity[i]}`);
    if (!inUnit(st.resilience[i]!)) bad(`resilience ${id} = ${st.resilience[i]}`);
    if (!inUnit(st.infoSusc[i]!)) bad(`infoSusceptibility ${id} = ${st.infoSusc[i]}`);
    if (!(st.enablerSupport[i]! >= 0 && st.enablerSupport[i]! < 1)) bad(`enablerSupport ${id} = ${st.enablerSupport[i]}`);
    for (let j = 0; j < st.n; j++) if (!inUnit(st.hostility[i * st.n + j]!)) bad(`hostility ${id}→${st.sc.actors.ids[j]} = ${st.hostility[i * st.n + j]}`);
  }
  for (let k = 0; k < st.nAl; k++) {
    if (!(st.debtNow(k) >= 0) || !Number.isFinite(st.debtNow(k))) bad(`debt ${k} = ${st.debtNow(k)}`);
    for (let s = 0; s < st.agents.length; s++) if (!inUnit(st.resolveToward[s * st.nAl + k]!)) bad(`resolveToward ${s},${k}`);
  }
  for (let k = 0; k < st.sc.partners.length; k++) {
    const max = st.sc.alliances[st.sc.partners[k]!.allianceIx]!.policy.aidMax;
    if (!(st.aid[k]! >= 0 && st.aid[k]! <= max + 1e-12)) bad(`aid ${k} = ${st.aid[k]}`);
  }
  for (let e = 0; e < st.epCount; e++) {
    if (!st.epActive[e]) continue;
    if (!(st.epBalance[e]! >= -1 && st.epBalance[e]! <= 1)) bad(`balance of episode ${e} = ${st.epBalance[e]}`);
    if (!(st.epRung[e]! >= 0 && st.epRung[e]! <= 6)) bad(`rung of episode ${e} = ${st.epRung[e]}`);
  }
}

vi.mock('./emit.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('./emit.js')>();
  return {
    ...orig,
    emit: (st: State, ...rest: [number, number, number, number, number]) => {
      checkState(st);
      return orig.emit(st, ...rest);
    },
  };
});

/** Trace and outcome invariants of one finished trajectory (and the final State). */
function checkResult(r: TrajectoryResult, st: State): void {
  checkState(st);
  const ev = r.events!;
  ev.forEach((e, k) => {
    expect(e.id).toBe(k);
    expect(e.rung >= 0 && e.rung <= 6, `event ${e.id} rung ${e.rung}`).toBe(true);
    if (k > 0) expect(e.day).toBeGreaterThanOrEqual(ev[k - 1]!.day);
    expect(new Set(e.causes).size).toBe(e.causes.length);
    for (const c of e.causes) {
      expect(c, `cause ${c} of event ${e.id}`).toBeLessThan(e.id);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(ev[c]!.day).toBeLessThanOrEqual(e.day);
    }
  });
  const o = r.outcome;
  for (const v of Object.values(o.maxRung)) expect(v >= 0 && v <= 6).toBe(true);
  for (const x of [o.costAid, o.costDeterrence, o.costRisk, o.costTotal, o.peakCredibilityDebt]) expect(x >= 0 && Number.isFinite(x)).toBe(true);
  if (!Number.isNaN(o.finalCohesion)) expect(inUnit(o.finalCohesion)).toBe(true);
  expect(o.eventCount).toBe(ev.length);
  expect(o.grayzoneCount).toBe(ev.filter((e) => e.category === 'grayzone').length);
  for (const [day, flag] of [[o.drawnInDay, o.drawnIn], [o.art5Day, o.art5], [o.anyCollectiveDefenseDay, o.anyCollectiveDefense], [o.horizontalDay, o.horizontal], [o.partnerCollapseDay, o.partnerCollapse], [o.nuclearUseDay, o.nuclearUse]] as const)
    expect(flag ? day >= 0 && day < st.horizon : day === -1).toBe(true);
  // The focal alliance's Article 5 is one of the collective-defence invocations.
  if (o.art5) expect(o.anyCollectiveDefense && o.anyCollectiveDefenseDay <= o.art5Day).toBe(true);
  // …and every invocation by a collective-defence alliance is one (an inject of the same action by a state is not).
  const cdIds = new Set(st.sc.alliances.filter((a) => a.collectiveDefense).map((a) => a.id));
  const invocations = ev.filter((e) => e.action === 'article-5-invocation' && cdIds.has(e.actor));
  expect(o.anyCollectiveDefense).toBe(invocations.length > 0);
  if (invocations.length > 0) expect(o.anyCollectiveDefenseDay).toBe(invocations[0]!.day);
  for (const d of r.episodeDurations) expect(d >= 0 && d <= st.horizon).toBe(true);
}

function runChecked(sc: ReturnType<typeof compile>, seed: number, runs: number): void {
  const sim = new Simulator(sc);
  for (let k = 0; k < runs; k++) {
    violations.length = 0;
    const r = sim.run(seed, k, { trace: true, series: true });
    checkResult(r, sim.st);
    expect(violations, `${sc.name} seed ${seed} trajectory ${k}`).toEqual([]);
  }
}

describe('invariants on the built-in and stress scenarios', () => {
  it('hold at every event of the stress, nuclear and baseline worlds', () => {
    const before = checks;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        runChecked(compile(stressInput()), seed, 1);
        runChecked(compile(nuclearInput()), seed, 1);
      }),
      { numRuns: 8, seed: 42 },
    );
    runChecked(withHorizon(builtin('baseline-2025'), 365), 3, 1);
    runChecked(builtin('two-theatre'), 3, 1);
    expect(checks - before).toBeGreaterThan(1000);
  });
});

// ------------------------------------------------------------------ random scenarios from the schema

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const ACTIONS = DEFAULT_CATALOG.map((a) => a.id);

/** A small random scenario: 2–6 actors, 1–2 theatres, alliances, partners, relations, enablers, episodes, injects, parameters. */
const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    nT: fc.integer({ min: 1, max: 2 }),
    nA: fc.integer({ min: 2, max: 6 }),
    horizonDays: fc.integer({ min: 10, max: 120 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .chain(({ nT, nA, horizonDays, seed }) => {
    const T = Array.from({ length: nT }, (_, k) => `T${k}`);
    const A = Array.from({ length: nA }, (_, k) => `A${k}`);
    const actorId = fc.constantFrom(...A);
    const theatreId = fc.constantFrom(...T);
    const shares = fc.array(fc.tuple(theatreId, fc.double({ min: 0, max: 1 / nT, noNaN: true })), { minLength: 1, maxLength: nT }).map((xs) => Object.fromEntries(xs));
    const actor = (id: string) =>
      fc.record({
        id: fc.constant(id),
        agency: fc.boolean(),
        power: fc.double({ min: 0, max: 0.3, noNaN: true }),
        nuclear: fc.boolean(),
        theatreShare: shares,
        borders: fc.uniqueArray(actorId.filter((b) => b !== id), { maxLength: 3 }),
        resolve: unit, riskTolerance: unit, revisionism: unit, infoSusceptibility: unit, resilience: unit, solidarity: unit,
        domesticThreshold: unit, art4Threshold: unit, unilateralThreshold: unit,
        stockpile0: fc.double({ min: 0, max: 60, noNaN: true }),
        productionPerDay: fc.double({ min: 0, max: 1, noNaN: true }),
        surgeMax: fc.double({ min: 1, max: 5, noNaN: true }),
        surgeLagDays: fc.integer({ min: 0, max: 900 }),
        spendingShareGdp: fc.double({ min: 0, max: 0.1, noNaN: true }),
        redLine: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: undefined }),
        cohesion: unit,
        activity: fc.double({ min: 0, max: 10, noNaN: true }),
        sanctioned: unit,
      });
    const policy = fc.record({
      aid: fc.record({
        responsiveness: unit, max: fc.double({ min: 0, max: 5, noNaN: true }), tierCap: fc.constantFrom(...TIERS),
        decoupledNarrative: fc.boolean(), respectPerceivedRedLine: fc.boolean(),
      }),
      forwardPosture: fc.double({ min: 0, max: 30, noNaN: true }),
      article4Propensity: fc.double({ min: 0.1, max: 10, noNaN: true }),
      playbook: fc.dictionary(fc.constantFrom(...CATEGORIES), unit, { maxKeys: 4 }),
      secondarySanctions: fc.boolean(),
      signallingStance: fc.constantFrom(...STANCES),
      surgeTrigger: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant('never' as const)),
      resilienceInvestment: fc.double({ min: 0, max: 5, noNaN: true }),
    });
    const alliance = (k: number) =>
      fc.record({
        id: fc.constant(`AL${k}`),
        kind: fc.constantFrom('collective-defense' as const, 'partnership' as const),
        members: fc.uniqueArray(actorId, { minLength: 1, maxLength: nA }),
        decisionRule: fc.oneof(fc.constant('consensus' as const), fc.record({ qualifiedMajority: fc.double({ min: 0.01, max: 1, noNaN: true }) })),
        deliberationDays: fc.integer({ min: 1, max: 5 }),
        maxVoteRounds: fc.integer({ min: 1, max: 5 }),
        interoperability: unit,
        article4Cooldown: fc.integer({ min: 0, max: 100 }),
        policy: fc.constantFrom('p0', 'p1'),
        coordination: fc.boolean(),
      });
    const params = fc.dictionary(
      fc.constantFrom(...PARAM_NAMES),
      fc.constant(0),
      { maxKeys: 5 },
    ).chain((d) => fc.record(Object.fromEntries(Object.keys(d).map((k) => {
      const s = PARAM_SPECS[k as keyof typeof PARAM_SPECS];
      return [k, fc.double({ min: s.min, max: s.max, noNaN: true })];
    }))));
    return fc.record({
      actors: fc.tuple(...A.map(actor)),
      alliances: fc.integer({ min: 0, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => alliance(k)))),
      policies: fc.record({ p0: policy, p1: policy }),
      partners: fc.uniqueArray(fc.record({ actor: actorId, supportedBy: fc.constantFrom('AL0', 'AL1'), collapseThreshold: unit, warCapacity0: unit }), { maxLength: 2, selector: (p) => p.actor }),
      relations: fc.uniqueArray(fc.record({ from: actorId, to: fc.oneof(actorId, fc.constantFrom('AL0', 'AL1')), hostility: unit, perceivedResolve: unit }), { maxLength: 10, selector: (r) => `${r.from}>${r.to}` }),
      enablerLinks: fc.array(fc.record({ from: actorId, to: actorId, supplyRate: fc.double({ min: 0, max: 5, noNaN: true }), diplomaticCover: unit }), { maxLength: 2 }),
      episodes: fc.array(fc.record({ theatre: theatreId, sideA: actorId, sideB: actorId, rung: fc.integer({ min: 1, max: 5 }), war: fc.boolean(), balance: fc.double({ min: -1, max: 1, noNaN: true }) }), { maxLength: 3 }),
      injects: fc.array(fc.record({
        day: fc.integer({ min: 0, max: horizonDays - 1 }), actor: actorId, action: fc.constantFrom(...ACTIONS),
        target: fc.option(actorId, { nil: undefined }), theatre: fc.option(theatreId, { nil: undefined }), deliberate: fc.option(fc.boolean(), { nil: undefined }),
      }), { maxLength: 6 }),
      parameters: params,
    }).map((r): ScenarioInput & { seed: number } => {
      // Drop the references checkReferences would reject (self relations, alliances not drawn, a
      // partner aided by its own alliance), so that most draws reach the engine.
      const alliances = new Map<string, (typeof r.alliances)[number]>(r.alliances.map((a) => [a.id, a]));
      return {
        schemaVersion: 1,
        name: 'random',
        horizonDays,
        seed,
        theatres: T.map((id) => ({
          id,
          initialEpisodes: r.episodes.filter((e) => e.theatre === id && e.sideA !== e.sideB).map(({ theatre: _t, ...e }) => e),
        })),
        actors: r.actors,
        alliances: r.alliances,
        policies: r.policies,
        partners: r.partners.filter((p) => alliances.has(p.supportedBy) && !alliances.get(p.supportedBy)!.members.includes(p.actor)),
        relations: r.relations.filter((x) => x.from !== x.to && (x.to.startsWith('A') && !x.to.startsWith('AL') ? true : alliances.has(x.to))),
        enablerLinks: r.enablerLinks.filter((l) => l.from !== l.to),
        injects: r.injects.map((x) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as typeof x),
        parameters: r.parameters,
      };
    });
  });

describe('random scenarios from the schema', () => {
  it('never crash the engine and keep every invariant', () => {
    let ran = 0, drawn = 0;
    fc.assert(
      fc.property(scenarioArb, (input) => {
        drawn++;
        const { seed, ...raw } = input as ScenarioInput & { seed: number };
        const parsed = ScenarioSchema.safeParse(raw);
        expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
        if (!parsed.success) return;
        fc.pre(checkReferences(parsed.data).length === 0);
        const sc = compileScenario(parsed.data);
        runChecked(sc, seed, 2);
        ran++;
      }),
      { numRuns: 200, seed: 7 },
    );
    console.log(`[properties] random scenarios run: ${ran} (${drawn - ran} of ${drawn} drawn skipped for reference issues)`);
    expect(ran).toBe(200);
    expect(drawn).toBeLessThan(400);
  });
});

describe('snapshot and resume on random scenarios (D40)', () => {
  const json = (r: TrajectoryResult) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v));
  it('a snapshot at a random day, through JSON text, resumes to the identical trace, outcome and series', () => {
    let ran = 0;
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 50 }), (input, at, trajectory) => {
        const { seed, ...raw } = input as ScenarioInput & { seed: number };
        const parsed = ScenarioSchema.safeParse(raw);
        if (!parsed.success) return;
        fc.pre(checkReferences(parsed.data).length === 0);
        const sc = compileScenario(parsed.data);
        const day = Math.min(sc.horizonDays, Math.floor(at * (sc.horizonDays + 1))); // 0 … horizon, both ends included
        const opts = { trace: true, series: true };
        const whole = json(new Simulator(sc).run(seed, trajectory, opts));
        const snap = JSON.parse(JSON.stringify(takeSnapshot(new Simulator(sc), seed, trajectory, day, opts))) as Snapshot;
        const other = new Simulator(sc);
        other.run(seed + 1, trajectory, opts); // a used Simulator: nothing of its last run may leak
        expect(json(resumeSnapshot(other, snap, opts))).toBe(whole);
        ran++;
      }),
      { numRuns: 80, seed: 11 },
    );
    expect(ran).toBe(80);
  });
});
