import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue, parsePath, formatPath, type Issue } from './issues.js';
import { parsePolicyFileText, parseParametersFileText, parseScenarioText, sniffKind, parseYamlValue } from './parse.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');
const MINIMAL = fixture('minimal.yaml');

/** The minimal scenario with its lines replaced: `edit({ 10: '    power: 2' })` (1-based lines). */
function edit(lines: Record<number, string>, text = MINIMAL): string {
  const out = text.split('\n');
  for (const [n, line] of Object.entries(lines)) out[Number(n) - 1] = line;
  return out.join('\n');
}

function lineOf(text: string, needle: string, nth = 0): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && seen++ === nth) return i + 1;
  throw new Error(`"${needle}" not in text`);
}

function only(issues: Issue[], code: string): Issue {
  const found = issues.filter((i) => i.code === code);
  expect(found, JSON.stringify(issues, null, 1)).toHaveLength(1);
  return found[0]!;
}

describe('parseScenarioText: a valid scenario', () => {
  it('passes with defaults filled', () => {
    const { scenario, issues } = parseScenarioText(MINIMAL, 'minimal.yaml');
    expect(issues).toEqual([]);
    expect(scenario?.actors.map((a) => a.id)).toEqual(['RUS', 'FIN', 'USA']);
    expect(scenario?.actors[1]?.resolve).toBe(0.5); // schema default
    expect(scenario?.horizonDays).toBe(365);
    expect(scenario?.alliances[0]?.decisionRule).toBe('consensus');
  });
});

