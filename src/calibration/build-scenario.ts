/**
 * A historical dispute as a small Brink scenario, from what was known when it began
 * (`DisputeFeatures`, dispute.ts); the builder never sees the observed outcome.
 *
 * - one theatre, `dispute`;
 * - side-A originators: agency actors, revisionist (they chose to open the dispute); a coalition
 *   of n shares one tempo (activity 1/n each, `sharedTempoA`);
 * - side-B originators: agency actors, status-quo; they answer with the signals every actor may
 *   choose (threats, exercises, shows of force) and, in a collective-defence alliance, with the
 *   rules of MODEL.md §4.4–4.5 (a target without an outside defender is in an alliance of its own
 *   that cannot invoke Article 5, `loneTargetAlliance`, so every target answers by the same rules);
 *   one that borders a side-A originator has activity activityB × borderActivityB;
 * - outside defenders of a side (an ATOP defense obligation toward one of its originators in the
 *   year before): members without agency of a collective-defence alliance with that side, so each
 *   is a potential joiner through Article 5 whether or not it joined in history. A defender owed
 *   to both sides is put with side B (the target);
 * - power = CINC of the year before (MODEL.md §8: the field's convention for historical disputes);
 *   outside defenders commit `defenderTheatreShare` of it to the dispute;
 * - nuclear flags from the first-test table; borders from COW contiguity (land or ≤ 24 miles);
 * - the dispute opens as an episode at rung 2 (coercive signalling: a threat or display of force,
 *   MODEL.md §3) between the first originator of each side;
 * - horizon `horizonDays` (default 365: 93% of MID disputes last less than a year).
 *
 * What history identifies (MODEL.md §7) is set by a `HistoricalModel`: global engine parameters
 * (`parameters:`) and settings of this builder (base-hazard scales per MID level, side B's
 * hostility, the defenders' Article 5 threshold). Sub-militarized gray-zone and economic actions
 * (cyber, sabotage, disinformation, energy cut-off) are switched off: MID does not code them, and
 * their labelled priors were set for today's NATO flank, not for 1816–2014.
 */
import { DEFAULT_CATALOG } from '../model/catalog.js';
import { PARAM_NAMES, PARAM_SPECS, type ParamName } from '../model/params.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { ERAS, type DisputeFeatures, type Era, type StateAtOnset } from './dispute.js';

export const THEATRE = 'dispute';
const NUCLEAR_SIGNAL = 'nuclear-signalling';

export interface BuilderSettings {
  horizonDays: number;
  /** Multipliers of the catalog base hazard of choosable actions of MID level 2 (threat), 3 (display), 4 (use of force), 5 (war). */
  levelScale: [number, number, number, number];
  /** Initial hostility of side A toward side B, and of side B toward side A (0..1). */
  hostilityA: number;
  hostilityB: number;
  revisionismA: number;
  revisionismB: number;
  /** Side B's activity (§4.1: multiplies the base hazards of the actions it chooses): its readiness to reciprocate. */
  activityB: number;
  /** Share of an outside defender's power committed to the dispute's theatre. */
  defenderTheatreShare: number;
  /** Article 5 vote threshold of outside defenders (§4.5 domesticThreshold): the joining knob. */
  defenderThreshold: number;
  /** Article 5 threshold of the originators themselves. */
  originatorThreshold: number;
  /**
   * Put side B in a collective-defence alliance of its own when it has no outside defender, so every
   * target answers by the same member rules (§4.4: Article 4, unilateral response); an outside
   * defender then changes only joining (Article 5) and the initiator's deterrence. The lone
   * alliance cannot invoke Article 5 (no ally to call).
   */
  loneTargetAlliance: boolean;
  /** Switch off gray-zone and economic actions (not coded by MID). */
  grayzoneOff: boolean;
  /**
   * A coalition of initiators shares one tempo: each of the n side-A originators gets activity 1/n
   * (their summed hazards are those of a single initiator). Off, each acts at full tempo.
   */
  sharedTempoA: boolean;
  /**
   * Geography in the target's propensity to answer: a side-B originator that borders a side-A
   * originator (COW direct contiguity) has activity activityB × borderActivityB (1: no effect).
   */
  borderActivityB: number;
  /**
   * Pressure above which a side-B originator answers an attributed hostile act unilaterally
   * (§4.4 `unilateralThreshold`; the scenario default is 0.8): the target's readiness to answer by
   * the member rules, beside `activityB` (its readiness to answer by choice).
   */
  unilateralThresholdB: number;
  /**
   * Era of the dispute's start year (known at onset): multipliers of the war base hazard (MID level
   * 5) for disputes begun before 1914, in 1914–1945, in 1946–1989 and from 1990 on (ERAS order).
   * The last is the reference (1), so `levelScale[3]` is the war scale of the current era. A context
   * term, not a mechanism: what the logit baseline's era dummies capture (docs/calibration.md).
   */
  eraWarScale: [number, number, number, number];
  /**
   * Rung (MODEL.md §3) at which a conflict opens when it began with a violent act (an ICB crisis
   * triggered by a violent act, `triggr` 9: force has already been used at onset, rung 4). Every
   * other conflict, and every MID dispute (MID codes no trigger), opens at rung 2.
   */
  violentTriggerRung: number;
}

