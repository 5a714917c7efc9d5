/**
 * The file `brink calibrate --out` writes: a parameter file any scenario can `include:` (a
 * `description` and a top-level `parameters:` block of global engine parameters), with the fit
 * printed as comments, and the settings of the historical scenario builder that are not engine
 * parameters (base-hazard scales per MID level until the engine has them as parameters, side B's
 * hostility, the defenders' vote threshold) on one machine-readable comment line
 * `# brink-historical: {json}`, which `brink backtest --params` reads back. Comments keep the file
 * valid for the include parser (parse.ts accepts only `description` and `parameters`).
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { parseParametersFileText, type Issue } from '../scenario/index.js';
import {
  defaultHistoricalModel,
  DEFAULT_SETTINGS,
  engineHasLevelScales,
  LEVEL_SCALE_PARAMS,
  scenarioParameters,
  type BuilderSettings,
  type HistoricalModel,
} from './build-scenario.js';
import type { CalibrationReport } from './calibrate.js';

const MARKER = '# brink-historical: ';

const SettingsSchema = z.strictObject({
  horizonDays: z.number().int().min(1).max(36500).optional(),
  levelScale: z.tuple([z.number().positive(), z.number().positive(), z.number().positive(), z.number().positive()]).optional(),
  hostilityA: z.number().min(0).max(1).optional(),
  hostilityB: z.number().min(0).max(1).optional(),
  revisionismA: z.number().min(0).max(1).optional(),
  revisionismB: z.number().min(0).max(1).optional(),
  activityB: z.number().min(0).max(100).optional(),
  defenderTheatreShare: z.number().min(0).max(1).optional(),
  defenderThreshold: z.number().min(0).max(1).optional(),
  originatorThreshold: z.number().min(0).max(1).optional(),
  loneTargetAlliance: z.boolean().optional(),
  grayzoneOff: z.boolean().optional(),
  sharedTempoA: z.boolean().optional(),
  borderActivityB: z.number().min(0).max(1000).optional(),
  unilateralThresholdB: z.number().min(0).max(1).optional(),
  eraWarScale: z.tuple([z.number().positive(), z.number().positive(), z.number().positive(), z.number().positive()]).optional(),
  violentTriggerRung: z.number().int().min(1).max(5).optional(),
});

const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : 'NA');

export function calibrationYaml(r: CalibrationReport, provenance: string): string {
  const lines: string[] = [];
  lines.push('# Brink parameters calibrated on historical disputes (MID 5.0) by `brink calibrate`.');
  lines.push(`# ${provenance}`);
  lines.push(`# disputes: ${r.fit.disputes} fitted, ${r.holdout.disputes} held back; ${r.runs} runs per dispute; seed ${r.seed}`);
  lines.push(`# evaluations ${r.evaluations}${r.stoppedEarly ? ' (stopped early on the held-back disputes)' : ''}; distance fit ${fmt(r.fit.distance)}, held back ${fmt(r.holdout.distance)}`);
  if (r.scores) {
    const t = (x: NonNullable<CalibrationReport['scores']>['fit'] | null): string =>
      x ? `${fmt(x.objective)} (RPS ${fmt(x.terms.rps)}, Brier war ${fmt(x.terms.brierWar)}, reciprocation ${fmt(x.terms.brierRecip)}; base rates ${fmt(x.baseRates.rps)}, ${fmt(x.baseRates.brierWar)}, ${fmt(x.baseRates.brierRecip)})` : 'NA';
    lines.push(`# objective: score (mean per-dispute scores relative to base rates, docs/calibration.md); fit ${t(r.scores.fit)}; held back ${t(r.scores.holdout)}`);
    const icb = r.scores.icb;
    if (icb) {
      const ti = (x: typeof icb.fit | null): string =>
        x ? `${fmt(x.objective)} over ${x.crises} crises (violence RPS ${fmt(x.terms.violenceRps)}, horizontal Brier ${fmt(x.terms.horizontalBrier)}; base rates ${fmt(x.baseRates.violenceRps)}, ${fmt(x.baseRates.horizontalBrier)})` : 'NA';
      lines.push(`# ICB crises fitted beside: fit ${ti(icb.fit)}; held back ${ti(icb.holdout)}`);
    }
  }
  lines.push('#');
  lines.push('# moment                 observed  simulated   (fitted disputes)   held back: observed  simulated');
  r.fit.moments.forEach((m, k) => {
    const h = r.holdout.moments[k]!;
    lines.push(`#   ${m.name.padEnd(22)} ${fmt(m.observed).padStart(8)}  ${fmt(m.simulated).padStart(9)}   (n=${fmt(m.n)})`.padEnd(66) + `${fmt(h.observed).padStart(9)}  ${fmt(h.simulated).padStart(9)}`);
  });
  lines.push('#');
  lines.push('# knob                   start     fitted    kind');
  for (const k of r.knobs) lines.push(`#   ${k.name.padEnd(22)} ${fmt(k.start).padStart(8)}  ${fmt(k.value).padStart(9)}    ${k.kind}: ${k.doc}`);
  lines.push('#');
  lines.push('# Settings of the historical scenario builder (not engine parameters), read by `brink backtest --params`:');
  lines.push(MARKER + JSON.stringify(r.model.settings));
  const doc = {
    description: `Calibrated on ${r.fit.disputes} MID 5.0 disputes (Palmer et al. 2022) by brink calibrate; see docs/calibration.md.`,
    parameters: scenarioParameters(r.model),
  };
  return `${lines.join('\n')}\n${stringify(doc)}`;
}

/** Reads a calibrated parameter file (or any parameter file) into a historical model. */
export function readHistoricalModel(text: string, file: string): { model: HistoricalModel | null; issues: Issue[] } {
  const parsed = parseParametersFileText(text, file);
  if (parsed.parameters === null) return { model: null, issues: parsed.issues };
  const model = defaultHistoricalModel();
  model.parameters = { ...parsed.parameters };
  // Level scales written as parameters (by an engine that has them) come back as settings too.
  if (engineHasLevelScales()) {
    const p = parsed.parameters as Record<string, number | undefined>;
    LEVEL_SCALE_PARAMS.forEach((k, i) => {
      if (p[k] !== undefined) model.settings.levelScale[i] = p[k]!;
    });
  }
  const lines = text.split(/\r?\n/);
  const k = lines.findIndex((l) => l.startsWith(MARKER));
  if (k >= 0) {
    let json: unknown;
    try {
      json = JSON.parse(lines[k]!.slice(MARKER.length));
    } catch (e) {
      return { model: null, issues: [{ code: 'invalid-value', path: '', file, line: k + 1, column: 1, message: `the brink-historical comment is not valid JSON (${(e as Error).message})` }] };
    }
    const s = SettingsSchema.safeParse(json);
    if (!s.success) {
      return {
        model: null,
        issues: s.error.issues.map((i) => ({ code: 'invalid-value', path: `brink-historical.${i.path.join('.')}`, file, line: k + 1, column: 1, message: i.message })),
      };
    }
    const settings: BuilderSettings = { ...DEFAULT_SETTINGS, ...(s.data as Partial<BuilderSettings>) };
    settings.levelScale = [...(s.data.levelScale ?? DEFAULT_SETTINGS.levelScale)] as BuilderSettings['levelScale'];
    settings.eraWarScale = [...(s.data.eraWarScale ?? DEFAULT_SETTINGS.eraWarScale)] as BuilderSettings['eraWarScale'];
    model.settings = settings;
  }
  return { model, issues: [] };
}

