/** `brink schema [--policy]`: the JSON Schema of scenario (or policy) files, for editors and the API. */
import type { Command } from 'commander';
import { policyFileJsonSchema, scenarioJsonSchema } from '../scenario/index.js';
import type { CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (or, with --policy, of policy files)')
    .option('--policy', 'the schema of policy files instead')
    .action((opts: { policy?: boolean }) => {
      ctx.out(JSON.stringify(opts.policy ? policyFileJsonSchema() : scenarioJsonSchema(), null, 2));
    });
}
