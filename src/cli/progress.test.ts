/**
 * Progress lines when stderr is not a terminal (D36): spawned from the built binary, so stderr is
 * a pipe, as in a log or CI. Run `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from './test-helpers.js';
import { estimatesText, progressLine } from './mc-common.js';
import { inlineExecutor, type CompareAggregate, type RunAggregate } from '../montecarlo/index.js';
import { summarizeRun } from '../analysis/summary.js';
import { loadScenarioFile } from '../scenario/node.js';

const built = existsSync(join(repo, 'dist/cli/main.js'));
const RUN = ['run', 'scenarios/stray-missile.yaml', '--runs', '300', '--seed', '3', '--workers', '1', '--json'];

function brink(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repo, 'bin/brink.js'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('progress lines', () => {
  it('formats runs done, percentage, rate and time left', () => {
    expect(progressLine('brink run', 4096, 10000, 6.7)).toBe('brink run: 4,096/10,000 runs (40%), 611/s, about 10 s left');
    expect(progressLine('brink run', 0, 10000, 1)).toBe('brink run: 0/10,000 runs (0%), 0/s, time left unknown');
  });

  it('running estimates (the queue progress): P(drawn in) and P(Article 5) with 95% intervals; per arm for a comparison', async () => {
    const scenario = loadScenarioFile(join(repo, 'test/fixtures/minimal.yaml')).scenario!;
    const run = (await inlineExecutor().execute({ kind: 'run', scenario, seed: 5, runs: 200, chunkSize: 64 })).aggregate as RunAggregate;
    const p = summarizeRun(run, { engineVersion: '', scenario: '', scenarioHash: '', seed: 0 }).probabilities;
    const f = (x: { estimate: number | null; lo: number | null; hi: number | null }) => `${x.estimate!.toFixed(3)} [${x.lo!.toFixed(3)}, ${x.hi!.toFixed(3)}]`;
    expect(estimatesText(run, 200)).toBe(`after 200 runs: drawn in ${f(p.drawnIn)}, Article 5 ${f(p.article5)}`);
    const arms = Array.from({ length: 5 }, () => scenario);
    const cmp = (await inlineExecutor().execute({ kind: 'compare', arms, seed: 5, runs: 64, chunkSize: 64 })).aggregate as CompareAggregate;
    expect(estimatesText(cmp, 64)).toMatch(/^after 64 runs per arm, drawn in: arm 1 [01]\.\d{3} \[[01]\.\d{3}, [01]\.\d{3}\], arm 2 .*, arm 3 [^,]+, [^,]+\], … \(5 arms\)$/);
  });

  it.skipIf(!built)('a non-TTY stderr gets a line every interval; stdout is unchanged; --no-progress silences them', () => {
    const quiet = brink([...RUN, '--no-progress'], { BRINK_PROGRESS_INTERVAL_MS: '1' });
    const loud = brink(RUN, { BRINK_PROGRESS_INTERVAL_MS: '1' });
    expect(quiet.status).toBe(0);
    expect(loud.status).toBe(0);
    expect(loud.stdout).toBe(quiet.stdout);
    expect(loud.stderr).toMatch(/^brink run: [0-9,]+\/300 runs \([0-9]+%\), [0-9,]+\/s, (about [0-9]+ (s|min) left|time left unknown)$/m);
    expect(quiet.stderr).not.toMatch(/runs \(/);
  });

  it.skipIf(!built)('compare (and the commands built on it: sweep, sensitivity, claims) gets them too', () => {
    const r = brink(['compare', 'scenarios/stray-missile.yaml', '--policy', 'scenarios/policies/status-quo.yaml', '--policy', 'scenarios/policies/aid-fast.yaml', '--runs', '300', '--seed', '1', '--workers', '1', '--json'], { BRINK_PROGRESS_INTERVAL_MS: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^brink compare: [0-9,]+\/300 runs \([0-9]+%\)/m);
    expect(r.stdout.startsWith('{')).toBe(true);
  });
});
