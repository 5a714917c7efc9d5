/**
 * A second record: International Crisis Behavior v15 crises (actor-level file; codebook in the
 * data share). Each crisis becomes a dispute-like case built from its onset only, with the same
 * rules as a MID dispute (dispute.ts `onsetFeatures`), and is scored on three outcomes the crisis
 * record codes (docs/validation.md, "A second record: ICB crises"; docs/decisions.md D50).
 *
 * Onset (inputs; nothing coded over the whole crisis):
 * - the onset is the earliest trigger date of the crisis's actors (`yrtrig`/`motrig`/`datrig`; a
 *   missing day, or a day code above 31, counts as the 1st); the original parties are the actors triggered on that date;
 * - side A: the triggering entity of the first of them (`trigent`), when it is a state; a crisis
 *   triggered internally (995), by a non-state actor (996) or by several states at once (997) has
 *   no initiating state and is skipped with a warning, as is one whose trigger is not in the COW
 *   state list;
 * - side B: the original parties other than side A;
 * - power, major-power and nuclear status, contiguity, era: as for MID (dispute.ts);
 * - outside defenders: only the great powers (COW major powers at onset) with an ATOP defense
 *   obligation toward an original party in the year before, so that "an outside defender joined"
 *   is horizontal escalation in ICB's sense; minor-power allies are not in the scenario;
 * - trigger type: the first party's `triggr`; a violent act (9) opens the crisis at the builder's
 *   `violentTriggerRung` (build-scenario.ts) and enters the logit.
 *
 * Outcomes (scored, never inputs):
 * - violence: the highest `viol` of the crisis's actors (1 none, 2 minor clashes, 3 serious
 *   clashes, 4 full-scale war);
 * - horizontal escalation: a great power or superpower not among the original parties became a
 *   crisis actor later, or was highly involved (semi-military or direct military, codes 7–8, or
 *   crisis actor, 9, of `usinv`, `suinv`, `gbinv`, `frinv`, `itinv`, `grinv`, `jpinv` on any
 *   actor's row);
 * - duration: days from the onset to the last actor's termination (each actor's trigger date plus
 *   its `trgterra` − 1), in DURATION_BINS.
 */
import { int, readTypedCsv, ymd, type DataIssue, type Loaded, type StateList } from './data.js';
import { covariates, onsetFeatures, type DisputeFeatures, type Reference } from './dispute.js';

/** Codes of `trigent` that are not a state (ICB codebook, variable 3). */
export const NON_STATE_TRIGGERS: Readonly<Record<number, string>> = { 995: 'triggered internally', 996: 'triggered by a non-state actor', 997: 'triggered by several states at once' };

/** The great powers ICB codes involvement for, with their COW codes and involvement variables. */
export const ICB_POWERS: readonly { ccode: number; column: string }[] = [
  { ccode: 2, column: 'usinv' },
  { ccode: 365, column: 'suinv' },
  { ccode: 200, column: 'gbinv' },
  { ccode: 220, column: 'frinv' },
  { ccode: 325, column: 'itinv' },
  { ccode: 255, column: 'grinv' },
  { ccode: 740, column: 'jpinv' },
];
/** Involvement codes that count as high: 7 semi-military, 8 direct military, 9 crisis actor. */
export const HIGH_INVOLVEMENT_MIN = 7;
/** A violent act (ICB `triggr` 9). */
export const VIOLENT_TRIGGER = 9;

/** Upper bounds (days) of the duration bins; the last bin is everything longer. */
export const DURATION_BINS = [30, 90, 365] as const;
export const K_DURATION = DURATION_BINS.length + 1;

export function durationBin(days: number): number {
  const k = DURATION_BINS.findIndex((b) => days <= b);
  return k < 0 ? DURATION_BINS.length : k;
}

