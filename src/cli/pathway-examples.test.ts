/**
 * D54: the pathways of a run point to example runs (trajectory, day it reached rung 4) and to the
 * trace command that opens them. Checked against a scan of the traces of the same runs, as the
 * reader would do it by hand.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../engine/index.js';
import { compileScenario } from '../scenario/compile.js';
import { loadScenarioFile } from '../scenario/node.js';
import type { RunSummary } from '../analysis/summary.js';
import { FILE_PLACEHOLDER, shellWord, traceCommand } from '../analysis/pathway-examples.js';
import { renderRunReport } from '../report/html.js';
import { PATHWAY_EXAMPLES } from '../montecarlo/aggregate.js';
import { pathwayEvents } from './cmd-trace.js';
import { repo, runCli } from './test-helpers.js';

const BASE = 'scenarios/baseline-2025.yaml';
const RUNS = 150;
const SEED = 3;

describe('pathway examples (D54)', () => {
  it('are the smallest trajectories of each pathway in a scan of the traces, with the day of the event that reached rung 4', async () => {
    const r = await runCli('run', BASE, '--runs', String(RUNS), '--seed', String(SEED), '--workers', '1', '--json', '--no-progress');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as RunSummary;
    expect(s.pathways.top.length).toBeGreaterThan(3);

    // The scan: every trajectory traced; its pathway read from the trace's own events.
    const loaded = loadScenarioFile(`${repo}/${BASE}`);
    const sim = createSimulator(compileScenario(loaded.scenario!));
    const byPathway = new Map<string, { trajectory: number; day: number }[]>();
    for (let k = 0; k < RUNS; k++) {
      const t = sim.run(SEED, k, { trace: true });
      const o = t.outcome;
      if (o.pathway === '') {
        expect(o.pathwayDay).toBe(-1);
        continue;
      }
      // The day is that of the trace's event chain that spells the pathway, and that event is at rung ≥ 4.
      const ids = pathwayEvents(o, t.events!);
      expect(ids, `trajectory ${k}: ${o.pathway}`).not.toBeNull();
      const last = t.events![ids![ids!.length - 1]!]!;
      expect(last.day).toBe(o.pathwayDay);
      expect(last.rung).toBeGreaterThanOrEqual(4);
      const l = byPathway.get(o.pathway) ?? [];
      l.push({ trajectory: k, day: o.pathwayDay });
      byPathway.set(o.pathway, l);
    }
    for (const p of s.pathways.top) {
      expect(p.examples, p.pathway).toEqual(byPathway.get(p.pathway)!.slice(0, PATHWAY_EXAMPLES));
    }
  });

  it('the terminal and report.html give each pathway its example runs and a trace command that opens a run of that pathway', async () => {
    const r = await runCli('run', BASE, '--runs', '200', '--seed', String(SEED), '--workers', '1', '--json', '--no-progress');
    const s = JSON.parse(r.out) as RunSummary;
    const text = await runCli('run', BASE, '--runs', '200', '--seed', String(SEED), '--workers', '1', '--no-progress');
    const top = s.pathways.top[0]!;
    const ex = top.examples.map((e) => `${e.trajectory} (day ${e.day})`).join(', ');
    expect(text.out).toContain(`e.g. ${ex}`);
    expect(text.out).toContain(`open one with brink trace ${BASE} --seed ${SEED} --trajectory ${top.examples[0]!.trajectory}\n`);

    const html = renderRunReport(s, { d3: '', plot: '' }, { scenarioFile: BASE });
    expect(html).toContain(`<td class="num">${ex}</td>`);
    const pre = /<pre class="traces" id="pathway-traces">([^<]*)<\/pre>/.exec(html)![1]!.split('\n');
    expect(pre).toHaveLength(s.pathways.top.length);
    // Each command, run as printed, opens a run whose pathway is the row's, reaching rung 4 on the listed day.
    for (const [i, line] of pre.slice(0, 3).entries()) {
      const p = s.pathways.top[i]!;
      const m = /^#(\d+) +brink trace (\S+) --seed (\d+) --trajectory (\d+)$/.exec(line)!;
      expect(Number(m[1])).toBe(p.rank);
      const t = await runCli('trace', m[2]!, '--seed', m[3]!, '--trajectory', m[4]!, '--json');
      const o = (JSON.parse(t.out) as { outcome: { pathway: string; pathwayDay: number } }).outcome;
      expect(o.pathway).toBe(p.pathway);
      expect(o.pathwayDay).toBe(p.examples[0]!.day);
    }
    // Without the file (a report from summary.json alone) the command names FILE.
    expect(renderRunReport(s, { d3: '', plot: '' })).toContain(`brink trace ${FILE_PLACEHOLDER} --seed ${SEED} --trajectory ${top.examples[0]!.trajectory}`);
  });

  it('trace commands carry the run\'s --set assignments and quote what a shell would split', () => {
    expect(traceCommand('my scenarios/x.yaml', { seed: 4, sets: ['enablerLinks[from=CHN,to=RUS].supplyRate=0'] }, 12)).toBe(
      "brink trace 'my scenarios/x.yaml' --seed 4 --trajectory 12 --set 'enablerLinks[from=CHN,to=RUS].supplyRate=0'",
    );
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('scenarios/baseline-2025.yaml')).toBe('scenarios/baseline-2025.yaml');
  });
});
