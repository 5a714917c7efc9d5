/**
 * Shared helpers of the engine's tests: small scenarios built as plain `ScenarioInput` objects
 * (validated by the real schema and reference checks, compiled by the real compiler), the
 * built-in scenarios, batch runs under common random numbers, and a freshly reset State to poke
 * mechanism functions on. Test-only: nothing in the engine imports this file.
 */
import { loadScenarioFile } from '../scenario/load.js';
import { compileScenario } from '../scenario/compile.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../scenario/schema.js';
import { checkReferences } from '../scenario/validate.js';
import type { Params } from '../model/params.js';
import { Simulator } from './simulator.js';
import type { State } from './state.js';
import type { RunOptions, TraceEvent, TrajectoryResult } from './types.js';

/** Validate (schema + references) and compile a scenario input; throws with the issues if invalid. */
export function compile(input: ScenarioInput | Scenario): CompiledScenario {
  const r = ScenarioSchema.safeParse(input);
  if (!r.success) throw new Error(`invalid test scenario: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const issues = checkReferences(r.data);
  if (issues.length > 0) throw new Error(`invalid test scenario: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return compileScenario(r.data);
}

// No node: import here (the engine folder is kept free of them, .dependency-cruiser.cjs).
const scenariosDir = decodeURIComponent(new URL('../../scenarios/', import.meta.url).pathname);
const builtinCache = new Map<string, Scenario>();

/** A built-in scenario (scenarios/<name>.yaml), validated, includes merged. Returns a deep copy to modify. */
export function builtinInput(name: string): Scenario {
  let s = builtinCache.get(name);
  if (!s) {
    const { scenario, issues } = loadScenarioFile(`${scenariosDir}${name}.yaml`);
    if (!scenario) throw new Error(`scenarios/${name}.yaml: ${issues.map((i) => i.message).join('; ')}`);
    s = scenario;
    builtinCache.set(name, s);
  }
  return structuredClone(s);
}

export function builtin(name: string, modify?: (s: Scenario) => void): CompiledScenario {
  const s = builtinInput(name);
  modify?.(s);
  return compile(s);
}

/** The same compiled scenario with some global parameters changed (State reads sc.params). */
export function withParams(sc: CompiledScenario, over: Partial<Params>): CompiledScenario {
  return { ...sc, params: { ...sc.params, ...over } };
}

export function withHorizon(sc: CompiledScenario, horizonDays: number): CompiledScenario {
  return { ...sc, horizonDays };
}

/**
 * A small one-theatre world: revisionist ADV (no agency unless a test gives it) facing a
 * three-member collective-defence alliance ALL; M1 borders ADV. Unilateral responses are off
 * (thresholds at 1) and the playbook empty, so a test turns on only what it examines.
 */
export function smallInput(): ScenarioInput & {
  actors: NonNullable<ScenarioInput['actors']>;
  alliances: NonNullable<ScenarioInput['alliances']>;
  relations: NonNullable<ScenarioInput['relations']>;
  injects: NonNullable<ScenarioInput['injects']>;
  parameters: NonNullable<ScenarioInput['parameters']>;
  policies: NonNullable<ScenarioInput['policies']>;
  actions: NonNullable<ScenarioInput['actions']>;
  partners: NonNullable<ScenarioInput['partners']>;
  theatres: NonNullable<ScenarioInput['theatres']>;
  enablerLinks: NonNullable<ScenarioInput['enablerLinks']>;
} {
  const member = (id: string, power: number, borders: string[]) => ({
    id, power, theatreShare: { east: 1 }, borders, resolve: 0.6, solidarity: 0.9, cohesion: 0.9, domesticThreshold: 0.2,
    art4Threshold: 0.5, unilateralThreshold: 1, infoSusceptibility: 0.3, resilience: 0.5, stockpile0: 30, productionPerDay: 0.2,
    spendingShareGdp: 0.03,
  });
  return {
    schemaVersion: 1,
    name: 'small',
    horizonDays: 60,
    theatres: [{ id: 'east', initialEpisodes: [] }],
    actors: [
      {
        id: 'ADV', agency: false, power: 0.3, nuclear: false, theatreShare: { east: 1 }, borders: ['M1'], resolve: 0.8, riskTolerance: 0.5,
        revisionism: 0.9, resilience: 0.5, stockpile0: 60, productionPerDay: 0.4, unilateralThreshold: 1, art4Threshold: 1, spendingShareGdp: 0.05,
      },
      member('M1', 0.1, ['ADV']),
      member('M2', 0.2, []),
      member('M3', 0.1, []),
    ],
    alliances: [{ id: 'ALL', kind: 'collective-defense', members: ['M1', 'M2', 'M3'], policy: 'base' }],
    policies: { base: { playbook: {}, forwardPosture: 4, signallingStance: 'firm', surgeTrigger: 4, resilienceInvestment: 0 } },
    partners: [],
    relations: [{ from: 'ADV', to: 'ALL', hostility: 0.7 }],
    enablerLinks: [],
    parameters: {},
    actions: {},
    injects: [],
  };
}

/**
 * Adds partner P (bordering ADV and M1), aided by ALL, at war with ADV from day 0 (a proxy war
 * at rung 3), as in the 2025 baseline.
 */
export function withPartnerWar(s: ReturnType<typeof smallInput>, balance = 0): ReturnType<typeof smallInput> {
  s.actors.push({
    id: 'P', agency: false, power: 0.1, theatreShare: { east: 1 }, borders: ['ADV', 'M1'], resolve: 0.8, riskTolerance: 0.5,
    stockpile0: 30, productionPerDay: 0.3, unilateralThreshold: 1, art4Threshold: 1,
  });
  s.partners.push({ actor: 'P', supportedBy: 'ALL', collapseThreshold: 0.15, warCapacity0: 0.7 });
  s.relations.push({ from: 'ADV', to: 'P', hostility: 0.9 }, { from: 'P', to: 'ADV', hostility: 0.9 });
  s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'P', rung: 3, war: true, balance }];
  return s;
}