/**
 * The fitted engine parameters whose meaning is the same in a historical dispute and in the 2025
 * scenarios, so that a calibration can become the built-in scenarios' defaults (docs/calibration.md,
 * "What the built-in scenarios take from the calibration"; docs/decisions.md D20): the weight of
 * the responder's power share in P̂ and the two coercive-confidence weights. Not transferable, and
 * so never written by `transferableParametersYaml`: the base-hazard scales per MID level and the
 * episode-ending times (`quietDays`, `episodeGraceDays`), which describe how fast a dispute climbs
 * and ends under the historical builder's conventions, and the builder settings (comments only).
 */
/**
 * Engine mechanisms added in engine 0.3 (issue 17; docs/model.md §6 (q)) whose 0 is the engine-0.2
 * model. A calibration file without them was fitted without them (D72).
 */
export const MECHANISMS_SINCE_0_3 = ['joinBelowWarProb', 'borderHostility', 'satiationWeight'] as const;

export const TRANSFERABLE_PARAMS = ['responsePowerWeight', 'coercivePowerWeight', 'coerciveNuclearWeight'] as const;

/**
 * The parameter file the built-in scenarios include (scenarios/params/calibrated.yaml), derived
 * from a file written by `brink calibrate --out`: its transferable parameters (those of
 * TRANSFERABLE_PARAMS it has), with the calibration's command and fit summary copied into the
 * header. `command` is the command that derives the file, `source` the calibration file's path as
 * the header names it. Throws if the source is not a parameter file or has none of them.
 */
