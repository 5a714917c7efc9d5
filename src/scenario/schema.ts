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
    id,
    name: name.optional(),
    agency: z.boolean().default(false).describe('chooses actions by competing hazards (§4.1)'),
    power: unit.describe('military power, share of world total (§8)'),
    nuclear: z.boolean().default(false),
    theatreShare: z.record(id, unit).describe('initial share of power per theatre id'),
    borders: list(id).default([]),
    resolve: unit.default(0.5),
    riskTolerance: unit.default(0.3),
    revisionism: unit.default(0),
    infoSusceptibility: unit.default(0.3),
    resilience: unit.default(0.5),
    solidarity: unit.default(0.8),
    domesticThreshold: unit.default(0.3),
    art4Threshold: unit.default(0.5),
    unilateralThreshold: unit.default(0.8),
    stockpile0: nonNeg.max(MAX_STOCKPILE_DAYS).default(30).describe('days of supply at full intensity'),
    productionPerDay: nonNeg.max(MAX_PRODUCTION_PER_DAY).default(0.3),
    surgeMax: z.number().min(1).max(20).default(2.5),
    surgeLagDays: z.number().min(0).max(3650).default(540),
    spendingShareGdp: unit.default(0.02),
    redLine: z.number().min(0).max(10).optional().describe('aid level (w_tier·A) this actor tolerates (§4.7)'),
    cohesion: unit.default(0.8).describe('baseline cohesion with its alliance'),
    activity: z.number().min(0).max(100).default(1).describe('operational tempo: multiplies the base hazards of the actions this actor chooses (§4.1; docs/model.md)'),
    sanctioned: unit.default(0).describe('level of sanctions on this actor at day 0 (0..1)'),
  })
  .describe('a state, or a non-state group used as a deniable proxy');

export const PlaybookSchema = z
  .partialRecord(z.enum(CATEGORIES), unit)
  .describe('pre-agreed package strength per event category (0..1), applied after attribution without a vote');

export const PolicySchema = z.strictObject({
  aid: z
    .strictObject({
      responsiveness: z.number().min(0).max(1).default(0.03),
      max: z.number().min(0).max(5).default(1.5),
      tierCap: z.enum(TIERS).default('offensive'),
      decoupledNarrative: z.boolean().default(false),
      respectPerceivedRedLine: z.boolean().default(true),
    })
    .default({ responsiveness: 0.03, max: 1.5, tierCap: 'offensive', decoupledNarrative: false, respectPerceivedRedLine: true }),
  forwardPosture: z.number().min(0).max(100).default(4).describe('forward brigades on the flank'),
  article4Propensity: z.number().min(0.1).max(10).default(1).describe('scales members\' Article 4 thresholds down (2 = twice as ready)'),
  playbook: PlaybookSchema.default({}),
  secondarySanctions: z.boolean().default(false),
  signallingStance: z.enum(STANCES).default('firm'),
  surgeTrigger: z.union([rung, z.literal('never')]).default(4),
  resilienceInvestment: z.number().min(0).max(10).default(0),
  readinessCostPerDay: nonNeg.max(MAX_READINESS_COST_PER_DAY).default(0).describe('B$/day of readiness spending counted in C_deterrence'),
});
export type PolicyInput = z.input<typeof PolicySchema>;

export const AllianceSchema = z.strictObject({
  id,
  name: name.optional(),
  kind: z
    .enum([...ALLIANCE_KINDS, ...(Object.keys(ALLIANCE_KIND_ALIASES) as (keyof typeof ALLIANCE_KIND_ALIASES)[])])
    .transform((k): (typeof ALLIANCE_KINDS)[number] => (k in ALLIANCE_KIND_ALIASES ? ALLIANCE_KIND_ALIASES[k as keyof typeof ALLIANCE_KIND_ALIASES] : (k as (typeof ALLIANCE_KINDS)[number])))
    .describe('collective-defense: members defend each other (Article 4/5 consultations and votes, §4.6); partnership: members aid partners without a mutual-defence clause. The British spelling collective-defence is accepted and read as collective-defense (same scenario hash)'),
  members: list(id).min(1),
  decisionRule: z.union([z.literal('consensus'), z.strictObject({ qualifiedMajority: z.number().gt(0).max(1) })]).default('consensus'),
  deliberationDays: z.number().int().min(1).max(60).default(2),
  maxVoteRounds: z.number().int().min(1).max(50).default(5),
  interoperability: unit.default(0.7),
  article4Cooldown: z.number().int().min(0).max(3650).default(60),
  policy: id.optional().describe('id of an entry of `policies`'),
  coordination: z.boolean().default(false).describe('partnership: cross-theatre coordination (§4.8)'),
});

export const PartnerSchema = z.strictObject({
  actor: id,
  supportedBy: id.describe('alliance id that aids the partner'),
  collapseThreshold: unit.default(0.15),
  warCapacity0: unit.default(0.7),
});

export const TheatreSchema = z.strictObject({
  id,
  name: name.optional(),
  initialEpisodes: z
    .array(
      z.strictObject({
        sideA: id.describe('initiator'),
        sideB: id.describe('target'),
        rung: z.number().int().min(1).max(5),
        war: z.boolean().default(false).describe('opens a war (the daily war equation runs)'),
        balance: z.number().min(-1).max(1).default(0),
      }),
    )
    .default([]),
});

export const RelationSchema = z.strictObject({
  from: id,
  to: id.describe('an actor id, or an alliance id (expands to its members)'),
  hostility: unit,
  perceivedResolve: unit.default(0.5),
});