/** Run one trajectory with the full trace. */
export function runTrace(sc: CompiledScenario, seed = 1, trajectory = 0, opts: RunOptions = {}): TrajectoryResult & { events: TraceEvent[] } {
  const r = new Simulator(sc).run(seed, trajectory, { trace: true, ...opts });
  return r as TrajectoryResult & { events: TraceEvent[] };
}

/** Run trajectories 0..n−1 of `seed` on one Simulator (common random numbers across calls). */
export function runBatch(sc: CompiledScenario, n: number, seed = 1, opts: RunOptions = {}): TrajectoryResult[] {
  const sim = new Simulator(sc);
  const out: TrajectoryResult[] = [];
  for (let k = 0; k < n; k++) out.push(sim.run(seed, k, opts));
  return out;
}

/** Run a batch and also hand back each trajectory's final State to a callback (the State is reused). */
export function runBatchWithState<T>(sc: CompiledScenario, n: number, seed: number, read: (st: State, r: TrajectoryResult) => T, opts: RunOptions = {}): T[] {
  const sim = new Simulator(sc);
  const out: T[] = [];
  for (let k = 0; k < n; k++) {
    const r = sim.run(seed, k, opts);
    out.push(read(sim.st, r));
  }
  return out;
}

/**
 * A State just after reset and day 0 (a one-day trajectory), to call mechanism functions on.
 * Time stands at the start of day 1.
 */
export function freshState(sc: CompiledScenario, seed = 1, trajectory = 0): { sim: Simulator; st: State } {
  const sim = new Simulator(withHorizon(sc, 1));
  sim.run(seed, trajectory);
  return { sim, st: sim.st };
}

export function actorIx(sc: CompiledScenario, id: string): number {
  const i = sc.actors.ids.indexOf(id);
  if (i < 0) throw new Error(`no actor ${id}`);
  return i;
}

export function allianceIx(sc: CompiledScenario, id: string): number {
  const i = sc.alliances.findIndex((a) => a.id === id);
  if (i < 0) throw new Error(`no alliance ${id}`);
  return i;
}

export function actionIx(sc: CompiledScenario, id: string): number {
  const i = sc.actionIndex[id];
  if (i === undefined) throw new Error(`no action ${id}`);
  return i;
}

export function theatreIx(sc: CompiledScenario, id: string): number {
  const i = sc.theatres.findIndex((t) => t.id === id);
  if (i < 0) throw new Error(`no theatre ${id}`);
  return i;
}

/** Events of a traced run with the given action id (and optional extra filter). */
export function eventsOf(r: TrajectoryResult, action: string, pred: (e: TraceEvent) => boolean = () => true): TraceEvent[] {
  if (!r.events) throw new Error('run without trace');
  return r.events.filter((e) => e.action === action && pred(e));
}

/** Total count of events with the given action ids over traced results. */
export function countActions(rs: TrajectoryResult[], ...actions: string[]): number {
  let c = 0;
  for (const r of rs) for (const e of r.events ?? []) if (actions.includes(e.action)) c++;
  return c;
}

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: number[]): number => (xs.length ? sum(xs) / xs.length : NaN);
export const share = (xs: boolean[]): number => xs.filter(Boolean).length / xs.length;

