/**
 * `--set PATH=VALUE` and `--variant NAME:PATH=VALUE[,PATH=VALUE…]`: the command-line form of
 * scenario paths (src/scenario/set-path.ts, D27). Sets apply to the scenario after its includes
 * are merged and before it is compiled, so the scenario hash of every result is that of the
 * scenario as modified, and the outputs list the sets applied.
 */
import type { Command } from 'commander';
import { applySetPaths, formatIssue, parseAssignment, type Issue, type Scenario, type SetAssignment } from '../scenario/index.js';
import { EXIT_INVALID, type CliContext } from './context.js';

/** Commander's collector for a repeatable flag. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export const SET_HELP = 'set one field of the scenario after its includes, e.g. actors[RUS].activity=0.5 or enablerLinks[from=CHN,to=RUS].supplyRate=0 (repeatable; docs/scenarios.md)';

export function addSetOption(cmd: Command): Command {
  return cmd.option('--set <path=value>', SET_HELP, collect, []);
}

/** User text for an error line: control and bidi characters escaped, at most `max` characters. */
export function excerpt(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `path=value`, as recorded in outputs. */
export const setText = (a: SetAssignment): string => `${a.path}=${a.value}`;

/** Parses assignment texts; each bad one is an `error: <flag> <text>: <issue>` line. */
function parseAll(texts: readonly string[], flag: string): { sets: SetAssignment[]; errors: string[] } {
  const sets: SetAssignment[] = [];
  const errors: string[] = [];
  for (const t of texts) {
    const a = parseAssignment(t);
    if ('code' in a) errors.push(`${flag} ${excerpt(t)}: ${formatIssue(a)}`);
    else sets.push(a);
  }
  return { sets, errors };
}

/**
 * The issues of applying `sets`, each named by the set it is about: the one whose path it lies on
 * or under (issues are at the path as typed), else all of them (a problem of their combination,
 * e.g. an inject after a shortened horizon).
 */
function describeIssues(issues: readonly Issue[], sets: readonly SetAssignment[], flag: string): string[] {
  return issues.map((i) => {
    const own = sets.filter((s) => i.path !== '' && (excerpt(s.path, 80).startsWith(i.path) || i.path.startsWith(excerpt(s.path, 80))));
    const named = own.length > 0 ? own.slice(0, 1) : sets;
    return `${named.map((s) => `${flag} ${excerpt(setText(s))}`).join(' ')}: ${formatIssue(i)}`;
  });
}

/**
 * Applies assignment texts to a scenario. Returns the new scenario and the sets as recorded
 * (`path=value`), or the error lines (`<flag> <text>: <issue>`, without the `error: ` prefix).
 */
export function applySetTexts(scenario: Scenario, texts: readonly string[], flag = '--set'): { scenario: Scenario; sets: string[] } | { errors: string[] } {
  if (texts.length === 0) return { scenario, sets: [] };
  const { sets, errors } = parseAll(texts, flag);
  // The well-formed ones are applied even when others are not, so every problem shows at once.
  const r = applySetPaths(scenario, sets);
  if (!r.ok) errors.push(...describeIssues(r.issues, sets, flag));
  if (errors.length > 0 || !r.ok) return { errors };
  return { scenario: r.scenario, sets: sets.map(setText) };
}

/** applySetTexts for a command: prints each error as `error: …`, sets exit code 1 and returns null. */
export function applySetFlags(ctx: CliContext, scenario: Scenario, texts: readonly string[] | undefined): { scenario: Scenario; sets: string[] } | null {
  const r = applySetTexts(scenario, texts ?? []);
  if ('errors' in r) {
    for (const e of r.errors) ctx.err(`error: ${e}`);
    ctx.fail(EXIT_INVALID);
    return null;
  }
  return r;
}

/** `sets` for a JSON provenance: present only when some were applied, so other outputs keep their bytes. */
export const setsField = (sets: readonly string[]): { sets?: string[] } => (sets.length > 0 ? { sets: [...sets] } : {});

/** A variant's name: what labels its arm; short, printable. */
const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.+=()-]{0,39}$/;

export interface VariantSpec {
  name: string;
  /** The assignment texts, split at commas outside brackets. */
  texts: string[];
}

/**
 * `NAME:PATH=VALUE[,PATH=VALUE…]` → its name and assignment texts. Commas inside brackets belong
 * to selectors (`enablerLinks[from=CHN,to=RUS].supplyRate=0`); values never hold commas.
 */
export function parseVariant(text: string): VariantSpec | string {
  const colon = text.indexOf(':');
  const usage = 'expected NAME:PATH=VALUE[,PATH=VALUE…], e.g. no-chn:enablerLinks[from=CHN,to=RUS].supplyRate=0';
  if (colon < 0) return usage;
  const name = text.slice(0, colon).trim();
  if (!VARIANT_NAME.test(name)) return `the name "${excerpt(name, 40)}" must start with a letter or digit and hold at most 40 letters, digits, spaces and _ . + = ( ) -`;
  const texts: string[] = [];
  let depth = 0;
  let start = colon + 1;
  for (let i = start; i <= text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (i === text.length || (c === ',' && depth === 0)) {
      const part = text.slice(start, i).trim();
      if (part === '') return usage;
      texts.push(part);
      start = i + 1;
    }
  }
  return { name, texts };
}