/** One row of the ICB actor file. */
export interface IcbActor {
  crisno: number;
  cracid: number;
  /** yyyymmdd of the actor's trigger. */
  trigger: number;
  trigent: number;
  triggr: number;
  viol: number;
  /** Days from the actor's trigger to its termination (trigger day = day 1); null when missing. */
  trgterra: number | null;
  /** Involvement code per ICB_POWERS column; null when missing or not applicable (0). */
  inv: (number | null)[];
  line: number;
}

/** The actor rows of an ICB file, and the crises one of whose rows was skipped (crisno → its line). */
export interface IcbActors {
  file: string;
  actors: IcbActor[];
  incomplete: Map<number, number>;
}

export function loadIcbActors(text: string, file: string, states: StateList): Loaded<IcbActors> {
  const specs = [
    int('crisno', { min: 1 }),
    int('cracid', { ccode: true }),
    int('yrtrig', { min: 1800, max: 2100 }),
    int('motrig', { optional: true, min: 1, max: 12 }),
    // ICB writes a day it could not determine as a code above 31 (66, 77 and 88 occur): read as a missing day.
    int('datrig', { optional: true, min: 1, max: 99 }),
    int('trigent', { min: 1, max: 999 }),
    int('triggr', { min: 1, max: 9 }),
    int('viol', { min: 1, max: 4 }),
    int('trgterra', { optional: true, min: 0 }),
    ...ICB_POWERS.map((p) => int(p.column, { optional: true, min: 0, max: 9 })),
  ];
  const t = readTypedCsv(text, specs, file, states.ccodes, 'crisno');
  if (!t.ok) return t;
  const rows: IcbActor[] = t.value.rows.map(({ line, v }) => ({
    crisno: v[0] as number,
    cracid: v[1] as number,
    trigger: ymd(v[2] as number, v[3] as number | null, (v[4] as number | null) !== null && (v[4] as number) > 31 ? null : (v[4] as number | null)),
    trigent: v[5] as number,
    triggr: v[6] as number,
    viol: v[7] as number,
    trgterra: v[8] as number | null,
    inv: ICB_POWERS.map((_, k) => {
      const x = v[9 + k] as number | null;
      return x === null || x === 0 ? null : x;
    }),
    line,
  }));
  // A crisis with a skipped actor row is incomplete: buildIcbCases skips it.
  const incomplete = new Map<number, number>();
  t.value.skippedKeys.forEach((k, i) => {
    const n = Number(k);
    if (k !== '' && Number.isInteger(n) && !incomplete.has(n)) incomplete.set(n, t.value.skipped[i]!.line!);
  });
  return { ok: true, value: { file, actors: rows, incomplete }, skipped: t.value.skipped };
}

export interface IcbObserved {
  /** Highest `viol` of the crisis's actors, 1..4. */
  violence: 1 | 2 | 3 | 4;
  horizontal: boolean;
  /** Days from onset to the last termination; null when no actor has `trgterra`. */
  durationDays: number | null;
}

export interface IcbCase {
  /** `dispnum` is the crisis number (`crisno`): the simulation's seed key. */
  features: DisputeFeatures;
  triggr: number;
  observed: IcbObserved;
}

const dayNumber = (d: number): number => Date.UTC(Math.floor(d / 10000), (Math.floor(d / 100) % 100) - 1, d % 100) / 86_400_000;

