/**
 * Compile a validated scenario into the engine's CompiledScenario: defaults filled, ids resolved
 * to indices, per-actor attributes as typed arrays. Assumes `checkReferences` found no issue;
 * a broken reference here is a programmer error and throws with a specific message.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { DEFAULT_CATALOG, RULE_ACTIONS, type ActionDef, type RuleAction } from '../model/catalog.js';
import { CATEGORIES } from '../model/ladder.js';
import { defaultParams, PARAM_NAMES, type Params } from '../model/params.js';
import type {
  CompiledActors,
  CompiledAlliance,
  CompiledPolicy,
  CompiledScenario,
} from './compiled.js';
import { canonicalJson } from './canonical.js';
import { PolicySchema, type Policy, type Scenario } from './schema.js';

const TIER_WEIGHT = { defensive: 1, offensive: 2, 'long-range': 3 } as const;
const STANCE_INDEX = { restrained: 0, firm: 1, provocative: 2 } as const;
export const SURGE_NEVER = 99;

export function scenarioHash(s: Scenario): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(s))));
}

export function compilePolicy(p: Policy): CompiledPolicy {
  const playbook = new Float64Array(CATEGORIES.length);
  CATEGORIES.forEach((c, i) => (playbook[i] = p.playbook[c] ?? 0));
  return {
    aidResponsiveness: p.aid.responsiveness,
    aidMax: p.aid.max,
    aidTier: TIER_WEIGHT[p.aid.tierCap],
    decoupledNarrative: p.aid.decoupledNarrative,
    respectPerceivedRedLine: p.aid.respectPerceivedRedLine,
    forwardPosture: p.forwardPosture,
    article4Propensity: p.article4Propensity,
    playbook,
    secondarySanctions: p.secondarySanctions,
    stance: STANCE_INDEX[p.signallingStance],
    surgeTrigger: p.surgeTrigger === 'never' ? SURGE_NEVER : p.surgeTrigger,
    resilienceInvestment: p.resilienceInvestment,
    readinessCostPerDay: p.readinessCostPerDay,
  };
}

function compileActions(s: Scenario): ActionDef[] {
  const out: ActionDef[] = DEFAULT_CATALOG.map((a) => ({ ...a, effects: { ...a.effects } }));
  const byId = new Map(out.map((a, i) => [a.id, i]));
  for (const [id, ov] of Object.entries(s.actions)) {
    const ix = byId.get(id);
    if (ix !== undefined) {
      const base = out[ix]!;
      const { effects, ...rest } = ov;
      out[ix] = { ...base, ...stripUndefined(rest), effects: { ...base.effects, ...stripUndefined(effects ?? {}) } };
    } else {
      // A new action: validate.ts guarantees the required fields are present.
      const { effects, ...rest } = ov;
      const def: ActionDef = {
        id,
        label: rest.label ?? id,
        category: req(rest.category, id, 'category'),
        severity: req(rest.severity, id, 'severity'),
        scoreClass: req(rest.scoreClass, id, 'scoreClass'),
        domain: rest.domain ?? 'none',
        deniability: rest.deniability ?? 0,
        pDetect: rest.pDetect ?? 0.9,
        accidental: rest.accidental ?? false,
        minRung: rest.minRung ?? 0,
        maxRung: rest.maxRung ?? 5,
        base: req(rest.base, id, 'base'),
        cost: rest.cost ?? 0.1,
        responseSeverity: rest.responseSeverity ?? 2,
        rung: req(rest.rung, id, 'rung'),
        kinetic: rest.kinetic ?? false,
        redLineSensitive: rest.redLineSensitive ?? false,
        midLevel: req(rest.midLevel, id, 'midLevel'),
        midAction: rest.midAction ?? 0,
        target: req(rest.target, id, 'target'),
        user: req(rest.user, id, 'user'),
        requiresAidTier: rest.requiresAidTier ?? 0,
        reach: rest.reach ?? 'any',
        ...(rest.linkKind !== undefined ? { linkKind: rest.linkKind } : {}),
        effects: {
          collapse: 0, cohesion: 0, credibility: 0, balance: 0, deescalate: 0, pressureMult: 1, casualtiesMean: 0,
          infoOps: false, homeland: false, spilloverProb: 0, costlySignal: false, whenLosing: 0, ...stripUndefined(effects ?? {}),
        },
      };
      byId.set(id, out.length);
      out.push(def);
    }
  }
  return out;
}

/** The catalog action that announces an enabler link of this kind (the first with that linkKind). */
function enablerActionIx(actions: ActionDef[], kind: string, k: number): number {
  const ix = actions.findIndex((a) => a.linkKind === kind);
  if (ix < 0) throw new Error(`no catalog action has linkKind "${kind}" (enablerLinks[${k}].kind)`);
  return ix;
}

