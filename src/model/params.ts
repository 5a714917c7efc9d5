/**
 * Every global model constant, as a named, documented, overridable parameter (MODEL.md preamble).
 * A scenario's `parameters:` block overrides any of them; `brink params` prints this table and
 * docs/model.md reproduces it. `origin` says where a default comes from:
 *  - `spec`: the default MODEL.md states;
 *  - `prior`: expert judgment or public source, labelled, documented in `doc`, meant to be swept;
 *  - `calibrated`: fitted by `brink calibrate` (docs/calibration.md);
 *  - `numerical`: a setting of the simulation method, not of the model (how often hazards are
 *    refreshed); results do not depend on it within sampling error (docs/performance.md), and
 *    `brink sensitivity` leaves it out of its default set.
 */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  readonly section: string;
  readonly origin: 'spec' | 'prior' | 'calibrated' | 'numerical';
  readonly doc: string;
}

const p = (
  def: number,
  min: number,
  max: number,
  unit: string,
  section: string,
  origin: ParamSpec['origin'],
  doc: string,
): ParamSpec => ({ default: def, min, max, unit, section, origin, doc });

export const PARAM_SPECS = {
  // ---- §4.1 choice by competing hazards ----
  rationality: p(2, 0, 10, '1', '4.1', 'spec', 'κ: how sharply hazards follow utility, h = base·exp(κ·U).'),
  hazardMaxPerDay: p(0.5, 0.01, 5, '1/day', '4.1', 'spec', 'Cap on any single action hazard.'),
  weightGain: p(0.8, 0, 5, '1', '4.1', 'prior', 'w_gain: weight of an action\'s gain in U (fixes the scale of U, not κ).'),
  weightCost: p(0.5, 0, 5, '1', '4.1', 'prior', 'w_cost: weight of an action\'s intrinsic cost in U.'),
  weightRisk: p(1.0, 0, 5, '1', '4.1', 'prior', 'w_risk: weight of the expected response (P̂·severity/10·exposure) in U.'),
  responseBias: p(-4.0, -10, 10, 'logit', '4.1', 'prior', 'Intercept of the logistic P̂(r responds).'),
  responseCohesionWeight: p(2.0, 0, 10, 'logit', '4.1', 'prior', 'Weight of the responder\'s cohesion in P̂.'),
  responsePostureWeight: p(0.15, 0, 2, 'logit/brigade', '4.1', 'prior', 'Weight per forward-deployed brigade in P̂ (seed 003 "Hardening the Flank").'),
  responseStockWeight: p(1.0, 0, 10, 'logit', '4.1', 'prior', 'Weight of the responder\'s stockpile adequacy in P̂ (seed 003: visible capacity to sustain war).'),
  responseResolveWeight: p(1.0, 0, 10, 'logit', '4.1', 'prior', 'Weight of perceived resolve (costly signals received) in P̂.'),
  responsePowerWeight: p(2.0, 0, 10, 'logit', '4.1', 'prior', 'Weight of the responder\'s share of theatre power in P̂. The built-in 2025 scenarios include a value fitted on MID disputes (scenarios/params/calibrated.yaml).'),
  debtWeight: p(1.5, 0, 10, 'logit', '4.3', 'prior', 'γ: how much saturated credibility debt lowers P̂.'),
  debtK: p(3, 0.1, 100, 'debt', '4.3', 'spec', 'K: half-saturation of debt/(debt+K).'),
  baseScaleThreat: p(1, 0, 1000, '1', '7', 'calibrated', 'Multiplies the base hazard of choosable actions at MID level 2 (threats); fitted by brink calibrate.'),
  baseScaleDisplay: p(1, 0, 1000, '1', '7', 'calibrated', 'Multiplies the base hazard of choosable actions at MID level 3 (displays of force).'),
  baseScaleForce: p(1, 0, 1000, '1', '7', 'calibrated', 'Multiplies the base hazard of choosable actions at MID level 4 (uses of force).'),
  baseScaleWar: p(1, 0, 1000, '1', '7', 'calibrated', 'Multiplies the base hazard of choosable actions at MID level 5 (war), other than war-fighting actions.'),
  hazardRefreshDays: p(14, 1, 90, 'days', '4.1', 'numerical', 'Periodic refresh of an agent\'s hazards for slow drifts, at most this many days after its last recomputation (and back to this interval whenever a refresh finds them moved by more than hazardRefreshTolerance). 14 and 7 give indistinguishable results on the baseline (docs/performance.md).'),
  hazardRefreshTolerance: p(0.005, 0, 0.1, '1', '4.1', 'numerical', 'Adaptive periodic refresh: when a refresh finds the agent\'s hazards moved by less than half this (Σ|Δh| / Σh, a total-variation share), its refresh interval doubles, up to hazardRefreshMaxDays; above it, the interval returns to hazardRefreshDays. 0 = always every hazardRefreshDays. 0.005 vs 0: no distinguishable difference in 4,000 paired runs, 14% less time (docs/performance.md).'),
  hazardRefreshMaxDays: p(56, 1, 365, 'days', '4.1', 'numerical', 'Longest periodic-refresh interval of the adaptive refresh (see hazardRefreshTolerance); a scenario giving less than hazardRefreshDays is refused.'),
  coercivePowerWeight: p(0, -5, 5, 'utility', '4.1', 'calibrated', 'Coercive confidence (docs/model.md): utility taken from an actor\'s choosable uses of force and war (MID level ≥ 4) × (2·s − 1), s its share of theatre power against its strongest rival (dyadic; allies act through P̂). A strong actor expects displays to coerce, a weak one cannot coerce by display and acts by fait accompli. 0 (off) in the engine; fitted on MID disputes by brink calibrate, and the built-in 2025 scenarios include the fitted value (scenarios/params/calibrated.yaml).'),
  coerciveNuclearWeight: p(0, -5, 5, 'utility', '4.1', 'calibrated', 'Coercive confidence of a nuclear-armed actor (docs/model.md): utility taken from its choosable uses of force and war (MID level ≥ 4); its threats and displays carry the bomb\'s shadow. 0 (off) in the engine; fitted on MID disputes by brink calibrate, and the built-in 2025 scenarios include the fitted value (scenarios/params/calibrated.yaml).'),
  hostilityUtilityWeight: p(1.0, 0, 5, '1', '4.10', 'prior', 'Hostility toward a target adds this × hostility to the utility of hostile actions against it (spirals).'),
  borderHostility: p(0.5, 0, 10, '1', '4.10', 'prior', 'The border effect on reciprocation (docs/model.md §6 (q), border.ts): an attributed hostile act by a state that borders its target adds this × severity/10 to the target\'s hostility toward it, beside signalHostility, so neighbours answer incursions more readily than distant states (Bremer 1992; Senese & Vasquez 2008; seed 003). 0: no border effect (engine 0.2).'),
  satiationWeight: p(0.5, 0, 5, 'utility', '4.1', 'prior', 'Initiator satiation (docs/model.md §6 (q), satiation.ts): after each of its own deliberate uses of force (kinetic, detected, MID level ≥ 4) a revisionist actor\'s choosable uses of force and war lose this × revisionism × S utility, S = Σ 2^(−age/satiationHalfLifeDays) over those acts, at most 1: it holds what it took (Altman 2017; Fearon 1995). 0: no satiation (engine 0.2).'),
  displayStatusWeight: p(0, -5, 5, 'utility', '4.1', 'calibrated', 'Coercion by display (docs/model.md §6 (r), display.ts): utility a major power\'s or nuclear-armed actor\'s choosable threats and displays of force (hostile actions of MID level 2–3) gain, in absolute status rather than the dyadic power share, so great powers coerce by display (Schelling 1966; Sechser & Fuhrmann 2017; seed 003). 0 (off) in the engine; its size is a calibration\'s (brink calibrate knob).'),
  satiationHalfLifeDays: p(60, 1, 3650, 'days', '4.1', 'prior', 'Half-life of initiator satiation (satiationWeight).'),
  // ---- §4.0 aims ----
  aimCollapseWeight: p(1.0, 0, 5, '1', '4.0', 'prior', 'Revisionist gain weight of pushing the partner toward collapse.'),
  aimCohesionWeight: p(1.0, 0, 5, '1', '4.0', 'prior', 'Revisionist gain weight of lowering alliance cohesion.'),
  aimCredibilityWeight: p(1.0, 0, 5, '1', '4.0', 'prior', 'Revisionist gain weight of eroding alliance credibility.'),
  aimBalanceWeight: p(1.0, 0, 5, '1', '4.0', 'prior', 'Gain weight of moving the front (balance) one\'s way.'),
  revisionistThreshold: p(0.5, 0, 1, '1', '4.0', 'prior', 'Revisionism at or above which an actor may choose the catalog\'s revisionist actions (gray zone, kinetic).'),
  statusQuoRungScale: p(3, 0.1, 6, 'rungs', '4.0', 'prior', 'The status-quo gain of de-escalation grows as rung / this (talks matter more in hotter crises).'),
  thresholdTestSeverity: p(4, 0, 10, 'severity', '4.6', 'prior', 'Severity from which an action counts as testing the threshold (playbook provocation applies).'),
  partnerVulnerabilityWeight: p(0.5, 0, 1, '1', '4.0', 'prior', 'A partner at war is vulnerable as 1 − this × warCapacity.'),
  targetBaseWeight: p(0.2, 0, 1, '1', '4.1', 'prior', 'Floor added to a candidate\'s vulnerability when drawing an action\'s target.'),
  targetHostilityOffset: p(0.2, 0, 5, '1', '4.1', 'prior', 'Target weight is (floor + vulnerability) × (this + hostility both ways) × (1 + proximity).'),
  targetProximityWeight: p(4, 0, 20, '1', '4.1', 'prior', 'Extra target weight of a rival that borders the actor (gray-zone campaigns concentrate on neighbours: CSIS 2025 incident map).'),
  reachMinTheatreShare: p(0.25, 0, 1, 'share', '4.1', 'prior', 'Theatre reach: an action whose catalog reach is `theatre` (airspace violations, clashes, strikes) can target a rival that borders the actor, or one whose forces are in the theatre where they meet when the actor commits at least this share of its power there. 0.25 keeps Iran (0.1 of its power in Europe: cyber and proxies) from violating European airspace.'),
  aimStatusQuoWeight: p(1.0, 0, 5, '1', '4.0', 'prior', 'Status-quo gain weight of deterrence holding (de-escalation, episodes ending).'),
  // ---- §4.2 detection, attribution, threshold ----
  patternLearning: p(0.1, 0, 1, '1/event', '4.2', 'prior', 'Rise in attribution probability per earlier attributed event of the same kind by the same actor.'),
  attributionLagDays: p(3, 0, 60, 'days', '4.2', 'prior', 'Days from a detected event to its attribution.'),
  attributionLagDenyScale: p(2, 0, 100, '1', '4.2', 'prior', 'Attribution lag = attributionLagDays × min(1, this × deniability): overt acts are attributed at once.'),
  accidentalRung: p(2, 0, 6, 'rung', '4.2', 'prior', 'Rung an accidental event raises its episode to while it is read as accidental.'),
  pMisattribution: p(0.05, 0, 1, '1', '4.2', 'spec', 'Chance an accidental event is read as deliberate.'),
  armedAttackTheta0: p(10, 0, 10000, 'casualties', '4.2', 'prior', 'θ0: casualties a cyber/sabotage event needs to count as an armed attack at zero pressure and resilience.'),
  thresholdPressureAlpha: p(0.6, 0, 1, '1', '4.2', 'prior', 'α: how much the target\'s domestic pressure lowers θ.'),
  thresholdResilienceBeta: p(1.0, 0, 10, '1', '4.2', 'prior', 'β: how much the target\'s resilience raises θ.'),
  // ---- §2 dynamic actor state ----
  pressureHalfLifeDays: p(30, 1, 3650, 'days', '2', 'spec', 'Half-life of domestic pressure.'),
  pressureEventWeight: p(0.35, 0, 5, '1', '2', 'prior', 'Pressure added by an attributed hostile event: severity/10 × this (saturating).'),
  cohesionHalfLifeDays: p(180, 1, 3650, 'days', '2', 'spec', 'Half-life of cohesion\'s relaxation to baseline.'),
  hostilityHalfLifeDays: p(90, 1, 3650, 'days', '4.10', 'prior', 'Half-life of hostility\'s relaxation to its scenario baseline.'),
  misperception: p(0.15, 0, 2, 'σ', '2', 'spec', 'σ of the per-trajectory perception bias of each directed pair and of red lines.'),
  // ---- §4.3 credibility debt ----
  answerWindowDays: p(14, 1, 365, 'days', '4.3', 'spec', 'Days the alliance has to answer an attributed sub-threshold event before it becomes debt.'),
  debtPaydown: p(0.5, 0, 10, 'debt', '4.3', 'prior', 'Debt paid down by each alliance response.'),
  debtHalfLifeDays: p(180, 1, 3650, 'days', '4.3', 'spec', 'Half-life of credibility debt.'),
  overreactionHostility: p(0.1, 0, 1, '1', '4.3', 'prior', 'Hostility an answer adds in the adversary per unit of over-force (paydown beyond debt + pending severity, as a share of the paydown).'),
  // ---- §4.4 member response ----
  art4ResponseProb: p(0.6, 0, 1, '1', '4.4', 'prior', 'Chance an Article 4 consultation ends in a response package.'),
  art4SanctionsStep: p(0.2, 0, 1, '1', '4.4', 'prior', 'Sanctions level an Article 4 response package adds on the adversary (saturating).'),
  art4CohesionGain: p(0.05, 0, 1, '1', '4.4', 'prior', 'Cohesion each member gains from an Article 4 consultation.'),
  art4NonviolentTriggerProb: p(0, 0, 1, '1', '4.4', 'prior', 'Chance that an attributed nonviolent act (score class nonviolent: cyber, sabotage, weaponized migration, GPS jamming, disinformation, energy cut-off) prompts an Article 4 request from a member whose pressure is above its bar; military acts (posturing, violent) always may. 0 = the record: none of NATO\'s eight consultations since 2012 followed a nonviolent act, though such acts built the pressure (D79); 1 = every act may (engines before 0.4.0).'),
  art4PressureRelief: p(0.5, 0, 1, '1', '4.4', 'prior', 'Share of the requesting member\'s pressure relieved by consultation.'),
  unilateralKineticResolve: p(0.75, 0, 1, '1', '4.4', 'prior', 'Resolve above which a unilateral response is a counter-strike rather than a border closure.'),
  unilateralKineticSeverity: p(4, 0, 10, 'severity', '4.4', 'prior', 'A non-kinetic event at least this severe can also draw a unilateral counter-strike from a high-resolve member.'),
  retaliationBoost: p(1.0, 0, 10, 'utility', '4.4', 'prior', 'Utility bonus the adversary gets for striking a member that struck it unilaterally.'),
  counterStrikeHostility: p(0.2, 0, 1, '1', '4.4', 'prior', 'Hostility a unilateral counter-strike adds in the adversary toward the striking member.'),
  retaliationTargetWeight: p(20, 1, 1000, '1', '4.4', 'prior', 'Extra weight of a member that struck the adversary when the adversary picks the target of a kinetic action.'),
  retaliationWindowDays: p(30, 1, 365, 'days', '4.4', 'prior', 'How long that retaliation bonus lasts.'),
  joinBelowWarProb: p(0.1, 0, 1, '1', '4.4', 'prior', 'Joining below war (docs/model.md §6 (q), joining.ts): when an attributed hostile act of severity ≥ joinMinSeverity by a non-member hits a member, each other member of its collective-defence alliance that has not yet joined this episode takes part at the current rung (a flank reinforcement against the attacker, MID level 3, a costly signal of the alliance) with probability this × solidarity × cohesion × severity/10 (× proximityWeight if it borders the attacker or is the target\'s neighbour), before and without Article 5. Siverson & Starr 1991; Leeds 2003; seed 000 §2, seed 003 Article 4. 0: joining only through Article 5 (engine 0.2).'),
  joinPowerExponent: p(0, 0, 4, '1', '4.4', 'prior', 'Capability in joining below war (joining.ts): the joining probability is also × min(1, power_m / power_attacker)^this, so allies that can project force join and small ones seldom do (Siverson & Starr 1991: opportunity as well as willingness). 0: no capability term.'),
  joinMinSeverity: p(4, 0, 10, 'severity', '4.4', 'prior', 'Least severity of an attributed hostile act on a member that can draw its allies in below war (joinBelowWarProb): 4 = the threshold-testing acts (thresholdTestSeverity), so routine gray-zone pressure does not.'),
  // ---- §4.5 Article 5 ----
  proximityWeight: p(1.5, 1, 5, '1', '4.5', 'prior', 'Threat multiplier for members bordering the attacker or hosting the target.'),
  voteNoise: p(0.1, 0, 1, 'σ', '4.5', 'spec', 'σ of each member\'s vote noise, drawn once per deliberation.'),
  threatHalfLifeDays: p(7, 0.5, 365, 'days', '4.5', 'prior', 'Half-life of an open deliberation\'s threat once attacks stop.'),
  threatIncrement: p(0.3, 0, 1, '1', '4.5', 'prior', 'Threat added by each further armed attack during a deliberation (saturating).'),
  baseLeadDays: p(30, 0, 365, 'days', '4.5', 'prior', 'Force-generation lead time at full interoperability.'),
  interopPenalty: p(2, 0, 20, '1', '4.5', 'prior', 'Lead-time multiplier per unit of missing interoperability.'),
  // ---- §4.6 playbooks ----
  playbookDeterrence: p(0.6, 0, 5, 'utility', '4.6', 'prior', 'Cost a playbook adds to the adversary\'s actions of a covered category, × package strength.'),
  playbookHostility: p(0.05, 0, 1, '1', '4.6', 'prior', 'Hostility a playbook activation adds in the adversary.'),
  playbookProvocation: p(0.5, 0, 5, 'utility', '4.6', 'prior', 'Utility of threshold-testing (higher-severity) actions added per active package × riskTolerance.'),
  // ---- §4.7 aid ----
  redLineSlope: p(0.3, 0.01, 10, 'aid units', '4.7', 'prior', 's: softness of the red line.'),
  redLineLambda: p(3, 0, 50, '1', '4.7', 'prior', 'λ: maximum multiplier increase of horizontal-escalation hazards past the red line.'),
  aidCostPerUnitDay: p(0.15, 0, 10, 'B$/day', '4.12', 'prior', 'Cost of one unit of aid for a day (2022–24 military aid to Ukraine ≈ $50B/yr at A≈1; Kiel Institute Ukraine Support Tracker).'),
  aidActiveLevel: p(0.05, 0, 1, 'aid units', '4.7', 'prior', 'Aid level above which the partner counts as armed at its tier (e.g. for long-range strikes).'),
  aidPowerPerUnit: p(0.02, 0, 1, 'power share', '4.7', 'prior', 'Effective power one unit of aid adds to the partner (share of world military power): at A≈0.6 it roughly evens the 2025 front (ISW assessments of a slow Russian advance).'),
  aidCapacityGain: p(0.006, 0, 0.1, '1/day', '4.7', 'prior', 'War-capacity recovery per day per unit of aid received.'),
  partnerStrikeAttribution: p(0.6, 0, 1, '1', '4.7', 'prior', 'Chance the adversary attributes a partner\'s homeland strike to the alliance that armed it.'),
  decoupledAttributionFactor: p(0.3, 0, 1, '1', '4.7', 'prior', 'Factor on that chance under the decoupled-narrative policy (seed 003 "Decoupling Aid from Strategy").'),
  // ---- §4.8 enablers ----
  secondarySanctionsCut: p(0.6, 0, 1, '1', '4.8', 'prior', 'Share of enabler supply cut by secondary sanctions.'),
  secondarySanctionsHostility: p(0.2, 0, 1, '1', '4.8', 'prior', 'Hostility the enabler gains toward the sanctioning alliance.'),
  sanctionsBite: p(0.3, 0, 1, '1', '4.8', 'prior', 'Share by which sanctions cut a target\'s production, before diplomatic cover.'),
  enablerHalfSupply: p(0.5, 0.01, 10, 'days/day', '4.8', 'prior', 'Enabler support σ = S/(S + this), S the client\'s enabler supply after secondary-sanctions cuts (days of supply a day): the supply at which support is half its ceiling. 0.5 = Russia\'s 2025 inflow from China, North Korea and Iran (scenarios/baseline-2025.yaml), so the baseline sits mid-curve and more supply has diminishing returns (docs/model.md §4.8).'),
  enablerProductionGain: p(0.5, 0, 5, '1', '4.8', 'prior', 'Enabled production: the client\'s productionPerDay × (1 + this × σ). Dual-use inputs (machine tools, microelectronics) raise its own output; at the baseline\'s σ 0.5, +25% (US officials, Apr 2024: ~90% of Russia\'s imported microelectronics from China).'),
  enablerCapacityGain: p(0.002, 0, 0.1, '1/day', '4.8', 'prior', 'Enabled force generation: a client at war recovers war capacity by this × σ × (1 − w) a day, the enabler counterpart of aidCapacityGain (North Korean shells and troops, Iranian drones, Chinese components keep losses replaced). 0.002 = capacityRecoveryPerDay: full support doubles the client\'s recovery.'),
  enablerRiskDiscount: p(0.3, 0, 1, '1', '4.8', 'prior', 'Enabler backing: a client discounts the expected response to its hostile actions (the risk term of U) by × (1 − this × σ): backed by a great power\'s industry and veto, it expects to outlast a response (seed 000 §4: the enabler shifts "the balance of escalation options available to Moscow").'),
  enablerSettlementDamping: p(0.5, 0, 1, '1', '4.8', 'prior', 'Enabler leverage over the war\'s end: a war\'s ceasefire hazard × (1 − this × σ), σ the larger enabler support of its two leads. A side sustained from outside expects to outlast the other and holds out (seed 000 §4: the enabler\'s leverage "to prolong or shape the conflict\'s trajectory").'),
  sanctionsRecoveryBite: p(0.3, 0, 1, '1', '4.8', 'prior', 'Sanctions bite force generation too: a sanctioned belligerent\'s war-capacity recovery × (1 − this × sanctioned × (1 − cover)). Production alone fills a stockpile that may already be full; replacing losses needs the economy sanctions target.'),
  coordinationBoost: p(0.4, 0, 5, 'utility', '4.8', 'prior', 'Utility bonus of opportunistic actions in the other theatre within the coordination window.'),
  coordinationWindowDays: p(30, 1, 365, 'days', '4.8', 'spec', 'How long an escalation in one theatre raises coordinated partners\' hazards in the other.'),
  reallocationRate: p(0.01, 0, 1, '1/day', '4.8', 'prior', 'Rate at which a great power shifts theatre share toward a theatre at higher rung.'),
  // ---- §4.9 cohesion ----
  infoOpsDelta: p(0.04, 0, 1, '1', '4.9', 'prior', 'δ: cohesion an information operation removes, × infoSusceptibility.'),
  driftStepDays: p(28, 7, 364, 'days', '4.9', 'numerical', 'Step of the slowest drifts (a multiple of 7; D62, docs/model.md §4.9 "Drift steps"): cohesion\'s relaxation, burden-sharing drag and resilience investment, and the non-belligerents\' stock refill and war-capacity recovery are applied every this many days, as that many weekly steps in closed form. 7 = every week, as engine 0.2.0 did (to rounding).'),
  burdenSharingDelta: p(0.004, 0, 0.2, '1/week', '4.9', 'prior', 'Weekly cohesion loss per share of members below the spending norm.'),
  spendingNormGdp: p(0.02, 0, 0.2, 'share of GDP', '4.9', 'prior', 'Spending norm (NATO 2014 Wales pledge: 2% of GDP).'),
  rallyDelta: p(0.1, 0, 1, '1', '4.9', 'prior', 'Cohesion every member gains from an armed attack on one of them.'),
  resilienceRatePerDay: p(0.001, 0, 0.1, '1/day', '4.9', 'prior', 'Resilience gained per day per unit of resilienceInvestment.'),
  // ---- §4.10 signalling ----
  statementProb: p(0.3, 0, 1, '1', '4.10', 'prior', 'Chance the alliance answers an attributed hostile event with a statement.'),
  cheapTalkResolve: p(0.02, 0, 1, '1', '4.10', 'prior', 'Perceived resolve a statement adds (× stance factor).'),
  costlySignalResolve: p(0.08, 0, 1, '1', '4.10', 'prior', 'Perceived resolve a deployment or surge adds.'),
  restrainedResolveFactor: p(0.5, 0, 5, '1', '4.10', 'prior', 'Resolve moved by a statement under the restrained stance, × cheapTalkResolve (firm = 1).'),
  provocativeResolveFactor: p(1.5, 0, 5, '1', '4.10', 'prior', 'Resolve moved by a statement under the provocative stance, × cheapTalkResolve.'),
  provocationHostility: p(0.08, 0, 1, '1', '4.10', 'prior', 'Hostility a provocative statement adds in the adversary.'),
  signalHostility: p(0.03, 0, 1, '1', '4.10', 'prior', 'Hostility any hostile event adds in its target toward its author, × severity/10.'),
  deescalationFactor: p(0.7, 0, 1, '1', '4.10', 'prior', 'Hostility kept by both sides after a de-escalation action.'),
  // ---- §4.11 industry ----
  emptyStockPowerFactor: p(0.5, 0, 1, '1', '4.11', 'prior', 'Share of fighting power left with an empty stockpile (rises linearly to 1 at adequacy).'),
  stockAdequacyDays: p(30, 1, 3650, 'days', '4.11', 'prior', 'Stockpile (days at full intensity) regarded as fully adequate.'),
  emptyStockAttrition: p(0.0015, 0, 1, '1/day', '4.11', 'prior', 'Extra daily war-capacity loss of a belligerent with an empty stockpile.'),
  // ---- §4.13 war ----
  warRho: p(0.01, 0, 1, '1/day', '4.13', 'prior', 'ρ: speed at which the force ratio moves the balance.'),
  strikeImpulse: p(0.02, 0, 1, '1', '4.13', 'prior', 'Balance moved by a notable strike event, × the action\'s balance effect.'),
  strikeCapacityDamage: p(0.01, 0, 1, '1', '4.13', 'prior', 'War capacity a strike on an enemy removes, × the action\'s collapse effect (strike campaigns on energy and industry).'),
  warMu: p(0.01, 0, 1, '1/day', '4.13', 'prior', 'μ: front stabilisation.'),
  defenderAdvantage: p(1.5, 1, 5, '1', '4.13', 'spec', 'Multiplier on the defender\'s effective power.'),
  attritionPerDay: p(0.002, 0, 0.1, '1/day', '4.13', 'prior', 'War-capacity loss per day at intensity 1, scaled by the opponent\'s force share.'),
  recoveryFloor: p(0.5, 0, 1, '1', '4.13', 'prior', 'Share of war-capacity recovery left with an empty stockpile (mobilisation and repair go on; Ukraine 2024 shell shortage).'),
  capacityRecoveryPerDay: p(0.002, 0, 0.1, '1/day', '4.13', 'prior', 'War-capacity recovery per day while stocks are adequate (and in ceasefire).'),
  proxyIntensity: p(0.6, 0, 1, '1', '4.13', 'prior', 'Intensity of a rung-3 war.'),
  generalWarIntensity: p(1.0, 0, 1, '1', '4.13', 'prior', 'Intensity at rung ≥ 5.'),
  ceasefireBasePerDay: p(0.0002, 0, 0.1, '1/day', '4.13', 'prior', 'Base daily ceasefire hazard of a war episode.'),
  warStepDays: p(7, 1, 28, 'days', '4.13', 'numerical', 'Longest step of the war equations (whole days; D62, docs/model.md §4.13 "Multi-day war steps"): a war is advanced over up to this many days at once in closed form (balance, stocks, war capacity and the ceasefire clock with the day\'s inputs held), ending on a multiple of it, and day by day instead whenever a ceasefire, a collapse, a nuclear actor\'s defeat, an arrival of forces or an end of talks could fall inside the step. 1 = the daily step of engine 0.2.0, exactly.'),
  ceasefireExhaustionWeight: p(10, 0, 1000, '1', '4.13', 'prior', 'Multiplier of the ceasefire hazard at full mutual exhaustion.'),
  defeatBalance: p(0.4, 0, 1, '1', '4.13', 'prior', 'Balance against a nuclear actor beyond which it is losing.'),
  homelandWindowDays: p(30, 1, 3650, 'days', '4.13', 'prior', 'How recent an attack on its homeland must be for a losing nuclear actor\'s use hazard to become material.'),
  defeatDays: p(60, 1, 3650, 'days', '4.13', 'spec', 'Sustained-defeat days before nuclear use becomes material.'),
  nuclearUseBasePerDay: p(1e-6, 0, 0.01, '1/day', '4.13', 'prior', 'Base daily hazard of nuclear use by a nuclear belligerent.'),
  nuclearDefeatMultiplier: p(300, 1, 1e6, '1', '4.13', 'prior', 'Multiplier of that hazard after sustained defeat plus a homeland attack.'),
  nuclearAdversaryDamping: p(0.5, 0, 1, '1', '4.13', 'prior', 'Factor on the nuclear-use hazard when the opponent is nuclear-armed.'),
  nuclearSignalLossWeight: p(1.0, 0, 10, 'utility', '4.13', 'prior', 'Utility of nuclear signalling per unit of balance against the actor.'),
  // ---- §3 episodes ----
  quietDays: p(30, 1, 3650, 'days', '3', 'spec', 'Days without hostile events after which an episode ends with hazard 1/quietDays per day.'),
  episodeGraceDays: p(30, 0, 3650, 'days', '3', 'spec', 'Days after its last hostile event before an episode\'s ending hazard (1/quietDays) starts; MODEL.md sets it to quietDays. Lower it to let crises end within days (MID: a quarter of disputes last a day).'),
  talksEndBoost: p(2, 0, 100, '1', '3', 'prior', 'Multiplier of the episode-ending hazard after talks.'),
  // ---- §4.12 costs ----
  postureCostPerBrigadeDay: p(0.0014, 0, 1, 'B$/day', '4.12', 'prior', 'Yearly cost of a forward brigade ≈ $0.5B (CBO 2016, "The Cost of Rotating a US Army Armored Brigade").'),
  surgeCostPerDay: p(0.3, 0, 100, 'B$/day', '4.12', 'prior', 'Alliance cost per day of full surge (a war economy ≈ +$100B/yr across NATO).'),
  resilienceCostPerUnitDay: p(0.05, 0, 100, 'B$/day', '4.12', 'prior', 'Cost per day of one unit of resilience investment.'),
  damagePerSeverity: p(0.05, 0, 100, 'B$', '4.12', 'prior', 'Damage to a member per attributed hostile event per point of severity.'),
  warCostPerIntensityDay: p(1.0, 0, 1000, 'B$/day', '4.12', 'prior', 'Alliance war cost per day at intensity 1 when members are belligerent.'),
  nuclearCatastropheCost: p(10000, 0, 1e6, 'B$', '4.12', 'prior', 'Catastrophic cost of nuclear use.'),
} as const satisfies Record<string, ParamSpec>;

export type ParamName = keyof typeof PARAM_SPECS;
export type Params = { [K in ParamName]: number };
export const PARAM_NAMES = Object.keys(PARAM_SPECS) as ParamName[];

export function defaultParams(): Params {
  const out = {} as Params;
  for (const k of PARAM_NAMES) out[k] = PARAM_SPECS[k].default;
  return out;
}
