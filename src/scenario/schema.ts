/**
 * The scenario format: a zod schema that is the single source of truth. The JSON Schema that
 * `brink schema` prints is exported from it. Every object is strict: an unknown key is an error.
 * Cross-references (actor ids in alliances, relations of an actor with itself, duplicate ids)
 * are checked in `validate.ts`, which reports them with the same Issue shape.
 */
import { z } from 'zod';
import { PARAM_NAMES, PARAM_SPECS, type ParamName } from '../model/params.js';
import { CATEGORIES, DOMAINS, SCORE_CLASSES } from '../model/ladder.js';
import {
  MAX_CASUALTIES_MEAN,
  MAX_DESCRIPTION_LENGTH,
  MAX_ID_LENGTH,
  MAX_INCLUDE_PATH_LENGTH,
  MAX_INCLUDES,
  MAX_LIST_ITEMS,
  MAX_NAME_LENGTH,
  MAX_PRODUCTION_PER_DAY,
  MAX_READINESS_COST_PER_DAY,
  MAX_STOCKPILE_DAYS,
} from './limits.js';

export const SCHEMA_VERSION = 1;

const id = z.string().max(MAX_ID_LENGTH).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'an id starts with a letter and holds letters, digits, _ . -');
const unit = z.number().min(0).max(1);
const nonNeg = z.number().min(0);
/** Names and labels; descriptions (limits.ts, D30). */
const name = z.string().max(MAX_NAME_LENGTH);
const description = z.string().max(MAX_DESCRIPTION_LENGTH);
/** A list of at most MAX_LIST_ITEMS items. */
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_LIST_ITEMS);
const rung = z.number().int().min(0).max(6);

/**
 * Every field carries a description (D36): meaning, unit, range and the section of MODEL.md /
 * docs/model.md it is used in, so that `brink schema` documents the format field by field and
 * editors show it on hover. schema-descriptions.test.ts checks that none is missing.
 */
const ID_RULE = `letters, digits, _ . - (starts with a letter; at most ${MAX_ID_LENGTH} characters)`;
const label = (what: string) => name.describe(`${what} (free text, at most ${MAX_NAME_LENGTH} characters; shown in reports, not used by the model)`);

export const TIERS = ['defensive', 'offensive', 'long-range'] as const;
export const STANCES = ['restrained', 'firm', 'provocative'] as const;
export const ALLIANCE_KINDS = ['collective-defense', 'partnership'] as const;
/**
 * Spelling variants accepted for an alliance's kind, mapped to the canonical word (D36). The
 * parsed scenario holds only the canonical word, so a file written either way has the same hash.
 */
export const ALLIANCE_KIND_ALIASES = { 'collective-defence': 'collective-defense' } as const;

