/**
 * `brink compare FILE --policy A.yaml --policy B.yaml ... --runs N --seed S [--workers W]
 * [--json] [--out DIR]`: the same scenario under several policy files, with common random
 * numbers (trajectory k of every arm uses (S, k), MODEL.md §6), reporting every outcome per arm
 * and its paired difference to the first arm with a 95% interval. Exactly mergeable by chunks,
 * like `brink run`, so the result is byte-identical for any --workers; a policy compared with
 * itself gives exactly zero differences.
 */
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

interface CompareFlags extends MonteCarloFlags {
  policy: string[];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function register(program: Command, ctx: CliContext): void {
  addMonteCarloOptions(
    program
      .command('compare')
      .description('run a scenario under several policy files with common random numbers; paired differences to the first')
      .argument('<file>', 'scenario YAML file')
      .requiredOption('--policy <file>', 'policy YAML file; repeat for each arm (the first is the reference)', collect),
    {
      runs: 'trajectories per arm',
      seed: 'master seed shared by every arm',
      json: 'print the comparison summary JSON to stdout',
      csv: 'print the paired differences as CSV',
      out: 'write summary.json, compare.csv, report.html and timing.json to this directory',
    },
  )
    .action(async (file: string, flags: CompareFlags) => {
      if (flags.policy.length < 2) {
        failFlag(ctx, `give at least two --policy files (got ${flags.policy.length}); the first is the reference the others are compared with`);
        return;
      }
      const { scenario, issues } = loadScenarioFile(file);
      if (scenario === null) {
        reportIssues(ctx, issues);
        return;
      }
      if (!checkFocal(ctx, scenario, flags.focal)) return;
      const arms: Scenario[] = [];
      const info: Omit<ArmInfo, 'scenarioHash'>[] = [];
      const problems: Issue[] = [];
      const names = new Map<string, number>();
      for (const path of flags.policy) {
        const loaded = loadPolicyFile(path);
        if (loaded.policyFile === null) {
          problems.push(...loaded.issues);
          continue;
        }
        const target = checkPolicyTarget(scenario, loaded.policyFile).map((i) => ({ ...i, file: path }));
        if (target.length > 0) {
          problems.push(...target);
          continue;
        }
        arms.push(applyPolicy(scenario, loaded.policyFile));
        // Arms are told apart by name; a repeated name (e.g. a policy against itself) gets a suffix.
        const base = loaded.policyFile.name;
        const seen = names.get(base) ?? 0;
        names.set(base, seen + 1);
        info.push({ name: seen === 0 ? base : `${base} (${seen + 1})`, policyFile: path });
      }
      if (problems.length > 0) {
        reportIssues(ctx, problems);
        return;
      }
      const { compare: summary, timing } = await runComparison(arms, info, flags, { label: `brink compare ${scenario.name}`, command: 'compare' });
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


export function formatCompareText(s: CompareSummary): string[] {
  const pv = s.provenance;
  const out: string[] = [];
  out.push(`Brink compare: ${pv.scenario} · ${pv.arms.map((a) => a.name).join(' vs ')} · ${fmtInt(pv.runs)} paired runs × ${fmtInt(pv.horizonDays)} days · seed ${pv.seed} · engine ${pv.engineVersion}`);
  for (const c of s.comparisons) {
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
