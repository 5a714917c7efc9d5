/**
 * report.html: ONE self-contained file that opens offline (no server, no network). It inlines
 * the d3 and Observable Plot UMD bundles, the summary as an inline JSON script (byte-for-byte the
 * object written to summary.json), the drawing script (client.ts), and static HTML: the
 * plain-language reading and the tables, so the numbers can be read even with scripts disabled.
 *
 * Pure: the caller passes the bundles' source text (assets-node.ts reads them from node_modules).
 * Deterministic: no dates, no machine details; the same summary gives the same bytes.
 */
import { STATE_MOVED_SHOWN, type CompareSummary } from '../analysis/compare.js';
import { fmtBn, fmtDay, fmtInt, fmtNum, fmtPct, fmtPp, fmtSigned } from '../analysis/format.js';
import { distinctPathways, narrateCompare, narrateRun } from '../analysis/narrative.js';
import type { RunSummary } from '../analysis/summary.js';
import type { SensitivitySummary } from '../analysis/sensitivity.js';
import { fmtProb, fmtShare, glossary, heavyTailed, leadText, pathwayLead, trustLines, type RunSummaryWithUncertainty } from '../analysis/trust.js';
import { FILE_PLACEHOLDER, examplesText, traceCommand } from '../analysis/pathway-examples.js';
import { PATHWAY_EXAMPLES } from '../montecarlo/aggregate.js';
import { REPORT_CLIENT_JS } from './client.js';

