/**
 * Cross-reference checks the schema cannot express: ids that name nothing, duplicate ids,
 * relations of an actor with itself, inconsistent numbers spread over several fields.
 *
 * `checkReferences` reads its input defensively, so it can run on raw parsed YAML even when the
 * schema rejected it: the user then sees every problem in one pass, not the reference errors only
 * after fixing the type errors. Issues carry a path; `parse.ts` adds lines and columns.
 */
import { DEFAULT_CATALOG, RULE_ACTIONS, type ActionDef } from '../model/catalog.js';
import { PARAM_SPECS } from '../model/params.js';
import { ISSUE_CODES, didYouMean as hint, formatPath, type Issue, type PathSegment } from './issues.js';
import type { Scenario, ScenarioInput } from './schema.js';
import { quoteExcerpt as q } from './text.js';
import { POWER_SUM_TOLERANCE } from './limits.js';

/**
 * Fields a new action (an `actions` entry whose id is not in the catalog) must give: the ones no
 * neutral default exists for, because they decide what the action is (its category, how bad it is,
 * whom it targets, who may choose it, how often, and what rung and MID level it implies). The
 * others default as compile.ts fills them: label = the id, domain 'none', deniability 0,
 * pDetect 0.9, accidental/kinetic/redLineSensitive false, minRung 0, maxRung 5, cost 0.1,
 * responseSeverity 2, midAction 0, requiresAidTier 0, no effects.
 */
export const NEW_ACTION_REQUIRED_FIELDS = [
  'category',
  'severity',
  'scoreClass',
  'base',
  'rung',
  'midLevel',
  'target',
  'user',
] as const satisfies readonly (keyof ActionDef)[];

/** Shares within this of 1 count as 1 (YAML decimals rarely add up exactly). */
const SHARE_SUM_TOLERANCE = 1e-4;
const DEFAULT_HORIZON_DAYS = 730;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const obj = (x: unknown): Obj => (isObj(x) ? x : {});
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

class Collector {
  readonly issues: Issue[] = [];
  add(code: string, path: readonly PathSegment[], message: string): void {
    this.issues.push({ code, path: formatPath(path), message });
  }
}

/** Records the first path of each id and reports later duplicates. */
function indexIds(c: Collector, items: unknown[], listName: string, kind: string): Map<string, number> {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const id = str(obj(item).id);
    if (id === undefined) return;
    const prev = first.get(id);
    if (prev !== undefined) c.add(ISSUE_CODES.duplicateId, [listName, i, 'id'], `duplicate ${kind} id ${q(id)} (first defined at ${listName}[${prev}])`);
    else first.set(id, i);
  });
  return first;
}

/**
 * Reference and consistency checks of a scenario (MODEL.md §2 entities). Accepts a validated
 * Scenario or raw parsed input; fields that are missing or of the wrong type are skipped here
 * because the schema reports them.
 */
