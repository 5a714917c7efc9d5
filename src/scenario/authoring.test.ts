/** Writing scenarios (D36): spelling aliases and hints for unknown actions. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './parse.js';
import { scenarioHash } from './compile.js';
import { DEFAULT_CATALOG } from '../model/catalog.js';

const MINIMAL = readFileSync(new URL('../../test/fixtures/minimal.yaml', import.meta.url), 'utf8');

describe('spelling aliases', () => {
  it('kind: collective-defence is read as collective-defense, with the same scenario hash', () => {
    expect(MINIMAL).toContain('kind: collective-defense');
    const us = parseScenarioText(MINIMAL);
    const uk = parseScenarioText(MINIMAL.replace('kind: collective-defense', 'kind: collective-defence'));
    expect(uk.issues).toEqual([]);
    expect(uk.scenario!.alliances[0]!.kind).toBe('collective-defense');
    expect(scenarioHash(uk.scenario!)).toBe(scenarioHash(us.scenario!));
  });
  it('a misspelt signallingStance key gets a did-you-mean', () => {
    const r = parseScenarioText(MINIMAL.replace('    forwardPosture: 4', '    signalingStance: firm'));
    expect(r.issues.map((i) => i.message).join('\n')).toContain('did you mean "signallingStance"');
  });
});

describe('unknown actions', () => {
  const ids = DEFAULT_CATALOG.map((a) => a.id);
  it('an inject naming an unknown action gets a did-you-mean and the catalog list', () => {
    const typo = `${ids[0]!}x`;
    const text = `${MINIMAL.trimEnd()}\ninjects:\n  - { day: 3, actor: RUS, action: ${typo} }\n`;
    const r = parseScenarioText(text);
    const m = r.issues.find((i) => i.path === 'injects[0].action');
    expect(m?.message).toContain(`did you mean "${ids[0]!}"`);
    for (const id of ids) expect(m?.message).toContain(id);
  });
  it('an incomplete actions entry with an unknown id gets the catalog list', () => {
    const text = `${MINIMAL.trimEnd()}\nactions:\n  ${ids[1]!}y: { base: 0.1 }\n`;
    const r = parseScenarioText(text);
    const m = r.issues.find((i) => i.code === 'incomplete-action');
    expect(m?.message).toContain(`did you mean "${ids[1]!}"`);
    expect(m?.message).toContain(ids.at(-1)!);
  });
});
