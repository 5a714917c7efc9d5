/** Every built-in scenario and policy file validates (they are written by hand, by several people). */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { loadAnyFile, loadParametersFile, loadPolicyFile, loadScenarioFile } from './load.js';
import { applyPolicy } from './policy.js';
import { ScenarioSchema } from './schema.js';
import { checkPolicyTarget, checkReferences } from './validate.js';

const root = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const yamlIn = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)).sort() : [];

describe('built-in scenarios', () => {
  it('every scenarios/*.yaml, scenarios/policies/*.yaml and scenarios/params/*.yaml validates', () => {
    const files = [...yamlIn(root), ...yamlIn(join(root, 'policies')), ...yamlIn(join(root, 'params'))];
    const problems = files.flatMap((f) => loadAnyFile(f).issues.map(formatIssue));
    expect(problems).toEqual([]);
  });

  it('files in scenarios/params are parameter files, and they validate', () => {
    const files = yamlIn(join(root, 'params'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = loadAnyFile(f);
      expect(r.kind, f).toBe('parameters');
      expect(r.issues.map(formatIssue)).toEqual([]);
    }
  });

  it('the 2025 scenarios run with the calibrated weights of scenarios/params/calibrated.yaml (none overrides them)', () => {
    const calibrated = loadParametersFile(join(root, 'params', 'calibrated.yaml')).parameters!;
    for (const name of ['baseline-2025', 'baltic-grayzone', 'stray-missile', 'two-theatre']) {
      const s = loadScenarioFile(join(root, `${name}.yaml`)).scenario!;
      expect(s.parameters, name).toMatchObject(calibrated);
    }
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