/** The crises of an ICB actor file as onset cases; what the model cannot use is skipped, named. */
export function buildIcbCases(set: IcbActors, ref: Reference): Loaded<IcbCase[]> {
  const { actors, file, incomplete: bad } = set;
  const skipped: DataIssue[] = [];
  const by = new Map<number, IcbActor[]>();
  for (const a of actors) (by.get(a.crisno) ?? by.set(a.crisno, []).get(a.crisno)!).push(a);
  const out: IcbCase[] = [];
  const years = ref.nmc.years;
  for (const [crisno, rows] of [...by].sort((x, y) => x[0] - y[0])) {
    const first = rows[0]!;
    const skip = (code: DataIssue['code'], why: string, column = 'crisno') =>
      skipped.push({ code, file, line: first.line, column, message: `crisis ${crisno}: ${why}; crisis skipped` });
    const badLine = bad.get(crisno);
    if (badLine !== undefined) {
      skip('inconsistent', `its actor row at line ${badLine} was skipped, so the crisis is incomplete`);
      continue;
    }
    const onset = Math.min(...rows.map((r) => r.trigger));
    const originals = rows.filter((r) => r.trigger === onset);
    const lead = originals[0]!;
    const why = NON_STATE_TRIGGERS[lead.trigent];
    if (why !== undefined) {
      skip('inconsistent', `${why} (trigent ${lead.trigent}): no initiating state, and the model needs one`, 'trigent');
      continue;
    }
    if (!ref.states.ccodes.has(lead.trigent)) {
      skip('unknown-ccode', `triggering entity ${lead.trigent} is not in the COW state list`, 'trigent');
      continue;
    }
    const sideA = [lead.trigent];
    const sideB = [...new Set(originals.map((r) => r.cracid))].filter((c) => c !== lead.trigent);
    if (sideB.length === 0) {
      skip('inconsistent', 'the triggering state is the only original party (no target)', 'trigent');
      continue;
    }
    const startYear = Math.floor(onset / 10000);
    if (years !== undefined && (startYear < years.first || startYear - 1 > years.last)) {
      skip('out-of-range', `starts in ${startYear}, outside the reference data's years (NMC CINC ${years.first}–${years.last})`, 'yrtrig');
      continue;
    }
    const features = onsetFeatures(crisno, startYear, onset, sideA, sideB, ref, undefined, (c, d) => ref.majors.isMajor(c, d));
    features.violentTrigger = lead.triggr === VIOLENT_TRIGGER;
    // ---- observed (kept apart) ----
    const parties = new Set([...sideA, ...sideB]);
    const lateGreat = rows.some((r) => r.trigger > onset && !parties.has(r.cracid) && ref.majors.isMajor(r.cracid, r.trigger));
    const involved = ICB_POWERS.some((p, k) => !parties.has(p.ccode) && rows.some((r) => (r.inv[k] ?? 0) >= HIGH_INVOLVEMENT_MIN));
    const ends = rows.filter((r) => r.trgterra !== null).map((r) => dayNumber(r.trigger) - dayNumber(onset) + r.trgterra! - 1);
    out.push({
      features,
      triggr: lead.triggr,
      observed: {
        violence: Math.max(...rows.map((r) => r.viol)) as 1 | 2 | 3 | 4,
        horizontal: lateGreat || involved,
        durationDays: ends.length > 0 ? Math.max(0, ...ends) : null,
      },
    });
  }
  return { ok: true, value: out, skipped };
}

/** Covariate names of the ICB logit baselines (onset only). */
export const ICB_COVARIATE_NAMES = [
  'logCincRatio',
  'majorA',
  'majorB',
  'contiguous',
  'nuclearA',
  'nuclearB',
  'greatPowerDefenderB',
  'era1946_1989',
  'era1990',
  'violentTrigger',
  'militaryTrigger',
] as const;

/**
 * Onset covariates of a crisis: those of a MID dispute without the pre-1946 era split (ICB starts
 * in 1918, so 1918–1945 is the reference) and with the trigger type: violent act (9), and a
 * non-violent military act or an indirect violent act (7, 8).
 */
export function icbCovariates(c: IcbCase): number[] {
  const x = covariates(c.features);
  return [x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!, x[6]!, x[9]!, x[10]!, c.triggr === VIOLENT_TRIGGER ? 1 : 0, c.triggr === 7 || c.triggr === 8 ? 1 : 0];
}

/** A crisis's side B has a great-power defence ally at onset (the alliance-effect groups). */
export const alliedWithGreatPower = (c: IcbCase): boolean => c.features.defendersB.length > 0;
