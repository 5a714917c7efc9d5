/**
 * Where the scenario of a request comes from: a built-in name (`baseline-2025`), a stored
 * scenario id (`s_…`), or YAML text. Built-ins are read from a fixed list made at start-up (a
 * name is looked up in it, never joined into a path); text from a request or the store is
 * validated as if it were a file in the built-in library, whose parameter files (and nothing
 * else) its `include:` may name. Issues carry field paths and a display name, never a real path.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_SCENARIOS_DIR, loadScenarioText, readTextFile, sniffKind, parseYamlValue, parsePolicyFileText, applyPolicy, checkPolicyTarget, type Issue, type Scenario, type PolicyFileInput } from '../scenario/node.js';
import type { Store } from '../store/store.js';

export interface BuiltinEntry {
  name: string;
  text: string;
}

/** The built-in scenarios (files of scenarios/ that sniff as scenarios) and policies (scenarios/policies/). */
export interface Library {
  scenarios: Map<string, BuiltinEntry>;
  policies: Map<string, BuiltinEntry>;
}

function readFolder(dir: string, kind: 'scenario' | 'policy'): Map<string, BuiltinEntry> {
  const out = new Map<string, BuiltinEntry>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return out;
  }
  for (const f of files) {
    const r = readTextFile(join(dir, f));
    if (r.text === null) continue;
    if (sniffKind(parseYamlValue(r.text).value) !== kind) continue;
    const name = f.slice(0, -'.yaml'.length);
    out.set(name, { name, text: r.text });
  }
  return out;
}

export function loadLibrary(): Library {
  return { scenarios: readFolder(BUILTIN_SCENARIOS_DIR, 'scenario'), policies: readFolder(join(BUILTIN_SCENARIOS_DIR, 'policies'), 'policy') };
}

export const STORED_ID = /^s_[0-9a-f]{16}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type Resolved = { ok: true; scenario: Scenario; source: string } | { ok: false; status: 400 | 404; issues: Issue[] };

/** Prefixes each issue's path with where it sits in the request (`scenario`, `policies[1]`), keeping line and column. */
export function under(prefix: string, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: i.path === '' ? prefix : `${prefix}.${i.path}` }));
}

/** Limits on what a scenario of a request may hold, beyond those of the scenario layer (D30). */
export interface ScenarioLimits {
  maxActors: number;
}

export function checkScenarioLimits(s: Scenario, limits: ScenarioLimits, field: string): Issue[] {
  if (s.actors.length > limits.maxActors) {
    return [{ code: 'too-large', path: `${field}.actors`, message: `${s.actors.length} actors; this server accepts at most ${limits.maxActors} (--max-actors)` }];
  }
  return [];
}

/** Resolves a scenario reference or text; `field` is where it sits in the request. */
export function resolveScenario(ref: string, lib: Library, store: Store, field = 'scenario'): Resolved {
  if (ref.includes('\n') || ref.includes(':')) {
    const r = loadScenarioText(ref, 'scenario.yaml');
    return r.scenario === null ? { ok: false, status: 400, issues: under(field, r.issues) } : { ok: true, scenario: r.scenario, source: 'text' };
  }
  if (STORED_ID.test(ref)) {
    const row = store.getScenario(ref);
    if (row === null) return { ok: false, status: 404, issues: [{ code: 'not-found', path: field, message: `no stored scenario ${ref}` }] };
    const r = loadScenarioText(row.yaml, `${ref}.yaml`);
    return r.scenario === null ? { ok: false, status: 400, issues: under(field, r.issues) } : { ok: true, scenario: r.scenario, source: ref };
  }
  const entry = NAME.test(ref) ? lib.scenarios.get(ref) : undefined;
  if (entry === undefined) {
    return { ok: false, status: 404, issues: [{ code: 'not-found', path: field, message: `no built-in scenario of that name (known: ${[...lib.scenarios.keys()].join(', ')}), no stored scenario id (s_ and 16 hex digits), and not YAML text` }] };
  }
  const r = loadScenarioText(entry.text, `${entry.name}.yaml`);
  return r.scenario === null ? { ok: false, status: 400, issues: under(field, r.issues) } : { ok: true, scenario: r.scenario, source: entry.name };
}

export type ResolvedPolicy = { ok: true; policyFile: PolicyFileInput; name: string; text: string } | { ok: false; status: 400 | 404; issues: Issue[] };

/** A built-in policy name (`status-quo`) or policy YAML text. */
export function resolvePolicy(ref: string, lib: Library, field: string): ResolvedPolicy {
  let text = ref;
  let display = 'policy.yaml';
  if (!ref.includes('\n') && !ref.includes(':')) {
    const entry = NAME.test(ref) ? lib.policies.get(ref) : undefined;
    if (entry === undefined) return { ok: false, status: 404, issues: [{ code: 'not-found', path: field, message: `no built-in policy of that name (known: ${[...lib.policies.keys()].join(', ')}), and not YAML text` }] };
    text = entry.text;
    display = `policies/${entry.name}.yaml`;
  }
  const p = parsePolicyFileText(text, display);
  if (p.policyFile === null) return { ok: false, status: 400, issues: under(field, p.issues) };
  return { ok: true, policyFile: p.policyFile, name: p.policyFile.name, text };
}

/** Applies policies in order, checking each names actors and alliances of the scenario. */
export function applyPolicies(scenario: Scenario, policies: { policyFile: PolicyFileInput }[], fieldOf: (i: number) => string): { scenario: Scenario } | { issues: Issue[] } {
  let s = scenario;
  const issues: Issue[] = [];
  policies.forEach((p, i) => {
    const t = checkPolicyTarget(s, p.policyFile);
    if (t.length > 0) issues.push(...under(fieldOf(i), t));
    else s = applyPolicy(s, p.policyFile);
  });
  return issues.length > 0 ? { issues } : { scenario: s };
}