describe('parseScenarioText: each kind of error, with code, path and line', () => {
  it('unknown key: at the key, with a suggestion', () => {
    const text = edit({ 16: '    powr: 0.01' }); // FIN's `power` misspelt
    const { scenario, issues } = parseScenarioText(text, 'x.yaml');
    expect(scenario).toBeNull();
    const i = only(issues, 'unknown-key');
    expect(i.path).toBe('actors[1].powr');
    expect(i.line).toBe(16);
    expect(i.column).toBe(5);
    expect(i.file).toBe('x.yaml');
    expect(i.message).toContain('did you mean "power"');
    // the removed `power` is then a missing field, reported at FIN's mapping (its first line)
    const m = only(issues, 'missing-field');
    expect(m.path).toBe('actors[1].power');
    expect(m.line).toBe(lineOf(text, '- id: FIN'));
  });

  it('wrong type', () => {
    const text = edit({ 14: '    borders: FIN' });
    const i = only(parseScenarioText(text).issues, 'invalid-type');
    expect(i.path).toBe('actors[0].borders');
    expect(i.line).toBe(14);
    expect(i.message).toBe('expected a list (got "FIN")');
  });

  it('a float where an integer is needed', () => {
    const i = only(parseScenarioText(edit({ 4: 'horizonDays: 36.5' })).issues, 'invalid-type');
    expect(i.path).toBe('horizonDays');
    expect(i.line).toBe(4);
    expect(i.message).toBe('must be an integer (got 36.5)');
  });

  it('YAML 1.2: `yes` is a string, not a boolean', () => {
    const i = only(parseScenarioText(edit({ 9: '    agency: yes' })).issues, 'invalid-type');
    expect(i.path).toBe('actors[0].agency');
    expect(i.message).toBe('expected true or false (got "yes")');
  });

  it('out-of-range number, with the bound and the received value', () => {
    const text = edit({ 10: '    power: 1.7' });
    const i = only(parseScenarioText(text, 'scenarios/x.yaml').issues, 'out-of-range');
    expect(i.path).toBe('actors[0].power');
    expect(i.line).toBe(10);
    expect(i.column).toBe(5);
    expect(formatIssue(i)).toBe('scenarios/x.yaml:10:5 actors[0].power: number must be <= 1 (got 1.7) [out-of-range]');
  });

  it('out-of-range list length', () => {
    const text = edit({ 25: '    members: []' });
    const i = only(parseScenarioText(text).issues, 'out-of-range');
    expect(i.path).toBe('alliances[0].members');
    expect(i.line).toBe(25);
    expect(i.message).toBe('must have at least 1 item (got 0)');
  });

  it('invalid enum value', () => {
    const i = only(parseScenarioText(edit({ 24: '    kind: mutual-defence' })).issues, 'invalid-value');
    expect(i.path).toBe('alliances[0].kind');
    expect(i.line).toBe(24);
    expect(i.message).toBe('must be one of "collective-defense", "partnership" (got "mutual-defence")');
  });

  it('a union (surgeTrigger: a rung or "never") names both options', () => {
    const text = MINIMAL.replace('    forwardPosture: 4', '    forwardPosture: 4\n    surgeTrigger: sometimes');
    const i = only(parseScenarioText(text).issues, 'invalid-value');
    expect(i.path).toBe('policies.baseline.surgeTrigger');
    expect(i.line).toBe(lineOf(text, 'surgeTrigger'));
    expect(i.message).toBe('must be a number or "never" (got "sometimes")');
  });

  it('reference to an unknown actor, in a flow list item', () => {
    const text = edit({ 25: '    members: [FIN, USB]' });
    const i = only(parseScenarioText(text).issues, 'unknown-reference');
    expect(i.path).toBe('alliances[0].members[1]');
    expect(i.line).toBe(25);
    expect(i.column).toBe(20);
    expect(i.message).toBe('member "USB" is not an actor id (did you mean "USA"?)');
  });

  it('reference to an unknown theatre, at the theatreShare key', () => {
    const text = edit({ 21: '    theatreShare: { europe: 0.4, pacific: 0.5 }' });
    const i = only(parseScenarioText(text).issues, 'unknown-reference');
    expect(i.path).toBe('actors[2].theatreShare.pacific');
    expect(i.line).toBe(21);
    expect(i.column).toBe(34);
  });

  it('duplicate id', () => {
    const text = edit({ 19: '  - id: RUS' }); // USA renamed RUS
    const issues = parseScenarioText(text).issues;
    const i = issues.find((x) => x.code === 'duplicate-id')!;
    expect(i.path).toBe('actors[2].id');
    expect(i.line).toBe(19);
    expect(i.message).toContain('first defined at actors[0]');
  });

  it('relation of an actor with itself', () => {
    const text = edit({ 32: '    to: RUS' });
    const i = only(parseScenarioText(text).issues, 'self-relation');
    expect(i.path).toBe('relations[0].to');
    expect(i.line).toBe(32);
  });

  it('broken YAML: a yaml.syntax issue with its line, never a throw', () => {
    const text = edit({ 14: '    borders: [FIN' });
    const { scenario, issues } = parseScenarioText(text, 'x.yaml');
    expect(scenario).toBeNull();
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === 'yaml.syntax')).toBe(true);
    expect(issues[0]!.line).toBeGreaterThanOrEqual(14);
    expect(issues[0]!.line).toBeLessThanOrEqual(15);
    expect(issues[0]!.file).toBe('x.yaml');
  });

  it('tab indentation and duplicate keys are YAML issues', () => {
    expect(parseScenarioText('a:\n\tb: 1\n').issues[0]?.code).toBe('yaml.syntax');
    const dup = parseScenarioText('name: a\nname: b\n').issues;
    expect(dup).toEqual([{ code: 'yaml.duplicate-key', path: '', line: 2, column: 1, message: 'the same key appears twice in this mapping' }]);
  });

  it('an empty file or a non-mapping', () => {
    expect(parseScenarioText('').issues).toMatchObject([{ code: 'invalid-type', path: '', message: 'a scenario file must be a YAML mapping (got null)' }]);
    expect(parseScenarioText('- a\n- b\n').issues).toMatchObject([{ code: 'invalid-type', line: 1 }]);
  });

  it('missing top-level fields are reported at the top mapping', () => {
    const issues = parseScenarioText('schemaVersion: 1\nname: x\n').issues;
    expect(issues.map((i) => [i.code, i.path, i.line])).toEqual([
      ['missing-field', 'theatres', 1],
      ['missing-field', 'actors', 1],
    ]);
  });

  it('reports every problem at once, schema and references together, sorted by line', () => {
    const { issues } = parseScenarioText(fixture('invalid-many.yaml'), 'invalid-many.yaml');
    expect(issues.map((i) => [i.line, i.code, i.path])).toEqual([
      [7, 'out-of-range', 'actors[0].power'],
      [11, 'unknown-key', 'actors[1].colour'],
      [15, 'self-relation', 'relations[0].to'],
    ]);
  });
});