export const ActorSchema = z
  .strictObject({
    id: id.describe(`the actor's id, used by alliances, relations, injects and results; ${ID_RULE}`),
    name: label('display name of the actor').optional(),
    agency: z.boolean().default(false).describe('chooses actions by competing hazards (§4.1); false: acts only by rules (votes, responses, aid)'),
    power: unit.describe('military power, share of the world total [share] 0..1 (§8; docs/scenarios.md "Military power")'),
    nuclear: z.boolean().default(false).describe('nuclear-armed (the nuclear threshold, §4.13)'),
    majorPower: z.boolean().optional().describe('a major power (COW major-power status in the historical builder): with nuclear, the status that displayStatusWeight rewards with coercion by display (docs/model.md §6 (r)); absent: false'),
    theatreShare: z.record(id, unit).describe('initial share of the actor\'s power in each theatre, by theatre id [share] 0..1 each, summing to at most 1 (§2; P̂, war, §4.8)'),
    borders: list(id).default([]).describe('ids of contiguous actors (made symmetric): proximity in Article 5 votes and spillover (§4.5, §4.2); COW Direct Contiguity in the built-ins'),
    resolve: unit.default(0.5).describe('probability of acting unilaterally once pressure allows; kinetic if ≥ unilateralKineticResolve [probability] 0..1 (§4.4)'),
    riskTolerance: unit.default(0.3).describe('scales provocation by playbooks and the nuclear-use hazard [0..1] (§4.6, §4.13)'),
    revisionism: unit.default(0).describe('weight of revisionist aims; at or above revisionistThreshold (0.5) unlocks revisionist actions [0..1] (§4.0)'),
    infoSusceptibility: unit.default(0.3).describe('scales cohesion loss to information operations [0..1] (§4.9)'),
    resilience: unit.default(0.5).describe('critical-infrastructure resilience at day 0 [0..1] (§4.0, §4.2, §4.9)'),
    solidarity: unit.default(0.8).describe('baseline will to act collectively in Article 5 votes [0..1] (§4.5)'),
    domesticThreshold: unit.default(0.3).describe('bar a yes vote must clear at home [0..1] (§4.5)'),
    art4Threshold: unit.default(0.5).describe('pressure above which the member requests Article 4 consultations [pressure 0..1] (§4.4)'),
    unilateralThreshold: unit.default(0.8).describe('pressure above which the member may act unilaterally [pressure 0..1] (§4.4)'),
    stockpile0: nonNeg.max(MAX_STOCKPILE_DAYS).default(30).describe(`initial stockpile [days of supply at full war intensity] 0..${MAX_STOCKPILE_DAYS} (§4.11)`),
    productionPerDay: nonNeg.max(MAX_PRODUCTION_PER_DAY).default(0.3).describe(`peacetime production [days of supply per day] 0..${MAX_PRODUCTION_PER_DAY} (§4.11)`),
    surgeMax: z.number().min(1).max(20).default(2.5).describe('production multiplier at full war economy [×] 1..20 (§4.11)'),
    surgeLagDays: z.number().min(0).max(3650).default(540).describe('ramp time to full war economy [days] 0..3650 (§4.11)'),
    spendingShareGdp: unit.default(0.02).describe('defence spending as a share of GDP [share] 0..1, 0.02 = 2% (§4.9; NATO/SIPRI figures in the built-ins)'),
    redLine: z.number().min(0).max(10).optional().describe('aid level w_tier·A this actor tolerates before horizontal escalation [aid units] 0..10; absent: no red line (§4.7)'),
    cohesion: unit.default(0.8).describe('baseline cohesion with its alliance [0..1] (§4.9)'),
    activity: z.number().min(0).max(100).default(1).describe('operational tempo: multiplies the base hazards of the actions this actor chooses [×] 0..100 (§4.1; docs/model.md §6 (b))'),
    sanctioned: unit.default(0).describe('level of sanctions on this actor at day 0 [0..1] (§4.11)'),
  })
  .describe('a state, or a non-state group used as a deniable proxy');

export const PlaybookSchema = z
  .partialRecord(z.enum(CATEGORIES), unit)
  .describe('pre-agreed package strength per event category [0..1], applied after attribution without a vote (§4.6)');