export function checkReferences(scenario: Scenario | ScenarioInput | unknown, catalog: readonly ActionDef[] = DEFAULT_CATALOG): Issue[] {
  const c = new Collector();
  const s = obj(scenario);
  const actors = arr(s.actors);
  const alliances = arr(s.alliances);
  const theatres = arr(s.theatres);
  const partners = arr(s.partners);

  const actorIds = indexIds(c, actors, 'actors', 'actor');
  const allianceIds = indexIds(c, alliances, 'alliances', 'alliance');
  const theatreIds = indexIds(c, theatres, 'theatres', 'theatre');
  const policyIds = new Set(Object.keys(obj(s.policies)));
  const catalogIds = new Set(catalog.map((a) => a.id));
  const actionIds = new Set([...catalogIds, ...Object.keys(obj(s.actions))]);
  // The engine's rules emit these catalog actions themselves (responses, votes, war ends …): a
  // scenario whose catalog lacks one cannot run; compile resolves them to indices (ruleActions).
  for (const [name, id] of Object.entries(RULE_ACTIONS)) {
    if (!actionIds.has(id))
      c.add(ISSUE_CODES.missingRuleAction, ['actions'], `the action catalog has no ${q(id)} action, which the engine's rules emit (RULE_ACTIONS.${name}); define it under actions with every field of a new action`);
  }
  /** Every catalog action id, sorted: given with an unknown action so the writer can pick one. */
  const catalogList = [...catalogIds].sort().join(', ');

  // An id that names both an actor and an alliance makes `relations.to` ambiguous.
  alliances.forEach((al, i) => {
    const id = str(obj(al).id);
    if (id !== undefined && actorIds.has(id) && allianceIds.get(id) === i)
      c.add(ISSUE_CODES.duplicateId, ['alliances', i, 'id'], `alliance id ${q(id)} is also an actor id (actors[${actorIds.get(id)}]); relations.to would be ambiguous`);
  });

  const actorRef = (v: unknown, path: PathSegment[], what: string): void => {
    const id = str(v);
    if (id !== undefined && !actorIds.has(id)) c.add(ISSUE_CODES.unknownReference, path, `${what} ${q(id)} is not an actor id${hint(id, actorIds.keys())}`);
  };
  const theatreRef = (v: unknown, path: PathSegment[]): void => {
    const id = str(v);
    if (id !== undefined && !theatreIds.has(id)) c.add(ISSUE_CODES.unknownReference, path, `${q(id)} is not a theatre id${hint(id, theatreIds.keys())}`);
  };

  // ---- actors ----
  actors.forEach((a, i) => {
    const actor = obj(a);
    const self = str(actor.id);
    const shares = obj(actor.theatreShare);
    let sum = 0;
    for (const [t, share] of Object.entries(shares)) {
      theatreRef(t, ['actors', i, 'theatreShare', t]);
      sum += num(share) ?? 0;
    }
    if (sum > 1 + SHARE_SUM_TOLERANCE)
      c.add(ISSUE_CODES.shareSum, ['actors', i, 'theatreShare'], `theatre shares must sum to at most 1 (got ${round(sum)})`);
    const seen = new Set<string>();
    arr(actor.borders).forEach((b, j) => {
      const id = str(b);
      if (id !== undefined && id === self) c.add(ISSUE_CODES.selfRelation, ['actors', i, 'borders', j], `actor ${q(id)} cannot border itself`);
      else actorRef(b, ['actors', i, 'borders', j], 'border');
      if (id !== undefined && seen.has(id)) c.add(ISSUE_CODES.duplicateId, ['actors', i, 'borders', j], `border ${q(id)} listed twice`);
      if (id !== undefined) seen.add(id);
    });
  });

  // ---- alliances ----
  const membersOf = new Map<string, Set<string>>();
  alliances.forEach((al, i) => {
    const alliance = obj(al);
    const members = new Set<string>();
    arr(alliance.members).forEach((m, j) => {
      actorRef(m, ['alliances', i, 'members', j], 'member');
      const id = str(m);
      if (id === undefined) return;
      if (members.has(id)) c.add(ISSUE_CODES.duplicateId, ['alliances', i, 'members', j], `member ${q(id)} listed twice`);
      members.add(id);
    });
    const aid = str(alliance.id);
    if (aid !== undefined && !membersOf.has(aid)) membersOf.set(aid, members);
    const policy = str(alliance.policy);
    if (policy !== undefined && !policyIds.has(policy))
      c.add(ISSUE_CODES.unknownReference, ['alliances', i, 'policy'], `${q(policy)} is not a key of policies${hint(policy, policyIds)}`);
  });

  // ---- partners ----
  const partnerSeen = new Map<string, number>();
  partners.forEach((p, i) => {
    const partner = obj(p);
    actorRef(partner.actor, ['partners', i, 'actor'], 'partner');
    const actor = str(partner.actor);
    if (actor !== undefined) {
      const prev = partnerSeen.get(actor);
      if (prev !== undefined) c.add(ISSUE_CODES.duplicateId, ['partners', i, 'actor'], `actor ${q(actor)} is already a partner (partners[${prev}])`);
      else partnerSeen.set(actor, i);
    }
    const by = str(partner.supportedBy);
    if (by !== undefined && !allianceIds.has(by))
      c.add(ISSUE_CODES.unknownReference, ['partners', i, 'supportedBy'], `${q(by)} is not an alliance id${hint(by, allianceIds.keys())}`);
    if (actor !== undefined && by !== undefined && membersOf.get(by)?.has(actor))
      c.add(ISSUE_CODES.partnerIsMember, ['partners', i, 'actor'], `${q(actor)} is a member of ${q(by)}, which cannot also aid it as a partner`);
  });

  // ---- theatres ----
  theatres.forEach((t, i) => {
    arr(obj(t).initialEpisodes).forEach((e, j) => {
      const ep = obj(e);
      actorRef(ep.sideA, ['theatres', i, 'initialEpisodes', j, 'sideA'], 'sideA');
      actorRef(ep.sideB, ['theatres', i, 'initialEpisodes', j, 'sideB'], 'sideB');
      const a = str(ep.sideA);
      if (a !== undefined && a === str(ep.sideB))
        c.add(ISSUE_CODES.selfRelation, ['theatres', i, 'initialEpisodes', j, 'sideB'], `an episode needs two different sides (both are ${q(a)})`);
    });
  });

  // ---- relations ----
  const pairSeen = new Map<string, number>();
  arr(s.relations).forEach((r, i) => {
    const rel = obj(r);
    actorRef(rel.from, ['relations', i, 'from'], 'from');
    const to = str(rel.to);
    if (to !== undefined && !actorIds.has(to) && !allianceIds.has(to))
      c.add(ISSUE_CODES.unknownReference, ['relations', i, 'to'], `${q(to)} is neither an actor nor an alliance id${hint(to, [...actorIds.keys(), ...allianceIds.keys()])}`);
    const from = str(rel.from);
    if (from !== undefined && from === to) c.add(ISSUE_CODES.selfRelation, ['relations', i, 'to'], `a relation of ${q(from)} with itself`);
    if (from !== undefined && to !== undefined) {
      const key = `${from}\u0000${to}`;
      const prev = pairSeen.get(key);
      if (prev !== undefined) c.add(ISSUE_CODES.duplicateId, ['relations', i], `relation ${q(from)} → ${q(to)} already given at relations[${prev}]`);
      else pairSeen.set(key, i);
    }
  });

  // ---- enabler links ----
  arr(s.enablerLinks).forEach((l, i) => {
    const link = obj(l);
    actorRef(link.from, ['enablerLinks', i, 'from'], 'from');
    actorRef(link.to, ['enablerLinks', i, 'to'], 'to');
    const from = str(link.from);
    if (from !== undefined && from === str(link.to)) c.add(ISSUE_CODES.selfRelation, ['enablerLinks', i, 'to'], `an enabler link of ${q(from)} to itself`);
  });

  // ---- actions: overrides of catalog entries, or complete new actions ----
  const catalogById = new Map(catalog.map((a) => [a.id, a]));
  for (const [id, o] of Object.entries(obj(s.actions))) {
    const override = obj(o);
    const base = catalogById.get(id);
    if (base === undefined) {
      const missing = NEW_ACTION_REQUIRED_FIELDS.filter((f) => override[f] === undefined);
      if (missing.length > 0)
        c.add(
          ISSUE_CODES.incompleteAction,
          ['actions', id],
          `${q(id)} is not a catalog action${hint(id, catalogIds)}; to override one, use its id (${catalogList}); a new action must also give ${missing.join(', ')}`,
        );
    }
    const minRung = num(override.minRung) ?? base?.minRung ?? 0; // compile's defaults for new actions
    const maxRung = num(override.maxRung) ?? base?.maxRung ?? 5;
    if (minRung > maxRung) {
      const field = override.minRung !== undefined ? 'minRung' : 'maxRung';
      c.add(ISSUE_CODES.invalidRange, ['actions', id, field], `minRung (${minRung}) must not exceed maxRung (${maxRung})`);
    }
  }

  checkParameterBounds(c, obj(s.parameters));

  // ---- injects ----
  const horizon = num(s.horizonDays) ?? DEFAULT_HORIZON_DAYS;
  arr(s.injects).forEach((x, i) => {
    const inj = obj(x);
    actorRef(inj.actor, ['injects', i, 'actor'], 'actor');
    if (inj.target !== undefined) actorRef(inj.target, ['injects', i, 'target'], 'target');
    if (inj.theatre !== undefined) theatreRef(inj.theatre, ['injects', i, 'theatre']);
    const action = str(inj.action);
    if (action !== undefined && !actionIds.has(action))
      c.add(ISSUE_CODES.unknownReference, ['injects', i, 'action'], `${q(action)} is not a catalog action nor a key of actions${hint(action, actionIds)}; catalog actions: ${catalogList}`);
    const day = num(inj.day);
    if (day !== undefined && day >= horizon)
      c.add(ISSUE_CODES.injectAfterHorizon, ['injects', i, 'day'], `day ${day} is not before the horizon (horizonDays ${horizon}), so the inject would never fire`);
  });

  // ---- dyads: two different existing actors, each pair once (either order) ----
  const dyadSeen = new Map<string, number>();
  arr(s.dyads).forEach((x, i) => {
    const d = obj(x);
    actorRef(d.a, ['dyads', i, 'a'], 'a');
    actorRef(d.b, ['dyads', i, 'b'], 'b');
    const a = str(d.a), b = str(d.b);
    if (a === undefined || b === undefined) return;
    if (a === b) {
      c.add(ISSUE_CODES.selfRelation, ['dyads', i, 'b'], `a dyad needs two different states (both are "${a}")`);
      return;
    }
    const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    const key = `${a}-${b}`;
    const prev = dyadSeen.get(pair) ?? dyadSeen.get(`key:${key}`);
    if (prev !== undefined) c.add(ISSUE_CODES.duplicateId, ['dyads', i], `dyad ${a}–${b} (key "${key}") already given at dyads[${prev}]`);
    else {
      dyadSeen.set(pair, i);
      dyadSeen.set(`key:${key}`, i);
    }
  });

  return c.issues;
}