function req<T>(v: T | undefined, id: string, field: string): T {
  if (v === undefined) throw new Error(`actions.${id}.${field} is required for a new action`);
  return v;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const r: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) r[k] = o[k];
  return r;
}

/** Order of ids: by UTF-16 code units, as canonicalJson sorts keys (locale-free, so the same everywhere). */
function cmpId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key of a dyad in results: "A-B", in the order the scenario gives (validate.ts rejects two dyads with one key). */
export function dyadKey(a: string, b: string): string {
  return `${a}-${b}`;
}

/**
 * The membership rule (docs/model.md "Membership"; D26): an actor's bloc in a theatre is, among
 * the collective-defence alliances it belongs to, the one whose members hold the largest summed
 * initial share of power in that theatre; ties go to the smallest alliance id (the lowest
 * canonical index). −1 where the actor is in no collective-defence alliance. A pure function of
 * the membership sets and shares: permuting the `alliances:` list cannot change it.
 */
export function membershipByTheatre(alliances: readonly CompiledAlliance[], theatreShare: Float64Array, n: number, nT: number): Int32Array {
  const out = new Int32Array(n * nT).fill(-1);
  const weight = new Float64Array(alliances.length * nT);
  alliances.forEach((al, k) => {
    for (let t = 0; t < nT; t++) {
      let v = 0;
      for (const m of al.members) v += theatreShare[m * nT + t]!;
      weight[k * nT + t] = v;
    }
  });
  for (let i = 0; i < n; i++)
    for (let t = 0; t < nT; t++) {
      let best = -1, bestV = -1;
      // Ascending canonical index and a strict comparison: a tie keeps the smaller id.
      for (let k = 0; k < alliances.length; k++) {
        const al = alliances[k]!;
        if (!al.collectiveDefense || !al.memberMask[i]) continue;
        if (weight[k * nT + t]! > bestV) { bestV = weight[k * nT + t]!; best = k; }
      }
      out[i * nT + t] = best;
    }
  return out;
}