describe('cross-reference checks', () => {
  const base = MINIMAL;
  const codes = (text: string): [string, string][] => parseScenarioText(text).issues.map((i) => [i.code, i.path]);

  it('partners: unknown supporting alliance, partner that is a member', () => {
    expect(codes(`${base}partners:\n  - actor: FIN\n    supportedBy: NATO\n`)).toEqual([['partner-is-member', 'partners[0].actor']]);
    expect(codes(`${base}partners:\n  - actor: FIN\n    supportedBy: NAT0\n`)).toEqual([['unknown-reference', 'partners[0].supportedBy']]);
  });

  it('unknown policy, duplicate alliance member, actor id reused as alliance id', () => {
    expect(codes(base.replace('policy: baseline', 'policy: basline'))).toEqual([['unknown-reference', 'alliances[0].policy']]);
    expect(codes(base.replace('members: [FIN, USA]', 'members: [FIN, USA, FIN]'))).toEqual([['duplicate-id', 'alliances[0].members[2]']]);
    expect(codes(base.replace('id: NATO', 'id: USA').replace('to: NATO', 'to: USA'))).toEqual([['duplicate-id', 'alliances[0].id']]);
  });

  it('relations and enabler links', () => {
    expect(codes(`${base}  - from: RUS\n    to: NATO\n    hostility: 0.1\n`)).toEqual([['duplicate-id', 'relations[1]']]);
    expect(codes(`${base}  - from: CHN\n    to: NATO\n    hostility: 0.1\n`)).toEqual([['unknown-reference', 'relations[1].from']]);
    expect(codes(`${base}enablerLinks:\n  - { from: RUS, to: RUS, supplyRate: 0.1 }\n`)).toEqual([['self-relation', 'enablerLinks[0].to']]);
    expect(codes(`${base}enablerLinks:\n  - { from: CHN, to: RUS, supplyRate: 0.1 }\n`)).toEqual([['unknown-reference', 'enablerLinks[0].from']]);
  });

  it('borders, episodes, theatre shares', () => {
    expect(codes(base.replace('borders: [FIN]', 'borders: [FIN, RUS]'))).toEqual([['self-relation', 'actors[0].borders[1]']]);
    expect(codes(base.replace('borders: [RUS]', 'borders: [RU]'))).toEqual([['unknown-reference', 'actors[1].borders[0]']]);
    const ep = base.replace('  - id: europe', '  - id: europe\n    initialEpisodes:\n      - { sideA: RUS, sideB: UKR, rung: 3 }');
    expect(codes(ep)).toEqual([['unknown-reference', 'theatres[0].initialEpisodes[0].sideB']]);
    const twoTheatres = base
      .replace('  - id: europe', '  - id: europe\n  - id: pacific')
      .replace('theatreShare: { europe: 0.4 }', 'theatreShare: { europe: 0.6, pacific: 0.5 }');
    expect(codes(twoTheatres)).toEqual([['share-sum', 'actors[2].theatreShare']]);
    // rounding slack: 0.7 + 0.3 in binary is not exactly 1
    expect(codes(twoTheatres.replace('europe: 0.6, pacific: 0.5', 'europe: 0.7, pacific: 0.3'))).toEqual([]);
  });

  it('injects: unknown action, actor, target, theatre; day after the horizon', () => {
    const inj = (s: string): string => `${base}injects:\n  - ${s}\n`;
    expect(codes(inj('{ day: 10, actor: RUS, action: cable-sabotage, target: FIN, theatre: europe }'))).toEqual([]);
    expect(codes(inj('{ day: 10, actor: RUS, action: cable-sabotge }'))).toEqual([['unknown-reference', 'injects[0].action']]);
    expect(codes(inj('{ day: 10, actor: RUZ, action: cable-sabotage, target: FIM, theatre: europa }'))).toEqual([
      ['unknown-reference', 'injects[0].actor'],
      ['unknown-reference', 'injects[0].target'],
      ['unknown-reference', 'injects[0].theatre'],
    ]);
    expect(codes(inj('{ day: 365, actor: RUS, action: talks }'))).toEqual([['inject-after-horizon', 'injects[0].day']]);
  });

  it('actions: overrides, new actions, rung order', () => {
    const act = (s: string): string => `${base}actions:\n${s}`;
    expect(codes(act('  cable-sabotage: { base: 0.01 }\n'))).toEqual([]);
    const incomplete = parseScenarioText(act('  drone-incursion: { label: drone incursion, severity: 3 }\n')).issues;
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]).toMatchObject({ code: 'incomplete-action', path: 'actions.drone-incursion', line: lineOf(act(''), 'actions:') + 1 });
    expect(incomplete[0]!.message).toContain('category, scoreClass, base, rung, midLevel, target, user');
    const complete =
      '  drone-incursion:\n    category: grayzone\n    severity: 3\n    scoreClass: posturing\n    base: 0.01\n    rung: 1\n    midLevel: 2\n    target: member\n    user: revisionist\n';
    expect(codes(act(complete))).toEqual([]);
    expect(codes(act(`${complete}    minRung: 4\n    maxRung: 2\n`))).toEqual([['invalid-range', 'actions.drone-incursion.minRung']]);
    expect(codes(act('  talks: { minRung: 5 }\n'))).toEqual([]); // talks: maxRung 5
    expect(codes(act('  talks: { maxRung: 0 }\n'))).toEqual([['invalid-range', 'actions.talks.maxRung']]);
    expect(codes(`${base}injects:\n  - { day: 1, actor: RUS, action: drone-incursion }\n${act(complete).slice(base.length)}`)).toEqual([]);
  });

  it('parameters that bound each other: the adaptive refresh cannot cap below its base interval', () => {
    const par = (s: string): string => `${base}parameters:\n${s}`;
    expect(codes(par('  hazardRefreshDays: 7\n  hazardRefreshMaxDays: 28\n'))).toEqual([]);
    expect(codes(par('  hazardRefreshMaxDays: 10\n'))).toEqual([['invalid-range', 'parameters.hazardRefreshMaxDays']]);
    expect(codes(par('  hazardRefreshDays: 60\n'))).toEqual([['invalid-range', 'parameters.hazardRefreshDays']]);
    // The cadence's step lengths (D62): whole days, and drift steps of whole weeks.
    expect(codes(par('  warStepDays: 3\n  driftStepDays: 14\n'))).toEqual([]);
    expect(codes(par('  warStepDays: 2.5\n'))).toEqual([['invalid-range', 'parameters.warStepDays']]);
    expect(codes(par('  driftStepDays: 10\n'))).toEqual([['invalid-range', 'parameters.driftStepDays']]);
  });
});

