/**
 * `brink claims [--runs N] [--seed S] [--workers W] [--json] [--out FILE] [--only ID,…]`: the
 * seeds' causal claims measured on the built-in scenarios (claims-list.ts, docs/claims.md). Each
 * study is one `brink compare` job (common random numbers, paired differences to the scenario as
 * it is); each claim reads one outcome's paired difference and states whether the model agrees
 * with the direction its seed passage gives. `--json` prints one JSON object per claim, one per
 * line; `--out` writes the Markdown page (docs/claims.md with `npm run claims`).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { ArmInfo } from '../analysis/compare.js';
import { findDifference, formatEffect, movedOutcomes, renderClaimsMarkdown, verdictOf, type ClaimResult } from '../analysis/claims.js';
import { ENGINE_VERSION } from '../model/version.js';
import { applyPolicy, applySetPaths, checkPolicyTarget, parseAssignment, type Issue, type Scenario, type SetAssignment } from '../scenario/index.js';
import { loadPolicyFile, loadScenarioFile } from '../scenario/node.js';
import { intArg, reportIssues, failFlag, type CliContext } from './context.js';
import { checkOutBeforeAction, resolveWorkers, runComparison, pad } from './mc-common.js';
import { checkOutputFile, writeOutputFile } from './output.js';
import { STUDIES, type ArmDef, type StudyDef } from './claims-list.js';

/** The package root (scenarios/ and policies are read from there, whatever the working directory). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface ClaimsFlags {
  runs: number;
  seed: number;
  workers?: number;
  json?: boolean;
  out?: string;
  only?: string;
  progress: boolean;
}

function buildArm(base: Scenario, arm: ArmDef): { scenario: Scenario | null; issues: Issue[] } {
  let s = base;
  if (arm.policy) {
    const loaded = loadPolicyFile(join(ROOT, arm.policy));
    if (loaded.policyFile === null) return { scenario: null, issues: loaded.issues };
    const target = checkPolicyTarget(s, loaded.policyFile);
    if (target.length > 0) return { scenario: null, issues: target };
    s = applyPolicy(s, loaded.policyFile);
  }
  if (arm.sets && arm.sets.length > 0) {
    const sets: SetAssignment[] = [];
    for (const text of arm.sets) {
      const a = parseAssignment(text);
      if ('code' in a) return { scenario: null, issues: [a] };
      sets.push(a);
    }
    const r = applySetPaths(s, sets);
    if (!r.ok) return { scenario: null, issues: r.issues };
    s = r.scenario;
  }
  return { scenario: { ...s, name: base.name }, issues: [] };
}

/**
 * A `brink compare` command line that reproduces a study (for the reader of docs/claims.md). With
 * policy files the reference is `status-quo.yaml` (the scenario's own policy, an empty override),
 * because `--policy` arms compare with the first policy; variants compare with the scenario as it is.
 */
export function studyCommand(study: StudyDef, runs: number, seed: number): string {
  const parts = [`npx brink compare scenarios/${study.scenario}`];
  if (study.arms.some((a) => a.policy)) parts.push('--policy scenarios/policies/status-quo.yaml');
  for (const a of study.arms) {
    if (a.policy) parts.push(`--policy ${a.policy}`);
    else if (a.sets) parts.push(`--variant '${a.name}:${a.sets.join(',')}'`);
  }
  parts.push(`--runs ${runs} --seed ${seed}`);
  return parts.join(' ');
}

