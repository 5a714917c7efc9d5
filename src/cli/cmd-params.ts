/**
 * `brink params [--markdown|--json]`: the table of model parameters (src/model/params.ts) with
 * default, range, unit, MODEL.md section, origin and meaning. docs/model.md includes the
 * `--markdown` output, so the documentation cannot drift from the code.
 */
import { Option, type Command } from 'commander';
import { PARAM_NAMES, PARAM_SPECS } from '../model/params.js';
import type { CliContext } from './context.js';

const HEADERS = ['parameter', 'default', 'range', 'unit', '§', 'origin', 'meaning'];

function rows(): string[][] {
  return PARAM_NAMES.map((name) => {
    const s = PARAM_SPECS[name];
    return [name, String(s.default), `${s.min}..${s.max}`, s.unit, s.section, s.origin, s.doc];
  });
}

export function paramsMarkdown(): string {
  const esc = (cell: string): string => cell.replace(/\|/g, '\\|');
  const lines = [
    `| ${HEADERS.map((h) => (h === '§' ? 'MODEL.md §' : h)).join(' | ')} |`,
    `|${HEADERS.map((h) => (h === 'default' || h === 'range' ? '---:' : '---')).join('|')}|`,
    ...rows().map(([name, ...rest]) => `| \`${name}\` | ${rest.map(esc).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function paramsText(): string {
  const all = [HEADERS, ...rows()];
  // Pad every column but the last (the free-text meaning).
  const widths = HEADERS.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('params')
    .description('print the model parameters: default, range, unit, MODEL.md section, origin, meaning')
    .option('--markdown', 'as a markdown table (for docs/model.md)')
    .addOption(new Option('--json', 'as JSON, keyed by parameter name').conflicts('markdown'))
    .action((opts: { markdown?: boolean; json?: boolean }) => {
      if (opts.json) ctx.out(JSON.stringify(PARAM_SPECS, null, 2));
      else ctx.out(opts.markdown ? paramsMarkdown() : paramsText());
    });
}