describe('policy and parameter files', () => {
  it('a valid policy file is returned as written (no defaults filled)', () => {
    const { policyFile, issues } = parsePolicyFileText(fixture('forward-posture.policy.yaml'), 'p.yaml');
    expect(issues).toEqual([]);
    expect(policyFile?.policy).toEqual({ forwardPosture: 8, aid: { tierCap: 'long-range' } });
  });

  it('policy file issues carry positions', () => {
    const text = 'schemaVersion: 1\nname: p\npolicy:\n  forwardPostur: 8\n  aid:\n    tierCap: longer\n';
    const { policyFile, issues } = parsePolicyFileText(text, 'p.yaml');
    expect(policyFile).toBeNull();
    expect(issues.map((i) => [i.code, i.path, i.line, i.column])).toEqual([
      ['unknown-key', 'policy.forwardPostur', 4, 3],
      ['invalid-value', 'policy.aid.tierCap', 6, 5],
    ]);
    expect(issues[0]!.message).toContain('did you mean "forwardPosture"');
    const pb = parsePolicyFileText('schemaVersion: 1\nname: x\npolicy:\n  playbook:\n    grayzon: 1\n').issues;
    expect(pb).toMatchObject([{ code: 'unknown-key', path: 'policy.playbook.grayzon', line: 5, message: 'unknown key "grayzon" (did you mean "grayzone"?)' }]);
  });

  it('parameter files', () => {
    expect(parseParametersFileText('parameters:\n  quietDays: 20\n').parameters).toEqual({ quietDays: 20 });
    const bad = parseParametersFileText('parameters:\n  quietDays: 0\n  quiteDays: 3\n', 'q.yaml').issues;
    expect(bad.map((i) => [i.code, i.path, i.line])).toEqual([
      ['out-of-range', 'parameters.quietDays', 2],
      ['unknown-key', 'parameters.quiteDays', 3],
    ]);
  });

  it('sniffKind tells files apart', () => {
    expect(sniffKind(parseYamlValue(MINIMAL).value)).toBe('scenario');
    expect(sniffKind(parseYamlValue(fixture('forward-posture.policy.yaml')).value)).toBe('policy');
    expect(sniffKind(parseYamlValue(fixture('params/war.yaml')).value)).toBe('parameters');
  });
});

