/**
 * `brink compare FILE [--policy A.yaml …] [--variant NAME:PATH=VALUE[,…] …] [--scenario-arm B.yaml …]
 * [--set PATH=VALUE …] --runs N --seed S [--workers W] [--json] [--out DIR]`: the same scenario
 * under several policy files, variants (fields set by scenario paths, D27) or other scenario files,
 * with common random numbers (trajectory k of every arm uses (S, k), MODEL.md §6), reporting every
 * outcome per arm and its paired difference to the first arm with a 95% interval. With policy
 * files only, the first policy is the reference; with any variant or scenario arm, the scenario as
 * it is is the reference and the others follow in the order given. Exactly mergeable by chunks,
 * like `brink run`, so the result is byte-identical for any --workers; a policy compared with
 * itself gives exactly zero differences. */
import type { Command } from 'commander';
import type { ArmInfo, CompareSummary } from '../analysis/compare.js';
import { formatJson } from '../analysis/json.js';
import { compareCsv } from '../analysis/tables.js';
import { narrateCompare } from '../analysis/narrative.js';
import { fmtInt, fmtNum, fmtPct, fmtPp, fmtSigned } from '../analysis/format.js';
import { applyPolicy, checkPolicyTarget, type Issue, type Scenario } from '../scenario/index.js';
import { loadPolicyFile, loadScenarioFile } from '../scenario/node.js';
import { renderCompareReport } from '../report/html.js';
import { loadReportAssets } from '../report/assets-node.js';
import { failFlag, reportIssues, type CliContext } from './context.js';
import { checkFocal, addMonteCarloOptions, emitOutputs, lpad, pad, runComparison, type MonteCarloFlags } from './mc-common.js';
import { applySetFlags, applySetTexts, collect, excerpt, parseVariant, setsField } from './set-flags.js';

interface CompareFlags extends MonteCarloFlags {
  policy?: string[];
  variant?: string[];
  scenarioArm?: string[];
}

/** One arm as given on the command line, in the order given across the three flags. */
type ArmFlag = { kind: 'policy' | 'variant' | 'scenario-arm'; text: string };

export function register(program: Command, ctx: CliContext): void {
  // The arms in the order typed, across --policy, --variant and --scenario-arm (commander keeps
  // one list per flag). A fresh list per program: main() builds one per invocation.
  const order: ArmFlag[] = [];
  const arm = (kind: ArmFlag['kind']) => (value: string, previous: string[] | undefined) => {
    order.push({ kind, text: value });
    return collect(value, previous);
  };
  addMonteCarloOptions(
    program
      .command('compare')
      .description('run a scenario under several policy files or variants with common random numbers; paired differences to the first arm')
      .argument('<file>', 'scenario YAML file')
      .option('--policy <file>', 'policy YAML file; repeat for each arm (with policies only, the first is the reference)', arm('policy'))
      .option('--variant <name:path=value,...>', 'an arm that sets fields of the scenario, e.g. no-chn:enablerLinks[from=CHN,to=RUS].supplyRate=0 (repeatable; the scenario as it is becomes the reference arm)', arm('variant'))
      .option('--scenario-arm <file>', 'a second scenario file as an arm; same horizon and theatres (repeatable; the scenario as it is becomes the reference arm)', arm('scenario-arm')),
    {
      runs: 'trajectories per arm',
      seed: 'master seed shared by every arm',
      json: 'print the comparison summary JSON to stdout',
      csv: 'print the paired differences as CSV',
      out: 'write summary.json, compare.csv, report.html and timing.json to this directory',
    },
  )
    .action(async (file: string, flags: CompareFlags) => {
      const policies = flags.policy?.length ?? 0;
      // With variants or other scenarios, the scenario as it is is the reference; with policy files
      // only, the first policy is (as before D27: a status-quo file is the usual first arm).
      const withBase = order.some((a) => a.kind !== 'policy');
      if (!withBase && policies < 2) {
        failFlag(ctx, `give at least two --policy files (got ${policies}); the first is the reference the others are compared with. Or compare the scenario as it is with --variant NAME:PATH=VALUE or --scenario-arm FILE`);
        return;
      }
      const loaded = loadScenarioFile(file);
      if (loaded.scenario === null) {
        reportIssues(ctx, loaded.issues);
        return;
      }
      const set = applySetFlags(ctx, loaded.scenario, flags.set);
      if (set === null) return;
      const { scenario, sets } = set;
      if (!checkFocal(ctx, scenario, flags.focal)) return;

      const arms: Scenario[] = [];
      const info: Omit<ArmInfo, 'scenarioHash'>[] = [];
      const problems: Issue[] = [];
      const errors: string[] = [];
      const names = new Map<string, number>();
      const add = (s: Scenario, base: string, source: string, armSets?: string[]) => {
        arms.push(s);
        // Arms are told apart by name; a repeated name (e.g. a policy against itself) gets a suffix.
        const seen = names.get(base) ?? 0;
        names.set(base, seen + 1);
        info.push({ name: seen === 0 ? base : `${base} (${seen + 1})`, policyFile: source, ...(armSets !== undefined ? { sets: armSets } : {}) });
      };
      if (withBase) add(scenario, scenario.name, file);
      for (const a of order) {
        if (a.kind === 'policy') {
          const p = loadPolicyFile(a.text);
          if (p.policyFile === null) {
            problems.push(...p.issues);
            continue;
          }
          const target = checkPolicyTarget(scenario, p.policyFile).map((i) => ({ ...i, file: a.text }));
          if (target.length > 0) {
            problems.push(...target);
            continue;
          }
          add(applyPolicy(scenario, p.policyFile), p.policyFile.name, a.text);
        } else if (a.kind === 'variant') {
          const spec = parseVariant(a.text);
          if (typeof spec === 'string') {
            errors.push(`--variant ${excerpt(a.text)}: ${spec}`);
            continue;
          }
          const r = applySetTexts(scenario, spec.texts, `--variant ${spec.name}:`);
          if ('errors' in r) errors.push(...r.errors);
          else add(r.scenario, spec.name, `--variant ${excerpt(a.text, 200)}`, r.sets);
        } else {
          const other = loadScenarioFile(a.text);
          if (other.scenario === null) {
            problems.push(...other.issues);
            continue;
          }
          // The --set assignments are assumptions of the whole comparison: every arm gets them.
          const r = applySetTexts(other.scenario, flags.set ?? []);
          if ('errors' in r) {
            errors.push(...r.errors.map((e) => `--scenario-arm ${excerpt(a.text)}: ${e}`));
            continue;
          }
          const mismatch = armMismatch(scenario, r.scenario);
          if (mismatch !== null) {
            errors.push(`--scenario-arm ${excerpt(a.text)}: ${mismatch}`);
            continue;
          }
          add(r.scenario, r.scenario.name, a.text);
        }
      }
      if (problems.length > 0 || errors.length > 0) {
        for (const e of errors) ctx.err(`error: ${e}`);
        reportIssues(ctx, problems);
        return;
      }
      const { compare, timing } = await runComparison(arms, info, flags, { label: `brink compare ${scenario.name}`, command: 'compare' });
      const summary: CompareSummary = { ...compare, provenance: { ...compare.provenance, ...setsField(sets) } };
      const json = `${formatJson(summary)}\n`;
      emitOutputs(ctx, flags, {
        json,
        csv: () => compareCsv(summary),
        text: () => formatCompareText(summary),
        timing,
        files: () => ({ 'compare.csv': compareCsv(summary), 'report.html': renderCompareReport(summary, loadReportAssets()) }),
      });
    });
}