export const PolicySchema = z.strictObject({
  aid: z
    .strictObject({
      responsiveness: z.number().min(0).max(1).default(0.03).describe('how fast aid moves toward its target level [1/day] 0..1 (§4.7)'),
      max: z.number().min(0).max(5).default(1.5).describe('ceiling of the aid level A [aid units] 0..5 (§4.7)'),
      tierCap: z.enum(TIERS).default('offensive').describe('highest tier of weapons given: defensive, offensive or long-range (w_tier 1, 2, 3; §4.7)'),
      decoupledNarrative: z.boolean().default(false).describe('aid framed apart from war aims, so it reads as less provocative (§4.7)'),
      respectPerceivedRedLine: z.boolean().default(true).describe('aid stops rising at the red line the alliance perceives (§4.7)'),
    })
    .default({ responsiveness: 0.03, max: 1.5, tierCap: 'offensive', decoupledNarrative: false, respectPerceivedRedLine: true })
    .describe('proportional aid to partners (§4.7)'),
  forwardPosture: z.number().min(0).max(100).default(4).describe('forward-deployed brigades on the flank [brigades] 0..100 (§4.1 P̂, §4.12 costs)'),
  article4Propensity: z.number().min(0.1).max(10).default(1).describe('scales members\' Article 4 thresholds down (2 = twice as ready) [×] 0.1..10 (§4.4)'),
  playbook: PlaybookSchema.default({}),
  secondarySanctions: z.boolean().default(false).describe('sanctions on the enablers of a sanctioned rival (§4.8, §4.11)'),
  signallingStance: z.enum(STANCES).default('firm').describe('how the alliance signals: restrained, firm or provocative (§4.10)'),
  surgeTrigger: z.union([rung, z.literal('never')]).default(4).describe('theatre rung 0..6 at which members switch to a war economy, or never (§4.11)'),
  resilienceInvestment: z.number().min(0).max(10).default(0).describe('investment in members\' infrastructure resilience [index] 0..10 (§4.9)'),
  readinessCostPerDay: nonNeg.max(MAX_READINESS_COST_PER_DAY).default(0).describe(`readiness spending counted in C_deterrence [B$/day] 0..${MAX_READINESS_COST_PER_DAY} (§4.12)`),
}).describe('an alliance\'s levers (§4.14); every field has a default');
export type PolicyInput = z.input<typeof PolicySchema>;

export const AllianceSchema = z.strictObject({
  id: id.describe(`the alliance's id (also usable as relations.to); ${ID_RULE}`),
  name: label('display name of the alliance').optional(),
  kind: z
    .enum([...ALLIANCE_KINDS, ...(Object.keys(ALLIANCE_KIND_ALIASES) as (keyof typeof ALLIANCE_KIND_ALIASES)[])])
    .transform((k): (typeof ALLIANCE_KINDS)[number] => (k in ALLIANCE_KIND_ALIASES ? ALLIANCE_KIND_ALIASES[k as keyof typeof ALLIANCE_KIND_ALIASES] : (k as (typeof ALLIANCE_KINDS)[number])))
    .describe('collective-defense: members defend each other (Article 4/5 consultations and votes, §4.4, §4.5); partnership: members aid partners without a mutual-defence clause. The British spelling collective-defence is accepted and read as collective-defense (same scenario hash)'),
  members: list(id).min(1).describe('actor ids of the members (at least one)'),
  decisionRule: z
    .union([
      z.literal('consensus'),
      z.strictObject({ qualifiedMajority: z.number().gt(0).max(1).describe('share of members whose yes carries a vote [share] (0, 1]') }),
    ])
    .default('consensus')
    .describe('how an Article 5 vote carries: consensus (every member) or a qualified majority (§4.5)'),
  deliberationDays: z.number().int().min(1).max(60).default(2).describe('days one vote round takes [days] 1..60 (§4.5)'),
  maxVoteRounds: z.number().int().min(1).max(50).default(5).describe('vote rounds before a question lapses [rounds] 1..50 (§4.5)'),
  interoperability: unit.default(0.7).describe('how well members\' forces work together [0..1] (§4.5)'),
  article4Cooldown: z.number().int().min(0).max(3650).default(60).describe('days before a member may request Article 4 again [days] 0..3650 (§4.4)'),
  policy: id.optional().describe('id of an entry of `policies`; absent: every lever at its default (§4.14)'),
  coordination: z.boolean().default(false).describe('partnership: cross-theatre coordination (§4.8)'),
});

export const PartnerSchema = z.strictObject({
  actor: id.describe('actor id of the aided partner (not a member of the alliance that aids it)'),
  supportedBy: id.describe('alliance id that aids the partner (§4.7)'),
  collapseThreshold: unit.default(0.15).describe('war capacity below which the partner collapses [0..1] (§4.13)'),
  warCapacity0: unit.default(0.7).describe('war capacity at day 0 [0..1] (§4.13)'),
});

