/**
 * Policy files (MODEL.md §4.14): a named set of levers that a comparison arm applies to a
 * scenario. Applying one is pure: a new Scenario, the input untouched.
 */
import { z } from 'zod';
import type { PolicyFileInput } from './parse.js';
import { PolicyFileSchema, PolicySchema, type Policy, type Scenario } from './schema.js';

/**
 * The scenario with the policy file applied:
 * - the lever overrides go to the policy of the alliance the file names (default: the first
 *   collective-defense alliance). Levers the file does not mention keep the scenario's values;
 *   `aid` merges field by field; `playbook` is replaced as a whole, because a playbook is one
 *   package (a file that gives `playbook: {}` means "no playbook", not "keep the old one");
 * - if that alliance has no policy, one is created, keyed by the file's name made into an id;
 *   if its policy is shared with another alliance, the alliance gets its own copy, so that the
 *   arm changes only what the file says;
 * - the file's `parameters` override the scenario's.
 *
 * Pass the file as written (parsePolicyFileText returns it so), not zod's output, which would
 * carry a default for every lever. Check the target first with `checkPolicyTarget`; a file
 * naming a missing alliance is a programmer error here and throws.
 */
export function applyPolicy(scenario: Scenario, policyFile: PolicyFileInput): Scenario {
  const ix =
    policyFile.alliance !== undefined
      ? scenario.alliances.findIndex((a) => a.id === policyFile.alliance)
      : scenario.alliances.findIndex((a) => a.kind === 'collective-defense');
  if (ix < 0) {
    throw new Error(
      policyFile.alliance !== undefined
        ? `policy file "${policyFile.name}": unknown alliance "${policyFile.alliance}"`
        : `policy file "${policyFile.name}": scenario "${scenario.name}" has no collective-defense alliance`,
    );
  }
  const alliance = scenario.alliances[ix]!;
  const current = alliance.policy;
  const shared = current !== undefined && scenario.alliances.some((a, j) => j !== ix && a.policy === current);
  const policyId =
    current !== undefined && !shared
      ? current
      : freshId(current !== undefined ? `${current}-${slug(policyFile.name)}` : slug(policyFile.name), scenario.policies);
  const base: Partial<Policy> = current !== undefined ? (scenario.policies[current] ?? {}) : {};
  const over = policyFile.policy;
  const merged = PolicySchema.parse({
    ...base,
    ...over,
    ...(over.aid !== undefined ? { aid: { ...base.aid, ...over.aid } } : {}),
  });
  const alliances = scenario.alliances.map((a, j) => (j === ix ? { ...a, policy: policyId } : a));
  return {
    ...scenario,
    alliances,
    policies: { ...scenario.policies, [policyId]: merged },
    parameters: { ...scenario.parameters, ...(policyFile.parameters ?? {}) },
  };
}

/** JSON Schema of policy files, for `brink schema --policy` and editors. */
export function policyFileJsonSchema(): unknown {
  return z.toJSONSchema(PolicyFileSchema, { io: 'input', unrepresentable: 'any' });
}

/** A policy name made into a valid id: "Forward posture ×2" → "forward-posture-2". */
function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return s === '' ? 'policy' : s;
}

function freshId(id: string, taken: Record<string, unknown>): string {
  if (!(id in taken)) return id;
  for (let n = 2; ; n++) if (!(`${id}-${n}` in taken)) return `${id}-${n}`;
}
