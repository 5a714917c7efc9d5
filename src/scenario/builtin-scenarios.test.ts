/** Every built-in scenario and policy file validates (they are written by hand, by several people). */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { loadAnyFile, loadPolicyFile, loadScenarioFile } from './load.js';
import { applyPolicy } from './policy.js';
import { ScenarioSchema } from './schema.js';
import { checkPolicyTarget, checkReferences } from './validate.js';

const root = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const yamlIn = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)).sort() : [];

describe('built-in scenarios', () => {
  it('every scenarios/*.yaml and scenarios/policies/*.yaml validates', () => {
    const files = [...yamlIn(root), ...yamlIn(join(root, 'policies'))];
    const problems = files.flatMap((f) => loadAnyFile(f).issues.map(formatIssue));
    expect(problems).toEqual([]);
  });

  it('files in scenarios/policies are policy files', () => {
    for (const f of yamlIn(join(root, 'policies'))) expect(loadAnyFile(f).kind, f).toBe('policy');
  });

  it('every policy file applies to every scenario it can target, giving a valid scenario', () => {
    const scenarios = yamlIn(root).map((f) => loadScenarioFile(f).scenario).filter((s) => s !== null);
    for (const f of yamlIn(join(root, 'policies'))) {
      const pf = loadPolicyFile(f).policyFile!;
      for (const s of scenarios) {
        if (checkPolicyTarget(s, pf).length > 0) continue;
        const out = applyPolicy(s, pf);
        expect(ScenarioSchema.safeParse(out).success, `${f} on ${s.name}`).toBe(true);
        expect(checkReferences(out), `${f} on ${s.name}`).toEqual([]);
      }
    }
  });
});