export const TheatreSchema = z.strictObject({
  id: id.describe(`the theatre's id (keys of theatreShare; results by theatre); ${ID_RULE}`),
  name: label('display name of the theatre').optional(),
  initialEpisodes: z
    .array(
      z.strictObject({
        sideA: id.describe('actor id of the initiator'),
        sideB: id.describe('actor id of the target'),
        rung: z.number().int().min(1).max(5).describe('rung of the escalation ladder the episode starts at [rung] 1..5 (§3.1)'),
        war: z.boolean().default(false).describe('opens a war (the daily war equation runs; §4.13)'),
        balance: z.number().min(-1).max(1).default(0).describe('military balance [-1..1]; > 0 favours sideA (§4.13)'),
      }).describe('an episode open at day 0 (§3.2)'),
    )
    .default([])
    .describe('episodes already open at day 0 (§3.2)'),
});

export const RelationSchema = z.strictObject({
  from: id.describe('actor id whose view this is'),
  to: id.describe('an actor id, or an alliance id (expands to its members; later entries override earlier ones)'),
  hostility: unit.describe('how hostile `from` believes `to` to be [0..1] (§2, §4.1)'),
  perceivedResolve: unit.default(0.5).describe('resolve `from` believes `to` has at day 0 [0..1] (§4.10)'),
});

export const EnablerLinkSchema = z.strictObject({
  from: id.describe('actor id of the enabler (the supplier)'),
  to: id.describe('actor id of the client'),
  supplyRate: z.number().min(0).max(5).describe('days of supply added to the client\'s stockpile per day [days/day] 0..5 (§4.8)'),
  diplomaticCover: unit.default(0.3).describe('diplomatic cover the enabler gives its client [0..1] (§4.8)'),
  kind: z.enum(['dual-use', 'munitions', 'diplomatic']).default('munitions')
    .describe('what the link carries; its day-0 announcement is the catalog enabler action of this kind (dual-use-supply, munitions-supply, diplomatic-cover)'),
});

export const InjectSchema = z.strictObject({
  day: z.number().int().min(0).max(36500).describe('day the action happens [day] 0..36500, before horizonDays'),
  actor: id.describe('actor id that acts'),
  action: id.describe('a catalog action id or a key of `actions` (MODEL.md §5; docs/model.md §4.15)'),
  target: id.optional().describe('actor id of the target; absent: chosen as the action would be'),
  theatre: id.optional().describe('theatre id where it happens; absent: where actor and target meet'),
  deliberate: z.boolean().optional().describe('for an accidental action: force the attribution reading'),
});

export const DyadSchema = z
  .strictObject({ a: id.describe('actor id of one state'), b: id.describe('actor id of the other state') })
  .describe('two states whose direct combat is an outcome: the first day one strikes the other deliberately (kinetic, attributed, rung ≥ 4) or they fight on opposite sides of a war episode');