export function transferableParametersYaml(sourceText: string, source: string, command: string): string {
  const parsed = parseParametersFileText(sourceText, source);
  if (parsed.parameters === null) throw new Error(`${source}: ${parsed.issues.map((i) => i.message).join('; ')}`);
  const p = parsed.parameters as Record<string, number | undefined>;
  const kept = TRANSFERABLE_PARAMS.filter((k) => p[k] !== undefined);
  if (kept.length === 0) throw new Error(`${source}: none of ${TRANSFERABLE_PARAMS.join(', ')} is in its parameters`);
  const comments = sourceText.split(/\r?\n/).filter((l) => l.startsWith('#'));
  const calibrate = comments.find((l) => /^# (npx )?brink calibrate /.test(l));
  const summary = comments.filter((l) => /^# (disputes|evaluations)/.test(l));
  const left = Object.keys(p).filter((k) => !(kept as string[]).includes(k));
  const lines = [
    '# Calibrated defaults of the built-in 2025 scenarios: the mechanism weights of a historical',
    '# calibration whose meaning is the same in a militarized dispute and in a standing rivalry',
    '# (docs/calibration.md, "What the built-in scenarios take from the calibration"; decisions D20).',
    '# Do not edit by hand; regenerate after a recalibration with',
    `#   ${command}`,
    `# from ${source}, which \`brink calibrate\` wrote with`,
    `#   ${calibrate === undefined ? '(no command recorded in the source file)' : calibrate.slice(2)}`,
    ...summary.map((l) => `#   ${l.slice(2)}`),
    '#',
    '# Left out on purpose, though the calibration file has them:',
    `#   ${left.length > 0 ? left.join(', ') : '(no other engine parameter)'}`,
    '# and the builder settings (the brink-historical line): dispute-level conventions of the',
    '# historical builder (how fast a dyadic dispute climbs and ends once begun, side B\'s tempo), not',
    '# properties of the Russia–NATO or China–USPAC rivalries; applied to the 2025 scenarios they',
    '# would make force a matter of weeks (docs/calibration.md).',
    '#',
    '# Precedence: engine defaults (brink params) < this file < a scenario\'s own `parameters:` < a',
    '# policy file\'s `parameters:` (brink compare).',
  ];
  const doc = {
    description: `Transferable mechanism weights (${kept.join(', ')}) of the calibration in ${source}; see docs/calibration.md.`,
    parameters: Object.fromEntries(kept.map((k) => [k, p[k]!])),
  };
  return `${lines.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}

/** Where the shipped historical model lives, relative to the repository root. */
export const SHIPPED_MODEL_FILE = 'calibration/shipped-model.yaml';
/** Where the built-in scenarios' include lives, relative to the repository root. */
export const SCENARIO_PARAMS_FILE = 'scenarios/params/calibrated.yaml';

/**
 * The calibration file that scenarios/params/calibrated.yaml was derived from: the `--from` of the
 * regenerate command in its header (written by transferableParametersYaml). Null when absent.
 */
export function calibrationSourceOf(scenarioParamsText: string): string | null {
  return /^# {3}npx tsx scripts\/scenario-params\.ts --from (\S+) --out \S+$/m.exec(scenarioParamsText)?.[1] ?? null;
}

/**
 * The model `brink backtest` and `brink calibrate` use without `--params` (docs/decisions.md D48):
 * the historical model as shipped, i.e. the mechanism weights the built-in scenarios include
 * (`scenarioParamsText`, scenarios/params/calibrated.yaml) together with what belongs with them in
 * the calibration that file was derived from (`sourceText`): its other engine parameters
 * (base-hazard scales per MID level, episode-ending times) and its historical-builder settings
 * (the `# brink-historical:` line). The weights are taken from the scenarios' include, so the
 * file cannot disagree with what the built-in scenarios run; any other parameter the include sets
 * wins over the calibration's as well. Throws on a source that is not a calibration file.
 */
export function shippedModelYaml(scenarioParamsText: string, scenarioParamsPath: string, sourceText: string, source: string, command: string): string {
  const inc = parseParametersFileText(scenarioParamsText, scenarioParamsPath);
  if (inc.parameters === null) throw new Error(`${scenarioParamsPath}: ${inc.issues.map((i) => i.message).join('; ')}`);
  const src = parseParametersFileText(sourceText, source);
  if (src.parameters === null) throw new Error(`${source}: ${src.issues.map((i) => i.message).join('; ')}`);
  const marker = sourceText.split(/\r?\n/).find((l) => l.startsWith(MARKER));
  if (marker === undefined) throw new Error(`${source}: no "${MARKER.trim()}" line: not a file written by brink calibrate --out`);
  const checked = readHistoricalModel(sourceText, source);
  if (!checked.model) throw new Error(`${source}: ${checked.issues.map((i) => i.message).join('; ')}`);
  const parameters: Record<string, number> = { ...(src.parameters as Record<string, number>), ...(inc.parameters as Record<string, number>) };
  // A calibration that does not set an engine-0.3 mechanism was fitted with it absent: the shipped
  // historical model keeps it off rather than taking the engine default it never saw (D72).
  for (const k of MECHANISMS_SINCE_0_3) if (parameters[k] === undefined) parameters[k] = 0;
  const calibrate = sourceText.split(/\r?\n/).find((l) => /^# (npx )?brink calibrate /.test(l));
  const lines = [
    '# The historical model as shipped: what `brink backtest` and `brink calibrate` use without --params',
    '# (docs/validation.md, docs/decisions.md D48). Not a file for the 2025 scenarios: its base-hazard',
    '# scales describe how fast a militarized dispute climbs under the historical builder (docs/calibration.md).',
    '# Do not edit by hand; regenerate with',
    `#   ${command}`,
    `# from ${scenarioParamsPath} (the include of the built-in scenarios: its parameters win) and the`,
    `# calibration it was derived from, ${source}, written by`,
    `#   ${calibrate === undefined ? '(no command recorded in the source file)' : calibrate.slice(2)}`,
    '# Settings of the historical scenario builder (not engine parameters):',
    marker,
  ];
  const doc = {
    description: `The historical model as shipped: ${scenarioParamsPath} with the rest of ${source}; see docs/validation.md.`,
    parameters,
  };
  return `${lines.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}
