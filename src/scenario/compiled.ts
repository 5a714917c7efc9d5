/**
 * The compiled scenario the engine consumes: fully defaulted, ids resolved to integer indices,
 * per-actor attributes as typed arrays (struct of arrays). Nothing here is optional.
 */
import type { ActionDef, RuleAction } from '../model/catalog.js';
import type { Params } from '../model/params.js';

export interface CompiledPolicy {
  aidResponsiveness: number;
  aidMax: number;
  /** Tier weight w_tier: defensive 1, offensive 2, long-range 3. */
  aidTier: number;
  decoupledNarrative: boolean;
  respectPerceivedRedLine: boolean;
  forwardPosture: number;
  article4Propensity: number;
  /** Package strength per category index (CATEGORIES order). */
  playbook: Float64Array;
  secondarySanctions: boolean;
  /** 0 restrained, 1 firm, 2 provocative. */
  stance: number;
  /** Rung at which a war economy is triggered; 99 = never. */
  surgeTrigger: number;
  resilienceInvestment: number;
  readinessCostPerDay: number;
}

export interface CompiledAlliance {
  id: string;
  name: string;
  collectiveDefense: boolean;
  members: Int32Array;
  /** 1 where actor ix is a member. */
  memberMask: Uint8Array;
  /** Share of yes votes needed (1 = consensus). */
  quorumShare: number;
  deliberationDays: number;
  maxVoteRounds: number;
  interoperability: number;
  article4CooldownDays: number;
  coordination: boolean;
  policy: CompiledPolicy;
}

export interface CompiledPartner {
  actorIx: number;
  allianceIx: number;
  collapseThreshold: number;
  warCapacity0: number;
}

export interface CompiledDyad {
  a: number;
  b: number;
  /** "A-B": the key in results. */
  key: string;
}

export interface CompiledEpisodeInit {
  sideA: number;
  sideB: number;
  rung: number;
  war: boolean;
  balance: number;
}

export interface CompiledTheatre {
  id: string;
  name: string;
  initialEpisodes: CompiledEpisodeInit[];
}

export interface CompiledEnabler {
  from: number;
  to: number;
  supplyRate: number;
  diplomaticCover: number;
  /** What the link carries (§4.8), and the catalog action that announces it on day 0. */
  kind: 'dual-use' | 'munitions' | 'diplomatic';
  actionIx: number;
}

export interface CompiledInject {
  day: number;
  actorIx: number;
  actionIx: number;
  /** −1: drawn as for a chosen action. */
  targetIx: number;
  /** −1: the theatre shared by actor and target. */
  theatreIx: number;
  /** −1 unset, 0 accidental reading forced, 1 deliberate reading forced. */
  deliberate: number;
}

export interface CompiledActors {
  n: number;
  ids: string[];
  names: string[];
  agency: Uint8Array;
  nuclear: Uint8Array;
  /** Major power (schema majorPower; coercion by display, engine display.ts). */
  majorPower: Uint8Array;
  power: Float64Array;
  resolve: Float64Array;
  riskTolerance: Float64Array;
  revisionism: Float64Array;
  infoSusceptibility: Float64Array;
  resilience: Float64Array;
  solidarity: Float64Array;
  domesticThreshold: Float64Array;
  art4Threshold: Float64Array;
  unilateralThreshold: Float64Array;
  stockpile0: Float64Array;
  productionPerDay: Float64Array;
  surgeMax: Float64Array;
  surgeLagDays: Float64Array;
  spendingShareGdp: Float64Array;
  /** NaN where the actor has no red line. */
  redLine: Float64Array;
  cohesion0: Float64Array;
  sanctioned0: Float64Array;
  activity: Float64Array;
  /** n × nTheatres. */
  theatreShare: Float64Array;
  /** n × n, 1 where i borders j. */
  borders: Uint8Array;
  /**
   * A collective-defence alliance the actor belongs to (the smallest id), −1 if none: a membership
   * flag. The actor's bloc in a theatre is CompiledScenario.allianceIn, never this.
   */
  allianceIx: Int32Array;
  /** Index into partners, −1 if the actor is not a partner. */
  partnerIx: Int32Array;
}

export interface CompiledScenario {
  name: string;
  /** sha-256 (hex) of the canonical JSON of the validated scenario. */
  hash: string;
  horizonDays: number;
  params: Params;
  actors: CompiledActors;
  theatres: CompiledTheatre[];
  /** In canonical order: sorted by id, whatever the order of the scenario's list (D26). */
  alliances: CompiledAlliance[];
  /**
   * Default focal alliance: the first collective-defence alliance in the scenario FILE's order
   * (its index in `alliances`), −1 if none. The top-level Outcome fields describe it.
   */
  focalAllianceIx: number;
  /** n × nTheatres: the actor's collective-defence alliance (bloc) per theatre by the membership rule, −1 if none. */
  allianceIn: Int32Array;
  /** Pairs of states whose direct combat is an outcome (scenario `dyads`), in file order. */
  dyads: CompiledDyad[];
  partners: CompiledPartner[];
  /** n × n baseline hostility i→j (0 where no relation). */
  hostility0: Float64Array;
  /** n × n, 1 where the scenario names relation i→j. */
  relation: Uint8Array;
  perceivedResolve0: Float64Array;
  enablers: CompiledEnabler[];
  actions: ActionDef[];
  actionIndex: Record<string, number>;
  /** Catalog index of each action the engine's rules emit (RULE_ACTIONS), resolved at compile time. */
  ruleActions: Record<RuleAction, number>;
  injects: CompiledInject[];
}
