/**
 * Engine state: preallocated typed arrays (struct of arrays), integer indices, reset per
 * trajectory without allocation. One State per Simulator; a Simulator runs trajectories one
 * after another on the same buffers.
 *
 * Conventions: actor index i in [0, n); an "alliance actor" (the author of alliance decisions in
 * the event log) is n + allianceIx. A "bloc" — one side of an episode — is the actor's
 * collective-defence alliance (n + allianceIx) when it has one, else the actor itself.
 */
import type { CohesionPlan, Scratch } from './caches.js';
import { Explain } from './explain-book.js';
import { KeyedRandom, normalFromUniform, STREAM } from '../random/index.js';
import type { AllianceOutcomes, DyadOutcomes, Series } from './types.js';
import type { Params } from '../model/params.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { CATEGORIES, DOMAINS, SCORE_WEIGHTS } from '../model/ladder.js';
import { EventLog, Scheduler } from './log.js';
import { exp2 } from './fast-math.js';

export const NONE = -1;
// "Never" and "none yet" times are the global `Infinity`, not an imported constant: V8 folds
// `Infinity` to a machine double, while an imported module constant is an untyped heap value, and
// `let t = INF; ... t = x` or `c ? x : INF` then made V8 box every double x on the heap (~37 kB of
// garbage per trajectory in the event loop alone; docs/performance.md, fourth session).
/** Influence slots kept per agency actor for causal attribution (§"causes" in docs/model.md). */
export const INFLUENCE_SLOTS = 6;
/** A hostility change smaller than this does not trigger a hazard recomputation (the periodic refresh catches it). */
export const HOSTILITY_DIRTY_EPS = 0.005;
/**
 * Initial value of the scalar fields that will hold fractions (time, costs, score). V8 gives an
 * object field the representation of its first value: a field created as a small integer and
 * later given a fraction changes the State's hidden class, which throws away every optimised
 * function that reads the State (measured: the first ~10 trajectories of a process took 60 ms
 * each instead of 1.5 ms; docs/performance.md, "warm-up"). −0 is a double and equals 0.
 */
export const DOUBLE_ZERO = -0;

export const N_CATEGORIES = CATEGORIES.length;
export const N_DOMAINS = DOMAINS.length;
export const CAT = Object.fromEntries(CATEGORIES.map((c, i) => [c, i])) as Record<(typeof CATEGORIES)[number], number>;
export const DOM = Object.fromEntries(DOMAINS.map((d, i) => [d, i])) as Record<(typeof DOMAINS)[number], number>;

/**
 * Target kinds as small integers (catalog `target`). Kinds 5–8 are the member and rival kinds
 * restricted by an action's reach (catalog `reach`, docs/model.md §4.1 "Reach"): hazards aggregate
 * their candidates apart, so an action is open only where a reachable candidate exists.
 */
export const TK = { none: 0, member: 1, rival: 2, partner: 3, enemy: 4, memberBorder: 5, rivalBorder: 6, memberTheatre: 7, rivalTheatre: 8 } as const;
export const N_TK = 9;
/** Reach classes (catalog `reach`) and the bits of State.reachBits. */
export const REACH = { any: 0, border: 1, theatre: 2 } as const;
/** The hazard kind of an action of base target kind `kind` and reach `reach`. */
export function reachKind(kind: number, reach: number): number {
  if (reach === REACH.border) return kind === TK.member ? TK.memberBorder : kind === TK.rival ? TK.rivalBorder : kind;
  if (reach === REACH.theatre) return kind === TK.member ? TK.memberTheatre : kind === TK.rival ? TK.rivalTheatre : kind;
  return kind;
}
/** Users (catalog `user`). */
export const US = { revisionist: 0, belligerent: 1, any: 2, rule: 3, partner: 4 } as const;

export class State {
  readonly sc: CompiledScenario;
  readonly p: Params;
  readonly n: number;
  readonly nT: number;
  readonly nAl: number;
  readonly nAct: number;
  readonly horizon: number;
  readonly rng = new KeyedRandom(0, 0);
  readonly log = new EventLog();
  readonly sched = new Scheduler();

  // ---- per-action static columns (copied from the catalog for fast access) ----
  readonly aCat: Int8Array;
  readonly aSev: Float64Array;
  readonly aScore: Float64Array;
  readonly aDomain: Int8Array;
  readonly aTarget: Int8Array;
  readonly aUser: Int8Array;
  readonly aRung: Int8Array;
  readonly aMinRung: Int8Array;
  readonly aMaxRung: Int8Array;
  readonly aBase: Float64Array;
  readonly aCost: Float64Array;
  readonly aRespSev: Float64Array;
  readonly aKinetic: Uint8Array;
  /** 1 for actions of score class nonviolent (Article 4's trigger rule, art4NonviolentTriggerProb). */
  readonly aNonviolent: Uint8Array;
  readonly aAccidental: Uint8Array;
  readonly aRedLine: Uint8Array;
  readonly aDeny: Float64Array;
  readonly aDetect: Float64Array;
  readonly aMid: Int8Array;
  readonly aNeedsTier: Int8Array;
  /** Reach class per action (REACH). */
  readonly aReach: Int8Array;
  /**
   * Static reach per ordered pair (n × n), from the scenario's borders and initial theatre shares:
   * bit REACH.border when i borders j; bit REACH.theatre when i borders j, or j's forces are in the
   * theatre where they meet and i commits at least reachMinTheatreShare of its power there.
   */
  readonly reachBits: Uint8Array;
  /** Per agent slot: its grouped rivals (members of an alliance) that border it (reach `border`). */
  readonly borderGrouped: Int32Array[];
  /** Per group: 1 if every member is theatre-reachable by the group's agent (sums reused as they are). */
  readonly gReachAll: Uint8Array;
  /** Static utility coefficients per action (parameters folded in, §4.0–4.1). */
  readonly uGainVul: Float64Array; // × revisionism × vulnerability
  readonly uBalance: Float64Array; // aimBalanceWeight × balance effect
  readonly uDeesc: Float64Array; // aimStatusQuoWeight × de-escalation effect
  readonly uCost: Float64Array; // w_cost × cost
  readonly uRisk: Float64Array; // w_risk × responseSeverity/10
  readonly uLosing: Float64Array; // whenLosing × nuclearSignalLossWeight

