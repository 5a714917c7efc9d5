/**
 * Golden figures of every built-in scenario (scenarios/*.yaml that is a scenario), compared EXACTLY
 * with the checked-in snapshot test/golden/<scenario>.json: probabilities and highest-rung shares
 * to 4 decimals, means (costs, Article 4 consultations, escalation score, …) to 4 significant
 * digits, the median episode length, and the sha-256 of `brink trace --json` for seeds 1 and 2.
 * test/golden/figures.ts computes them through the CLI as a user runs it (500 runs, seed 1, one
 * thread; the four scenarios take about 6–8 s on one core).
 *
 * The engine is bit-reproducible, so any change to a figure is a change of behaviour: a bug, or a
 * deliberate change of the model, its defaults, a scenario or scenarios/params/calibrated.yaml.
 * Then run `npm run golden:update`, which rewrites the snapshot and prints every figure that moved
 * (old → new), and review that list (and `git diff test/golden`) before committing it with the
 * change that caused it. The snapshot changes no other way.
 *
 * This replaces the wide bands of the former src/engine/golden.test.ts (e.g. P(rung ≥ 4 in Europe)
 * anywhere in 2–40%) and its pinned parameters (golden-params.json: the engine defaults of
 * 2026-11-22 laid over the current ones). The pinning kept recalibrations from moving the bands,
 * but it also made the test blind to a changed default of any pinned parameter, and the figures
 * were of a configuration no user runs. With a snapshot a recalibration is one reviewed update,
 * so the scenarios are run as shipped, includes and defaults and all (docs/decisions.md D31).
 */
import { describe, expect, it } from 'vitest';
import { builtinScenarioNames, computeSnapshot, diffFigures, readSnapshot, snapshotNames } from './figures.js';

const UPDATE = 'If the change is intended, run `npm run golden:update` and review the printed old → new list (and `git diff test/golden`) before committing it.';

const names = builtinScenarioNames();

describe('golden snapshot of the built-in scenarios', () => {
  it('finds the built-in scenarios, and a snapshot for each and for nothing else', () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(names).toContain('baseline-2025');
    expect(snapshotNames(), `test/golden/*.json and scenarios/*.yaml disagree. ${UPDATE}`).toEqual(names);
  });

  for (const name of names) {
    it(`${name}: every figure equals test/golden/${name}.json`, async () => {
      const old = readSnapshot(name);
      const now = await computeSnapshot(name);
      const diff = diffFigures(old?.figures ?? null, now.figures);
      const head = old === null ? `test/golden/${name}.json is missing.` : `${diff.length} figure(s) of ${name} differ from test/golden/${name}.json (snapshot → now):`;
      expect(diff, `${head}\n  ${diff.join('\n  ')}\n${UPDATE}\n`).toEqual([]);
      expect(now.command).toBe(old?.command);
    });
  }
});