describe('paths', () => {
  it('formatPath and parsePath are inverse', () => {
    for (const p of [['actors', 3, 'power'], ['policies', 'x y', 'aid'], ['actions', 'cable-sabotage', 'minRung'], ['a.b', 0]] as const) {
      expect(parsePath(formatPath(p))).toEqual(p);
    }
    expect(formatPath(['actors', 3, 'power'])).toBe('actors[3].power');
  });
});

describe('formatIssue', () => {
  it('formats with and without position, path and file', () => {
    expect(formatIssue({ code: 'out-of-range', path: 'actors[3].power', file: 's.yaml', line: 12, column: 5, message: 'm' })).toBe('s.yaml:12:5 actors[3].power: m [out-of-range]');
    expect(formatIssue({ code: 'yaml.syntax', path: '', file: 's.yaml', line: 3, column: 1, message: 'm' })).toBe('s.yaml:3:1: m [yaml.syntax]');
    expect(formatIssue({ code: 'file-not-found', path: '', file: 's.yaml', message: 'file not found' })).toBe('s.yaml: file not found [file-not-found]');
    expect(formatIssue({ code: 'unknown-key', path: 'a', line: 2, message: 'm' })).toBe('line 2 a: m [unknown-key]');
    expect(formatIssue({ code: 'unknown-key', path: 'a', message: 'm' })).toBe('a: m [unknown-key]');
  });
});