  /** Agency actors, and the choosable actions of each (by its role). */
  readonly agents: Int32Array;
  readonly agentSlot: Int32Array; // actor -> slot in agents, −1
  readonly agentActions: Int32Array[]; // per slot
  /** Rival candidates per actor (relations i→j), and subsets by kind. */
  readonly rivals: Int32Array[];
  readonly memberRivals: Int32Array[];
  readonly partnerRivals: Int32Array[];
  /**
   * Target groups (performance, docs/performance.md): each agent's rivals that belong to an
   * alliance in the theatre where they meet are grouped by (alliance, theatre); running sums of
   * their vulnerability and of the agent's hostility toward them make a hazard recomputation
   * O(groups) instead of O(rivals). g = (slot·nAl + alliance)·nT + theatre.
   */
  readonly gCount: Int32Array;
  readonly gVulSum: Float64Array;
  readonly gHostSum: Float64Array;
  readonly gTaint: Uint8Array; // a member of the group is at war with the agent: aggregate per candidate
  readonly gMembers: Int32Array[];
  /** Per agent slot × actor: the group index of that rival, −1 if a single (non-member) rival. */
  readonly groupOf: Int32Array;
  /** Per actor: the groups it belongs to (for vulnerability updates). */
  readonly groupsOfActor: Int32Array[];
  /** The actors in at least one group, and a per-actor scratch for their vulnerability (sumVulnerability). */
  readonly grouped: Int32Array;
  readonly vulScratch: Float64Array;
  /** Per agent slot: rivals that are not grouped (partners, non-members), and their rival index. */
  readonly singles: Int32Array[];
  readonly singleQ: Int32Array[];
  /** Per actor: latest end of a retaliation window against it by any member. */
  readonly retalMax: Float64Array;
  /** Playbook strength per (alliance, category), flat. */
  readonly pbFlat: Float64Array;
  /** Per agent slot: its rivals' static metadata (theatre where they meet, bloc there, membership). */
  readonly candTheatre: Int32Array[];
  readonly candBloc: Int32Array[];
  readonly candMember: Uint8Array[];
  readonly candPartner: Uint8Array[];
  readonly primaryTheatre: Int32Array;
  /** The default focal alliance (the first collective-defence alliance in file order; its compiled index), −1. */
  readonly focal: number;
  /** Compiled indices of the collective-defence alliances, ascending (the per-alliance outcomes' order). */
  readonly cdAlliances: Int32Array;
  readonly revisionist: Uint8Array;

  /** Static: theatre where i and j meet (n × n), and each actor's alliance per theatre (n × nT). */
  readonly pairTheatre: Int8Array;
  readonly allianceIn: Int32Array;
  /** Collective-defence alliances of each actor (for cohesion sums). */
  readonly alliancesOf: Int32Array[];
  /** Enemies (actors on the other side of an active war episode), n × n with counts. */
  readonly enemies: Int32Array;
  readonly enemyCount: Int32Array;
  /** n × n: 1 where j is among i's enemies (the same lists as a mask: isEnemy in O(1)). */
  readonly enemyMask: Uint8Array;
  /** Per (actor, action): events so far (keys attribution draws, so CRN survives elsewhere). */
  readonly kindCount: Int32Array;
  /** Alliance caches: Σ member cohesion, member stock adequacy mean, power per theatre (nAl × nT). */
  readonly cohesionSum: Float64Array;
  readonly stockAdequacy: Float64Array;
  readonly alliancePower: Float64Array;
  /** Perceived resolve of each agent slot toward each alliance (nAgents × nAl). */
  readonly resolveToward: Float64Array;
  readonly resolveToward0: Float64Array;
  /** Relation pairs whose hostility differs from baseline (relaxed weekly). */
  touchedCount = 0;
  touched: Int32Array;
  readonly touchedFlag: Uint8Array;
  readonly aidDraw: Float64Array;

  // ---- time ----
  day = 0;
  t = DOUBLE_ZERO;

  // ---- actor dynamics ----
  readonly pressure: Float64Array; // value at pressureT
  readonly pressureT: Float64Array;
  readonly cohesion: Float64Array; // relaxed weekly
  readonly stockpile: Float64Array;
  readonly surgeStartT: Float64Array; // day the war economy started, Infinity if not
  readonly warCapacity: Float64Array;
  readonly resilience: Float64Array;
  readonly infoSusc: Float64Array;
  readonly share: Float64Array; // n × nT, dynamic theatre share
  /** Bumped whenever any theatre share changes value (reset, reallocation): keys the caches of share-derived values. */
  shareVersion = 0;
  /** Per agent slot: coerciveConfidence and the shareVersion it was computed at (−1: none). */
  readonly coerciveCache: Float64Array;
  readonly coerciveCacheVersion: Float64Array;
  readonly sanctioned: Float64Array; // 0..1 sanction level on actor
  readonly supplyCut: Float64Array; // per enabler link: share of supply cut
  /** Enabler support σ per actor, 0..1 (§4.8): S/(S + enablerHalfSupply), S its supply after cuts. Set on day 0. */
  readonly enablerSupport: Float64Array;
  readonly art4LastT: Float64Array;
  readonly unilateralLastT: Float64Array;
  readonly homelandHitT: Float64Array;
  readonly defeatSinceT: Float64Array;
  readonly pbHeat: Float64Array; // playbook packages applied against actor (decays with hostility half-life)
  readonly pbHeatT: Float64Array;
  readonly belligerentEver: Uint8Array; // party to deliberate kinetic conflict at any time
  /** n × nT: opening time of the episode in which a member last joined its ally below war (joining.ts), −∞ if none. */
  readonly joinOpen: Float64Array;
  /** Initiator satiation (satiation.ts): level at satiationT, decaying with satiationHalfLifeDays. */
  readonly satiation: Float64Array;
  readonly satiationT: Float64Array;
  readonly atWar: Int32Array; // number of active war episodes the actor is party to
  readonly attributedCount: Int32Array; // n × nAct: attributed events of this kind by this actor
  readonly maxMid: Int8Array;

  // ---- relations (n × n) ----
  readonly hostility: Float64Array;
  readonly perceivedResolve: Float64Array;
  readonly retaliationUntil: Float64Array;
  readonly retaliationEvent: Int32Array;
  /** Perception bias of agent slot s toward bloc b (alliances and single actors). */
  readonly biasAlliance: Float64Array; // nAgents × nAl
  readonly biasActor: Float64Array; // nAgents × n

  // ---- alliances ----
  readonly debt: Float64Array;
  readonly debtT: Float64Array;
  readonly peakDebt: Float64Array;
  readonly art4EndT: Float64Array; // consultation in progress until
  readonly art4EventId: Int32Array;
  readonly art5Open: Uint8Array;
  readonly art5Round: Int32Array;
  readonly art5Threat: Float64Array;
  readonly art5LastAttackT: Float64Array;
  readonly art5LastRoundT: Float64Array;
  readonly art5Attacker: Int32Array;
  readonly art5Target: Int32Array;
  readonly art5Event: Int32Array;
  readonly art5Count: Int32Array; // deliberations opened (keys the vote noise)
  readonly art5InvokedT: Float64Array; // Infinity if never
  readonly arrivalT: Float64Array; // members' forces arrive (lead time)
  readonly voteNoise: Float64Array; // n: this deliberation's ε per member
  readonly perceivedRedLine: Float64Array; // nAl × n
  readonly allianceSurge: Uint8Array;