const ActionOverrideSchema = z.strictObject({
  label: label('display name of the action').optional(),
  category: z.enum(CATEGORIES).optional().describe('event category (playbooks answer by category; §4.6)'),
  severity: z.number().min(0).max(10).optional().describe('how bad the event is [0..10] (§4.1, §4.4)'),
  scoreClass: z.enum(SCORE_CLASSES).optional().describe('class in the escalation score (§4.16)'),
  domain: z.enum(DOMAINS).optional().describe('domain of the event; land, sea, air and space count for horizontal escalation (§3.4)'),
  deniability: unit.optional().describe('attribution probability is 1 − deniability, plus pattern learning [0..1] (§4.2)'),
  pDetect: unit.optional().describe('probability the event is detected [probability] 0..1 (§4.2)'),
  accidental: z.boolean().optional().describe('an accident (a stray), which may be read as deliberate (§4.2)'),
  minRung: rung.optional().describe('available when the theatre\'s rung is at least this [rung] 0..6 (§4.1)'),
  maxRung: rung.optional().describe('available when the theatre\'s rung is at most this [rung] 0..6 (§4.1)'),
  base: z.number().min(0).max(5).optional().describe('base hazard at U = 0 [1/day] 0..5 (§4.1)'),
  cost: unit.optional().describe('intrinsic cost weighed by w_cost [0..1] (§4.1)'),
  responseSeverity: z.number().min(0).max(10).optional().describe('severity of the response the actor expects [0..10] (§4.1)'),
  rung: z.number().int().min(-1).max(6).optional().describe('episode rung the event implies [rung] -1..6; -1 does not touch episodes (§3.2)'),
  kinetic: z.boolean().optional().describe('a kinetic act (force), not cyber, information or pressure (§4.2)'),
  redLineSensitive: z.boolean().optional().describe('a horizontal-escalation option whose hazard the red line multiplies (§4.7)'),
  midLevel: z.number().int().min(1).max(5).optional().describe('MID hostility level [level] 1..5 (calibration, §7)'),
  midAction: z.number().int().min(0).max(21).optional().describe('MID action code [code] 0..21 (calibration, §7)'),
  target: z.enum(['member', 'rival', 'partner', 'enemy', 'none']).optional().describe('whom it targets: member (of a collective-defence alliance the actor is hostile to), rival, partner (aided, at war with it), enemy (at war with it), none'),
  user: z.enum(['revisionist', 'belligerent', 'partner', 'any', 'rule']).optional().describe('who may choose it: revisionist actors, any belligerent, an aided partner at war, any agent; rule: emitted only by mechanisms (§4.1)'),
  requiresAidTier: z.number().int().min(0).max(3).optional().describe('0: none; else the partner\'s aid tier cap must be at least this [tier] 0..3 (§4.7)'),
  reach: z.enum(['any', 'border', 'theatre']).optional().describe('which candidate targets the actor can reach: any; border (shares a border); theatre (borders, or its forces are in the theatre where the actor commits at least reachMinTheatreShare)'),
  linkKind: z.enum(['dual-use', 'munitions', 'diplomatic']).optional().describe('enabler actions: the enabler-link kind this action announces'),
  effects: z
    .strictObject({
      collapse: unit.optional().describe('gain: one-step push toward the target\'s collapse [0..1] (§4.0)'),
      cohesion: unit.optional().describe('gain: one-step damage to the target alliance\'s cohesion [0..1] (§4.0)'),
      credibility: unit.optional().describe('gain: one-step damage to the target\'s credibility [0..1] (§4.0)'),
      balance: unit.optional().describe('gain: one-step shift of the military balance [0..1] (§4.0)'),
      deescalate: unit.optional().describe('gain: one-step de-escalation [0..1] (§4.0)'),
      pressureMult: z.number().min(0).max(10).optional().describe('multiplies pressureEventWeight on the target (migration pushes more) [×] 0..10 (§4.4)'),
      casualtiesMean: nonNeg.max(MAX_CASUALTIES_MEAN).optional().describe(`mean casualties of a cyber or sabotage event [people] 0..${MAX_CASUALTIES_MEAN} (cyber-kinetic crossover, §4.2)`),
      infoOps: z.boolean().optional().describe('lowers targeted cohesion by infoOpsDelta × infoSusceptibility (§4.9)'),
      homeland: z.boolean().optional().describe('strikes the enemy\'s homeland (nuclear threshold, §4.13)'),
      spilloverProb: unit.optional().describe('chance a stray round lands on a member bordering the target [probability] 0..1 (§4.2)'),
      costlySignal: z.boolean().optional().describe('moves perceived resolve by costlySignalResolve (§4.10)'),
      whenLosing: z.number().min(0).max(10).optional().describe('utility per unit of balance against the actor, × nuclearSignalLossWeight [utility] 0..10 (§4.13)'),
    })
    .optional()
    .describe('what the event does; absent fields keep the catalog value (new actions: none)'),
}).describe('fields of a catalog action to override (MODEL.md §5; docs/model.md §4.15), or a whole new action');