export interface ReportAssets {
  d3: string;
  plot: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe inside <script>: no "</script", no "<!--". */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

function table(header: string[], rows: string[][], cls = ''): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  // Right-align cells that read as numbers (amounts, shares, intervals, days).
  const numeric = (c: string, i: number) => i > 0 && /^([-−+$\d.,%]|day |n\/a|not reached|—)/.test(c);
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric(c, i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

function figure(id: string, caption: string): string {
  return `<figure><div class="plot" id="${id}"></div><figcaption>${caption}</figcaption></figure>`;
}

const STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #3661ad; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 24px 80px; }
header h1 { font-size: 28px; margin: 0 0 4px; }
header .sub { color: var(--muted); margin: 0 0 16px; }
h2 { font-size: 21px; margin: 40px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 6px; }
h4 { font-size: 14px; margin: 4px 0; font-weight: 600; }
.reading { background: var(--bg-soft); border-left: 4px solid var(--accent); padding: 14px 20px; border-radius: 4px; }
.reading p { margin: 6px 0; }
.reading p.caveat { color: var(--muted); font-size: 13px; }
figure { margin: 12px 0 18px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; max-width: 860px; }
.plot svg { max-width: 100%; height: auto; overflow: visible; }
.fan-note { color: var(--muted); font-size: 12px; margin: 0 0 6px; max-width: 440px; }
.fans { display: grid; grid-template-columns: repeat(auto-fill, minmax(450px, 1fr)); gap: 8px 16px; }
table { border-collapse: collapse; margin: 10px 0 14px; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
th { background: var(--bg-soft); font-weight: 600; }
dl.prov { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 13px; }
dl.prov dt { color: var(--muted); }
dl.prov dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.method li { font-size: 13px; color: var(--muted); }
pre.traces { font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--bg-soft); padding: 8px 12px; border-radius: 4px; overflow-x: auto; margin: 4px 0 14px; }
table.pathways td:last-child { white-space: nowrap; }
#errors { background: #fff0f0; border: 1px solid #e5a0a0; padding: 8px 12px; }
details { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; margin: 12px 0; }
details > summary { cursor: pointer; font-weight: 600; }
nav.toc { font-size: 13px; color: var(--muted); }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 12px; }
`;

function provenance(p: { engineVersion: string; scenario: string; seed: number; runs: number; horizonDays: number; scenarioHash?: string; sets?: string[] }, extra: [string, string][] = []): string {
  const rows: [string, string][] = [
    ['scenario', p.scenario],
    ['runs', fmtInt(p.runs)],
    ['seed', String(p.seed)],
    ['horizon', `${fmtInt(p.horizonDays)} days`],
    ['engine version', p.engineVersion],
    ...(p.scenarioHash ? ([['scenario hash (sha-256)', p.scenarioHash]] as [string, string][]) : []),
    ...(p.sets !== undefined && p.sets.length > 0 ? ([['set (--set)', p.sets.join(', ')]] as [string, string][]) : []),
    ...extra,
  ];
  return `<dl class="prov">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** Plain words for the method keys of summary.json (which keep their names): a reader sees no field names. */
const METHOD_WORDS: Record<string, string> = {
  costBins: 'cost histograms',
  escalationScoreBins: 'escalation score histogram',
  fanBins: 'histograms behind the fans over time',
  timeToEvent: 'time to event',
  episodeDurations: 'episode durations',
  byAlliance: 'by alliance',
  dyads: 'direct combat between states',
};
function methodWords(v: string): string {
  return v.replace(/ \(quantum 1e-6\)/g, ' (exact to one millionth)').replace(/MODEL\.md ?(§[\d.]+)?/g, 'the model description');
}

function methodList(m: Record<string, string>): string {
  return `<ul class="method">${Object.entries(m)
    .map(([k, v]) => `<li><b>${escapeHtml(METHOD_WORDS[k] ?? k)}</b>: ${escapeHtml(methodWords(v))}</li>`)
    .join('')}</ul>`;
}

function page(title: string, body: string, data: unknown, assets: ReportAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div id="errors" hidden></div>
${body}
</main>
<script type="application/json" id="brink-data">${inlineJson(data)}</script>
<script>${inlineScript(assets.d3)}</script>
<script>${inlineScript(assets.plot)}</script>
<script>${inlineScript(REPORT_CLIENT_JS)}</script>
</body>
</html>
`;
}

/**
 * The sections of one run's results; `prefix` keeps element ids unique when several runs share a
 * page. `traceFile`: the scenario file as the trace commands of the pathway examples name it
 * (null: no commands, as for the arms of a comparison, which `brink trace` cannot rebuild).
 */
function runSections(s: RunSummary, prefix = '', level = 2, traceFile: string | null = null): string {
  const h = `h${level}`;
  const P = s.probabilities;
  const { rung4ByTheatre, ...events } = P;
  const probRows = [
    ...Object.values(events).map((p) => [p.label, fmtProb(p), `${fmtInt(p.count)} / ${fmtInt(p.runs)}`]),
    ...Object.values(rung4ByTheatre).map((p) => [p.label, fmtProb(p), `${fmtInt(p.count)} / ${fmtInt(p.runs)}`]),
  ];
  const kmRows = Object.values(s.timeToEvent).map((t) => [t.label, fmtShare(t.events, t.runs), fmtDay(t.median), t.medianIfHappened === null ? '—' : fmtDay(t.medianIfHappened)]);
  const rungRows = Object.entries(s.highestRung).map(([t, r]) => [t, ...r.shares.map((x) => (x === 0 ? '0' : fmtPct(x))), r.median === null ? '—' : String(r.median)]);
  const costRows = (['costAid', 'costDeterrence', 'costRisk', 'costTotal'] as const).map((k) => {
    const c = s.costs[k];
    return [c.label, fmtBn(c.mean), `${fmtNum(c.lo)}–${fmtNum(c.hi)}`, fmtBn(c.q05), fmtBn(c.q50), fmtBn(c.q95), heavyTailed(c) ? 'heavy-tailed' : '—'];
  });
  const pathRows = s.pathways.top.map((p) => [String(p.rank), p.steps.join(' → '), fmtInt(p.count), fmtPct(p.share), fmtPct(p.shareOfRuns), examplesText(p)]);
  const e = s.escalationScore;
  const a4 = s.article4Consultations;
  const meanRows = Object.values(s.means).map((m) => [m.label, fmtNum(m.mean), `${fmtNum(m.lo)}–${fmtNum(m.hi)}`]);
  const ep = s.episodes;
  const ci = fmtProb;
  const allianceRows = Object.values(s.byAlliance).map((a) => [
    `${a.id}${a.id === s.focal ? ' (focal)' : ''}`,
    ci(a.probabilities.drawnIn),
    ci(a.probabilities.article4),
    ci(a.probabilities.article5),
    fmtBn(a.costs.costTotal.mean),
    `${fmtNum(a.costs.costTotal.lo)}–${fmtNum(a.costs.costTotal.hi)}`,
    fmtNum(a.means.finalCohesion.mean),
  ]);
  const dyadRows = Object.entries(s.dyads).map(([k, d]) => [
    k,
    ci(d.probability),
    `${fmtInt(d.probability.count)} / ${fmtInt(d.probability.runs)}`,
    d.timeToEvent.medianIfHappened === null ? '—' : fmtDay(d.timeToEvent.medianIfHappened),
  ]);
  return `
<${h} id="${prefix}probabilities">How likely is each outcome?</${h}>
${figure(`${prefix}plot-probabilities`, `Share of the ${fmtInt(s.provenance.runs)} runs in which each outcome happened within ${fmtInt(s.provenance.horizonDays)} days. Dots are estimates, bars their 95% Wilson intervals.`)}
${table(['outcome', 'probability (95% interval)', 'runs'], probRows)}
<p class="sub">Drawn in: a member of ${s.focal !== null ? escapeHtml(s.focal) : 'the focal alliance'} and a state outside it fought deliberately (rung 4 or more). Rung ≥ 4 in a theatre: the theatre reached rung 4 at some time, whoever fought, so it can exceed drawn in. 0 (≤ x%): in no run, x the 95% upper bound.</p>
${
  allianceRows.length > 0
    ? `<h${level + 1} id="${prefix}alliances">Every alliance's point of view</h${level + 1}>
<p class="sub">The same outcomes and costs for each collective-defence alliance (95% intervals). A member of two alliances counts toward both, so the costs do not add up.${s.focal !== null ? ` The headline above is ${escapeHtml(s.focal)}'s.` : ''}</p>
${table(['alliance', 'drawn in', 'Article 4', 'Article 5', 'mean C_total (B$)', 'mean 95% CI', 'cohesion at the horizon'], allianceRows)}`
    : ''
}
${
  dyadRows.length > 0
    ? `<h${level + 1} id="${prefix}dyads">Direct combat between states</h${level + 1}>
<p class="sub">Share of runs in which the two states were in direct combat: a deliberate, attributed kinetic strike of rung 4 or more by one on the other, or both on opposite sides of a war.</p>
${table(['dyad', 'probability (95% interval)', 'runs', 'median day when it happened'], dyadRows)}`
    : ''
}

<${h} id="${prefix}time">When does it happen?</${h}>
${figure(`${prefix}plot-km`, 'Kaplan–Meier estimates of the share of runs in which each event has happened by a given day (shaded: 95% pointwise interval). Runs without the event are censored at the horizon; the dashed line marks one half, where the median is read.')}
${table(['event', 'by the horizon', 'median (all runs)', 'median when it happened'], kmRows)}

<${h} id="${prefix}rungs">How high does each theatre climb?</${h}>
${figure(`${prefix}plot-rungs`, 'Distribution of the highest rung reached in each theatre over the horizon (0 competition … 3 proxy war, 4 direct limited clash, 5 general war, 6 nuclear use).')}
${table(['theatre', 'rung 0', '1', '2', '3', '4', '5', '6', 'median'], rungRows)}
<p class="sub">Each row is the share of runs whose highest rung in that theatre was exactly that rung; the shares of rungs 4, 5 and 6 add up to the theatre's “rung ≥ 4” probability above.</p>

<${h} id="${prefix}costs">What does it cost?</${h}>
${figure(`${prefix}plot-costs`, `Cost accounts of ${s.focal !== null ? escapeHtml(s.focal) : 'the alliance'} over the horizon (as in the source essay on NATO's escalation risk, C_total = C_aid + C_deterrence + C_risk). Bars span the 5–95% range across runs, ticks mark the median, diamonds the mean.`)}
${figure(`${prefix}plot-cost-total`, 'Distribution of C_total across runs (bins 4.7% wide on a log scale). A long right tail means rare, very costly runs dominate the mean.')}
${table(['account', 'mean', 'mean 95% CI', '5%', 'median', '95%', 'tail'], costRows)}
<p class="sub">C_aid: aid to partners; C_deterrence: forward posture, readiness, resilience and surges; C_risk: damage to members and the cost of wars they fight. Heavy-tailed: the mean exceeds the 95th percentile, so a few very costly runs carry the mean and the median is the typical run.</p>

<${h} id="${prefix}fans">How do things evolve over time?</${h}>
<p class="sub">Weekly quantile fans across runs: the line is the median, the dark band holds the middle 50% of runs, the light band 90%.</p>
<div class="fans" id="${prefix}plot-fans"></div>

<${h} id="${prefix}pathways">How does it get to a direct clash?</${h}>
${figure(`${prefix}plot-pathways`, `The ten most frequent causal pathways (chains of events, oldest first) to the first rung-4 event, as a share of the ${fmtInt(s.pathways.runsReachingRung4)} runs that reached rung 4 (${distinctPathways(s.pathways.distinct)} in all). A step that begins “inject:” is a scripted event of the scenario (an inject), not one the model chose.`)}
${pathRows.length > 0 ? table(['#', 'pathway', 'runs', 'share of rung-4 runs', 'share of all runs', 'example runs (day it reached rung 4)'], pathRows, 'pathways') : '<p>No run reached rung 4.</p>'}
${(() => {
  const lead = pathwayLead(s);
  return lead === null ? '' : `<p class="${lead.tie ? 'tie' : 'lead'}">${escapeHtml(leadText(lead))}</p>`;
})()}
${pathRows.length > 0 ? pathwayTraces(s, traceFile, prefix) : ''}
${
  s.pathways.byLastStep.length > 0
    ? `<h${level + 1}>The act that crossed into a direct clash</h${level + 1}>\n${table(
        ['action (last step of the pathway)', 'runs', 'share of rung-4 runs'],
        s.pathways.byLastStep.map((b) => [b.action, fmtInt(b.count), fmtPct(b.share)]),
      )}`
    : ''
}

<${h} id="${prefix}article4">Article 4 consultations</${h}>
${figure(`${prefix}plot-art4`, `Number of Article 4 consultations per run (a joint request counts once). Mean ${fmtNum(a4.mean, 3)} (95% CI ${fmtNum(a4.lo, 3)}–${fmtNum(a4.hi, 3)}).`)}

<${h} id="${prefix}score">Escalation score</${h}>
${figure(`${prefix}plot-score`, `Distribution of the escalation score per run (sum of event weights: de-escalation −2, posturing 4, non-violent 12, violent 28, nuclear 60; Rivera et al. 2024). Mean ${fmtNum(e.mean)}, median ${fmtNum(e.q50)}, 90% of runs between ${fmtNum(e.q05)} and ${fmtNum(e.q95)}.`)}

<${h} id="${prefix}episodes">Crisis episodes</${h}>
${figure(`${prefix}plot-episodes`, `An episode is one crisis between two blocs (an alliance, or a state alone) in one theatre, from its first detected hostile act until it ends. Durations of episodes that ended before the horizon (weekly bins): ${fmtInt(ep.ended)} ended, median ${ep.medianDays === null ? 'n/a' : `${fmtNum(ep.medianDays)} days`} (quartiles ${fmtNum(ep.q25Days)}–${fmtNum(ep.q75Days)}); ${fmtInt(ep.open)} were still open at the horizon.`)}

<${h} id="${prefix}means">Other averages</${h}>
${table(['quantity', 'mean', '95% CI'], meanRows)}
`;
}

/**
 * Under the pathway table: what the example runs are and, for a run report, the command that
 * opens the first example of each pathway (D54).
 */
function pathwayTraces(s: RunSummary, traceFile: string | null, prefix: string): string {
  const what = `Example runs: up to ${PATHWAY_EXAMPLES} runs of each pathway, the smallest trajectory numbers of seed ${s.provenance.seed} in which it happened, with the day it reached rung 4.`;
  if (traceFile === null) return `<p class="sub">${escapeHtml(what)}</p>`;
  const lines = s.pathways.top.filter((p) => p.examples.length > 0).map((p) => `#${String(p.rank).padEnd(3)}${traceCommand(traceFile, s.provenance, p.examples[0]!.trajectory)}`);
  const file = traceFile === FILE_PLACEHOLDER ? ' (FILE: the scenario file of this run)' : '';
  return `<p class="sub">${escapeHtml(what)} To read how one got there, event by event with the causes and decisions behind each, open it with <code>brink trace</code>${escapeHtml(file)}; the same seed and trajectory give the same run on any machine. The first example of each pathway:</p>
<pre class="traces" id="${prefix}pathway-traces">${escapeHtml(lines.join('\n'))}</pre>`;
}

/** "How sure are we" (D34): sampling error, the range under other priors, the historical record. */
function trustSection(s: RunSummaryWithUncertainty): string {
  const [mc, priors, record] = trustLines(s);
  const u = s.uncertainty;
  const rows =
    u === undefined
      ? []
      : u.sides.map((x) => [x.parameter, `× ${x.factor} = ${fmtNum(x.value)}`, x.estimate === 0 ? '0' : fmtPct(x.estimate), `${fmtPp(x.difference)} (${fmtPp(x.lo)} to ${fmtPp(x.hi)})`]);
  return `<h2 id="trust">How sure are we?</h2>
<ul class="trust">
<li><b>Sampling error.</b> ${escapeHtml(mc!)}</li>
<li><b>The priors.</b> ${escapeHtml(priors!)}</li>
<li><b>The historical record.</b> ${escapeHtml(record!.replace(/^The historical record: /, '').replace(/ \(docs\/validation\.md\)$/, ''))} (the Brink repository's <code>docs/validation.md</code>)</li>
</ul>
${rows.length > 0 ? table(['prior', 'side', 'headline under it', 'paired difference (95% interval)'], rows) : ''}`;
}

/** Short definitions of the words the report uses. */
function wordsSection(s: RunSummary): string {
  return `<h2 id="words">Words used here</h2>
<dl class="prov">${glossary(s)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd style="font-family:inherit;word-break:normal">${escapeHtml(v)}</dd>`)
    .join('')}</dl>`;
}

/**
 * `opts.scenarioFile`: the scenario file as the user named it, written into the pathway examples'
 * trace commands (default the placeholder FILE, for a report rendered from summary.json alone).
 */
export function renderRunReport(s: RunSummaryWithUncertainty, assets: ReportAssets, opts: { scenarioFile?: string } = {}): string {
  const reading = narrateRun(s);
  const caveat = reading.pop()!;
  const body = `
<header>
<h1>Brink: ${escapeHtml(s.provenance.scenario)}</h1>
<p class="sub">${fmtInt(s.provenance.runs)} simulated runs of ${fmtInt(s.provenance.horizonDays)} days · seed ${s.provenance.seed} · engine ${escapeHtml(s.provenance.engineVersion)}</p>
<nav class="toc"><a href="#reading">Reading</a><a href="#trust">How sure</a><a href="#probabilities">Probabilities</a><a href="#time">Timing</a><a href="#rungs">Rungs</a><a href="#costs">Costs</a><a href="#fans">Over time</a><a href="#pathways">Pathways</a><a href="#words">Words</a><a href="#method">Method</a></nav>
</header>
<section class="reading" id="reading">
<h2 style="border:0;margin-top:0;padding-top:0">What the runs say</h2>
${reading.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p class="caveat">${escapeHtml(caveat)}</p>
</section>
${trustSection(s)}
${runSections(s, '', 2, opts.scenarioFile ?? FILE_PLACEHOLDER)}
${wordsSection(s)}
<h2 id="method">Method and provenance</h2>
${provenance(s.provenance)}
${methodList(s.method)}
<p class="sub">The data behind every plot is embedded in this file (script#brink-data) and is identical to summary.json.</p>
`;
  return page(`Brink report: ${s.provenance.scenario}`, body, { kind: 'run', summary: s }, assets);
}

/** What the arms of a comparison are: policy files (`brink compare`) or one parameter's values (`brink sweep`). */
export interface ArmWords {
  title: string;
  one: string;
  many: string;
  /** Short, for table headers. */
  column: string;
}
const POLICY_WORDS: ArmWords = { title: 'policy comparison', one: 'policy', many: 'policies', column: 'policy' };

export function renderCompareReport(c: CompareSummary, assets: ReportAssets, words: ArmWords = POLICY_WORDS): string {
  const { one, column } = words;
  const reading = narrateCompare(c, words);
  const caveat = reading.pop()!;
  const first = c.provenance.arms[0]!.name;
  // A sweep (brink sweep) carries what was swept: its report adds the response curve.
  const sweep = (c as CompareSummary & { sweep?: { parameter: string } }).sweep;
  const binRows = c.comparisons.flatMap((cmp) =>
    cmp.binary.map((b) => [b.label, cmp.arm, fmtPct(b.a), fmtPct(b.b), fmtPp(b.difference), `${fmtPp(b.lo)} to ${fmtPp(b.hi)}`, `${fmtInt(b.n10)} / ${fmtInt(b.n01)}`]),
  );
  const metricRows = c.comparisons.flatMap((cmp) =>
    cmp.metrics.map((m) => [m.label, cmp.arm, fmtNum(m.a), fmtNum(m.b), fmtSigned(m.difference), `${fmtSigned(m.lo)} to ${fmtSigned(m.hi)}`]),
  );
  const armDetails = c.arms
    .map(
      (s, j) => `<details id="arm${j}"><summary>All results for “${escapeHtml(c.provenance.arms[j]!.name)}” (${escapeHtml(c.provenance.arms[j]!.policyFile)})</summary>
${runSections(s, `arm${j}-`, 3)}
</details>`,
    )
    .join('\n');
  const armsList = c.provenance.arms.map((a, j) => [`arm ${j}`, `${a.name} (${a.policyFile}) ${a.scenarioHash}`] as [string, string]);
  const body = `
<header>
<h1>Brink ${escapeHtml(words.title)}: ${escapeHtml(c.provenance.scenario)}</h1>
<p class="sub">${c.provenance.arms.map((a) => escapeHtml(a.name)).join(' vs ')} · ${fmtInt(c.provenance.runs)} paired runs of ${fmtInt(c.provenance.horizonDays)} days · seed ${c.provenance.seed} · engine ${escapeHtml(c.provenance.engineVersion)}</p>
</header>
<section class="reading" id="reading">
<h2 style="border:0;margin-top:0;padding-top:0">What the comparison says</h2>
${reading.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p class="caveat">${escapeHtml(caveat)}</p>
</section>
${
  sweep !== undefined
    ? `<h2 id="response">Response to ${escapeHtml(sweep.parameter)}</h2>
${figure('plot-sweep', `Outcomes against the swept value of ${escapeHtml(sweep.parameter)}, in numeric order, with 95% intervals (Wilson for probabilities, normal for mean costs); the open circle is the scenario's own value. Outcomes that happened in no run are left out of the plot.`)}`
    : ''
}
<h2 id="arms">Each ${one}</h2>
${figure('plot-arm-probabilities', `Probability of each outcome under each ${one}, with 95% Wilson intervals.`)}
<h2 id="differences">Differences against “${escapeHtml(first)}”</h2>
${figure('plot-diff-binary', `Paired difference in probability (${one} − ${escapeHtml(first)}), percentage points, with 95% Newcombe intervals. An interval that excludes 0 is a difference the runs can tell apart from chance.`)}
${table(['outcome', column, first, `${column} value`, 'difference', '95% interval', `discordant pairs (first only / ${column} only)`], binRows)}
${figure('plot-diff-metrics', `Mean paired difference (${one} − ${escapeHtml(first)}) with 95% normal intervals: costs in billions of 2025 US$ on the first plot, Article 4 consultations per run on the second (one unit per axis).`)}
${table(['quantity', column, first, `${column} value`, 'mean difference', '95% interval'], metricRows)}
${stateSection(c, words)}
<h2 id="timing">Timing under each ${one}</h2>
<div class="fans">${figure('plot-km-drawnIn', 'Kaplan–Meier: share of runs drawn in by day t.')}${figure('plot-km-article5', 'Kaplan–Meier: share of runs with Article 5 invoked by day t.')}</div>
<h2 id="details">Full results per ${one}</h2>
${armDetails}
<h2 id="method">Method and provenance</h2>
${provenance(c.provenance, armsList)}
${methodList(c.method)}
`;
  return page(`Brink comparison: ${c.provenance.scenario}`, body, { kind: 'compare', summary: c }, assets);
}

/**
 * Inert arms and the state each arm moved (D29): the notice of every arm that moved no
 * probability or cost beyond sampling error, then the state entries each arm moved, so that a
 * "no change" is read with what the lever did move.
 */
function stateSection(c: CompareSummary, words: ArmWords): string {
  if (c.comparisons.every((cmp) => cmp.stateProbed === 0)) return '';
  const first = c.provenance.arms[0]!.name;
  const notices = c.comparisons.filter((cmp) => cmp.notice !== null).map((cmp) => cmp.notice!);
  const rows = c.comparisons.flatMap((cmp) =>
    cmp.stateMoved.map((m) => [m.label, cmp.arm, fmtNum(m.a), fmtNum(m.b), `${fmtSigned(m.meanDiff)}${m.unit === '' ? '' : ` ${m.unit}`}`, `${fmtSigned(m.lo)} to ${fmtSigned(m.hi)}`, m.standardized === null ? 'every run' : fmtSigned(m.standardized)]),
  );
  const counts = c.comparisons.map((cmp) => `“${cmp.arm}” ${cmp.stateMovedCount} of ${cmp.stateProbed}`).join(', ');
  return `<h2 id="state">What each ${escapeHtml(words.one)} moved in the end state</h2>
<p>${
    notices.length === 0
      ? `Every ${escapeHtml(words.one)} moved at least one probability or cost beyond sampling error.`
      : `${notices.length === 1 ? 'One' : String(notices.length)} ${notices.length === 1 ? escapeHtml(words.one) : escapeHtml(words.many)} moved no probability or cost beyond sampling error; read its “no change” with what it did move:`
  }</p>
${notices.length > 0 ? `<ul class="inert">${notices.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : ''}
<p>State at the horizon (stockpiles, war capacity, surge, pressure, cohesion, sanctions, hostility sums, credibility debt, aid) whose mean paired difference to “${escapeHtml(first)}” has a 95% interval excluding 0, the largest ${STATE_MOVED_SHOWN} per ${escapeHtml(words.one)} by the standardized difference (mean / sd of the differences; “every run”: the same shift in every run). Entries moved: ${escapeHtml(counts)}.</p>
${rows.length > 0 ? table(['state', words.column, first, `${words.column} value`, 'mean difference', '95% interval', 'standardized'], rows) : ''}`;
}

/** The sensitivity report's sentence on inert parameters (D29), if any. */
function inertReading(s: SensitivitySummary): string[] {
  const inert = s.rows.filter((r) => r.inert);
  if (inert.length === 0) return [];
  const what = (r: SensitivitySummary['rows'][number]) => {
    const moved = [r.low, r.high].flatMap((x) => (x === null ? [] : x.stateMoved.slice(0, 1).map((m) => `${m.label} ${fmtSigned(m.meanDiff)}${m.unit === '' ? '' : ` ${m.unit}`}`)));
    return moved.length === 0 ? `${r.parameter} (moved no state: inert in this scenario)` : `${r.parameter} (moved ${moved.join(' / ')})`;
  };
  return [
    `${inert.length} of ${s.rows.length} parameters are inert at ${fmtInt(s.provenance.runs)} runs: neither side moved any probability or cost beyond sampling error, so their small swing is no evidence that they do not matter elsewhere. ${inert.map(what).join('; ')}.`,
  ];
}

/** How many parameters the tornado plot shows (the table lists all). */
export const TORNADO_ROWS = 30;

/** The report of `brink sensitivity`: a tornado of the largest swings, then every parameter. */
export function renderSensitivityReport(s: SensitivitySummary, assets: ReportAssets): string {
  const o = s.outcome;
  const fmtD = (x: number | null) => (o.kind === 'probability' ? fmtPp(x) : fmtSigned(x));
  const fmtRef = o.kind === 'probability' ? fmtPct(o.reference) : fmtNum(o.reference);
  const side = (x: SensitivitySummary['rows'][number]['low']) => {
    if (x === null) return ['—', '—'];
    const d = x.differences[o.key]!;
    return [fmtNum(x.value), `${fmtD(d[0])} (${fmtD(d[1])} to ${fmtD(d[2])})`];
  };
  const rows = s.rows.map((r) => [r.parameter, fmtNum(r.value), ...side(r.low), ...side(r.high), fmtD(r.swing).replace(/^\+/, '')]);
  const top = s.rows.slice(0, 3).map((r) => r.parameter);
  const reading = [
    `Each of ${fmtInt(s.rows.length)} parameters was set to its value × ${s.factors.low} and × ${s.factors.high} (within its range), one at a time, the others at the scenario's values; every arm ran the same ${fmtInt(s.provenance.runs)} simulated worlds (common random numbers). “${o.label}” is ${fmtRef} at the scenario's values.`,
    top.length > 0 ? `It moves most with ${top.join(', ')}: the swing between the two sides is ${s.rows.slice(0, 3).map((r) => fmtD(r.swing).replace(/^\+/, '')).join(', ')}.` : 'No parameter was varied.',
    `${s.rows.filter((r) => [r.low, r.high].some((x) => x !== null && x.differences[o.key]![1] !== null && (x.differences[o.key]![1]! > 0 || x.differences[o.key]![2]! < 0))).length} of ${s.rows.length} parameters move it by more than sampling error on at least one side (95% interval excluding zero).`,
    ...inertReading(s),
  ];
  const body = `
<header>
<h1>Brink sensitivity: ${escapeHtml(s.provenance.scenario)}</h1>
<p class="sub">${fmtInt(s.rows.length)} parameters × (${s.factors.low}, ${s.factors.high}) · ranked by ${escapeHtml(o.label)} · ${fmtInt(s.provenance.runs)} paired runs of ${fmtInt(s.provenance.horizonDays)} days per arm · seed ${s.provenance.seed} · engine ${escapeHtml(s.provenance.engineVersion)}</p>
</header>
<section class="reading" id="reading">
<h2 style="border:0;margin-top:0;padding-top:0">What the sensitivity says</h2>
${reading.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p class="caveat">One parameter at a time: a parameter that matters only together with another does not show. Intervals reflect sampling error only.</p>
</section>
<h2 id="tornado">The ${Math.min(TORNADO_ROWS, s.rows.length)} largest swings</h2>
${figure('plot-tornado', `Paired difference in ${escapeHtml(o.label)} against the scenario's values (${fmtRef}) when one parameter is set to its value × ${s.factors.low} (low side) or × ${s.factors.high} (high side), with 95% intervals; parameters ranked by the distance between the two sides.`)}
<h2 id="all">Every parameter</h2>
${table(['parameter', 'value', 'low side', 'difference (95% interval)', 'high side', 'difference (95% interval)', 'swing'], rows)}
${s.skipped.length > 0 ? `<p>Not varied: ${escapeHtml(s.skipped.map((x) => `${x.parameter} (${x.reason})`).join('; '))}.</p>` : ''}
<h2 id="method">Method and provenance</h2>
${provenance(s.provenance)}
`;
  return page(`Brink sensitivity: ${s.provenance.scenario}`, body, { kind: 'sensitivity', summary: s, tornadoRows: TORNADO_ROWS }, assets);
}

