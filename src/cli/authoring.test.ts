/** Writing scenarios (D36): files in the wrong slot, `brink new`, action hints. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from './test-helpers.js';
import { DEFAULT_CATALOG } from '../model/catalog.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-authoring-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a file in the wrong slot', () => {
  it('a policy file given to run says to use it with compare --policy (exit 1)', async () => {
    await expectRefusal(runCli('run', 'scenarios/policies/aid-fast.yaml', '--runs', '10', '--seed', '1', '--no-progress'), 'this is a policy file', 'compare SCENARIO --policy FILE', '[wrong-file-kind]');
  });
  it('and so do trace and sweep', async () => {
    await expectRefusal(runCli('trace', 'scenarios/policies/aid-fast.yaml', '--seed', '1'), 'this is a policy file');
    await expectRefusal(runCli('sweep', 'scenarios/policies/aid-fast.yaml', '--param', 'rationality', '--values', '1,2', '--runs', '10', '--seed', '1', '--no-progress'), 'this is a policy file');
  });
  it('a parameter file given to run says to include it', async () => {
    await expectRefusal(runCli('run', 'scenarios/params/calibrated.yaml', '--runs', '10', '--seed', '1'), 'this is a parameter file', 'include:');
  });
  it('a scenario given to compare --policy says it is a scenario', async () => {
    await expectRefusal(runCli('compare', 'scenarios/baseline-2025.yaml', '--policy', 'scenarios/two-theatre.yaml', '--policy', 'scenarios/policies/aid-fast.yaml', '--runs', '10', '--seed', '1', '--no-progress'), 'this is a scenario file, not a policy file');
  });
});

describe('brink new', () => {
  it('writes a copy of a built-in that validates and runs to the same numbers where it is written', async () => {
    const file = join(tmp, 'x', 'my.yaml');
    const made = await runCli('new', file, '--from', 'baseline-2025');
    expect(made.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# Written by `brink new /);
    expect(text).toContain('WHAT TO CHANGE');
    expect(text).not.toMatch(/^include:/m);
    const v = await runCli('validate', file);
    expect(v.code).toBe(0);
    expect(v.out).toContain('valid');
    const args = ['--runs', '50', '--seed', '4', '--workers', '1', '--json', '--no-progress'];
    const mine = await runCli('run', file, ...args);
    const builtin = await runCli('run', 'scenarios/baseline-2025.yaml', ...args);
    expect(mine.code).toBe(0);
    expect(mine.out).toBe(builtin.out);
  });
  it('merges includes of every built-in, so each copy is valid on its own', async () => {
    for (const name of ['baltic-grayzone', 'two-theatre', 'stray-missile']) {
      const file = join(tmp, 'all', `${name}.yaml`);
      expect((await runCli('new', file, '--from', name)).code).toBe(0);
      expect((await runCli('validate', file)).code).toBe(0);
    }
  });
  it('refuses to overwrite an existing file (exit 1), and leaves it as it was', async () => {
    const file = join(tmp, 'taken.yaml');
    writeFileSync(file, 'mine\n');
    await expectRefusal(runCli('new', file, '--from', 'baseline-2025'), 'already exists', 'never overwrites');
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });
  it('an unknown built-in name gets a did-you-mean and the list', async () => {
    await expectRefusal(runCli('new', join(tmp, 'n.yaml'), '--from', 'baseline2025'), '--from', 'did you mean "baseline-2025"', 'two-theatre');
    const r = await runCli('new', join(tmp, 'm.yaml'), '--from', 'calibrated-mid');
    expect(r.err).not.toContain('internal error');
    expect(r.err).toContain('built-in scenarios: baltic-grayzone, baseline-2025, stray-missile, two-theatre');
    expect(existsSync(join(tmp, 'n.yaml'))).toBe(false);
  });
  it('a control character in the path is escaped in the header comment', async () => {
    const file = join(tmp, 'a\nb.yaml');
    expect((await runCli('new', file, '--from', 'two-theatre')).code).toBe(0);
    expect((await runCli('validate', file)).code).toBe(0);
  });
});

describe('an unknown inject action', () => {
  it('gets a did-you-mean and the whole list of catalog actions, not a cut one', async () => {
    const file = join(tmp, 'stray.yaml');
    expect((await runCli('new', file, '--from', 'stray-missile')).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('action: accidental-spillover', 'action: acidental-spillover'));
    const r = await runCli('validate', file);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toContain('did you mean "accidental-spillover"');
    const ids = DEFAULT_CATALOG.map((a) => a.id).sort();
    expect(r.out + r.err).toContain(`catalog actions: ${ids.join(', ')} [unknown-reference]`);
  });
});