export const DEFAULT_SETTINGS: BuilderSettings = {
  horizonDays: 365,
  levelScale: [1, 1, 1, 1],
  hostilityA: 0.5,
  hostilityB: 0.3,
  revisionismA: 1,
  revisionismB: 0,
  activityB: 1,
  defenderTheatreShare: 0.5,
  defenderThreshold: 0.3,
  originatorThreshold: 0.3,
  loneTargetAlliance: true,
  grayzoneOff: true,
  sharedTempoA: true,
  borderActivityB: 1,
  unilateralThresholdB: 0.8,
  eraWarScale: [1, 1, 1, 1],
  violentTriggerRung: 4,
};

export interface HistoricalModel {
  /** Global engine parameters (a parameter file's `parameters:` block). */
  parameters: Partial<Record<ParamName, number>>;
  settings: BuilderSettings;
}

export function defaultHistoricalModel(): HistoricalModel {
  return { parameters: {}, settings: { ...DEFAULT_SETTINGS, levelScale: [...DEFAULT_SETTINGS.levelScale], eraWarScale: [...DEFAULT_SETTINGS.eraWarScale] } };
}

/**
 * Engine parameters that scale the catalog base hazard per MID level, if the engine has them
 * (then the level scales go to `parameters:` and need no per-action override).
 */
export const LEVEL_SCALE_PARAMS = ['baseScaleThreat', 'baseScaleDisplay', 'baseScaleForce', 'baseScaleWar'] as const;
export function engineHasLevelScales(): boolean {
  return LEVEL_SCALE_PARAMS.every((k) => (PARAM_NAMES as readonly string[]).includes(k));
}

const ID_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Action overrides for the historical setting: gray zone off, level scales applied to choosable actions. */
export function historicalActionOverrides(s: BuilderSettings): Record<string, { base: number }> {
  const out: Record<string, { base: number }> = {};
  const viaParams = engineHasLevelScales();
  for (const a of DEFAULT_CATALOG) {
    if (a.user === 'rule' || a.base <= 0) continue;
    if (s.grayzoneOff && (a.category === 'grayzone' || a.category === 'economic')) {
      out[a.id] = { base: 0 };
      continue;
    }
    // War-fighting actions (user `belligerent`) happen once a war is on; they do not set the level.
    if (viaParams || a.user === 'belligerent' || a.category === 'deescalation') continue;
    if (a.midLevel >= 2 && a.midLevel <= 5) {
      const scale = s.levelScale[a.midLevel - 2]!;
      if (scale !== 1) out[a.id] = { base: Math.min(5, a.base * scale) };
    }
  }
  return out;
}

