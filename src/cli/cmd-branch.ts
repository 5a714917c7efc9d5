/**
 * `brink branch FILE (--seed S --trajectory K --at DAY | --snapshot SNAP.json) [--policy P.yaml]
 * [--inject ACTOR:ACTION[:TARGET][@DAY] …] [--set PATH=VALUE …] --runs N [--json]
 * [--snapshot-out SNAP.json]`: "what happens from here if …". Takes the state of trajectory K of
 * seed S at the start of day DAY (or reads it from a snapshot file), runs N continuations from it
 * with the scenario unchanged and N with the change, paired by continuation (common random
 * numbers; engine/branch.ts, D41), and reports each outcome's probability in both arms with Wilson
 * intervals and the paired differences with 95% intervals, as `brink compare` does.
 *
 * Unlike `brink compare`, `--set` here is part of the change (it applies to the changed arm only,
 * from the branch day on); the base is the scenario file as it is.
 */
import type { Command } from 'commander';
import { BRANCH_FORMAT, BranchAccumulator, type BranchBinarySpec, type BranchComparison, type BranchMetricSpec } from '../analysis/branch.js';
import { fmtInt, fmtNum, fmtPctCI, fmtPp, fmtSigned } from '../analysis/format.js';
import { formatJson } from '../analysis/json.js';
import { runContinuation } from '../engine/branch.js';
import { createSimulator, type Outcome } from '../engine/index.js';
import { checkSnapshotHeader, SnapshotError, takeSnapshot, type Snapshot } from '../engine/snapshot.js';
import { ENGINE_VERSION } from '../model/version.js';
import { compileScenario } from '../scenario/compile.js';
import { applyPolicy, checkPolicyTarget, checkReferences, formatIssue, InjectSchema, ScenarioSchema, type Issue, type Scenario } from '../scenario/index.js';
import { loadPolicyFile, loadScenarioFile, readTextFile } from '../scenario/node.js';
import { failFlag, intArg, reportIssues, type CliContext } from './context.js';
import { lpad, pad } from './mc-common.js';
import { outcomeKeys } from './outcome-keys.js';
import { UserError, writeOutputFile } from './output.js';
import { applySetTexts, collect, excerpt } from './set-flags.js';

/** Most continuations per branch (each runs twice). */
export const MAX_BRANCH_RUNS = 1_000_000;
/** Largest snapshot file read (a snapshot of a large scenario late in its horizon is a few MB). */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

interface BranchFlags {
  seed?: number;
  trajectory?: number;
  at?: number;
  snapshot?: string;
  snapshotOut?: string;
  policy?: string;
  inject?: string[];
  set?: string[];
  runs: number;
  json?: boolean;
}

export interface BranchSummary {
  format: typeof BRANCH_FORMAT;
  engineVersion: string;
  scenario: string;
  scenarioHash: string;
  changedScenarioHash: string;
  seed: number;
  trajectory: number;
  day: number;
  horizonDays: number;
  /** The change, as given: policy file and name, injects, sets. */
  change: { policy?: { file: string; name: string }; injects?: string[]; sets?: string[] };
  /** How continuations are keyed (D41). */
  keying: string;
  comparison: BranchComparison;
}

export const KEYING = 'continuation c draws from day D on with key (seed, K) for c = 0 (the trajectory itself) and (seed, K_c) for c ≥ 1, K_c drawn from (seed, K, D, c); the unchanged and changed arms of a continuation share its key';

const TOP_LABELS: Record<string, string> = {
  drawnIn: 'drawn in', article4: 'Article 4', article5: 'Article 5', collectiveDefense: 'collective defence (any alliance)',
  horizontal: 'horizontal escalation', partnerCollapse: 'partner collapse', nuclearUse: 'nuclear use',
};

/** `ACTOR:ACTION[:TARGET][@DAY]` → an inject (day defaults to the branch day), or why not. */
export function parseInjectFlag(text: string, branchDay: number): { actor: string; action: string; target?: string; day: number } | string {
  const usage = 'expected ACTOR:ACTION[:TARGET][@DAY], e.g. RUS:strike-on-member-territory:POL@200';
  const at = text.lastIndexOf('@');
  const body = at >= 0 ? text.slice(0, at) : text;
  let day = branchDay;
  if (at >= 0) {
    const d = text.slice(at + 1);
    if (!/^[0-9]{1,6}$/.test(d)) return `the day "${excerpt(d, 20)}" is not a whole number of days; ${usage}`;
    day = Number(d);
    if (day < branchDay) return `day ${day} is before the branch day ${branchDay}; an inject of a branch happens on or after it`;
  }
  const parts = body.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) return usage;
  const [actor, action, target] = parts as [string, string, string | undefined];
  return { actor, action, ...(target !== undefined ? { target } : {}), day };
}