export const EnablerLinkSchema = z.strictObject({
  from: id,
  to: id,
  supplyRate: z.number().min(0).max(5).describe('days of supply added to the client\'s stockpile per day'),
  diplomaticCover: unit.default(0.3),
  kind: z.enum(['dual-use', 'munitions', 'diplomatic']).default('munitions')
    .describe('what the link carries; its day-0 announcement is the catalog enabler action of this kind (dual-use-supply, munitions-supply, diplomatic-cover)'),
});

export const InjectSchema = z.strictObject({
  day: z.number().int().min(0).max(36500),
  actor: id,
  action: id,
  target: id.optional(),
  theatre: id.optional(),
  deliberate: z.boolean().optional().describe('for an accidental action: force the attribution reading'),
});

export const DyadSchema = z
  .strictObject({ a: id, b: id })
  .describe('two states whose direct combat is an outcome: the first day one strikes the other deliberately (kinetic, attributed, rung ≥ 4) or they fight on opposite sides of a war episode');

const ActionOverrideSchema = z.strictObject({
  label: name.optional(),
  category: z.enum(CATEGORIES).optional(),
  severity: z.number().min(0).max(10).optional(),
  scoreClass: z.enum(SCORE_CLASSES).optional(),
  domain: z.enum(DOMAINS).optional(),
  deniability: unit.optional(),
  pDetect: unit.optional(),
  accidental: z.boolean().optional(),
  minRung: rung.optional(),
  maxRung: rung.optional(),
  base: z.number().min(0).max(5).optional(),
  cost: unit.optional(),
  responseSeverity: z.number().min(0).max(10).optional(),
  rung: z.number().int().min(-1).max(6).optional(),
  kinetic: z.boolean().optional(),
  redLineSensitive: z.boolean().optional(),
  midLevel: z.number().int().min(1).max(5).optional(),
  midAction: z.number().int().min(0).max(21).optional(),
  target: z.enum(['member', 'rival', 'partner', 'enemy', 'none']).optional(),
  user: z.enum(['revisionist', 'belligerent', 'partner', 'any', 'rule']).optional(),
  requiresAidTier: z.number().int().min(0).max(3).optional(),
  reach: z.enum(['any', 'border', 'theatre']).optional().describe('which candidate targets the actor can reach: any; border (shares a border); theatre (borders, or its forces are in the theatre where the actor commits at least reachMinTheatreShare)'),
  linkKind: z.enum(['dual-use', 'munitions', 'diplomatic']).optional().describe('enabler actions: the enabler-link kind this action announces'),
  effects: z
    .strictObject({
      collapse: unit.optional(),
      cohesion: unit.optional(),
      credibility: unit.optional(),
      balance: unit.optional(),
      deescalate: unit.optional(),
      pressureMult: z.number().min(0).max(10).optional(),
      casualtiesMean: nonNeg.max(MAX_CASUALTIES_MEAN).optional(),
      infoOps: z.boolean().optional(),
      homeland: z.boolean().optional(),
      spilloverProb: unit.optional(),
      costlySignal: z.boolean().optional(),
      whenLosing: z.number().min(0).max(10).optional(),
    })
    .optional(),
});

const paramShape = Object.fromEntries(
  PARAM_NAMES.map((k) => {
    const s = PARAM_SPECS[k];
    return [k, z.number().min(s.min).max(s.max).optional().describe(`${s.doc} [${s.unit}] default ${s.default}`)];
  }),
) as Record<ParamName, z.ZodOptional<z.ZodNumber>>;
export const ParametersSchema = z.strictObject(paramShape);

export const ScenarioSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: name.min(1),
  description: description.optional(),
  horizonDays: z.number().int().min(1).max(36500).default(730),
  stepDays: z.literal(1).default(1).describe('the daily step of the war equation; only 1 is supported'),
  include: z.array(z.string().min(1).max(MAX_INCLUDE_PATH_LENGTH)).max(MAX_INCLUDES).default([]).describe('parameter files (YAML with a `parameters:` block) merged before `parameters`'),
  theatres: list(TheatreSchema).min(1),
  actors: list(ActorSchema).min(2),
  alliances: list(AllianceSchema).default([]),
  partners: list(PartnerSchema).default([]),
  relations: list(RelationSchema).default([]),
  enablerLinks: list(EnablerLinkSchema).default([]),
  policies: z.record(id, PolicySchema).default({}),
  parameters: ParametersSchema.default({}),
  actions: z.record(id, ActionOverrideSchema).default({}).describe('overrides of catalog actions by id, or new actions (then every field is required)'),
  injects: list(InjectSchema).default([]),
  // Optional without a default, so that scenarios without dyads keep their hash.
  dyads: list(DyadSchema).optional().describe('pairs of states whose direct combat is reported as an outcome (e.g. USA–CHN); results key them "a-b"'),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type Policy = z.output<typeof PolicySchema>;
export type ActorInput = z.output<typeof ActorSchema>;

/** A policy file for `brink compare --policy`: overrides of an alliance's policy. */
export const PolicyFileSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: name.min(1),
  description: description.optional(),
  alliance: id.optional().describe('alliance whose policy is overridden; default: the first collective-defense alliance'),
  policy: PolicySchema.partial(),
  parameters: ParametersSchema.optional(),
});
export type PolicyFile = z.output<typeof PolicyFileSchema>;

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
}