  // ---- pending sub-threshold events awaiting an answer (§4.3) ----
  pendCount = 0;
  pendDay: Float64Array = new Float64Array(256);
  pendSev: Float64Array = new Float64Array(256);
  pendAlliance: Int32Array = new Int32Array(256);
  pendEvent: Int32Array = new Int32Array(256);

  // ---- partners / aid ----
  readonly aid: Float64Array; // per partner
  readonly aidTierEmitted: Float64Array; // highest aid level (multiple of 0.5) already announced
  readonly redLineCrossed: Uint8Array;
  /** Per partner: the day up to which aid.ts has stepped its aid (the next day it is due; D62 multi-day steps). */
  readonly aidStepTo: Float64Array;
  readonly collapsed: Uint8Array;

  // ---- theatres ----
  readonly rung: Int32Array;
  readonly maxRung: Int32Array;
  readonly rung0: Int32Array;
  readonly coordUntil: Float64Array;
  readonly domainEngaged: Uint8Array; // nT × N_DOMAINS
  readonly coordEvent: Int32Array;

  // ---- episodes (pool) ----
  epCap = 64;
  epCount = 0; // slots used (active or not)
  epActive = new Uint8Array(64);
  epTheatre = new Int32Array(64);
  epA = new Int32Array(64); // bloc
  epB = new Int32Array(64);
  epLeadA = new Int32Array(64); // the actor leading side A (for war)
  epLeadB = new Int32Array(64);
  epRung = new Int32Array(64);
  epOpen = new Float64Array(64);
  epLastHostile = new Float64Array(64);
  epEnd = new Float64Array(64); // scheduled end (non-war) day
  epWar = new Uint8Array(64);
  epBalance = new Float64Array(64);
  epClock = new Float64Array(64); // accumulated ceasefire hazard
  epThreshold = new Float64Array(64); // Exp(1) ceasefire threshold
  epTalksUntil = new Float64Array(64);
  epHostileCount = new Int32Array(64);
  epInitial = new Uint8Array(64);
  epOpenEvent = new Int32Array(64);
  /** Per war episode: the day up to which war.ts has stepped it (the next day it is due; D62 multi-day steps). */
  epStepTo = new Float64Array(64);
  /** War sides: per war episode, membership by actor (1 side A, 2 side B); allocated on demand. */
  epSide: Uint8Array[] = [];
  /** War sides as a list of belligerents per war episode (for loops that skip non-parties). */
  epMembers: Int32Array[] = [];
  epMemberCount = new Int32Array(64);
  endedDurations: number[] = [];
  firstEpisodeEnd = -1.5; // < 0: none yet (a double from the start: see DOUBLE_ZERO)

  // ---- agent clocks (competing hazards, §4.1) ----
  readonly hz: Float64Array; // nAgents × nAct
  readonly hzTotal: Float64Array;
  readonly clockT0: Float64Array;
  readonly clockRemaining: Float64Array;
  readonly nextTime: Float64Array;
  readonly fireCount: Int32Array;
  readonly dirty: Uint8Array;
  readonly lastRecompute: Float64Array;
  /** Adaptive periodic refresh (simulator.refreshStaleAndDirty): each agent's current interval, and the hazards' move at its last recomputation (Σ|Δh| / Σh_old). */
  readonly refreshEvery: Float64Array;
  readonly lastDrift: Float64Array;
  /** Periodic refreshes in this trajectory (diagnostics: tests and the benchmark). */
  periodicRefreshes = 0;
  readonly nuclearClock: Float64Array;
  readonly nuclearThreshold: Float64Array;

  // ---- influence (causes) ----
  readonly infEvent: Int32Array;
  readonly infWeight: Float64Array;
  /** Bloc an influence concerns (n + alliance, or an actor), −1 for any. */
  readonly infScope: Int32Array;
  /** Decision and reason records (explain.ts), only while tracing; null otherwise (the hot loops test only this). */
  explain: Explain | null = null;

  // ---- outcome accumulators ----
  /**
   * Per alliance (compiled index; read for collective-defence ones), reset per trajectory: day
   * drawn in, Article 4 consultations and first day, cost accounts (§4.12), surge integral. The
   * Outcome's top-level fields are the focal alliance's entries.
   */
  readonly alDrawnInDay: Float64Array;
  readonly alArt4Count: Int32Array;
  readonly alArt4FirstDay: Float64Array;
  /** Whole days with a consultation open (Outcome art4Days), and the day up to which (exclusive) they are counted. */
  readonly alArt4Days: Int32Array;
  /** Members that joined an attacked ally below war (joining.ts; Outcome joinsBelowWar). */
  readonly alJoinsBelowWar: Int32Array;
  readonly alArt4DaysUntil: Float64Array;
  readonly alCostAid: Float64Array;
  readonly alCostDeterrence: Float64Array;
  readonly alCostRisk: Float64Array;
  readonly alSurgeIntegral: Float64Array;
  /** Scratch flags per alliance (war.ts: which alliances have a member in a war), all 0 between uses. */
  readonly alFlag: Uint8Array;
  /** Dyads (scenario `dyads`): the two states, and the first day of direct combat (Infinity if none). */
  readonly dyadA: Int32Array;
  readonly dyadB: Int32Array;
  readonly dyadDay: Float64Array;
  horizontalDay = Infinity;
  collapseDay = Infinity;
  nuclearDay = Infinity;
  score = DOUBLE_ZERO;
  grayzone = 0;
  joiners = 0;
  pathwayEvent = NONE;

  /**
   * Structures derived from the compiled scenario, built on first use by the mechanism that owns
   * them and kept here, so that no module holds per-state data of its own (a module-level map keyed
   * by State did before): choice.ts's scratch buffers, cohesion.ts's stepping plan, enablers.ts's
   * multi-theatre movers, industry.ts's member power sums and the share version at which the
   * alliances' theatre power was last computed (−1: never).
   */
  /** The decision and reason book, allocated on the first traced trajectory and reused (`explain` points to it while tracing). */
  explainBook: Explain | null = null;
  /**
   * Output buffers the observers write (outcomes.ts, series.ts): the weekly series (sampled during
   * the trajectory, so part of its state) and, with RunOptions.reuseOutcomeArrays, the per-alliance
   * and per-dyad outcome arrays, overwritten by the next trajectory.
   */
  series: Series | null = null;
  outAlliance: AllianceOutcomes | null = null;
  outDyads: DyadOutcomes | null = null;
  /** The event the scheduler last popped (time, kind, a, b, c): a scratch the event loop reuses. */
  readonly ev = { time: DOUBLE_ZERO, kind: 0, a: 0, b: 0, c: 0 };