const paramShape = Object.fromEntries(
  PARAM_NAMES.map((k) => {
    const s = PARAM_SPECS[k];
    return [k, z.number().min(s.min).max(s.max).optional().describe(`${s.doc} [${s.unit}] ${s.min}..${s.max}, default ${s.default} (§${s.section}; ${s.origin})`)];
  }),
) as Record<ParamName, z.ZodOptional<z.ZodNumber>>;
export const ParametersSchema = z.strictObject(paramShape).describe('overrides of the global model parameters (docs/model.md §7; `brink params` lists them)');

export const ScenarioSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION).describe(`version of the scenario format; must be ${SCHEMA_VERSION}`),
  name: name.min(1).describe(`the scenario's name, tagged on every result and part of its hash (1..${MAX_NAME_LENGTH} characters)`),
  description: description.optional().describe(`what the scenario represents and where its figures come from (free text, at most ${MAX_DESCRIPTION_LENGTH} characters)`),
  horizonDays: z.number().int().min(1).max(36500).default(730).describe('days simulated per trajectory [days] 1..36500 (§1.2)'),
  stepDays: z.literal(1).default(1).describe('the daily step of the war equation; only 1 is supported'),
  include: z.array(z.string().min(1).max(MAX_INCLUDE_PATH_LENGTH)).max(MAX_INCLUDES).default([]).describe(`parameter files (YAML with a \`parameters:\` block) merged before \`parameters\`: relative paths inside the scenario's folder (or the built-in scenarios/ library), at most ${MAX_INCLUDES} (D30)`),
  theatres: list(TheatreSchema).min(1).describe('the theatres (at least one), e.g. europe and indo-pacific'),
  actors: list(ActorSchema).min(2).describe('states and groups (at least two)'),
  alliances: list(AllianceSchema).default([]).describe('collective-defence alliances and partnerships'),
  partners: list(PartnerSchema).default([]).describe('states at war that an alliance aids without being a belligerent (§4.7)'),
  relations: list(RelationSchema).default([]).describe('directed hostility and perceived resolve between actors, applied in order'),
  enablerLinks: list(EnablerLinkSchema).default([]).describe('supply and cover from enablers to clients (§4.8)'),
  policies: z.record(id, PolicySchema).default({}).describe('alliance policies by id, named by alliances[].policy (§4.14)'),
  parameters: ParametersSchema.default({}),
  actions: z.record(id, ActionOverrideSchema).default({}).describe('overrides of catalog actions by id, or new actions (then every field is required)'),
  injects: list(InjectSchema).default([]).describe('scripted actions on given days (a stray missile, a strike), besides those chosen by the model'),
  // Optional without a default, so that scenarios without dyads keep their hash.
  dyads: list(DyadSchema).optional().describe('pairs of states whose direct combat is reported as an outcome (e.g. USA–CHN); results key them "a-b"'),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type Policy = z.output<typeof PolicySchema>;
export type ActorInput = z.output<typeof ActorSchema>;

/** A policy file for `brink compare --policy`: overrides of an alliance's policy. */
export const PolicyFileSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION).describe(`version of the file format; must be ${SCHEMA_VERSION}`),
  name: name.min(1).describe(`the arm's name in compare results (1..${MAX_NAME_LENGTH} characters)`),
  description: description.optional().describe(`what the policy changes and why (free text, at most ${MAX_DESCRIPTION_LENGTH} characters)`),
  alliance: id.optional().describe('alliance whose policy is overridden; default: the first collective-defense alliance'),
  policy: PolicySchema.partial().describe('levers to change; absent levers keep the scenario\'s values (§4.14)'),
  parameters: ParametersSchema.optional(),
});
export type PolicyFile = z.output<typeof PolicyFileSchema>;

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
}