/** Print the figures a statistical test compared, so CI output shows its margin. */
export function logFigures(label: string, figures: Record<string, number>): void {
  const f = Object.entries(figures).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`).join(' ');
  console.log(`[${label}] ${f}`);
}

/** Day the day-0 war ended (its first ceasefire or capitulation in a traced run), else the horizon. */
export function warEndDay(r: TrajectoryResult): number {
  if (!r.events) throw new Error('run without trace');
  const end = r.events.find((e) => e.action === 'ceasefire' || e.action === 'capitulation');
  return end ? end.day : r.outcome.firstEpisodeDays;
}

/**
 * A small world that exercises every mechanism at once, for liveness and property tests: a
 * partner war in `east` with aid past a low red line, an enabler under secondary sanctions,
 * frequent kinetic acts (base hazards × 20), a member quick to counter-strike, a qualified-majority
 * Article 5 with injected strikes, a stray missile and a cyber attack with casualties, a
 * coordinated second revisionist in `west` and a great power present in both theatres.
 */
export function stressInput(): ReturnType<typeof smallInput> {
  const s = withPartnerWar(smallInput(), 0.1);
  s.name = 'stress';
  s.horizonDays = 240;
  s.theatres.push({ id: 'west', initialEpisodes: [] });
  const adv = s.actors[0]!;
  Object.assign(adv, { agency: true, activity: 2, nuclear: true, redLine: 0.5, riskTolerance: 0.6, stockpile0: 40, productionPerDay: 0.3 });
  // Members' bars set so that Article 5 votes are close (threat, proximity and noise decide them),
  // M1 counter-strikes (resolve ≥ unilateralKineticResolve), M2 closes its border.
  const set = (id: string, v: object) => Object.assign(s.actors.find((a) => a.id === id)!, v);
  set('M1', { resolve: 0.9, unilateralThreshold: 0.3, art4Threshold: 0.3, spendingShareGdp: 0.01, nuclear: true, domesticThreshold: 0.7 });
  set('M2', { resolve: 0.5, unilateralThreshold: 0.5, domesticThreshold: 0.55 });
  set('M3', { domesticThreshold: 0.65 });
  set('P', { agency: true, revisionism: 0 });
  s.partners[0]!.warCapacity0 = 1; // aid ramps up from zero
  s.actors.push(
    { id: 'G', power: 0.3, theatreShare: { east: 0.5, west: 0.5 }, resolve: 0.6, art4Threshold: 0.6, unilateralThreshold: 1, spendingShareGdp: 0.03, domesticThreshold: 0.3 },
    { id: 'ADV2', agency: true, activity: 1.5, revisionism: 0.6, riskTolerance: 0.4, power: 0.2, theatreShare: { west: 1 }, unilateralThreshold: 1 },
    { id: 'E', agency: true, activity: 0.5, revisionism: 0.6, power: 0.1, theatreShare: { west: 0.2 } },
  );
  s.alliances[0]!.members.push('G');
  s.alliances[0]!.decisionRule = { qualifiedMajority: 0.75 };
  s.alliances[0]!.maxVoteRounds = 3;
  s.alliances.push({ id: 'AX', kind: 'partnership', members: ['ADV', 'ADV2'], coordination: true });
  s.relations.push({ from: 'ADV2', to: 'ALL', hostility: 0.6 }, { from: 'E', to: 'ALL', hostility: 0.3 }, { from: 'M1', to: 'ADV', hostility: 0.6 });
  s.enablerLinks.push({ from: 'E', to: 'ADV', supplyRate: 0.3, diplomaticCover: 0.3 });
  s.policies.base = {
    aid: { responsiveness: 0.05, max: 1.5, tierCap: 'long-range', decoupledNarrative: true, respectPerceivedRedLine: false },
    forwardPosture: 4, article4Propensity: 1.5, playbook: { grayzone: 0.5, kinetic: 0.5 }, secondarySanctions: true,
    signallingStance: 'provocative', surgeTrigger: 2, resilienceInvestment: 1, readinessCostPerDay: 0.01,
  };
  for (const [a, base] of [['seizure', 1.5e-5], ['clash', 1.5e-5], ['attack', 1e-5], ['shoot-down', 1e-5], ['naval-clash', 1e-5], ['blockade', 5e-6], ['strike-on-member-territory', 2e-5], ['invasion', 2.5e-6]] as const)
    s.actions[a] = { base: base * 20 };
  s.actions['strike-on-partner'] = { effects: { spilloverProb: 0.05 } };
  s.actions['cyberattack-infrastructure'] = { effects: { casualtiesMean: 10 } }; // near θ: the cyber-kinetic crossover
  s.injects.push(
    { day: 10, actor: 'ADV2', action: 'accidental-spillover', target: 'G', theatre: 'west' },
    { day: 20, actor: 'ADV', action: 'accidental-spillover', target: 'M1', theatre: 'east' },
    { day: 40, actor: 'ADV', action: 'cyberattack-infrastructure', target: 'M2', theatre: 'east' },
    { day: 60, actor: 'ADV', action: 'strike-on-member-territory', target: 'M1', theatre: 'east' },
    { day: 61, actor: 'ADV', action: 'strike-on-member-territory', target: 'M3', theatre: 'east' },
    { day: 63, actor: 'ADV', action: 'strike-on-member-territory', target: 'M1', theatre: 'east' },
  );
  return s;
}

/**
 * A nuclear adversary losing a war against member M1 (nuclear too) from day 0, its homeland struck
 * every 40 days: the nuclear threshold becomes material (nuclearUseBasePerDay raised to 1e-4).
 * The alliance's stance is restrained (the stress world's is provocative).
 */
export function nuclearInput(): ReturnType<typeof smallInput> {
  const s = smallInput();
  s.name = 'nuclear';
  s.horizonDays = 300;
  Object.assign(s.actors[0]!, { agency: true, nuclear: true, power: 0.03, riskTolerance: 0.5, stockpile0: 20, productionPerDay: 0.2 });
  Object.assign(s.actors.find((a) => a.id === 'M1')!, { nuclear: true, power: 0.1 });
  s.relations.push({ from: 'M1', to: 'ADV', hostility: 0.8 });
  s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'M1', rung: 3, war: true, balance: -0.3 }];
  s.parameters.nuclearUseBasePerDay = 1e-4;
  s.policies.base!.signallingStance = 'restrained';
  for (let d = 5; d < 300; d += 40) s.injects.push({ day: d, actor: 'M1', action: 'long-range-strike', target: 'ADV', theatre: 'east' });
  return s;
}

/**
 * Scripted, so that rare mechanisms fire whatever the tuning: a stray missile on M1 and a cyber
 * attack on M2 every day for 60 days (many misattribution draws, casualties near θ), and strikes
 * on M3 that open close Article 5 votes (qualified majority of 2/3 with bars at the margin), whose
 * invocation starts a general war in which members' forces arrive after the lead time and wear
 * the attacker down toward a ceasefire.
 */
export function injectedInput(): ReturnType<typeof smallInput> {
  const s = smallInput();
  s.name = 'injected';
  s.horizonDays = 150;
  s.alliances[0]!.decisionRule = { qualifiedMajority: 0.66 };
  const bar = (id: string, domesticThreshold: number) => Object.assign(s.actors.find((a) => a.id === id)!, { domesticThreshold });
  bar('M1', 0.7); bar('M2', 0.55); bar('M3', 0.65);
  s.actions['strike-on-member-territory'] = { deniability: 0 };
  s.actions['cyberattack-infrastructure'] = { deniability: 0, effects: { casualtiesMean: 15 } };
  for (let d = 1; d <= 60; d++) {
    s.injects.push({ day: d, actor: 'ADV', action: 'accidental-spillover', target: 'M1', theatre: 'east' });
    s.injects.push({ day: d, actor: 'ADV', action: 'cyberattack-infrastructure', target: 'M2', theatre: 'east' });
  }
  for (const d of [70, 71, 73, 76]) s.injects.push({ day: d, actor: 'ADV', action: 'strike-on-member-territory', target: 'M3', theatre: 'east' });
  // A ceasefire within the horizon whose timing follows exhaustion (and so the members' arrival).
  s.parameters.ceasefireBasePerDay = 0.004;
  return s;
}

/**
 * Members whose response is in doubt (low cohesion, thin stocks: P̂ far from saturation, so cheap
 * talk under a restrained stance moves it), a crisis at rung 2 with frequent kinetic acts, and M2
 * (not a neighbour of ADV) quick to counter-strike, so that the adversary's retaliation targeting
 * is not already decided by proximity.
 */
export function doubtInput(): ReturnType<typeof smallInput> {
  const s = smallInput();
  s.name = 'doubt';
  s.horizonDays = 150;
  s.actors[0]!.agency = true;
  s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'M1', rung: 2 }];
  for (const m of s.actors.slice(1)) Object.assign(m, { cohesion: 0.3, stockpile0: 3, productionPerDay: 0 });
  Object.assign(s.actors.find((a) => a.id === 'M2')!, { resolve: 0.9, unilateralThreshold: 0.2 });
  s.relations.push({ from: 'M2', to: 'ADV', hostility: 0.6 });
  s.policies.base!.signallingStance = 'restrained';
  s.parameters.statementProb = 1;
  for (const [a, base] of [['seizure', 1.5e-5], ['clash', 1.5e-5], ['attack', 1e-5], ['shoot-down', 1e-5], ['naval-clash', 1e-5], ['blockade', 5e-6]] as const)
    s.actions[a] = { base: base * 200 };
  return s;
}

/** An adversary at a hundred times the usual tempo: its hazards reach hazardMaxPerDay. */
export function tempoInput(): ReturnType<typeof smallInput> {
  const s = smallInput();
  s.name = 'tempo';
  s.horizonDays = 20;
  Object.assign(s.actors[0]!, { agency: true, activity: 100 });
  return s;
}