export async function measureClaims(
  ctx: CliContext,
  flags: ClaimsFlags,
  only: Set<string> | null,
): Promise<ClaimResult[] | null> {
  const results: ClaimResult[] = [];
  for (const study of STUDIES) {
    const claims = study.claims.filter((c) => only === null || only.has(c.id));
    if (claims.length === 0) continue;
    const { scenario, issues } = loadScenarioFile(join(ROOT, 'scenarios', study.scenario));
    if (scenario === null) {
      reportIssues(ctx, issues);
      return null;
    }
    const needed = study.arms.filter((a) => claims.some((c) => c.arm === a.name));
    const arms: Scenario[] = [scenario];
    const info: Omit<ArmInfo, 'scenarioHash'>[] = [{ name: 'as-is', policyFile: '' }];
    for (const a of needed) {
      const built = buildArm(scenario, a);
      if (built.scenario === null) {
        reportIssues(ctx, built.issues.map((i) => ({ ...i, message: `claims arm "${a.name}": ${i.message}` })));
        return null;
      }
      arms.push(built.scenario);
      info.push({ name: a.name, policyFile: a.policy ?? (a.sets ?? []).join(',') });
    }
    const { compare } = await runComparison(arms, info, { runs: flags.runs, seed: flags.seed, workers: flags.workers, progress: flags.progress }, { label: `brink claims ${study.scenario}`, command: 'claims', series: false });
    for (const c of claims) {
      const arm = needed.find((a) => a.name === c.arm)!;
      const found = findDifference(compare, c.arm, c.outcome.key);
      if (found === null) throw new Error(`claim ${c.id}: outcome key "${c.outcome.key}" is not in the comparison of ${study.scenario}`);
      const d = found.d;
      results.push({
        id: c.id,
        claim: c.claim,
        source: c.source,
        scenario: study.scenario,
        lever: arm.lever,
        reference: 'as-is',
        arm: c.arm,
        outcome: c.outcome,
        expected: c.expected,
        kind: found.kind,
        a: d.a,
        b: d.b,
        difference: d.difference,
        lo: d.lo,
        hi: d.hi,
        runs: flags.runs,
        verdict: verdictOf(c.expected, d.lo, d.hi),
        moved: movedOutcomes(compare, c.arm),
        note: c.note,
        command: studyCommand({ ...study, arms: [arm] }, flags.runs, flags.seed),
      });
    }
  }
  return results;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('claims')
    .description('measure the seed essays\' causal claims on the built-in scenarios (docs/claims.md)')
    .option('--runs <n>', 'paired runs per arm', intArg(1, 1e7), 10000)
    .option('--seed <s>', 'master seed', intArg(0), 1)
    .option('--workers <w>', 'worker threads (default: one per core; 1 = inline)', intArg(1, 1024))
    .option('--json', 'print one JSON object per claim, one per line')
    .option('--out <file>', 'write the Markdown page (docs/claims.md) to this file')
    .option('--only <ids>', 'comma-separated claim ids (default: all)')
    .option('--no-progress', 'no progress on stderr (a bar on a terminal; otherwise a line every few seconds)');
  // A bad --out is refused before ten minutes of simulation, not after (D30); the page is written atomically.
  checkOutBeforeAction(cmd, checkOutputFile).action(async (flags: ClaimsFlags) => {
      const known = new Set(STUDIES.flatMap((s) => s.claims.map((c) => c.id)));
      let only: Set<string> | null = null;
      if (flags.only !== undefined) {
        only = new Set(flags.only.split(',').map((x) => x.trim()).filter((x) => x !== ''));
        const unknown = [...only].filter((x) => !known.has(x));
        if (unknown.length > 0 || only.size === 0) {
          failFlag(ctx, `--only: unknown claim id${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => JSON.stringify(u.slice(0, 40))).join(', ') || '(none given)'} (known: ${[...known].join(', ')})`);
          return;
        }
      }
      const workers = resolveWorkers(flags.workers);
      const results = await measureClaims(ctx, { ...flags, workers }, only);
      if (results === null) return;
      if (flags.json) for (const r of results) ctx.io.stdout(`${JSON.stringify(r)}\n`);
      else {
        const w = Math.max(...results.map((r) => r.id.length)) + 2;
        for (const r of results) ctx.out(`${pad(r.id, w)}${pad(r.verdict, 12)}${r.outcome.label}: ${formatEffect(r)}`);
      }
      const inert = results.filter((r) => r.moved.length === 0);
      for (const r of inert) ctx.err(`brink claims: warning: claim ${r.id}: the lever "${r.lever}" moved no outcome beyond sampling error`);
      if (flags.out !== undefined) {
        const md = renderClaimsMarkdown(results, {
          engineVersion: ENGINE_VERSION,
          seed: flags.seed,
          runs: flags.runs,
          command: `npm run claims` + (flags.runs !== 10000 || flags.seed !== 1 ? ` -- --runs ${flags.runs} --seed ${flags.seed}` : ''),
        });
        writeOutputFile(flags.out, `${md}\n`);
        ctx.err(`brink: wrote ${flags.out}`);
      }
    });
}
