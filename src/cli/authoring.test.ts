/** Writing scenarios (D36): files in the wrong slot, `brink new`, action hints. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from './test-helpers.js';

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
