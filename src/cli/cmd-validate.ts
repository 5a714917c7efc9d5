/**
 * `brink validate FILE...`: checks scenario, policy and parameter files (told apart by their
 * top-level keys) and prints either a one-line summary or every issue, one per line.
 * The report goes to stdout: it is what the command is for.
 */
import type { Command } from 'commander';
import { MAX_ISSUES_SHOWN, type Scenario } from '../scenario/index.js';
import { loadAnyFile } from '../scenario/node.js';
import { EXIT_INVALID, issueLines, type CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check scenario, policy or parameter files; print every problem with its line')
    .argument('<file...>', 'YAML files to check')
    .option('--json', 'print one JSON object {files: [{file, kind, valid, issues}]}')
    .action((files: string[], opts: { json?: boolean }) => {
      const results = files.map((file) => ({ file, loaded: loadAnyFile(file) }));
      if (opts.json) {
        ctx.out(
          JSON.stringify({
            // At most MAX_ISSUES_SHOWN issues per file; `moreIssues` counts the rest.
            files: results.map(({ file, loaded }) => ({
              file,
              kind: loaded.kind,
              valid: loaded.issues.length === 0,
              issues: loaded.issues.slice(0, MAX_ISSUES_SHOWN),
              ...(loaded.issues.length > MAX_ISSUES_SHOWN ? { moreIssues: loaded.issues.length - MAX_ISSUES_SHOWN } : {}),
            })),
          }),
        );
      }
      for (const { file, loaded } of results) {
        if (loaded.issues.length > 0) {
          ctx.fail(EXIT_INVALID);
          if (opts.json) continue;
          for (const line of issueLines(loaded.issues)) ctx.out(line);
          ctx.out(`${file}: ${loaded.issues.length} problem${loaded.issues.length === 1 ? '' : 's'}`);
          continue;
        }
        if (opts.json) continue;
        if (loaded.kind === 'scenario' && loaded.scenario) ctx.out(`${file}: valid (${summarise(loaded.scenario)})`);
        else if (loaded.kind === 'policy' && loaded.policyFile)
          ctx.out(
            `${file}: valid policy file "${loaded.policyFile.name}" (${count(Object.keys(loaded.policyFile.policy).length, 'lever')}, ${count(Object.keys(loaded.policyFile.parameters ?? {}).length, 'parameter')})`,
          );
        else if (loaded.kind === 'parameters' && loaded.parameters) ctx.out(`${file}: valid parameter file (${count(Object.keys(loaded.parameters).length, 'parameter')})`);
      }
    });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function summarise(s: Scenario): string {
  return [
    count(s.actors.length, 'actor'),
    count(s.alliances.length, 'alliance'),
    count(s.theatres.length, 'theatre'),
    count(s.partners.length, 'partner'),
    count(s.relations.length, 'relation'),
    count(s.injects.length, 'inject'),
    `horizon ${s.horizonDays} days`,
  ].join(', ');
}