/**
 * Cross-field checks of a scenario read from a file (parse.ts runs them after checkReferences):
 * the power checks below. Kept apart from checkReferences because scenarios built in code for the
 * engine's tests use powers as relative weights (summing to 1.4, say), and the engine handles
 * that; what it cannot handle (no power where it divides by it) and what no real file should
 * say (shares of the world's power summing over 1) is refused at the file boundary (D30).
 */
export function checkConsistency(scenario: unknown): Issue[] {
  const c = new Collector();
  const s = obj(scenario);
  checkPower(c, arr(s.actors), arr(s.alliances));
  return c.issues;
}

/**
 * Power is each actor's share of the world's military power (§8), so the shares sum to at most 1.
 * And a side the engine divides by must hold some power: an alliance whose members all have power
 * 0 splits its aid bill by a zero sum (NaN stocks), and if every actor that chooses actions has
 * power 0, every share of theatre power is 0/0 (every actor then read as drawn in).
 */
function checkPower(c: Collector, actors: unknown[], alliances: unknown[]): void {
  const power = new Map<string, number>();
  let sum = 0;
  let agents = 0;
  let agentsWithPower = 0;
  for (const a of actors) {
    const actor = obj(a);
    const p = num(actor.power);
    if (p === undefined || p < 0 || p > 1) continue; // the schema reports it; the sum would say it twice
    sum += p;
    const id = str(actor.id);
    if (id !== undefined) power.set(id, p);
    if (actor.agency === true) {
      agents++;
      if (p > 0) agentsWithPower++;
    }
  }
  if (sum > 1 + POWER_SUM_TOLERANCE)
    c.add(ISSUE_CODES.powerSum, ['actors'], `actors' power (shares of the world's military power) must sum to at most 1 (got ${round(sum)})`);
  if (agents > 0 && agentsWithPower === 0)
    c.add(ISSUE_CODES.powerSum, ['actors'], `every actor with agency has power 0; at least one must have power > 0`);
  alliances.forEach((al, i) => {
    const members = arr(obj(al).members).map(str).filter((m): m is string => m !== undefined && power.has(m));
    if (members.length > 0 && members.every((m) => power.get(m) === 0))
      c.add(ISSUE_CODES.powerSum, ['alliances', i, 'members'], `every member of ${q(str(obj(al).id) ?? `alliances[${i}]`)} has power 0; at least one must have power > 0`);
  });
}

