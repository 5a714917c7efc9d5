import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadAnyFile, loadPolicyFile, loadScenarioFile } from './load.js';
import { parseScenarioText } from './parse.js';
import { compileScenario } from './compile.js';

const fx = (name: string): string => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

describe('loadScenarioFile', () => {
  it('loads a valid file', () => {
    const { scenario, issues } = loadScenarioFile(fx('minimal.yaml'));
    expect(issues).toEqual([]);
    expect(scenario?.name).toBe('minimal');
  });

  it('a missing file is a file-not-found issue naming it', () => {
    const { scenario, issues } = loadScenarioFile(fx('nope.yaml'));
    expect(scenario).toBeNull();
    expect(issues).toEqual([{ code: 'file-not-found', path: '', file: fx('nope.yaml'), message: 'file not found' }]);
  });

  it('resolves includes relative to the scenario, in order, under its own parameters', () => {
    const { scenario, issues } = loadScenarioFile(fx('with-include.yaml'));
    expect(issues).toEqual([]);
    // war.yaml sets warRho .02, warMu .02, quietDays 10; override.yaml warMu .05; the scenario quietDays 45.
    expect(scenario?.parameters).toEqual({ warRho: 0.02, warMu: 0.05, quietDays: 45 });
    expect(scenario?.include).toEqual([]);
  });

  it('compiling a scenario whose includes were never resolved is refused, naming them', () => {
    const { scenario } = parseScenarioText(readFileSync(fx('with-include.yaml'), 'utf8'));
    expect(scenario?.include.length).toBeGreaterThan(0);
    expect(() => compileScenario(scenario!)).toThrow(/include \[.*\] is not resolved/);
    expect(() => compileScenario(loadScenarioFile(fx('with-include.yaml')).scenario!)).not.toThrow();
  });

  it('reports problems in included files with their own name and line, and missing includes at their line', () => {
    const { scenario, issues } = loadScenarioFile(fx('bad-include.yaml'));
    expect(scenario).toBeNull();
    expect(issues.map((i) => [i.file, i.line, i.code, i.path])).toEqual([
      [fx('params/bad.yaml'), 3, 'unknown-key', 'parameters.warRhoo'],
      [fx('params/bad.yaml'), 4, 'out-of-range', 'parameters.warMu'],
      [fx('bad-include.yaml'), 5, 'file-not-found', 'include[1]'],
    ]);
    expect(issues[0]!.message).toContain('did you mean "warRho"');
  });
});

describe('loadPolicyFile and loadAnyFile', () => {
  it('loads a policy file as written', () => {
    const { policyFile, issues } = loadPolicyFile(fx('forward-posture.policy.yaml'));
    expect(issues).toEqual([]);
    expect(policyFile?.name).toBe('Forward posture x2');
  });

  it('tells the kinds apart', () => {
    expect(loadAnyFile(fx('minimal.yaml')).kind).toBe('scenario');
    expect(loadAnyFile(fx('forward-posture.policy.yaml')).kind).toBe('policy');
    expect(loadAnyFile(fx('params/war.yaml')).kind).toBe('parameters');
    expect(loadAnyFile(fx('params')).issues[0]?.code).toBe('file-unreadable');
  });
});