/** The scenario with the injects appended, or the issues (each named by the flag text). */
function addInjects(scenario: Scenario, texts: readonly string[], branchDay: number): { scenario: Scenario; added: number[] } | { errors: string[] } {
  const errors: string[] = [];
  const injects = [...scenario.injects];
  const added: number[] = [];
  const flagOf = new Map<number, string>();
  for (const t of texts) {
    const p = parseInjectFlag(t, branchDay);
    if (typeof p === 'string') {
      errors.push(`--inject ${excerpt(t)}: ${p}`);
      continue;
    }
    const parsed = InjectSchema.safeParse(p);
    if (!parsed.success) {
      errors.push(`--inject ${excerpt(t)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
      continue;
    }
    flagOf.set(injects.length, t);
    added.push(injects.length);
    injects.push(parsed.data);
  }
  if (errors.length > 0) return { errors };
  const next = { ...scenario, injects };
  const schema = ScenarioSchema.safeParse(next);
  const issues: Issue[] = schema.success ? checkReferences(next) : [];
  if (!schema.success) return { errors: ['--inject: the scenario with these injects is not valid'] };
  for (const i of issues) {
    const m = /^injects\[(\d+)\]/.exec(i.path);
    const flag = m !== null ? flagOf.get(Number(m[1])) : undefined;
    if (flag !== undefined) errors.push(`--inject ${excerpt(flag)}: ${formatIssue({ ...i, file: undefined })}`);
    else errors.push(`--inject: ${formatIssue({ ...i, file: undefined })}`);
  }
  if (errors.length > 0) return { errors };
  return { scenario: schema.data, added };
}

/** Reads a snapshot file as untrusted input: bounded size, JSON, header checked against the scenario. */
export function readSnapshotFile(file: string, scenarioHash: string, horizon: number): Snapshot {
  const read = readTextFile(file, { maxBytes: MAX_SNAPSHOT_BYTES });
  if (read.text === null) throw new UserError(`--snapshot ${excerpt(file)}: ${read.issues.map((i) => i.message).join('; ')}`);
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    // The parser's message may quote the file: not echoed.
    throw new UserError(`--snapshot ${excerpt(file)}: not a JSON file (a snapshot is written by brink branch --snapshot-out or brink trace --snapshot-out)`);
  }
  try {
    checkSnapshotHeader(value, scenarioHash, horizon);
  } catch (e) {
    if (e instanceof SnapshotError) throw new UserError(`--snapshot ${excerpt(file)}: ${e.message}`);
    throw e;
  }
  return value;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('branch')
    .description('from the state of one trajectory at a day, run N continuations unchanged and N with a policy, an injected action or a set field; paired differences')
    .argument('<file>', 'scenario YAML file (the base: as it is)')
    .option('--seed <n>', 'master seed of the trajectory to branch (default 1)', intArg(0))
    .option('--trajectory <k>', 'trajectory index within the seed (default 0)', intArg(0))
    .option('--at <day>', 'branch at the start of this day (0 … horizonDays)', intArg(0))
    .option('--snapshot <file>', 'branch from a snapshot file (brink branch/trace --snapshot-out) instead of --seed/--trajectory/--at')
    .option('--snapshot-out <file>', 'also write the state at the branch day to this snapshot file (JSON)')
    .option('--policy <file>', 'the change: a policy file, as for brink compare, applied from the branch day')
    .option('--inject <actor:action[:target][@day]>', 'the change: a scripted action on the branch day or a later one, e.g. RUS:strike-on-member-territory:POL@200 (repeatable)', collect, [])
    .option('--set <path=value>', 'the change: one field of the scenario from the branch day, e.g. parameters.misperception=0.1 (repeatable; unlike compare, the changed arm only)', collect, [])
    .option('--runs <n>', 'continuations (each runs unchanged and changed)', intArg(1, MAX_BRANCH_RUNS), 200)
    .option('--json', 'print the summary JSON to stdout')
    .addHelpText('after', `
Continuation 0 of the unchanged arm is the trajectory itself; every continuation shares the state
at the branch day (including clocks already drawn) and draws afresh after it; the unchanged and the
changed arm of one continuation draw the same numbers (docs/model.md "Snapshots and branches", D41).`)
    .action((file: string, flags: BranchFlags, cmd: Command) => {
      const fromCli = (k: string) => cmd.getOptionValueSource(k) === 'cli';
      if (flags.snapshot !== undefined) {
        for (const k of ['seed', 'trajectory', 'at'] as const) if (fromCli(k)) return failFlag(ctx, `--${k}: the snapshot fixes the seed, trajectory and day; drop --${k} or --snapshot`);
      } else if (flags.at === undefined) {
        return failFlag(ctx, '--at: give the day to branch at (or --snapshot FILE)');
      }
      const policies = flags.policy === undefined ? 0 : 1;
      if (policies + (flags.inject?.length ?? 0) + (flags.set?.length ?? 0) === 0) {
        return failFlag(ctx, 'give the change to compare with the unchanged continuation: --policy FILE, --inject ACTOR:ACTION[:TARGET][@DAY] or --set PATH=VALUE');
      }
      const loaded = loadScenarioFile(file);
      if (loaded.scenario === null) return reportIssues(ctx, loaded.issues);
      const base = loaded.scenario;
      const compiled = compileScenario(base);
      const horizon = compiled.horizonDays;
      if (flags.at !== undefined && flags.at > horizon) return failFlag(ctx, `--at: day ${flags.at} is after the horizon (horizonDays ${horizon})`);

      const snap = flags.snapshot !== undefined
        ? readSnapshotFile(flags.snapshot, compiled.hash, horizon)
        : takeSnapshot(createSimulator(compiled), flags.seed ?? 1, flags.trajectory ?? 0, flags.at!, { trace: true }); // traced: brink trace --snapshot can resume it
      const day = snap.day;

      // The changed scenario: the policy, then the sets, then the injects.
      let changed = base;
      const change: BranchSummary['change'] = {};
      const errors: string[] = [];
      if (flags.policy !== undefined) {
        const p = loadPolicyFile(flags.policy);
        if (p.policyFile === null) return reportIssues(ctx, p.issues);
        const target = checkPolicyTarget(changed, p.policyFile).map((i) => ({ ...i, file: flags.policy }));
        if (target.length > 0) return reportIssues(ctx, target);
        changed = applyPolicy(changed, p.policyFile);
        change.policy = { file: flags.policy, name: p.policyFile.name };
      }
      if ((flags.set?.length ?? 0) > 0) {
        const r = applySetTexts(changed, flags.set ?? []);
        if ('errors' in r) errors.push(...r.errors);
        else {
          changed = r.scenario;
          change.sets = r.sets;
        }
      }
      let added: number[] = [];
      if (errors.length === 0 && (flags.inject?.length ?? 0) > 0) {
        const r = addInjects(changed, flags.inject ?? [], day);
        if ('errors' in r) errors.push(...r.errors);
        else {
          changed = r.scenario;
          added = r.added;
          change.injects = [...(flags.inject ?? [])];
        }
      }
      if (errors.length > 0) {
        for (const e of errors) ctx.err(`error: ${e}`);
        return failFlag(ctx, 'the change is not valid (see above)');
      }
      const changedCompiled = compileScenario(changed);
      if (changedCompiled.horizonDays !== horizon) return failFlag(ctx, '--set: a branch cannot change horizonDays (the arms are compared over the same days)');

      if (flags.snapshotOut !== undefined) writeOutputFile(flags.snapshotOut, `${JSON.stringify(snap)}\n`, '--snapshot-out');

      const keys = outcomeKeys(compiled).filter((k) => !k.needsTrace);
      const binary: BranchBinarySpec<Outcome>[] = keys.map((k) => ({ key: k.key, label: TOP_LABELS[k.key] ?? k.key, day: (o) => k.day(o, null) }));
      const metrics: BranchMetricSpec<Outcome>[] = [
        { key: 'costTotal', label: 'cost total (B$)', value: (o) => o.costTotal },
        { key: 'costAid', label: 'cost aid (B$)', value: (o) => o.costAid },
        { key: 'costDeterrence', label: 'cost deterrence (B$)', value: (o) => o.costDeterrence },
        { key: 'costRisk', label: 'cost risk (B$)', value: (o) => o.costRisk },
        { key: 'finalCohesion', label: 'final cohesion', value: (o) => o.finalCohesion },
        { key: 'peakCredibilityDebt', label: 'peak credibility debt', value: (o) => o.peakCredibilityDebt },
        { key: 'escalationScore', label: 'escalation score', value: (o) => o.escalationScore },
        { key: 'grayzoneCount', label: 'gray-zone acts', value: (o) => o.grayzoneCount },
        ...compiled.theatres.map((t) => ({ key: `maxRung.${t.id}`, label: `highest rung ${t.id}`, value: (o: Outcome) => o.maxRung[t.id] ?? NaN })),
      ];
      const acc = new BranchAccumulator(binary, metrics, day);
      const simA = createSimulator(compiled);
      const simB = createSimulator(changedCompiled);
      const t0 = Date.now();
      try {
        for (let c = 0; c < flags.runs; c++) {
          const a = runContinuation(simA, snap, c);
          const b = runContinuation(simB, snap, c, { baseScenarioHash: compiled.hash, addedInjects: added });
          acc.add(a.outcome, b.outcome);
        }
      } catch (e) {
        const where = flags.snapshot !== undefined ? `--snapshot ${excerpt(flags.snapshot)}` : 'branch';
        if (e instanceof SnapshotError) throw new UserError(`${where}: ${e.message}`);
        // A state read from a file is checked for shape, not plausibility: an engine failure on it is the file's.
        if (flags.snapshot !== undefined) throw new UserError(`${where}: the engine cannot run on this state; it is not a snapshot this engine took of this scenario`);
        throw e;
      }
      const summary: BranchSummary = {
        format: BRANCH_FORMAT,
        engineVersion: ENGINE_VERSION,
        scenario: compiled.name,
        scenarioHash: compiled.hash,
        changedScenarioHash: changedCompiled.hash,
        seed: snap.seed,
        trajectory: snap.trajectory,
        day,
        horizonDays: horizon,
        change,
        keying: KEYING,
        comparison: acc.summary(),
      };
      if (flags.json) ctx.io.stdout(`${formatJson(summary)}\n`);
      else for (const line of formatBranchText(summary)) ctx.out(line);
      ctx.err(`brink: ${fmtInt(2 * flags.runs)} continuations of ${horizon - day} days in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
}

export function formatBranchText(s: BranchSummary): string[] {
  const c = s.comparison;
  const out: string[] = [];
  out.push(`Brink branch: ${s.scenario} · seed ${s.seed} trajectory ${s.trajectory} from day ${s.day} of ${s.horizonDays} · ${fmtInt(c.runs)} paired continuations · engine ${s.engineVersion}`);
  const ch: string[] = [];
  if (s.change.policy !== undefined) ch.push(`policy ${s.change.policy.name} (${s.change.policy.file})`);
  if (s.change.sets !== undefined) ch.push(`set ${s.change.sets.join(', ')}`);
  if (s.change.injects !== undefined) ch.push(`inject ${s.change.injects.join(', ')}`);
  out.push(`Change from day ${s.day}: ${ch.join('; ')}`);
  out.push('');
  out.push('changed − unchanged (paired by continuation; 95% intervals)');
  const w = Math.max(12, ...c.binary.map((b) => b.label.length + 2), ...c.metrics.map((m) => m.label.length)) + 2;
  const cw = 22;
  out.push(`  ${pad('probability', w)}${lpad('unchanged', cw)}${lpad('changed', cw)}${lpad('difference', 12)}   95% interval`);
  for (const b of c.binary) {
    out.push(`  ${pad(b.label + (b.beforeBranch ? ' *' : ''), w)}${lpad(fmtPctCI(b.unchanged.estimate, b.unchanged.lo, b.unchanged.hi), cw)}${lpad(fmtPctCI(b.changed.estimate, b.changed.lo, b.changed.hi), cw)}${lpad(fmtPp(b.difference), 12)}   ${fmtPp(b.lo)} to ${fmtPp(b.hi)}`);
  }
  out.push('  mean per run');
  for (const m of c.metrics) {
    out.push(`  ${pad(m.label, w)}${lpad(fmtNum(m.unchanged), cw)}${lpad(fmtNum(m.changed), cw)}${lpad(fmtSigned(m.difference), 12)}   ${fmtSigned(m.lo)} to ${fmtSigned(m.hi)}`);
  }
  if (c.binary.some((b) => b.beforeBranch)) out.push(`  * had happened before day ${s.day} in every continuation: certain in both arms`);
  out.push('');
  out.push(`Continuation 0 of the unchanged arm is trajectory ${s.trajectory} itself; all share its state at day ${s.day} and draw afresh after it,`);
  out.push('the two arms of a continuation with the same keys (D41).');
  return out;
}

