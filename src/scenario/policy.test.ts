import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { parsePolicyFileText, parseScenarioText, type PolicyFileInput } from './parse.js';
import { applyPolicy } from './policy.js';
import type { Scenario } from './schema.js';
import { checkPolicyTarget } from './validate.js';

const MINIMAL = readFileSync(new URL('../../test/fixtures/minimal.yaml', import.meta.url), 'utf8');
function scenario(text = MINIMAL): Scenario {
  const r = parseScenarioText(text);
  if (!r.scenario) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}
const file = (over: Partial<PolicyFileInput>): PolicyFileInput => ({ schemaVersion: 1, name: 'Arm B', policy: {}, ...over });

describe('applyPolicy', () => {
  it('overrides only the levers the file names, merging aid field by field', () => {
    const s = scenario(MINIMAL.replace('    forwardPosture: 4', '    forwardPosture: 4\n    aid: { responsiveness: 0.05 }\n    playbook: { grayzone: 0.5, kinetic: 1 }'));
    const before = canonicalJson(s);
    const text = readFileSync(new URL('../../test/fixtures/forward-posture.policy.yaml', import.meta.url), 'utf8');
    const pf = parsePolicyFileText(text).policyFile!;
    const out = applyPolicy(s, pf);
    const p = out.policies.baseline!;
    expect(p.forwardPosture).toBe(8);
    expect(p.aid.tierCap).toBe('long-range');
    expect(p.aid.responsiveness).toBe(0.05); // kept: the file does not name it
    expect(p.playbook).toEqual({ grayzone: 0.5, kinetic: 1 }); // kept
    expect(out.parameters).toEqual({ quietDays: 20 });
    expect(canonicalJson(s)).toBe(before); // pure
  });

  it('replaces the playbook as a whole', () => {
    const s = scenario(MINIMAL.replace('    forwardPosture: 4', '    playbook: { grayzone: 0.5 }'));
    expect(applyPolicy(s, file({ policy: { playbook: {} } })).policies.baseline!.playbook).toEqual({});
  });

  it('creates a policy named after the file when the alliance has none', () => {
    const s = scenario(MINIMAL.replace('    policy: baseline\n', ''));
    const out = applyPolicy(s, file({ name: 'Forward posture ×2', policy: { forwardPosture: 10 } }));
    expect(out.alliances[0]!.policy).toBe('forward-posture-2');
    expect(out.policies['forward-posture-2']!.forwardPosture).toBe(10);
    expect(out.policies['forward-posture-2']!.signallingStance).toBe('firm'); // defaults
    expect(out.policies.baseline).toEqual(s.policies.baseline);
  });

  it('targets a named alliance, and forks a policy shared with another alliance', () => {
    const text = MINIMAL.replace(
      'policies:',
      '  - id: CSTO\n    kind: partnership\n    members: [RUS]\n    policy: baseline\npolicies:',
    );
    const s = scenario(text);
    const out = applyPolicy(s, file({ alliance: 'CSTO', policy: { signallingStance: 'provocative' } }));
    expect(out.alliances[1]!.policy).toBe('baseline-arm-b');
    expect(out.policies['baseline-arm-b']!.signallingStance).toBe('provocative');
    expect(out.policies.baseline!.signallingStance).toBe('firm');
    expect(out.alliances[0]!.policy).toBe('baseline');
  });

  it('an unknown alliance is an issue from checkPolicyTarget, and a throw from applyPolicy', () => {
    const s = scenario();
    expect(checkPolicyTarget(s, { alliance: 'NAT0' })).toMatchObject([{ code: 'unknown-reference', path: 'alliance' }]);
    expect(checkPolicyTarget(s, {})).toEqual([]);
    expect(() => applyPolicy(s, file({ alliance: 'NAT0' }))).toThrow('unknown alliance "NAT0"');
  });

  it("a policy's parameters are checked merged over the scenario's (the refresh cap may not fall below its base)", () => {
    const s = scenario();
    expect(checkPolicyTarget(s, { parameters: { hazardRefreshMaxDays: 10 } })).toMatchObject([{ code: 'invalid-range', path: 'parameters.hazardRefreshMaxDays' }]);
    expect(checkPolicyTarget(s, { parameters: { hazardRefreshMaxDays: 28 } })).toEqual([]);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, integer-like keys included', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, 10: 'x', 9: 'y' })).toBe('{"10":"x","9":"y","a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('follows JSON for odd values', () => {
    expect(canonicalJson([undefined, NaN, -0, new Float64Array([1.5])])).toBe('[null,null,0,[1.5]]');
    expect(canonicalJson(undefined)).toBe('null');
  });
  it('is independent of key order', () => {
    expect(canonicalJson({ x: 1, y: [{ a: 1, b: 2 }] })).toBe(canonicalJson({ y: [{ b: 2, a: 1 }], x: 1 }));
  });
});