export function compileScenario(s: Scenario): CompiledScenario {
  // The file loader (load.ts) merges included parameter files and empties the list; a scenario
  // parsed some other way would silently run without them (scripts/nato-record.mjs once did).
  if (s.include.length > 0) {
    throw new Error(`scenario "${s.name}": include ${JSON.stringify(s.include)} is not resolved; load it with loadScenarioFile (or merge those parameters into the scenario) before compiling`);
  }
  const n = s.actors.length;
  const nT = s.theatres.length;
  const actorIx = new Map(s.actors.map((a, i) => [a.id, i]));
  const theatreIx = new Map(s.theatres.map((t, i) => [t.id, i]));
  // Canonical alliance order (docs/decisions.md D26): compiled alliances are sorted by id, so that
  // nothing the engine computes (blocs, keyed draws such as STREAM.redLineBias and the perception
  // biases keyed n + allianceIx, loops over alliances) depends on the order of the scenario's
  // `alliances:` list. The file order survives only as the default focal alliance.
  const allianceOrder = s.alliances.map((_, i) => i).sort((x, y) => cmpId(s.alliances[x]!.id, s.alliances[y]!.id));
  const sortedAlliances = allianceOrder.map((i) => s.alliances[i]!);
  const allianceIxById = new Map(sortedAlliances.map((a, i) => [a.id, i]));
  const ax = (id: string, where: string): number => {
    const i = actorIx.get(id);
    if (i === undefined) throw new Error(`unknown actor "${id}" in ${where}`);
    return i;
  };

  const f = () => new Float64Array(n);
  const actors: CompiledActors = {
    n,
    ids: s.actors.map((a) => a.id),
    names: s.actors.map((a) => a.name ?? a.id),
    agency: new Uint8Array(n),
    nuclear: new Uint8Array(n),
    majorPower: new Uint8Array(n),
    power: f(), resolve: f(), riskTolerance: f(), revisionism: f(), infoSusceptibility: f(), resilience: f(),
    solidarity: f(), domesticThreshold: f(), art4Threshold: f(), unilateralThreshold: f(), stockpile0: f(),
    productionPerDay: f(), surgeMax: f(), surgeLagDays: f(), spendingShareGdp: f(), redLine: f(), cohesion0: f(), sanctioned0: f(), activity: f(),
    theatreShare: new Float64Array(n * nT),
    borders: new Uint8Array(n * n),
    allianceIx: new Int32Array(n).fill(-1),
    partnerIx: new Int32Array(n).fill(-1),
  };
  s.actors.forEach((a, i) => {
    actors.agency[i] = a.agency ? 1 : 0;
    actors.nuclear[i] = a.nuclear ? 1 : 0;
    actors.majorPower[i] = a.majorPower === true ? 1 : 0;
    actors.power[i] = a.power;
    actors.resolve[i] = a.resolve;
    actors.riskTolerance[i] = a.riskTolerance;
    actors.revisionism[i] = a.revisionism;
    actors.infoSusceptibility[i] = a.infoSusceptibility;
    actors.resilience[i] = a.resilience;
    actors.solidarity[i] = a.solidarity;
    actors.domesticThreshold[i] = a.domesticThreshold;
    actors.art4Threshold[i] = a.art4Threshold;
    actors.unilateralThreshold[i] = a.unilateralThreshold;
    actors.stockpile0[i] = a.stockpile0;
    actors.productionPerDay[i] = a.productionPerDay;
    actors.surgeMax[i] = a.surgeMax;
    actors.surgeLagDays[i] = a.surgeLagDays;
    actors.spendingShareGdp[i] = a.spendingShareGdp;
    actors.redLine[i] = a.redLine ?? Number.NaN;
    actors.cohesion0[i] = a.cohesion;
    actors.sanctioned0[i] = a.sanctioned;
    actors.activity[i] = a.activity;
    for (const [tid, share] of Object.entries(a.theatreShare)) {
      const t = theatreIx.get(tid);
      if (t === undefined) throw new Error(`unknown theatre "${tid}" in actors.${a.id}.theatreShare`);
      actors.theatreShare[i * nT + t] = share;
    }
    for (const b of a.borders) {
      const j = ax(b, `actors.${a.id}.borders`);
      actors.borders[i * n + j] = 1;
      actors.borders[j * n + i] = 1;
    }
  });

  const defaultPolicy = PolicySchema.parse({});
  const alliances: CompiledAlliance[] = sortedAlliances.map((a, k) => {
    const members = Int32Array.from(a.members.map((m) => ax(m, `alliances.${a.id}.members`)));
    const memberMask = new Uint8Array(n);
    for (const m of members) memberMask[m] = 1;
    const pol = a.policy ? s.policies[a.policy] : defaultPolicy;
    if (!pol) throw new Error(`unknown policy "${a.policy}" in alliances.${a.id}.policy`);
    // In canonical order, so "the first" is the one with the smallest id: a membership flag, never a bloc (see allianceIn).
    if (a.kind === 'collective-defense') for (const m of members) if (actors.allianceIx[m] === -1) actors.allianceIx[m] = k;
    return {
      id: a.id,
      name: a.name ?? a.id,
      collectiveDefense: a.kind === 'collective-defense',
      members,
      memberMask,
      quorumShare: a.decisionRule === 'consensus' ? 1 : a.decisionRule.qualifiedMajority,
      deliberationDays: a.deliberationDays,
      maxVoteRounds: a.maxVoteRounds,
      interoperability: a.interoperability,
      article4CooldownDays: a.article4Cooldown,
      coordination: a.coordination,
      policy: compilePolicy(pol),
    };
  });

  const allianceIn = membershipByTheatre(alliances, actors.theatreShare, n, nT);
  const firstCd = s.alliances.find((a) => a.kind === 'collective-defense');
  const focalAllianceIx = firstCd !== undefined ? allianceIxById.get(firstCd.id)! : -1;
  const dyads = (s.dyads ?? []).map((d, k) => ({
    a: ax(d.a, `dyads[${k}].a`),
    b: ax(d.b, `dyads[${k}].b`),
    key: dyadKey(d.a, d.b),
  }));

  const partners = s.partners.map((p, k) => {
    const actor = ax(p.actor, `partners[${k}].actor`);
    const allianceIx = allianceIxById.get(p.supportedBy);
    if (allianceIx === undefined) throw new Error(`unknown alliance "${p.supportedBy}" in partners[${k}].supportedBy`);
    actors.partnerIx[actor] = k;
    return { actorIx: actor, allianceIx, collapseThreshold: p.collapseThreshold, warCapacity0: p.warCapacity0 };
  });

  const hostility0 = new Float64Array(n * n);
  const relation = new Uint8Array(n * n);
  const perceivedResolve0 = new Float64Array(n * n).fill(0.5);
  s.relations.forEach((r, k) => {
    const from = ax(r.from, `relations[${k}].from`);
    const aIx = allianceIxById.get(r.to);
    const tos = aIx !== undefined ? Array.from(alliances[aIx]!.members) : [ax(r.to, `relations[${k}].to`)];
    for (const to of tos) {
      if (to === from) continue;
      hostility0[from * n + to] = r.hostility;
      relation[from * n + to] = 1;
      perceivedResolve0[from * n + to] = r.perceivedResolve;
    }
  });

  const actions = compileActions(s);
  const actionIndex: Record<string, number> = {};
  actions.forEach((a, i) => (actionIndex[a.id] = i));
  const ruleActions = {} as Record<RuleAction, number>;
  for (const [name, id] of Object.entries(RULE_ACTIONS) as [RuleAction, string][]) {
    const ix = actionIndex[id];
    if (ix === undefined) throw new Error(`the action catalog has no "${id}" action, which the engine's rules emit (RULE_ACTIONS.${name})`);
    ruleActions[name] = ix;
  }

  const params: Params = defaultParams();
  for (const k of PARAM_NAMES) {
    const v = s.parameters[k];
    if (v !== undefined) params[k] = v;
  }

  return {
    name: s.name,
    hash: scenarioHash(s),
    horizonDays: s.horizonDays,
    params,
    actors,
    theatres: s.theatres.map((t) => ({
      id: t.id,
      name: t.name ?? t.id,
      initialEpisodes: t.initialEpisodes.map((e, k) => ({
        sideA: ax(e.sideA, `theatres.${t.id}.initialEpisodes[${k}].sideA`),
        sideB: ax(e.sideB, `theatres.${t.id}.initialEpisodes[${k}].sideB`),
        rung: e.rung,
        war: e.war,
        balance: e.balance,
      })),
    })),
    alliances,
    focalAllianceIx,
    allianceIn,
    dyads,
    partners,
    hostility0,
    relation,
    perceivedResolve0,
    enablers: s.enablerLinks.map((l, k) => ({
      from: ax(l.from, `enablerLinks[${k}].from`),
      to: ax(l.to, `enablerLinks[${k}].to`),
      supplyRate: l.supplyRate,
      diplomaticCover: l.diplomaticCover,
      kind: l.kind,
      actionIx: enablerActionIx(actions, l.kind, k),
    })),
    actions,
    actionIndex,
    ruleActions,
    injects: s.injects.map((inj, k) => {
      const actionIx = actionIndex[inj.action];
      if (actionIx === undefined) throw new Error(`unknown action "${inj.action}" in injects[${k}].action`);
      let theatre = -1;
      if (inj.theatre !== undefined) {
        const t = theatreIx.get(inj.theatre);
        if (t === undefined) throw new Error(`unknown theatre "${inj.theatre}" in injects[${k}].theatre`);
        theatre = t;
      }
      return {
        day: inj.day,
        actorIx: ax(inj.actor, `injects[${k}].actor`),
        actionIx,
        targetIx: inj.target !== undefined ? ax(inj.target, `injects[${k}].target`) : -1,
        theatreIx: theatre,
        deliberate: inj.deliberate === undefined ? -1 : inj.deliberate ? 1 : 0,
      };
    }),
  };
}