/** Parameters that bound each other (each alone is range-checked by the schema). */
function checkParameterBounds(c: Collector, params: Record<string, unknown>): void {
  const refreshBase = num(params.hazardRefreshDays) ?? PARAM_SPECS.hazardRefreshDays.default;
  const refreshMax = num(params.hazardRefreshMaxDays) ?? PARAM_SPECS.hazardRefreshMaxDays.default;
  if (refreshMax < refreshBase) {
    const field = params.hazardRefreshMaxDays !== undefined ? 'hazardRefreshMaxDays' : 'hazardRefreshDays';
    c.add(ISSUE_CODES.invalidRange, ['parameters', field], `hazardRefreshMaxDays (${refreshMax}) must not be less than hazardRefreshDays (${refreshBase})`);
  }
  const drift = num(params.driftStepDays);
  if (drift !== undefined && (!Number.isInteger(drift) || drift % 7 !== 0)) {
    c.add(ISSUE_CODES.invalidRange, ['parameters', 'driftStepDays'], `driftStepDays (${drift}) must be a whole number of weeks (a multiple of 7 days)`);
  }
  const warStep = num(params.warStepDays);
  if (warStep !== undefined && !Number.isInteger(warStep)) {
    c.add(ISSUE_CODES.invalidRange, ['parameters', 'warStepDays'], `warStepDays (${warStep}) must be a whole number of days`);
  }
}

