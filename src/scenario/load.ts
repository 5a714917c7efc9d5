/**
 * The Node adapter of the scenario layer: reads files, resolves `include:`. Everything that does
 * not touch the file system lives in parse.ts so the browser can use it; this file is exported
 * only through `node.ts`.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ISSUE_CODES, type Issue } from './issues.js';
import {
  parseParametersFileText,
  parsePolicyFileText,
  parseYamlValue,
  sniffKind,
  validateScenarioSource,
  type FileKind,
  type ParametersInput,
  type PolicyFileInput,
} from './parse.js';
import type { Scenario } from './schema.js';

/** The text of a file, or a file-not-found / file-unreadable issue naming it. */
export function readTextFile(path: string): { text: string | null; issues: Issue[] } {
  try {
    return { text: readFileSync(path, 'utf8'), issues: [] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { text: null, issues: [{ code: ISSUE_CODES.fileNotFound, path: '', file: path, message: 'file not found' }] };
    if (code === 'EISDIR') return { text: null, issues: [{ code: ISSUE_CODES.fileUnreadable, path: '', file: path, message: 'is a directory, not a file' }] };
    return { text: null, issues: [{ code: ISSUE_CODES.fileUnreadable, path: '', file: path, message: `cannot read file (${code ?? String(e)})` }] };
  }
}

/**
 * Reads and validates a scenario file and resolves its `include:` entries, relative to the
 * scenario file. Included parameter files are merged in order (a later file overrides an earlier
 * one) and the scenario's own `parameters` override them all. The returned scenario is
 * self-contained: its `include` list is emptied once merged, so that its hash depends on the
 * parameter values, not on file paths. Problems in an included file carry that file's name and
 * lines; an include that cannot be found is reported at its line in the scenario.
 */
export function loadScenarioFile(path: string): { scenario: Scenario | null; issues: Issue[] } {
  const read = readTextFile(path);
  if (read.text === null) return { scenario: null, issues: read.issues };
  const src = parseYamlValue(read.text, path);
  if (src.issues.length > 0) return { scenario: null, issues: src.issues };
  const { scenario, issues } = validateScenarioSource(src);

  // Resolve includes even when the scenario itself has problems, so all are reported at once.
  const raw = src.value as { include?: unknown } | null;
  const includes = Array.isArray(raw?.include) ? raw.include : [];
  const included: ParametersInput = {};
  includes.forEach((entry, i) => {
    if (typeof entry !== 'string') return; // the schema reports it
    const file = isAbsolute(entry) ? entry : join(dirname(path), entry);
    const inc = readTextFile(file);
    if (inc.text === null) {
      const where = src.locate(['include', i]);
      const reason = inc.issues[0]?.code === ISSUE_CODES.fileNotFound ? 'not found' : (inc.issues[0]?.message ?? 'unreadable');
      issues.push({ code: inc.issues[0]?.code ?? ISSUE_CODES.fileNotFound, path: `include[${i}]`, file: path, ...where, message: `included file ${file} ${reason}` });
      return;
    }
    const p = parseParametersFileText(inc.text, file);
    issues.push(...p.issues);
    if (p.parameters !== null) Object.assign(included, p.parameters);
  });

  if (scenario === null || issues.length > 0) return { scenario: null, issues };
  return { scenario: { ...scenario, include: [], parameters: { ...included, ...scenario.parameters } }, issues: [] };
}

/** Reads and validates a policy file; the result is the file as written (see parsePolicyFileText). */
export function loadPolicyFile(path: string): { policyFile: PolicyFileInput | null; issues: Issue[] } {
  const read = readTextFile(path);
  if (read.text === null) return { policyFile: null, issues: read.issues };
  return parsePolicyFileText(read.text, path);
}

/** Reads and validates a parameter file (an `include:` target). */
export function loadParametersFile(path: string): { parameters: ParametersInput | null; issues: Issue[] } {
  const read = readTextFile(path);
  if (read.text === null) return { parameters: null, issues: read.issues };
  return parseParametersFileText(read.text, path);
}

export type LoadedFile =
  | { kind: 'scenario'; scenario: Scenario | null; issues: Issue[] }
  | { kind: 'policy'; policyFile: PolicyFileInput | null; issues: Issue[] }
  | { kind: 'parameters'; parameters: ParametersInput | null; issues: Issue[] };

/**
 * Loads any Brink YAML file, telling scenario, policy and parameter files apart by their
 * top-level keys (`sniffKind`), for `brink validate`.
 */
export function loadAnyFile(path: string): LoadedFile {
  const read = readTextFile(path);
  if (read.text === null) return { kind: 'scenario', scenario: null, issues: read.issues };
  const src = parseYamlValue(read.text, path);
  const kind: FileKind = src.issues.length > 0 ? 'scenario' : sniffKind(src.value);
  if (kind === 'policy') return { kind, ...parsePolicyFileText(read.text, path) };
  if (kind === 'parameters') return { kind, ...parseParametersFileText(read.text, path) };
  return { kind: 'scenario', ...loadScenarioFile(path) };
}