  // ---- static, derived from the scenario at construction ----
  /** 1 for members of a partnership with cross-theatre coordination (§4.8). */
  readonly coordinating: Uint8Array;
  /** Does any theatre open with an initial episode (Outcome.firstEpisodeDays)? */
  readonly hasInitialEpisode: boolean;
  /** The first initial war's side A (the weekly adversary-stockpile series), −1 if none. */
  readonly mainAdversary: number;
  /** Per actor: its industrial cover (industry.ts coverOf), filled by the Simulator at construction. */
  readonly cover: Float64Array;
  choiceScratch: Scratch | null = null;
  cohesionPlan: CohesionPlan | null = null;
  movers: Int32Array | null = null;
  memberPowerSums: Float64Array | null = null;
  alliancePowerVersion = -1;
  /**
   * simulator.ts's daily scan of episode ends and the war-economy trigger: the log count after the
   * last scan (−1: scan next day) and the earliest scheduled end of an active non-war episode then.
   */
  dailyScanLog = -1;
  dailyScanNextEnd = -Infinity;
  /** war.ts's scratch for a multi-day step (per member: end stock, end war capacity); no state between calls. */
  warScratch: Float64Array | null = null;

  constructor(sc: CompiledScenario) {
    this.sc = sc;
    this.p = sc.params;
    const n = (this.n = sc.actors.n);
    const nT = (this.nT = sc.theatres.length);
    const nAl = (this.nAl = sc.alliances.length);
    const acts = sc.actions;
    const nAct = (this.nAct = acts.length);
    this.horizon = sc.horizonDays;
    this.coordinating = new Uint8Array(n);
    for (const al of sc.alliances) if (!al.collectiveDefense && al.coordination) for (let mq = 0, ms = al.members; mq < ms.length; mq++) this.coordinating[ms[mq]!] = 1;
    this.hasInitialEpisode = sc.theatres.some((t) => t.initialEpisodes.length > 0);
    let adv = -1;
    for (const th of sc.theatres) for (const ep of th.initialEpisodes) if (ep.war && adv < 0) adv = ep.sideA;
    this.mainAdversary = adv;
    this.cover = new Float64Array(n);

    const TKmap: Record<string, number> = TK;
    const USmap: Record<string, number> = US;
    this.aCat = Int8Array.from(acts.map((a) => CAT[a.category]));
    this.aSev = Float64Array.from(acts.map((a) => a.severity));
    this.aScore = Float64Array.from(acts.map((a) => SCORE_WEIGHTS[a.scoreClass]));
    this.aDomain = Int8Array.from(acts.map((a) => DOM[a.domain]));
    this.aTarget = Int8Array.from(acts.map((a) => TKmap[a.target]!));
    this.aUser = Int8Array.from(acts.map((a) => USmap[a.user]!));
    this.aRung = Int8Array.from(acts.map((a) => a.rung));
    this.aMinRung = Int8Array.from(acts.map((a) => a.minRung));
    this.aMaxRung = Int8Array.from(acts.map((a) => a.maxRung));
    // MODEL.md §7: history identifies the base hazards of threats, displays, force and war; the
    // four calibrated scales multiply the choosable actions of each MID level (war-fighting and
    // de-escalation actions excepted).
    const midScale = [1, 1, sc.params.baseScaleThreat, sc.params.baseScaleDisplay, sc.params.baseScaleForce, sc.params.baseScaleWar];
    this.aBase = Float64Array.from(acts.map((a) =>
      a.user === 'rule' || a.user === 'belligerent' || a.user === 'partner' || a.category === 'deescalation' ? a.base : a.base * (midScale[a.midLevel] ?? 1)));
    this.aCost = Float64Array.from(acts.map((a) => a.cost));
    this.aRespSev = Float64Array.from(acts.map((a) => a.responseSeverity));
    this.aKinetic = Uint8Array.from(acts.map((a) => (a.kinetic ? 1 : 0)));
    this.aNonviolent = Uint8Array.from(acts.map((a) => (a.scoreClass === 'nonviolent' ? 1 : 0)));
    this.aAccidental = Uint8Array.from(acts.map((a) => (a.accidental ? 1 : 0)));
    this.aRedLine = Uint8Array.from(acts.map((a) => (a.redLineSensitive ? 1 : 0)));
    this.aDeny = Float64Array.from(acts.map((a) => a.deniability));
    this.aDetect = Float64Array.from(acts.map((a) => a.pDetect));
    this.aMid = Int8Array.from(acts.map((a) => a.midLevel));
    this.aNeedsTier = Int8Array.from(acts.map((a) => a.requiresAidTier));
    this.aReach = Int8Array.from(acts.map((a) => REACH[a.reach ?? 'any']));
    const P = sc.params;
    this.uGainVul = Float64Array.from(acts.map((a) => P.aimCollapseWeight * a.effects.collapse + P.aimCohesionWeight * a.effects.cohesion + P.aimCredibilityWeight * a.effects.credibility));
    this.uBalance = Float64Array.from(acts.map((a) => P.aimBalanceWeight * a.effects.balance));
    this.uDeesc = Float64Array.from(acts.map((a) => P.aimStatusQuoWeight * a.effects.deescalate));
    this.uCost = Float64Array.from(acts.map((a) => P.weightCost * a.cost));
    this.uRisk = Float64Array.from(acts.map((a) => (P.weightRisk * a.responseSeverity) / 10));
    this.uLosing = Float64Array.from(acts.map((a) => a.effects.whenLosing * P.nuclearSignalLossWeight));

    const A = sc.actors;
    this.revisionist = Uint8Array.from(A.revisionism, (r) => (r >= sc.params.revisionistThreshold ? 1 : 0));
    const agents: number[] = [];
    for (let i = 0; i < n; i++) if (A.agency[i]) agents.push(i);
    this.agents = Int32Array.from(agents);
    this.agentSlot = new Int32Array(n).fill(-1);
    agents.forEach((i, s) => (this.agentSlot[i] = s));
    this.agentActions = agents.map((i) => {
      const list: number[] = [];
      for (let a = 0; a < nAct; a++) {
        const u = this.aUser[a]!;
        if (u === US.rule || this.aBase[a]! <= 0) continue;
        if (u === US.revisionist && !this.revisionist[i]) continue;
        list.push(a);
      }
      return Int32Array.from(list);
    });
    this.rivals = [];
    this.memberRivals = [];
    this.partnerRivals = [];
    for (let i = 0; i < n; i++) {
      const r: number[] = [], m: number[] = [], pr: number[] = [];
      for (let j = 0; j < n; j++) {
        if (!sc.relation[i * n + j] || sc.hostility0[i * n + j]! <= 0) continue;
        r.push(j);
        if (A.allianceIx[j]! >= 0) m.push(j);
        if (A.partnerIx[j]! >= 0) pr.push(j);
      }
      this.rivals.push(Int32Array.from(r));
      this.memberRivals.push(Int32Array.from(m));
      this.partnerRivals.push(Int32Array.from(pr));
    }
    this.primaryTheatre = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let t = 1; t < nT; t++) if (A.theatreShare[i * nT + t]! > A.theatreShare[i * nT + best]!) best = t;
      this.primaryTheatre[i] = best;
    }
    this.focal = sc.focalAllianceIx;

    this.pairTheatre = new Int8Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let best = this.primaryTheatre[j]!, bestV = 0;
        for (let t = 0; t < nT; t++) {
          const v = A.theatreShare[i * nT + t]! * A.theatreShare[j * nT + t]!;
          if (v > bestV) { bestV = v; best = t; }
        }
        this.pairTheatre[i * n + j] = best;
      }
    // The bloc of each actor per theatre comes from the compiled membership rule (compile.ts
    // membershipByTheatre: largest summed member share, ties to the smallest id; D26).
    this.allianceIn = sc.allianceIn;
    this.alliancesOf = [];
    for (let i = 0; i < n; i++) {
      const mine: number[] = [];
      sc.alliances.forEach((al, k) => { if (al.collectiveDefense && al.memberMask[i]) mine.push(k); });
      this.alliancesOf.push(Int32Array.from(mine));
    }
    this.cdAlliances = Int32Array.from(sc.alliances.flatMap((al, k) => (al.collectiveDefense ? [k] : [])));
    this.dyadA = Int32Array.from(sc.dyads.map((d) => d.a));
    this.dyadB = Int32Array.from(sc.dyads.map((d) => d.b));
    this.dyadDay = new Float64Array(sc.dyads.length);
    this.enemies = new Int32Array(n * n);
    this.enemyMask = new Uint8Array(n * n);
    this.enemyCount = new Int32Array(n);
    this.kindCount = new Int32Array(n * nAct);
    this.cohesionSum = new Float64Array(nAl);
    this.stockAdequacy = new Float64Array(nAl);
    this.alliancePower = new Float64Array(nAl * nT);
    this.resolveToward = new Float64Array(agents.length * nAl);
    this.resolveToward0 = new Float64Array(agents.length * nAl);
    agents.forEach((i, s) => {
      sc.alliances.forEach((al, k) => {
        let sum = 0, cnt = 0;
        for (const m of al.members) if (sc.relation[i * n + m]) { sum += sc.perceivedResolve0[i * n + m]!; cnt++; }
        this.resolveToward0[s * nAl + k] = cnt > 0 ? sum / cnt : 0.5;
      });
    });
    this.pbFlat = new Float64Array(Math.max(1, nAl) * N_CATEGORIES);
    sc.alliances.forEach((al, k) => this.pbFlat.set(al.policy.playbook, k * N_CATEGORIES));
    this.candTheatre = []; this.candBloc = []; this.candMember = []; this.candPartner = [];
    for (const i of agents) {
      const rv = this.rivals[i]!;
      const th = new Int32Array(rv.length), bl = new Int32Array(rv.length), mb = new Uint8Array(rv.length), pt = new Uint8Array(rv.length);
      rv.forEach((j, q) => {
        const t = this.pairTheatre[i * n + j]!;
        th[q] = t;
        const al = this.allianceIn[j * nT + t]!;
        bl[q] = al >= 0 ? n + al : j;
        mb[q] = al >= 0 ? 1 : 0;
        pt[q] = A.partnerIx[j]! >= 0 ? 1 : 0;
      });
      this.candTheatre.push(th); this.candBloc.push(bl); this.candMember.push(mb); this.candPartner.push(pt);
    }
    const nAg0 = agents.length;
    const nG = Math.max(1, nAg0 * nAl * nT);
    this.gCount = new Int32Array(nG); this.gVulSum = new Float64Array(nG); this.gHostSum = new Float64Array(nG);
    this.gTaint = new Uint8Array(nG);
    this.groupOf = new Int32Array(nAg0 * n).fill(-1);
    const gm: number[][] = Array.from({ length: nG }, () => []);
    const goa: number[][] = Array.from({ length: n }, () => []);
    this.singles = []; this.singleQ = [];
    agents.forEach((i, sl) => {
      const sgl: number[] = [], sq: number[] = [];
      this.rivals[i]!.forEach((j, q) => {
        const t = this.candTheatre[sl]![q]!;
        const b = this.candBloc[sl]![q]!;
        if (b >= n && A.partnerIx[j]! < 0) {
          const g = (sl * nAl + (b - n)) * nT + t;
          this.groupOf[sl * n + j] = g;
          gm[g]!.push(j);
          goa[j]!.push(g);
        } else {
          sgl.push(j);
          sq.push(q);
        }
      });
      this.singles.push(Int32Array.from(sgl));
      this.singleQ.push(Int32Array.from(sq));
    });
    this.gMembers = gm.map((x) => Int32Array.from(x));
    gm.forEach((x, g) => (this.gCount[g] = x.length));
    this.groupsOfActor = goa.map((x) => Int32Array.from(x));
    this.grouped = Int32Array.from(goa.flatMap((x, j) => (x.length > 0 ? [j] : [])));
    this.vulScratch = new Float64Array(n);
    // Reach (catalog `reach`): static, from borders and the initial theatre shares.
    this.reachBits = new Uint8Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const t = this.pairTheatre[i * n + j]!;
        const border = A.borders[i * n + j] ? 1 : 0;
        const inTheatre = A.theatreShare[i * nT + t]! >= sc.params.reachMinTheatreShare && A.theatreShare[j * nT + t]! > 0;
        this.reachBits[i * n + j] = (border ? REACH.border | REACH.theatre : 0) | (inTheatre ? REACH.theatre : 0);
      }
    this.borderGrouped = agents.map((i, sl) => Int32Array.from(this.rivals[i]!.filter((j) => this.groupOf[sl * n + j]! >= 0 && (this.reachBits[i * n + j]! & REACH.border) !== 0)));
    this.gReachAll = new Uint8Array(nG);
    for (let g = 0; g < nG; g++) {
      const m = this.gMembers[g]!;
      if (m.length === 0) continue;
      const i = agents[Math.floor(g / (nAl * nT))]!;
      let all = 1;
      for (const j of m) if ((this.reachBits[i * n + j]! & REACH.theatre) === 0) all = 0;
      this.gReachAll[g] = all;
    }
    this.retalMax = new Float64Array(n);
    this.touched = new Int32Array(64);
    this.touchedFlag = new Uint8Array(n * n);
    this.aidDraw = new Float64Array(nAl);

    const f = (k: number) => new Float64Array(k);
    this.pressure = f(n); this.pressureT = f(n); this.cohesion = f(n); this.stockpile = f(n);
    this.surgeStartT = f(n); this.warCapacity = f(n); this.resilience = f(n); this.infoSusc = f(n);
    this.share = f(n * nT); this.sanctioned = f(n); this.enablerSupport = f(n);
    this.coerciveCache = f(agents.length); this.coerciveCacheVersion = f(agents.length).fill(-1); this.supplyCut = f(sc.enablers.length);
    this.art4LastT = f(n); this.unilateralLastT = f(n); this.homelandHitT = f(n); this.defeatSinceT = f(n);
    this.pbHeat = f(n); this.pbHeatT = f(n);
    this.joinOpen = f(n * nT); this.satiation = f(n); this.satiationT = f(n);
    this.belligerentEver = new Uint8Array(n); this.atWar = new Int32Array(n);
    this.attributedCount = new Int32Array(n * nAct);
    this.maxMid = new Int8Array(n);
    this.hostility = f(n * n); this.perceivedResolve = f(n * n); this.retaliationUntil = f(n * n); this.retaliationEvent = new Int32Array(n * n);
    this.biasAlliance = f(agents.length * nAl); this.biasActor = f(agents.length * n);
    this.debt = f(nAl); this.debtT = f(nAl); this.peakDebt = f(nAl); this.art4EndT = f(nAl);
    this.art4EventId = new Int32Array(nAl);
    this.art5Open = new Uint8Array(nAl); this.art5Round = new Int32Array(nAl); this.art5Threat = f(nAl);
    this.art5LastAttackT = f(nAl); this.art5LastRoundT = f(nAl); this.art5Attacker = new Int32Array(nAl);
    this.art5Target = new Int32Array(nAl); this.art5Event = new Int32Array(nAl); this.art5Count = new Int32Array(nAl);
    this.art5InvokedT = f(nAl); this.arrivalT = f(nAl); this.voteNoise = f(n);
    this.alDrawnInDay = f(nAl); this.alArt4Count = new Int32Array(nAl); this.alArt4FirstDay = f(nAl); this.alArt4Days = new Int32Array(nAl); this.alJoinsBelowWar = new Int32Array(nAl); this.alArt4DaysUntil = f(nAl);
    this.alCostAid = f(nAl); this.alCostDeterrence = f(nAl); this.alCostRisk = f(nAl); this.alSurgeIntegral = f(nAl); this.alFlag = new Uint8Array(nAl);
    this.perceivedRedLine = f(nAl * n); this.allianceSurge = new Uint8Array(nAl);
    const nP = sc.partners.length;
    this.aid = f(nP); this.aidTierEmitted = f(nP); this.aidStepTo = f(nP); this.redLineCrossed = new Uint8Array(nP); this.collapsed = new Uint8Array(nP);
    this.rung = new Int32Array(nT); this.maxRung = new Int32Array(nT); this.rung0 = new Int32Array(nT);
    this.coordUntil = f(nT); this.domainEngaged = new Uint8Array(nT * N_DOMAINS); this.coordEvent = new Int32Array(nT);
    const nAg = agents.length;
    this.hz = f(nAg * nAct); this.hzTotal = f(nAg); this.clockT0 = f(nAg); this.clockRemaining = f(nAg);
    this.nextTime = f(nAg); this.fireCount = new Int32Array(nAg); this.dirty = new Uint8Array(nAg); this.lastRecompute = f(nAg); this.refreshEvery = f(nAg); this.lastDrift = f(nAg);
    this.nuclearClock = f(n); this.nuclearThreshold = f(n);
    this.infEvent = new Int32Array(nAg * INFLUENCE_SLOTS); this.infWeight = f(nAg * INFLUENCE_SLOTS); this.infScope = new Int32Array(nAg * INFLUENCE_SLOTS);
  }

  /**
   * Every per-trajectory field back to its day-0 value for trajectory (seed, trajectory), without
   * allocating: the State owns its reset, so a field added to State is reset here, next to the
   * others (the initial conditions that need the mechanisms, such as the scenario's initial
   * episodes, are trajectory.ts's startTrajectory). `trace` turns the decision and reason book on.
   * Per-trajectory draws are keyed by (stream, actor, …), never by the order they are made in.
   */
  reset(seed: number, trajectory: number, trace: boolean): void {
    const sc = this.sc;
    const A = sc.actors;
    const p = this.p;
    const n = this.n;
    this.rng.rekey(seed, trajectory);
    this.day = 0;
    this.t = 0;
    this.log.reset();
    this.sched.reset();
    if (trace) {
      if (this.explainBook === null) this.explainBook = new Explain(this.agentActions, N_TK * N_CATEGORIES);
      this.explainBook.reset();
      this.explain = this.explainBook;
    } else this.explain = null;
    for (let i = 0; i < n; i++) {
      this.pressure[i] = 0; this.pressureT[i] = 0; this.cohesion[i] = A.cohesion0[i]!; this.stockpile[i] = A.stockpile0[i]!;
      this.surgeStartT[i] = Infinity; this.resilience[i] = A.resilience[i]!; this.infoSusc[i] = A.infoSusceptibility[i]!;
      this.sanctioned[i] = A.sanctioned0[i]!; this.art4LastT[i] = -Infinity; this.unilateralLastT[i] = -Infinity; this.homelandHitT[i] = -Infinity;
      this.defeatSinceT[i] = Infinity; this.pbHeat[i] = 0; this.pbHeatT[i] = 0; this.belligerentEver[i] = 0; this.atWar[i] = 0; this.maxMid[i] = 1;
      const pk = A.partnerIx[i]!;
      this.warCapacity[i] = pk >= 0 ? sc.partners[pk]!.warCapacity0 : 1;
      this.nuclearClock[i] = 0;
      this.nuclearThreshold[i] = A.nuclear[i] ? -Math.log(this.rng.u(STREAM.nuclear, i, 0)) : Infinity;
    }
    this.share.set(A.theatreShare);
    this.shareVersion++;
    this.attributedCount.fill(0);
    this.kindCount.fill(0);
    this.hostility.set(sc.hostility0);
    this.touchedFlag.fill(0);
    this.touchedCount = 0;
    this.perceivedResolve.set(sc.perceivedResolve0);
    this.retaliationUntil.fill(-Infinity);
    this.retalMax.fill(-Infinity);
    this.resolveToward.set(this.resolveToward0);
    this.resetGroups(); // also the alliances' cohesion sums (State.sumVulnerability)
    for (let k = 0; k < this.nAl; k++) {
      this.debt[k] = 0; this.debtT[k] = 0; this.peakDebt[k] = 0; this.art4EndT[k] = -Infinity; this.art4EventId[k] = NONE;
      this.art5Open[k] = 0; this.art5Round[k] = 0; this.art5Count[k] = 0; this.art5InvokedT[k] = Infinity; this.arrivalT[k] = Infinity;
      this.allianceSurge[k] = 0; this.aidDraw[k] = 0;
      for (let j = 0; j < n; j++) {
        const rl = A.redLine[j]!;
        this.perceivedRedLine[k * n + j] = rl >= 0 ? Math.max(0, rl + p.misperception * normalFromUniform(this.rng.u(STREAM.redLineBias, k, j))) : NaN;
      }
    }
    // Perception biases, drawn once per trajectory (§2).
    for (let s = 0; s < this.agents.length; s++) {
      const i = this.agents[s]!;
      for (let k = 0; k < this.nAl; k++) this.biasAlliance[s * this.nAl + k] = p.misperception * normalFromUniform(this.rng.u(STREAM.perceptionBias, i, n + k));
      const rv = this.rivals[i]!;
      for (let q = 0; q < rv.length; q++) {
        const j = rv[q]!;
        this.biasActor[s * n + j] = p.misperception * normalFromUniform(this.rng.u(STREAM.perceptionBias, i, j));
      }
    }
    this.pendCount = 0;
    this.periodicRefreshes = 0;
    this.collapsed.fill(0);
    this.redLineCrossed.fill(0);
    for (let k = 0; k < sc.partners.length; k++) {
      const pa = sc.partners[k]!;
      const pol = sc.alliances[pa.allianceIx]!.policy;
      this.aid[k] = pol.aidMax * (1 - pa.warCapacity0); // start near the aid curve's equilibrium
      this.aidTierEmitted[k] = 0;
      this.aidStepTo[k] = 0;
    }
    for (let t = 0; t < this.nT; t++) {
      this.rung[t] = 0; this.maxRung[t] = 0; this.coordUntil[t] = -Infinity; this.coordEvent[t] = NONE;
    }
    this.domainEngaged.fill(0);
    this.epCount = 0;
    this.dailyScanLog = -1;
    this.endedDurations = [];
    this.firstEpisodeEnd = -1;
    this.enemyCount.fill(0);
    this.enemyMask.fill(0);
    for (let s = 0; s < this.agents.length; s++) {
      const i = this.agents[s]!;
      this.hzTotal[s] = 0; this.clockT0[s] = 0; this.fireCount[s] = 0; this.dirty[s] = 1; this.nextTime[s] = Infinity; this.lastRecompute[s] = 0; this.refreshEvery[s] = this.p.hazardRefreshDays;
      this.clockRemaining[s] = -Math.log(this.rng.u(STREAM.choiceClock, i, 0));
    }
    this.hz.fill(0);
    this.infEvent.fill(NONE);
    this.infWeight.fill(Number.NEGATIVE_INFINITY);
    this.horizontalDay = Infinity; this.collapseDay = Infinity;
    this.nuclearDay = Infinity; this.score = 0; this.grayzone = 0;
    this.joiners = 0; this.pathwayEvent = NONE;
    this.joinOpen.fill(-Infinity); this.satiation.fill(0); this.satiationT.fill(0);
    this.alDrawnInDay.fill(Infinity); this.alArt4Count.fill(0); this.alArt4FirstDay.fill(Infinity); this.alArt4Days.fill(0); this.alJoinsBelowWar.fill(0); this.alArt4DaysUntil.fill(0);
    this.alCostAid.fill(0); this.alCostDeterrence.fill(0); this.alCostRisk.fill(0); this.alSurgeIntegral.fill(0);
    this.dyadDay.fill(Infinity);
  }

  /** Bloc of an actor in a theatre: its collective-defence alliance there (as n + ix) or itself. */
  blocIn(i: number, theatre: number): number {
    const a = this.allianceIn[i * this.nT + theatre]!;
    return a >= 0 ? this.n + a : i;
  }

  /** Alliance al is drawn in today (first time only). */
  drawIn(al: number): void {
    if (this.alDrawnInDay[al] === Infinity) this.alDrawnInDay[al] = this.day;
  }

  /** States i and j are in direct combat today: record it for every dyad of the pair (first time only). */
  dyadCombat(i: number, j: number): void {
    const A = this.dyadA, B = this.dyadB;
    for (let d = 0; d < A.length; d++) {
      if (this.dyadDay[d] !== Infinity) continue;
      if ((A[d] === i && B[d] === j) || (A[d] === j && B[d] === i)) this.dyadDay[d] = this.day;
    }
  }

  /** Add C_risk damage of severity-driven kind to every collective-defence alliance j belongs to. */
  addRiskTo(j: number, cost: number): void {
    const al = this.alliancesOf[j]!;
    for (let k = 0; k < al.length; k++) this.alCostRisk[al[k]!] = this.alCostRisk[al[k]!]! + cost;
  }

  /** Mark an actor's hazards for recomputation (no-op for actors without agency). */
  /**
   * Days from `day` to the next multiple of warStepDays, capped at the horizon: the span of one
   * multi-day war, aid or enabler step on the shared grid (D62).
   */
  gridSpan(day: number): number {
    const K = this.p.warStepDays;
    return Math.min((Math.floor(day / K) + 1) * K, this.horizon) - day;
  }

  markDirty(i: number): void {
    if (i < 0 || i >= this.n) return;
    const s = this.agentSlot[i]!;
    if (s >= 0) this.dirty[s] = 1;
  }

  /** Mark the agents that have rivals in alliance al (they read its P̂). */
  markAllianceDirty(al: number): void {
    const nT = this.nT;
    for (let s = 0; s < this.agents.length; s++) {
      const g0 = (s * this.nAl + al) * nT;
      for (let t = 0; t < nT; t++) if (this.gCount[g0 + t]! > 0) { this.dirty[s] = 1; break; }
    }
  }

  /** Set a member's cohesion, keeping the alliance sums exact. */
  setCohesion(i: number, v: number): void {
    const d = v - this.cohesion[i]!;
    if (d === 0) return;
    const before = this.memberVulnerability(i);
    this.cohesion[i] = v;
    this.bumpVulnerability(i, before);
    const al = this.alliancesOf[i]!;
    for (let k = 0; k < al.length; k++) {
      const a = al[k]!;
      this.cohesionSum[a] = this.cohesionSum[a]! + d;
    }
  }

  allianceCohesion(al: number): number {
    return this.cohesionSum[al]! / this.sc.alliances[al]!.members.length;
  }

  /** Set hostility i→j, keeping the group sums exact. */
  setHostilityRaw(i: number, j: number, v: number): void {
    const k = i * this.n + j;
    const s = this.agentSlot[i]!;
    if (s >= 0) {
      const g = this.groupOf[s * this.n + j]!;
      if (g >= 0) this.gHostSum[g] = this.gHostSum[g]! + (v - this.hostility[k]!);
    }
    this.hostility[k] = v;
  }

  /** Vulnerability of a member (§4.0): (1 − resilience)(1 − cohesion). */
  memberVulnerability(j: number): number {
    return (1 - this.resilience[j]!) * (1 - this.cohesion[j]!);
  }

  /** Set resilience, keeping the group sums exact. */
  setResilience(j: number, v: number): void {
    const before = this.memberVulnerability(j);
    this.resilience[j] = v;
    this.bumpVulnerability(j, before);
  }

  private bumpVulnerability(j: number, before: number): void {
    const gs = this.groupsOfActor[j]!;
    if (gs.length === 0) return;
    const d = this.memberVulnerability(j) - before;
    for (let q = 0; q < gs.length; q++) this.gVulSum[gs[q]!] = this.gVulSum[gs[q]!]! + d;
  }

  /** Recompute the group sums from scratch (at reset). */
  resetGroups(): void {
    this.gTaint.fill(0);
    this.sumVulnerability();
    this.sumHostility();
  }

  /**
   * Every group's Σ vulnerability and every alliance's Σ cohesion, from scratch. The weekly
   * cohesion step writes its members' values directly and calls this once (performance: one
   * pass over the ~100 group entries instead of an incremental update of each member's ~3
   * groups; docs/performance.md, fourth session). Summing from scratch also leaves no rounding
   * drift from the incremental updates of the week before.
   */
  sumVulnerability(): void {
    const res = this.resilience, coh = this.cohesion, vul = this.vulScratch;
    // Each member's vulnerability once (a member is in ~3 groups), then the group sums.
    for (let q = 0; q < this.grouped.length; q++) { const j = this.grouped[q]!; vul[j] = (1 - res[j]!) * (1 - coh[j]!); }
    for (let g = 0; g < this.gMembers.length; g++) {
      const m = this.gMembers[g]!;
      let v = 0;
      for (let q = 0; q < m.length; q++) v += vul[m[q]!]!;
      this.gVulSum[g] = v;
    }
    for (let k = 0; k < this.nAl; k++) {
      const m = this.sc.alliances[k]!.members;
      let c = 0;
      for (let q = 0; q < m.length; q++) c += coh[m[q]!]!;
      this.cohesionSum[k] = c;
    }
  }

  /** Every group's Σ hostility of its agent toward its members, from scratch (see sumVulnerability). */
  sumHostility(): void {
    const n = this.n, h = this.hostility, per = this.nAl * this.nT;
    for (let g = 0; g < this.gMembers.length; g++) {
      const m = this.gMembers[g]!;
      if (m.length === 0) continue;
      const row = this.agents[Math.floor(g / per)]! * n;
      let x = 0;
      for (let q = 0; q < m.length; q++) x += h[row + m[q]!]!;
      this.gHostSum[g] = x;
    }
  }

  /** Change hostility i→j (saturating up, proportional down), remembering the pair for relaxation. */
  addHostility(i: number, j: number, d: number): void {
    const k = i * this.n + j;
    if (d > 1) d = 1;
    else if (d < -1) d = -1;
    const h = this.hostility[k]!;
    const v = d >= 0 ? h + d * (1 - h) : h * (1 + d);
    this.setHostilityRaw(i, j, v);
    // Hazards are recomputed when an input moves materially (docs/performance.md).
    if (Math.abs(v - h) > HOSTILITY_DIRTY_EPS) this.markDirty(i);
    if (!this.touchedFlag[k]) {
      this.touchedFlag[k] = 1;
      if (this.touchedCount === this.touched.length) {
        const g = new Int32Array(this.touched.length * 2);
        g.set(this.touched);
        this.touched = g;
      }
      this.touched[this.touchedCount++] = k;
    }
  }

  /** Theatre where actors i and j meet: argmax of the product of their theatre shares. */
  sharedTheatre(i: number, j: number): number {
    const nT = this.nT;
    let best = this.primaryTheatre[j]!;
    let bestV = -1;
    for (let t = 0; t < nT; t++) {
      const v = this.share[i * nT + t]! * this.share[j * nT + t]!;
      if (v > bestV) {
        bestV = v;
        best = t;
      }
    }
    return bestV > 0 ? best : this.primaryTheatre[j]!;
  }

  /** Pressure now (closed-form decay since its last update). */
  pressureNow(i: number): number {
    const dt = this.t - this.pressureT[i]!;
    return dt > 0 ? this.pressure[i]! * exp2(-dt / this.p.pressureHalfLifeDays) : this.pressure[i]!;
  }

  addPressure(i: number, delta: number): void {
    // A step is a share of the way to the bound: clamp it so pressure stays in [0, 1].
    if (delta > 1) delta = 1;
    else if (delta < -1) delta = -1;
    const v = this.pressureNow(i);
    this.pressure[i] = delta >= 0 ? v + delta * (1 - v) : v * (1 + delta);
    this.pressureT[i] = this.t;
  }

  debtNow(a: number): number {
    const dt = this.t - this.debtT[a]!;
    return dt > 0 ? this.debt[a]! * exp2(-dt / this.p.debtHalfLifeDays) : this.debt[a]!;
  }

  setDebt(a: number, v: number): void {
    this.debt[a] = v < 0 ? 0 : v;
    this.debtT[a] = this.t;
    if (v > this.peakDebt[a]!) this.peakDebt[a] = v;
  }

  pbHeatNow(i: number): number {
    const dt = this.t - this.pbHeatT[i]!;
    return dt > 0 ? this.pbHeat[i]! * exp2(-dt / this.p.hostilityHalfLifeDays) : this.pbHeat[i]!;
  }

  /** Saturating increment of a bounded [0,1] quantity (MODEL.md §2). */
  static up(x: number, d: number): number {
    return x + d * (1 - x);
  }
}