/**
 * Checks parameter values set over a scenario's own (e.g. one arm of `brink sweep`): each name is
 * a parameter, each value in its range, and the merged set still bounds itself. Paths are
 * `parameters.<name>`.
 */
export function checkParameterOverrides(scenario: Scenario, overrides: Record<string, number>): Issue[] {
  const c = new Collector();
  for (const [k, v] of Object.entries(overrides)) {
    if (!Object.hasOwn(PARAM_SPECS, k)) {
      c.add(ISSUE_CODES.unknownReference, ['parameters', k], `${q(k)} is not a parameter${hint(k, Object.keys(PARAM_SPECS))} (brink params lists them)`);
      continue;
    }
    const spec = PARAM_SPECS[k as keyof typeof PARAM_SPECS];
    if (!Number.isFinite(v) || v < spec.min || v > spec.max) c.add(ISSUE_CODES.invalidRange, ['parameters', k], `${v} is outside the range of ${k}, ${spec.min}..${spec.max}`);
  }
  if (c.issues.length === 0) checkParameterBounds(c, { ...scenario.parameters, ...overrides });
  return c.issues;
}

/**
 * Checks that a policy file can be applied to a scenario: the alliance it names exists, and its
 * parameters, merged over the scenario's, still bound each other.
 */
export function checkPolicyTarget(scenario: Scenario, policyFile: { alliance?: string | undefined; parameters?: Record<string, unknown> | undefined }): Issue[] {
  const c = new Collector();
  if (policyFile.parameters !== undefined) checkParameterBounds(c, { ...scenario.parameters, ...policyFile.parameters });
  if (policyFile.alliance !== undefined) {
    if (!scenario.alliances.some((a) => a.id === policyFile.alliance))
      c.add(
        ISSUE_CODES.unknownReference,
        ['alliance'],
        `${q(policyFile.alliance)} is not an alliance of scenario ${q(scenario.name)}${hint(policyFile.alliance, scenario.alliances.map((a) => a.id))}`,
      );
  } else if (!scenario.alliances.some((a) => a.kind === 'collective-defense')) {
    c.add(ISSUE_CODES.unknownReference, ['alliance'], `scenario ${q(scenario.name)} has no collective-defense alliance; name one with \`alliance:\``);
  }
  return c.issues;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
