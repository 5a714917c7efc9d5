import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { loadScenarioFile } from './load.js';
import type { Scenario } from './schema.js';
import { applySetPaths, listSettablePaths, parseAssignment, readSetPath, type SetAssignment } from './set-path.js';
import type { Issue } from './issues.js';

const load = (file: string): Scenario => {
  const { scenario, issues } = loadScenarioFile(file);
  if (scenario === null) throw new Error(JSON.stringify(issues));
  return scenario;
};
const MINIMAL = load('test/fixtures/minimal.yaml');
const BASE = load('scenarios/baseline-2025.yaml');
const BALTIC = load('scenarios/baltic-grayzone.yaml');

/** Deep-freezes a copy, so that any write into it throws (modules are strict). */
function frozen<T>(x: T): T {
  const copy = structuredClone(x);
  const freeze = (o: unknown): void => {
    if (typeof o !== 'object' || o === null || Object.isFrozen(o)) return;
    Object.freeze(o);
    for (const v of Object.values(o)) freeze(v);
  };
  freeze(copy);
  return copy;
}

function assignment(text: string): SetAssignment {
  const a = parseAssignment(text);
  if ('code' in a) throw new Error(`unexpected issue: ${JSON.stringify(a)}`);
  return a;
}

/** Applies `texts` to `s` (frozen, so a mutation would throw) and returns the new scenario. */
function apply(s: Scenario, ...texts: string[]): Scenario {
  const r = applySetPaths(frozen(s), texts.map(assignment));
  if (!r.ok) throw new Error(`unexpected issues: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}

/** The issues of applying `texts` (which must fail). */
function refused(s: Scenario, ...texts: string[]): Issue[] {
  const r = applySetPaths(frozen(s), texts.map(assignment));
  if (r.ok) throw new Error(`expected issues for ${texts.join(' ')}`);
  return r.issues;
}

const read = (s: Scenario, path: string): unknown => {
  const r = readSetPath(s, path);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('parseAssignment', () => {
  it('splits at the first "=" outside brackets and trims both sides', () => {
    expect(parseAssignment('actors[RUS].activity=0.5')).toEqual({ path: 'actors[RUS].activity', value: '0.5' });
    expect(parseAssignment(' enablerLinks[from=CHN,to=RUS].supplyRate = 0 ')).toEqual({ path: 'enablerLinks[from=CHN,to=RUS].supplyRate', value: '0' });
    expect(parseAssignment('policies[nato-2025].aid.tierCap=long-range')).toEqual({ path: 'policies[nato-2025].aid.tierCap', value: 'long-range' });
  });

  it('refuses text that is not PATH=VALUE, with a short, escaped excerpt', () => {
    expect(parseAssignment('actors[RUS].activity')).toMatchObject({ code: 'set.syntax', message: expect.stringContaining('expected PATH=VALUE') });
    expect(parseAssignment('actors[RUS].activity=')).toMatchObject({ code: 'set.syntax', message: 'no value after "="' });
    expect(parseAssignment('=1')).toMatchObject({ code: 'set.syntax', message: 'empty path' });
    expect(parseAssignment('actors[RUS.activity=1')).toMatchObject({ code: 'set.syntax' });
    expect(parseAssignment('actors..activity=1')).toMatchObject({ code: 'set.syntax' });
    expect(parseAssignment('[RUS].activity=1')).toMatchObject({ code: 'set.syntax', message: expect.stringContaining('starts with a key') });
    expect(parseAssignment('actors[].activity=1')).toMatchObject({ code: 'set.syntax', message: expect.stringContaining('empty brackets') });
    expect(parseAssignment('actors[a b].activity=1')).toMatchObject({ code: 'set.syntax' });
    expect(parseAssignment('enablerLinks[from=CHN,to].supplyRate=1')).toMatchObject({ code: 'set.syntax' });
    const long = parseAssignment(`${'x'.repeat(1000)}=1`);
    expect(long).toMatchObject({ code: 'set.syntax' });
    expect(JSON.stringify(long).length).toBeLessThan(200);
    const ctl = parseAssignment('actors\u0007\u001b[31m');
    expect('code' in ctl && ctl.message).toContain('\\u0007\\u001b');
    expect(JSON.stringify(ctl)).not.toMatch(/\u0007|\u001b/);
  });

  it('refuses __proto__, constructor and prototype anywhere in a path', () => {
    for (const t of ['__proto__.polluted=1', 'actors[__proto__].activity=1', 'actors[RUS].constructor=1', 'policies.prototype.aid.max=1', 'relations[constructor=x].hostility=1']) {
      expect(parseAssignment(t), t).toMatchObject({ code: 'set.forbidden-key' });
    }
  });
});

describe('applySetPaths: every kind of path', () => {
  it('a list element by id', () => {
    const s = apply(BASE, 'actors[RUS].activity=0.5');
    expect(s.actors.find((a) => a.id === 'RUS')!.activity).toBe(0.5);
    expect(BASE.actors.find((a) => a.id === 'RUS')!.activity).not.toBe(0.5);
    // Nothing else moved.
    const back = apply(s, `actors[RUS].activity=${BASE.actors.find((a) => a.id === 'RUS')!.activity}`);
    expect(canonicalJson(back)).toBe(canonicalJson(BASE));
  });

  it('a list element by two fields', () => {
    const s = apply(BASE, 'enablerLinks[from=CHN,to=RUS].supplyRate=0.6');
    expect(s.enablerLinks.find((l) => l.from === 'CHN' && l.to === 'RUS')!.supplyRate).toBe(0.6);
    expect(s.enablerLinks.find((l) => l.from === 'PRK')!.supplyRate).toBe(BASE.enablerLinks.find((l) => l.from === 'PRK')!.supplyRate);
    expect(apply(BASE, 'relations[from=RUS,to=NATO].hostility=0.9').relations.find((r) => r.from === 'RUS' && r.to === 'NATO')!.hostility).toBe(0.9);
  });

  it('a list element by index, and partners and injects by actor', () => {
    expect(apply(BALTIC, 'injects[1].day=11').injects[1]!.day).toBe(11);
    expect(apply(BALTIC, 'injects[actor=BLR,day=60].day=61').injects[5]!.day).toBe(61);
    expect(apply(BALTIC, 'injects[day=60.0].day=61').injects[5]!.day).toBe(61);
    expect(apply(BASE, 'partners[UKR].collapseThreshold=0.3').partners.find((p) => p.actor === 'UKR')!.collapseThreshold).toBe(0.3);
    expect(apply(BASE, 'actors[0].activity=2').actors[0]!.activity).toBe(2);
  });

  it('a nested policy lever, a playbook category and an alliance field', () => {
    const s = apply(BASE, 'policies[nato-2025].aid.max=2', 'policies.nato-2025.playbook.grayzone=0.5', 'alliances[NATO].deliberationDays=4');
    expect(s.policies['nato-2025']!.aid.max).toBe(2);
    expect(s.policies['nato-2025']!.playbook.grayzone).toBe(0.5);
    expect(s.alliances.find((a) => a.id === 'NATO')!.deliberationDays).toBe(4);
  });

  it('a model parameter, as params.X or parameters.X, also one the scenario does not give', () => {
    expect(read(BASE, 'params.responsePowerWeight')).toBeCloseTo(0.709, 3); // from the included calibrated.yaml
    expect(apply(BASE, 'params.responsePowerWeight=1.5').parameters.responsePowerWeight).toBe(1.5);
    expect(apply(BASE, 'parameters.responsePowerWeight=1.5').parameters.responsePowerWeight).toBe(1.5);
    expect(MINIMAL.parameters.misperception).toBeUndefined();
    expect(read(MINIMAL, 'parameters.misperception')).toBeUndefined();
    expect(apply(MINIMAL, 'parameters.misperception=0.2').parameters.misperception).toBe(0.2);
  });

  it('a top-level field, a boolean, an enumerated word, and a number-or-word union', () => {
    expect(apply(MINIMAL, 'horizonDays=100').horizonDays).toBe(100);
    expect(apply(MINIMAL, 'actors[RUS].nuclear=false').actors[0]!.nuclear).toBe(false);
    expect(apply(MINIMAL, 'actors[USA].agency=true').actors[2]!.agency).toBe(true);
    expect(apply(BASE, 'policies[nato-2025].signallingStance=provocative').policies['nato-2025']!.signallingStance).toBe('provocative');
    expect(apply(BASE, 'alliances[NATO].kind=partnership').alliances.find((a) => a.id === 'NATO')!.kind).toBe('partnership');
    expect(apply(BASE, 'policies[nato-2025].surgeTrigger=never').policies['nato-2025']!.surgeTrigger).toBe('never');
    expect(apply(BASE, 'policies[nato-2025].surgeTrigger=3').policies['nato-2025']!.surgeTrigger).toBe(3);
  });

  it('creates what a path may name but the scenario omits: an optional field, a catalog action override, a theatre share, a union\'s object form', () => {
    expect(apply(MINIMAL, 'actors[RUS].redLine=1.5').actors[0]!.redLine).toBe(1.5);
    const a = apply(MINIMAL, 'actions[cable-sabotage].base=0.2', 'actions[cable-sabotage].effects.cohesion=0.1');
    expect(a.actions['cable-sabotage']).toEqual({ base: 0.2, effects: { cohesion: 0.1 } });
    expect(apply(BASE, 'actors[USA].theatreShare[europe]=0.4').actors.find((x) => x.id === 'USA')!.theatreShare.europe).toBe(0.4);
    expect(apply(MINIMAL, 'alliances[NATO].decisionRule.qualifiedMajority=0.6').alliances[0]!.decisionRule).toEqual({ qualifiedMajority: 0.6 });
    expect(apply(MINIMAL, 'alliances[NATO].decisionRule=consensus').alliances[0]!.decisionRule).toBe('consensus');
  });

  it('returns a new object, leaves the input untouched and applies no set twice', () => {
    const before = canonicalJson(BASE);
    const r = applySetPaths(BASE, [assignment('actors[RUS].activity=3'), assignment('horizonDays=365')]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario).not.toBe(BASE);
    expect(r.scenario.actors).not.toBe(BASE.actors);
    expect(canonicalJson(BASE)).toBe(before);
    // No sets: an equal copy (the same hash).
    const none = applySetPaths(BASE, []);
    expect(none.ok && canonicalJson(none.scenario)).toBe(before);
  });
});

describe('applySetPaths: every kind of bad path, as an Issue at the path typed', () => {
  it('an unknown key, with a did-you-mean over the keys at that level', () => {
    expect(refused(BASE, 'actors[RUS].activty=1')).toEqual([{ code: 'set.unknown-path', path: 'actors[RUS].activty', message: 'unknown key "activty" in actors[RUS] (did you mean "activity"?)' }]);
    expect(refused(BASE, 'horizonDay=1')[0]).toMatchObject({ code: 'set.unknown-path', message: expect.stringContaining('(did you mean "horizonDays"?)') });
    expect(refused(BASE, 'params.responsePowerWieght=1')[0]).toMatchObject({ code: 'set.unknown-path', path: 'params.responsePowerWieght', message: expect.stringContaining('(did you mean "responsePowerWeight"?)') });
    expect(refused(BASE, 'enablerLinks[frm=CHN].supplyRate=1')[0]).toMatchObject({ code: 'set.unknown-path', message: 'enabler links have no field "frm" (did you mean "from"?)' });
  });

  it('an unknown id, with a did-you-mean over the ids of that list or mapping', () => {
    expect(refused(BASE, 'actors[RUSS].activity=1')).toEqual([{ code: 'set.unknown-path', path: 'actors[RUSS]', message: 'no actor "RUSS" (did you mean "RUS"?)' }]);
    expect(refused(BASE, 'policies[nato-2052].aid.max=1')[0]).toMatchObject({ code: 'set.unknown-path', path: 'policies[nato-2052]', message: expect.stringContaining('(did you mean "nato-2025"?)') });
    expect(refused(BASE, 'policies[nato-2025].playbook.grayzon=1')[0]).toMatchObject({ code: 'set.unknown-path', message: expect.stringContaining('(did you mean "grayzone"?)') });
    expect(refused(BASE, 'enablerLinks[from=CHN,to=USA].supplyRate=1')[0]).toMatchObject({ code: 'set.unknown-path', message: 'no enabler link with from=CHN,to=USA (did you mean "from=CHN,to=RUS"?)' });
    expect(refused(BASE, 'actors[USA].theatreShare[atlantic]=0.1')[0]).toMatchObject({ code: 'set.unknown-path' });
    expect(refused(MINIMAL, 'actions[cable-sabotaje].base=1')[0]).toMatchObject({ code: 'set.unknown-path', message: expect.stringContaining('(did you mean "cable-sabotage"?)') });
  });

  it('an ambiguous selector, and a list without ids picked by id', () => {
    expect(refused(BASE, 'relations[from=RUS].hostility=0.5')[0]).toMatchObject({ code: 'set.ambiguous', path: 'relations[from=RUS]', message: expect.stringMatching(/^\d+ relations have from=RUS \(\[\d+\], \[\d+\].*e\.g\. relations\[from=RUS,to=/) });
    expect(refused(BALTIC, 'injects[RUS].day=5')[0]).toMatchObject({ code: 'set.ambiguous' });
    expect(refused(BASE, 'relations[RUS].hostility=0.5')[0]).toMatchObject({ code: 'set.unknown-path', message: expect.stringContaining('have no id; pick one by fields or by index, e.g. relations[from=') });
  });

  it('an index out of range', () => {
    expect(refused(BALTIC, 'injects[99].day=1')).toEqual([{ code: 'set.index-out-of-range', path: 'injects[99]', message: `index 99 is past the end of injects (${BALTIC.injects.length} elements: 0..${BALTIC.injects.length - 1})` }]);
    expect(refused(MINIMAL, 'injects[0].day=1')[0]).toMatchObject({ code: 'set.index-out-of-range' });
  });

  it('a mapping, a list, text or a fixed literal is not settable', () => {
    expect(refused(BASE, 'actors[RUS]=1')[0]).toMatchObject({ code: 'set.not-settable', message: expect.stringContaining('is a mapping') });
    expect(refused(BASE, 'policies[nato-2025].aid=1')[0]).toMatchObject({ code: 'set.not-settable', message: expect.stringContaining('is a mapping') });
    expect(refused(BASE, 'actors=1')[0]).toMatchObject({ code: 'set.not-settable', message: expect.stringContaining('is a list') });
    expect(refused(BASE, 'actors.activity=1')[0]).toMatchObject({ code: 'set.not-settable', message: expect.stringContaining('is a list; pick an element') });
    expect(refused(BASE, 'actors[RUS].name=Russia')[0]).toMatchObject({ code: 'set.not-settable', message: expect.stringContaining('is text') });
    expect(refused(BASE, 'alliances[NATO].members[0]=FIN')[0]).toMatchObject({ code: 'set.not-settable' });
    expect(refused(BASE, 'schemaVersion=1')[0]).toMatchObject({ code: 'set.not-settable', message: expect.stringContaining('fixed') });
    expect(refused(BASE, 'horizonDays.x=1')[0]).toMatchObject({ code: 'set.unknown-path' });
    expect(refused(BASE, 'policies[0].aid.max=1')[0]).toMatchObject({ code: 'set.unknown-path', message: expect.stringContaining('is not a list') });
  });

  it('value text that is not a decimal number, true/false or an allowed word', () => {
    for (const v of ['0x10', '1e400', '1e3', 'NaN', 'Infinity', '-Infinity', '0b1', '1_000', '.', '1.', '+1', ' 1 2', '1,5']) {
      const [i] = refused(BASE, `actors[RUS].activity=${v}`);
      expect(i, v).toMatchObject({ code: 'set.invalid-value', path: 'actors[RUS].activity', message: expect.stringContaining('expected a decimal number') });
    }
    expect(refused(BASE, `actors[RUS].activity=1${'0'.repeat(350)}`)[0]).toMatchObject({ code: 'set.invalid-value', message: expect.stringContaining('too large') });
    expect(refused(BASE, 'actors[RUS].nuclear=yes')[0]).toMatchObject({ code: 'set.invalid-value', message: 'expected true or false (got "yes")' });
    expect(refused(BASE, 'actors[RUS].nuclear=1')[0]).toMatchObject({ code: 'set.invalid-value' });
    expect(refused(BASE, 'policies[nato-2025].signallingStance=provocativ')[0]).toMatchObject({ code: 'set.invalid-value', message: 'expected one of restrained, firm, provocative (got "provocativ") (did you mean "provocative"?)' });
    expect(refused(BASE, 'policies[nato-2025].surgeTrigger=sometimes')[0]).toMatchObject({ code: 'set.invalid-value', message: expect.stringContaining('expected a decimal number or one of never') });
  });

  it('an out-of-range value is caught by the schema and the reference checks, at the path typed', () => {
    expect(refused(BASE, 'actors[RUS].activity=1000')).toEqual([{ code: 'out-of-range', path: 'actors[RUS].activity', message: 'number must be <= 100 (got 1000)' }]);
    expect(refused(BASE, 'actors[RUS].activity=-1')[0]).toMatchObject({ code: 'out-of-range', path: 'actors[RUS].activity' });
    expect(refused(BASE, 'alliances[NATO].deliberationDays=2.5')[0]).toMatchObject({ code: 'invalid-type', path: 'alliances[NATO].deliberationDays', message: 'must be an integer (got 2.5)' });
    expect(refused(BASE, 'policies[nato-2025].surgeTrigger=9')[0]).toMatchObject({ path: 'policies[nato-2025].surgeTrigger' });
    expect(refused(BASE, 'params.responsePowerWeight=1000')[0]).toMatchObject({ code: 'out-of-range', path: 'params.responsePowerWeight' });
    // Cross-reference checks: a share sum over 1, an inject after a shortened horizon.
    expect(refused(BASE, 'actors[USA].theatreShare[europe]=0.9')[0]).toMatchObject({ code: 'share-sum', path: 'actors[USA].theatreShare' });
    expect(refused(BALTIC, 'horizonDays=20')[0]).toMatchObject({ code: 'inject-after-horizon', path: 'injects[3].day' }); // day 30
    expect(refused(BASE, 'params.hazardRefreshMaxDays=7')[0]).toMatchObject({ code: 'invalid-range' });
  });

  it('__proto__ and friends never reach an object, and every problem of a list of sets is reported', () => {
    const r = applySetPaths(BASE, [{ path: '__proto__.polluted', value: '1' }, { path: 'actors[RUS].constructor', value: '1' }, { path: 'policies[prototype].aid.max', value: '1' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toEqual(['set.forbidden-key', 'set.forbidden-key', 'set.forbidden-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refused(BASE, 'actors[RUSS].activity=1', 'horizonDays=x').map((i) => i.code)).toEqual(['set.unknown-path', 'set.invalid-value']);
    // A path that fails half-way leaves nothing behind for the validation to trip over.
    expect(refused(MINIMAL, 'alliances[NATO].decisionRule.quorum=1')).toEqual([
      { code: 'set.unknown-path', path: 'alliances[NATO].decisionRule.quorum', message: 'unknown key "quorum" in alliances[NATO].decisionRule' },
    ]);
    expect(refused(MINIMAL, 'alliances[NATO].decisionRule.qualifiedMajority=x')).toHaveLength(1);
    expect(refused(BASE, 'actors[RUS].activity=1', 'actors[32].activity=2')[0]).toMatchObject({ code: 'set.duplicate', path: 'actors[32].activity' });
  });
});

describe('listSettablePaths', () => {
  it('names every settable leaf with readable selectors, each of which resolves', () => {
    const paths = listSettablePaths(BASE);
    expect(paths).toContain('horizonDays');
    expect(paths).toContain('actors[RUS].activity');
    expect(paths).toContain('enablerLinks[from=CHN,to=RUS].supplyRate');
    expect(paths).toContain('policies[nato-2025].aid.max');
    expect(paths).toContain('policies[nato-2025].playbook[grayzone]');
    expect(paths).toContain('alliances[NATO].decisionRule');
    expect(paths).toContain('alliances[NATO].decisionRule.qualifiedMajority');
    expect(paths).toContain('partners[UKR].collapseThreshold');
    expect(paths).toContain('parameters.responsePowerWeight');
    expect(paths).toContain('actions[cable-sabotage].base');
    expect(paths).not.toContain('actors[RUS].name');
    expect(paths).not.toContain('schemaVersion');
    expect(paths.some((p) => p.startsWith('actors[RUS].theatreShare'))).toBe(true);
    expect(new Set(paths).size).toBe(paths.length);
    for (const p of paths) expect(readSetPath(BASE, p).ok, p).toBe(true);
  });

  it('setting any listed leaf of a scenario to its own value gives the same scenario', () => {
    const before = canonicalJson(MINIMAL);
    let n = 0;
    for (const p of listSettablePaths(MINIMAL)) {
      const v = read(MINIMAL, p);
      if (v === undefined) continue;
      n++;
      expect(canonicalJson(apply(MINIMAL, `${p}=${String(v)}`)), p).toBe(before);
    }
    expect(n).toBeGreaterThan(40);
  });
});

describe('properties', () => {
  const numeric = listSettablePaths(MINIMAL).filter((p) => typeof read(MINIMAL, p) === 'number');

  it('a number set at a listed path reads back as that number, or gives issues at that path; the input never changes', () => {
    const before = canonicalJson(MINIMAL);
    fc.assert(
      fc.property(fc.constantFrom(...numeric), fc.integer({ min: 0, max: 3000 }), (path, k) => {
        const text = (k / 1000).toFixed(3);
        const r = applySetPaths(frozen(MINIMAL), [{ path, value: text }]);
        if (r.ok) {
          expect(read(r.scenario, path)).toBe(Number(text));
          // Setting it back restores the scenario exactly.
          expect(canonicalJson(apply(r.scenario, `${path}=${String(read(MINIMAL, path))}`))).toBe(before);
        } else {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) expect(['out-of-range', 'invalid-type', 'invalid-value', 'share-sum', 'invalid-range', 'inject-after-horizon']).toContain(i.code);
        }
        expect(canonicalJson(MINIMAL)).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary text never throws and never pollutes a prototype', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), (path, value) => {
        const r = applySetPaths(MINIMAL, [{ path, value }]);
        if (!r.ok) for (const i of r.issues) expect(i.message).not.toMatch(/[\u0000-\u001f]/);
        const p = parseAssignment(`${path}=${value}`);
        if ('code' in p) expect(p.message).not.toMatch(/[\u0000-\u001f]/);
        expect(Object.prototype).not.toHaveProperty('activity');
      }),
      { numRuns: 300 },
    );
  });
});