function clampParam(k: ParamName, v: number): number {
  const s = PARAM_SPECS[k];
  return Math.min(s.max, Math.max(s.min, v));
}

/** Global parameters of a model, with the level scales added when the engine has them as parameters. */
export function scenarioParameters(m: HistoricalModel): Partial<Record<ParamName, number>> {
  const out: Partial<Record<ParamName, number>> = {};
  for (const [k, v] of Object.entries(m.parameters) as [ParamName, number][]) if (v !== undefined) out[k] = clampParam(k, v);
  if (engineHasLevelScales()) {
    LEVEL_SCALE_PARAMS.forEach((k, i) => {
      // Clamped to the parameter's range like every other parameter (an era scale can push past it).
      (out as Record<string, number>)[k] = clampParam(k, m.settings.levelScale[i]!);
    });
  }
  return out;
}

/** Scenario ids for the states of a dispute: the COW abbreviation, made unique and valid. */
function assignIds(states: StateAtOnset[]): Map<number, string> {
  const ids = new Map<number, string>();
  const used = new Set<string>();
  for (const s of states) {
    let id = ID_RE.test(s.abb) ? s.abb : `C${s.ccode}`;
    if (used.has(id)) id = `${id}_${s.ccode}`;
    used.add(id);
    ids.set(s.ccode, id);
  }
  return ids;
}

/** The model a dispute is built with: the war scale multiplied by the era's (eraWarScale). */
function modelForEra(model: HistoricalModel, era: Era): HistoricalModel {
  const k = model.settings.eraWarScale[ERAS.indexOf(era)]!;
  if (k === 1) return model;
  const [l2, l3, l4, l5] = model.settings.levelScale;
  return { ...model, settings: { ...model.settings, levelScale: [l2, l3, l4, l5 * k] } };
}

