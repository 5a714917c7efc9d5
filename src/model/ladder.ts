/** The escalation ladder (MODEL.md §3) and the escalation-score classes (§1). */
export const RUNGS = [
  { rung: 0, name: 'competition', midLevel: 1 },
  { rung: 1, name: 'gray zone', midLevel: 2 },
  { rung: 2, name: 'coercive signalling', midLevel: 3 },
  { rung: 3, name: 'proxy war', midLevel: 3 },
  { rung: 4, name: 'direct limited clash', midLevel: 4 },
  { rung: 5, name: 'general war', midLevel: 5 },
  { rung: 6, name: 'nuclear use', midLevel: 5 },
] as const;
export const MAX_RUNG = 6;
export const RUNG_NAMES = RUNGS.map((r) => r.name);

/** Rivera et al. (2024) escalation-score weights per class. */
export const SCORE_CLASSES = ['deescalation', 'posturing', 'nonviolent', 'violent', 'nuclear'] as const;
export type ScoreClass = (typeof SCORE_CLASSES)[number];
export const SCORE_WEIGHTS: Record<ScoreClass, number> = {
  deescalation: -2,
  posturing: 4,
  nonviolent: 12,
  violent: 28,
  nuclear: 60,
};

export const CATEGORIES = ['grayzone', 'signal', 'economic', 'aid', 'enabler', 'alliance', 'kinetic', 'deescalation', 'nuclear'] as const;
export type Category = (typeof CATEGORIES)[number];

export const DOMAINS = ['none', 'cyber', 'info', 'economic', 'land', 'sea', 'air', 'space'] as const;
export type Domain = (typeof DOMAINS)[number];
/** Kinetic domains for horizontal escalation (§1): cyber and information never count on their own. */
export const KINETIC_DOMAINS: readonly Domain[] = ['land', 'sea', 'air', 'space'];

export const THEATRE_RUNG_NAMES = RUNG_NAMES;
