/**
 * `brink new FILE --from NAME`: starts a scenario of one's own from a built-in one (D36). The copy
 * works where it is written: the built-in's `include:` files are merged into its `parameters:`
 * block (the scenario's own parameters still win, as when loaded), so no include has to reach
 * back into the library and the file policy (includes relative and inside the scenario's folder)
 * holds wherever the copy goes. Comments are kept; a header says what to change. The result is
 * validated and must hash to the built-in's scenario (same numbers from `brink run`) before it is
 * written; it is written atomically and never over an existing file (exit 1).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { ENGINE_VERSION } from '../model/version.js';
import { BUILTIN_SCENARIOS_DIR, escapeControl, loadParametersFile, loadScenarioFile, quoteExcerpt, readTextFile } from '../scenario/node.js';
import { parseScenarioText, parseYamlValue, sniffKind } from '../scenario/parse.js';
import { scenarioHash } from '../scenario/compile.js';
import { didYouMean } from '../scenario/issues.js';
import { failFlag, issueLines, type CliContext } from './context.js';
import { writeNewFile } from './output.js';

/** The built-in scenarios, by name (file name without `.yaml`), sorted; parameter files of the library are not scenarios. */
export function builtinScenarioNames(): string[] {
  return readdirSync(BUILTIN_SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .filter((f) => {
      const r = readTextFile(join(BUILTIN_SCENARIOS_DIR, f));
      return r.text !== null && sniffKind(parseYamlValue(r.text).value) === 'scenario';
    })
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

function header(from: string, rawFile: string): string {
  // The path is user text: no control character (a newline would end the comment) reaches the file.
  const file = escapeControl(rawFile);
  return [
    ` Written by \`brink new ${file} --from ${from}\` (Brink ${ENGINE_VERSION}): a copy of the built-in`,
    ` scenario ${from}, which runs as it is and gives the built-in's numbers (same scenario hash).`,
    '',
    ' WHAT TO CHANGE. Give it your own `name:` and `description:` (results are tagged with the name),',
    ' then edit the actors, alliances, relations, policies and injects. `brink schema` describes every',
    ' field (meaning, unit, range, MODEL.md section); docs/scenarios.md explains the format.',
    ` The built-in's \`include:\` files were merged into \`parameters:\` below, so this file needs nothing`,
    ' beside it; a parameter file you add must be a relative path inside this folder.',
    ` Check it with \`brink validate ${file}\`; run it with \`brink run ${file} --runs 1000 --seed 1\`.`,
    '',
  ].join('\n');
}

/**
 * The text of the copy: the built-in's text with its includes merged into `parameters:`.
 * Returns the text, or the problems (built-in issues, which would be a bug in the library).
 */
export function newScenarioText(from: string, file: string): { text: string; hash: string } | { problems: string[] } {
  const path = join(BUILTIN_SCENARIOS_DIR, `${from}.yaml`);
  const loaded = loadScenarioFile(path);
  if (loaded.scenario === null) return { problems: issueLines(loaded.issues) };
  const doc = parseDocument(readBuiltin(path));
  const root = doc.contents;
  if (!isMap(root)) return { problems: [`built-in ${from} is not a mapping`] };
  const items = (root as YAMLMap).items as Pair[];
  const keyIs = (p: Pair, k: string) => isScalar(p.key) && p.key.value === k;
  const incIx = items.findIndex((p) => keyIs(p, 'include'));
  if (incIx >= 0) {
    const includes = (doc.get('include') as { toJSON(): unknown } | undefined)?.toJSON();
    const merged: Record<string, number> = {};
    for (const entry of Array.isArray(includes) ? includes : []) {
      const p = loadParametersFile(join(BUILTIN_SCENARIOS_DIR, String(entry)));
      if (p.parameters === null) return { problems: issueLines(p.issues) };
      for (const [k, v] of Object.entries(p.parameters)) if (v !== undefined) merged[k] = v;
    }
    const note = ` Merged by \`brink new\` from include: ${(includes as unknown[]).map(String).join(', ')} (the built-in library);`;
    const own = items.findIndex((p) => keyIs(p, 'parameters'));
    if (own >= 0) {
      // The scenario's own values win: add only the included keys it does not set, first.
      const map = items[own]!.value as YAMLMap;
      const present = new Set(map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
      const add = Object.entries(merged).filter(([k]) => !present.has(k));
      map.items.unshift(...add.map(([k, v]) => doc.createPair(k, v)));
      const keyNode = items[own]!.key as { commentBefore?: string | null };
      keyNode.commentBefore = `${keyNode.commentBefore ? `${keyNode.commentBefore}\n` : ''}${note} the values below\n the include did not set are its own.`;
      items.splice(incIx, 1);
    } else {
      const pair = doc.createPair('parameters', merged);
      const oldKey = items[incIx]!.key as { commentBefore?: string | null };
      (pair.key as { commentBefore?: string | null }).commentBefore = `${oldKey.commentBefore ? `${oldKey.commentBefore}\n` : ''}${note} edit freely.`;
      items.splice(incIx, 1, pair);
    }
  }
  doc.commentBefore = `${header(from, file)}${doc.commentBefore ? `\n${doc.commentBefore}` : ''}`;
  const text = doc.toString();
  // The copy must be valid on its own and the very scenario the built-in loads to.
  const check = parseScenarioText(text, file);
  if (check.scenario === null) return { problems: issueLines(check.issues) };
  const want = scenarioHash(loaded.scenario);
  if (scenarioHash(check.scenario) !== want) return { problems: [`the copy of ${from} does not hash to the built-in scenario; this is a bug in brink new`] };
  return { text, hash: want };
}

function readBuiltin(path: string): string {
  // Built-ins are package files, read with the same bounded reader as any input.
  const r = readTextFile(path);
  if (r.text === null) throw new Error(`cannot read built-in ${path}`);
  return r.text;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('new')
    .description('write a new scenario file, a copy of a built-in one that runs where it is written, to edit')
    .argument('<file>', 'the scenario file to write (must not exist)')
    .requiredOption('--from <name>', 'built-in scenario to start from: the name of a file of scenarios/ without .yaml, e.g. baseline-2025 (an unknown name lists them)')
    .action((file: string, opts: { from: string }) => {
      const names = builtinScenarioNames();
      if (!names.includes(opts.from)) return failFlag(ctx, `--from: unknown built-in scenario ${quoteExcerpt(opts.from)}${didYouMean(opts.from, names)}; built-in scenarios: ${names.join(', ')}`);
      const r = newScenarioText(opts.from, file);
      if ('problems' in r) throw new Error(`built-in ${opts.from} does not copy: ${r.problems.slice(0, 3).join('; ')}`);
      writeNewFile(file, r.text, 'file');
      ctx.err(`brink: wrote ${file} (a copy of ${opts.from}, scenario ${r.hash.slice(0, 12)}); give it your own name, then edit it (brink schema describes every field)`);
    });
}