export function buildDisputeScenario(c: { features: DisputeFeatures }, historical: HistoricalModel = defaultHistoricalModel()): ScenarioInput {
  const f = c.features;
  const model = modelForEra(historical, f.era);
  const s = model.settings;
  const all = [...f.sideA, ...f.sideB, ...f.defendersB, ...f.defendersA];
  const ids = assignIds(all);
  const id = (cc: number) => ids.get(cc)!;
  const bordersOf = new Map<number, string[]>();
  for (const [a, b] of f.borders) {
    (bordersOf.get(a) ?? bordersOf.set(a, []).get(a)!).push(id(b));
  }
  const sideACcodes = new Set(f.sideA.map((x) => x.ccode));
  const bordersSideA = (cc: number) => f.borders.some(([a, b]) => (a === cc && sideACcodes.has(b)) || (b === cc && sideACcodes.has(a)));
  const activityOf = (x: StateAtOnset, role: 'A' | 'B' | 'defB' | 'defA'): number => {
    if (role === 'A') return s.sharedTempoA ? 1 / f.sideA.length : 1;
    if (role === 'B') return s.activityB * (bordersSideA(x.ccode) ? s.borderActivityB : 1);
    return 1;
  };
  const loneAlliance = f.defendersB.length === 0 && s.loneTargetAlliance;
  const actor = (x: StateAtOnset, role: 'A' | 'B' | 'defB' | 'defA') => {
    const originator = role === 'A' || role === 'B';
    return {
      id: id(x.ccode),
      name: x.name,
      agency: originator,
      power: Math.min(1, Math.max(0, x.cinc)),
      nuclear: x.nuclear,
      ...(x.major ? { majorPower: true } : {}),
      theatreShare: { [THEATRE]: originator ? 1 : s.defenderTheatreShare },
      borders: bordersOf.get(x.ccode) ?? [],
      revisionism: role === 'A' ? s.revisionismA : role === 'B' ? s.revisionismB : 0,
      activity: Math.min(100, activityOf(x, role)),
      domesticThreshold: originator ? s.originatorThreshold : s.defenderThreshold,
      ...(role === 'B' ? { unilateralThreshold: s.unilateralThresholdB } : {}),
      // A lone target's one-member alliance gives it the member rules of answering (§4.4) but has no
      // ally to call: its Article 5 vote never passes (solidarity 0, threshold 1).
      ...(role === 'B' && loneAlliance ? { solidarity: 0, domesticThreshold: 1 } : {}),
    };
  };
  const actors = [
    ...f.sideA.map((x) => actor(x, 'A')),
    ...f.sideB.map((x) => actor(x, 'B')),
    ...f.defendersB.map((x) => actor(x, 'defB')),
    ...f.defendersA.map((x) => actor(x, 'defA')),
  ];
  const alliances: NonNullable<ScenarioInput['alliances']> = [];
  if (f.defendersB.length > 0 || s.loneTargetAlliance) {
    alliances.push({ id: 'defenceB', kind: 'collective-defense', members: [...f.sideB.map((x) => id(x.ccode)), ...f.defendersB.map((x) => id(x.ccode))] });
  }
  if (f.defendersA.length > 0) {
    // Id chosen to sort after 'defenceB': compiled alliances are in id order (D26), and this keeps
    // the target's alliance at index 0 as when scenarios/params/calibrated.yaml was fitted, so the
    // historical runs (and their keyed draws by alliance index) are unchanged by that rule.
    alliances.push({ id: 'supportA', kind: 'collective-defense', members: [...f.sideA.map((x) => id(x.ccode)), ...f.defendersA.map((x) => id(x.ccode))] });
  }
  const relations: NonNullable<ScenarioInput['relations']> = [];
  for (const a of f.sideA)
    for (const b of f.sideB) {
      relations.push({ from: id(a.ccode), to: id(b.ccode), hostility: s.hostilityA });
      relations.push({ from: id(b.ccode), to: id(a.ccode), hostility: s.hostilityB });
    }
  const scenario: ScenarioInput = {
    schemaVersion: 1,
    name: `MID ${f.dispnum}`,
    description: `MID ${f.dispnum} (${f.startYear}): ${f.sideA.map((x) => x.abb).join('+')} vs ${f.sideB.map((x) => x.abb).join('+')}, built from onset features`,
    horizonDays: s.horizonDays,
    theatres: [{ id: THEATRE, initialEpisodes: [{ sideA: id(f.sideA[0]!.ccode), sideB: id(f.sideB[0]!.ccode), rung: f.violentTrigger === true ? s.violentTriggerRung : 2 }] }],
    actors,
    alliances,
    relations,
    parameters: scenarioParameters(model),
    actions: historicalActionOverrides(s),
  };
  // Nuclear signalling (a revisionist's action) only where a side-A originator has the bomb.
  if (!f.sideA.some((x) => x.nuclear) && DEFAULT_CATALOG.some((a) => a.id === NUCLEAR_SIGNAL)) scenario.actions = { ...scenario.actions, [NUCLEAR_SIGNAL]: { base: 0 } };
  return scenario;
}

/** Actor ids of side B and its outside defenders in a built scenario (for reading reciprocation). */
/** Actor ids of the outside defenders (of either side) in a built scenario: who can "join". */
export function defenderIds(c: { features: DisputeFeatures }): string[] {
  const f = c.features;
  const ids = assignIds([...f.sideA, ...f.sideB, ...f.defendersB, ...f.defendersA]);
  return [...f.defendersB, ...f.defendersA].map((x) => ids.get(x.ccode)!);
}

export function sideIds(c: { features: DisputeFeatures }): { a: string[]; b: string[] } {
  const f = c.features;
  const ids = assignIds([...f.sideA, ...f.sideB, ...f.defendersB, ...f.defendersA]);
  return {
    a: [...f.sideA, ...f.defendersA].map((x) => ids.get(x.ccode)!),
    b: [...f.sideB, ...f.defendersB].map((x) => ids.get(x.ccode)!),
  };
}
