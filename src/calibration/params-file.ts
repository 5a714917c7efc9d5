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
});

const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : 'NA');

export function calibrationYaml(r: CalibrationReport, provenance: string): string {
  const lines: string[] = [];
  lines.push('# Brink parameters calibrated on historical disputes (MID 5.0) by `brink calibrate`.');
  lines.push(`# ${provenance}`);
  lines.push(`# disputes: ${r.fit.disputes} fitted, ${r.holdout.disputes} held back; ${r.runs} runs per dispute; seed ${r.seed}`);
  lines.push(`# evaluations ${r.evaluations}${r.stoppedEarly ? ' (stopped early on the held-back disputes)' : ''}; distance fit ${fmt(r.fit.distance)}, held back ${fmt(r.holdout.distance)}`);
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