/**
 * Why another scenario cannot be an arm beside `base`, or null: the comparison merges outcomes day
 * by day and theatre by theatre, so the horizon and the theatres (ids, in order) must agree (job.ts).
 */
export function armMismatch(base: Scenario, other: Scenario): string | null {
  const ids = (s: Scenario) => s.theatres.map((t) => t.id).join(', ');
  if (other.horizonDays === base.horizonDays && ids(other) === ids(base)) return null;
  return `scenario "${excerpt(other.name, 40)}" has horizon ${other.horizonDays} days and theatres ${ids(other)}; an arm must share those of "${excerpt(base.name, 40)}" (${base.horizonDays} days; ${ids(base)}), since the arms are compared day by day and theatre by theatre`;
}

export function formatCompareText(s: CompareSummary): string[] {
  const pv = s.provenance;
  const out: string[] = [];
  out.push(`Brink compare: ${pv.scenario} · ${pv.arms.map((a) => a.name).join(' vs ')} · ${fmtInt(pv.runs)} paired runs × ${fmtInt(pv.horizonDays)} days · seed ${pv.seed} · engine ${pv.engineVersion}`);
  if (pv.sets !== undefined && pv.sets.length > 0) out.push(`With --set ${pv.sets.join(', ')} (every arm)`);
  for (const a of pv.arms) if (a.sets !== undefined) out.push(`Variant ${a.name}: ${a.sets.join(', ')}`);
  // The focal alliance's own rows (`NATO.drawnIn`, …) repeat the top-level ones: shown once (JSON and CSV keep both).
  const own = (key: string) => s.focal !== null && key.startsWith(`${s.focal}.`);
  for (const full of s.comparisons) {
    const c = { ...full, binary: full.binary.filter((b) => !own(b.key)), metrics: full.metrics.filter((m) => !own(m.key)) };
    out.push('');
    out.push(`${c.arm} − ${c.against} (paired; 95% intervals)`);
    const w = Math.max(...c.binary.map((b) => b.label.length), ...c.metrics.map((m) => m.label.length)) + 2;
    const cw = Math.max(12, c.against.length, c.arm.length) + 2;
    out.push(`  ${pad('probability', w)}${lpad(c.against, cw)}${lpad(c.arm, cw)}${lpad('difference', 14)}   95% interval`);
    for (const b of c.binary) {
      out.push(`  ${pad(b.label, w)}${lpad(fmtPct(b.a), cw)}${lpad(fmtPct(b.b), cw)}${lpad(fmtPp(b.difference), 14)}   ${fmtPp(b.lo)} to ${fmtPp(b.hi)}`);
    }
    out.push(`  mean per run`);
    for (const m of c.metrics) {
      out.push(`  ${pad(m.label, w)}${lpad(fmtNum(m.a), cw)}${lpad(fmtNum(m.b), cw)}${lpad(fmtSigned(m.difference), 14)}   ${fmtSigned(m.lo)} to ${fmtSigned(m.hi)}`);
    }
  }
  out.push('');
  out.push('Reading');
  for (const line of narrateCompare(s)) out.push(`  ${line}`);
  return out;
}