describe('parseScenarioText: dyads (docs/model.md "Dyads")', () => {
  const withDyads = (lines: string) => `${MINIMAL.trimEnd()}\ndyads:\n${lines}\n`;

  it('accepts pairs of existing states and keeps them in file order', () => {
    const { scenario, issues } = parseScenarioText(withDyads('  - {a: USA, b: RUS}\n  - {a: FIN, b: RUS}'), 's.yaml');
    expect(issues).toEqual([]);
    expect(scenario?.dyads).toEqual([{ a: 'USA', b: 'RUS' }, { a: 'FIN', b: 'RUS' }]);
  });

  it('a scenario without dyads keeps no dyads field (its hash does not change)', () => {
    expect(parseScenarioText(MINIMAL, 's.yaml').scenario).not.toHaveProperty('dyads');
  });

  it('rejects an unknown id, a state paired with itself and a pair given twice, naming the path', () => {
    const text = withDyads('  - {a: USA, b: CHN}\n  - {a: FIN, b: FIN}\n  - {a: USA, b: RUS}\n  - {a: RUS, b: USA}');
    const { scenario, issues } = parseScenarioText(text, 's.yaml');
    expect(scenario).toBeNull();
    const unknown = only(issues, 'unknown-reference');
    expect(unknown.path).toBe('dyads[0].b');
    expect(unknown.message).toContain('"CHN" is not an actor id');
    expect(only(issues, 'self-relation').path).toBe('dyads[1].b');
    const dup = only(issues, 'duplicate-id');
    expect(dup.path).toBe('dyads[3]');
    expect(dup.message).toContain('already given at dyads[2]');
    expect(formatIssue(unknown)).toMatch(/^s\.yaml:\d+:\d+ dyads\[0\]\.b: /);
  });
});

describe('rule actions (the catalog actions the engine emits by rule)', () => {
  it('are resolved once when a scenario is compiled, to the catalog entry of that id', async () => {
    const { RULE_ACTIONS } = await import('../model/catalog.js');
    const { compileScenario } = await import('./compile.js');
    const { loadScenarioFile } = await import('./load.js');
    const s = loadScenarioFile(new URL('../../scenarios/stray-missile.yaml', import.meta.url).pathname).scenario!;
    const sc = compileScenario(s);
    for (const [name, id] of Object.entries(RULE_ACTIONS)) expect(sc.actions[sc.ruleActions[name as keyof typeof RULE_ACTIONS]]!.id, name).toBe(id);
  });
});

describe('rule actions: a catalog that lacks one fails validation, naming it', () => {
  const load = async () => {
    const { loadScenarioFile } = await import('./load.js');
    return loadScenarioFile(new URL('../../scenarios/stray-missile.yaml', import.meta.url).pathname).scenario!;
  };
  it('names the missing action and the rule that emits it, at `actions`', async () => {
    const { DEFAULT_CATALOG } = await import('../model/catalog.js');
    const { checkReferences } = await import('./validate.js');
    const s = await load();
    expect(checkReferences(s).filter((i) => i.code === 'missing-rule-action')).toEqual([]);
    const lacking = DEFAULT_CATALOG.filter((a) => a.id !== 'counter-strike' && a.id !== 'ceasefire');
    const issues = checkReferences(s, lacking).filter((i) => i.code === 'missing-rule-action');
    expect(issues.map((i) => i.message)).toEqual([
      'the action catalog has no "counter-strike" action, which the engine\'s rules emit (RULE_ACTIONS.counterStrike); define it under actions with every field of a new action',
      'the action catalog has no "ceasefire" action, which the engine\'s rules emit (RULE_ACTIONS.ceasefire); define it under actions with every field of a new action',
    ]);
    expect(issues[0]!.path).toBe('actions');
  });
  it('is satisfied by a scenario that defines the action itself', async () => {
    const { DEFAULT_CATALOG } = await import('../model/catalog.js');
    const { checkReferences } = await import('./validate.js');
    const s = await load();
    const def = DEFAULT_CATALOG.find((a) => a.id === 'counter-strike')!;
    const withOwn = { ...s, actions: { ...s.actions, 'counter-strike': { ...def } } };
    const lacking = DEFAULT_CATALOG.filter((a) => a.id !== 'counter-strike');
    expect(checkReferences(withOwn, lacking).filter((i) => i.code === 'missing-rule-action' || i.code === 'incomplete-action')).toEqual([]);
  });
});
