/**
 * The action catalog of MODEL.md §5, as data. The engine never switches on an action's id: every
 * behaviour comes from the fields below. Scenarios may tune any field or add actions.
 */
import type { Category, Domain, ScoreClass } from './ladder.js';

/**
 * Who may choose an action by §4.1: `revisionist` actors (revisionism ≥ the revisionistThreshold parameter), any `belligerent`
 * (at war), an aided `partner` at war, `any` agent; `rule` actions are emitted only by mechanisms.
 */
export type ActionUser = 'revisionist' | 'belligerent' | 'partner' | 'any' | 'rule';
/**
 * Whom it targets: `member` a member of a collective-defence alliance the actor is hostile to;
 * `rival` any actor it has a hostile relation with; `partner` an aided partner it is at war with;
 * `enemy` an actor it is at war with; `none` no target.
 */
export type TargetKind = 'member' | 'rival' | 'partner' | 'enemy' | 'none';
/**
 * Which of its candidate targets an actor can reach with an action (docs/model.md §4.1 "Reach"):
 * `any` every candidate (cyber, information, signals, deniable proxies); `border` only a
 * candidate that borders the actor (weaponized migration, border violations: they cross a shared
 * border); `theatre` a bordering candidate, or one whose forces are in the theatre where they meet
 * when the actor commits at least `reachMinTheatreShare` of its power there (airspace violations,
 * clashes, strikes).
 */
export type ActionReach = 'any' | 'border' | 'theatre';
/** What an enabler link carries (§4.8); each enabler action of the catalog declares the kind it announces. */
export type EnablerLinkKind = 'dual-use' | 'munitions' | 'diplomatic';

export interface ActionEffects {
  /** One-step effects an actor weighs as gain (§4.0), each 0..1. */
  collapse: number;
  cohesion: number;
  credibility: number;
  balance: number;
  deescalate: number;
  /** State effects. */
  pressureMult: number; // × pressureEventWeight on the target (migration pushes more)
  casualtiesMean: number; // mean casualties of a cyber/sabotage event (cyber-kinetic crossover, §4.2)
  infoOps: boolean; // lowers targeted cohesion by infoOpsDelta × infoSusceptibility (§4.9)
  homeland: boolean; // strikes the enemy's homeland (nuclear threshold, §4.13)
  spilloverProb: number; // chance a stray round lands on a member bordering the target (§4.2)
  costlySignal: boolean; // moves perceived resolve by costlySignalResolve (§4.10)
  whenLosing: number; // utility per unit of balance against the actor, × nuclearSignalLossWeight (§4.13)
}

export interface ActionDef {
  id: string;
  label: string;
  category: Category;
  severity: number; // 0..10
  scoreClass: ScoreClass;
  domain: Domain;
  deniability: number; // 0..1; attribution probability is 1 − deniability (+ pattern learning)
  pDetect: number;
  accidental: boolean;
  minRung: number; // available when the theatre's rung is within [minRung, maxRung]
  maxRung: number;
  base: number; // base hazard per day
  cost: number; // intrinsic cost 0..1, weighed by w_cost
  responseSeverity: number; // severity of the response an actor expects, 0..10
  rung: number; // the episode rung this event implies (−1: does not touch episodes)
  kinetic: boolean;
  redLineSensitive: boolean; // a horizontal-escalation option whose hazard the red line multiplies (§4.7)
  midLevel: number; // MID hostility level 1..5
  midAction: number; // MID action code 0..21
  target: TargetKind;
  user: ActionUser;
  requiresAidTier: number; // 0: none; else the partner's aid tier cap must be at least this (long-range strikes)
  reach: ActionReach; // which candidates the actor can reach (default any)
  linkKind?: EnablerLinkKind; // enabler actions: the link kind whose day-0 announcement this is (§4.8)
  effects: ActionEffects;
}

const NO_EFFECTS: ActionEffects = {
  collapse: 0, cohesion: 0, credibility: 0, balance: 0, deescalate: 0,
  pressureMult: 1, casualtiesMean: 0, infoOps: false, homeland: false, spilloverProb: 0, costlySignal: false, whenLosing: 0,
};

type Spec = Omit<ActionDef, 'effects' | 'accidental' | 'kinetic' | 'redLineSensitive' | 'requiresAidTier' | 'pDetect' | 'cost' | 'responseSeverity' | 'reach'> &
  Partial<Pick<ActionDef, 'accidental' | 'kinetic' | 'redLineSensitive' | 'requiresAidTier' | 'pDetect' | 'cost' | 'responseSeverity' | 'reach'>> & {
    effects?: Partial<ActionEffects>;
  };

function a(s: Spec): ActionDef {
  return {
    accidental: false, kinetic: false, redLineSensitive: false, requiresAidTier: 0, pDetect: 0.9, cost: 0.1, reach: 'any',
    responseSeverity: 2, ...s, effects: { ...NO_EFFECTS, ...(s.effects ?? {}) },
  };
}

/**
 * Default catalog. Base hazards are per day at U = 0, set as labelled priors so that the
 * baseline reproduces public incident counts (docs/model.md §"Gray-zone rates"); history
 * identifies only the signal/kinetic/war bases (MODEL.md §7), fitted by `brink calibrate`.
 */
export const DEFAULT_CATALOG: readonly ActionDef[] = [
  // ---- gray zone (rung 1) ----
  a({ id: 'cyber-intrusion', label: 'cyber intrusion', category: 'grayzone', severity: 2, scoreClass: 'nonviolent', domain: 'cyber', deniability: 0.7, pDetect: 0.5, minRung: 0, maxRung: 5, base: 0.006, rung: 1, midLevel: 1, midAction: 0, target: 'member', user: 'revisionist', effects: { cohesion: 0.05, credibility: 0.3 } }),
  a({ id: 'cyberattack-infrastructure', label: 'cyberattack on infrastructure', category: 'grayzone', severity: 5, scoreClass: 'nonviolent', domain: 'cyber', deniability: 0.6, minRung: 0, maxRung: 5, base: 0.0016, cost: 0.3, responseSeverity: 4, rung: 1, midLevel: 1, midAction: 0, target: 'member', user: 'revisionist', redLineSensitive: true, effects: { cohesion: 0.1, credibility: 0.5, casualtiesMean: 2 } }),
  a({ id: 'disinformation-campaign', label: 'disinformation campaign', category: 'grayzone', severity: 1, scoreClass: 'nonviolent', domain: 'info', deniability: 0.5, pDetect: 0.7, minRung: 0, maxRung: 5, base: 0.006, cost: 0.05, responseSeverity: 1, rung: 1, midLevel: 1, midAction: 0, target: 'member', user: 'revisionist', effects: { cohesion: 0.3, credibility: 0.1, infoOps: true } }),
  a({ id: 'cable-sabotage', label: 'undersea cable sabotage', category: 'grayzone', severity: 4, scoreClass: 'nonviolent', domain: 'sea', deniability: 0.7, minRung: 0, maxRung: 5, base: 0.002, cost: 0.25, responseSeverity: 3, rung: 1, midLevel: 1, midAction: 0, target: 'member', user: 'revisionist', redLineSensitive: true, effects: { cohesion: 0.1, credibility: 0.5 } }),
  a({ id: 'rail-arson-sabotage', label: 'rail or arson sabotage', category: 'grayzone', severity: 4, scoreClass: 'nonviolent', domain: 'land', deniability: 0.6, minRung: 0, maxRung: 5, base: 0.003, cost: 0.25, responseSeverity: 3, rung: 1, midLevel: 1, midAction: 0, target: 'member', user: 'revisionist', redLineSensitive: true, effects: { cohesion: 0.1, credibility: 0.5, casualtiesMean: 0.5 } }),
  a({ id: 'gps-jamming', label: 'GPS jamming', category: 'grayzone', severity: 2, scoreClass: 'nonviolent', domain: 'cyber', deniability: 0.3, minRung: 0, maxRung: 5, base: 0.006, cost: 0.05, responseSeverity: 1, rung: 1, midLevel: 1, midAction: 0, reach: 'theatre', target: 'member', user: 'revisionist', effects: { credibility: 0.2 } }),
  a({ id: 'airspace-violation', label: 'airspace violation', category: 'grayzone', severity: 3, scoreClass: 'posturing', domain: 'air', deniability: 0.1, minRung: 0, maxRung: 5, base: 0.005, cost: 0.15, responseSeverity: 3, rung: 1, midLevel: 3, midAction: 12, reach: 'theatre', target: 'rival', user: 'revisionist', effects: { credibility: 0.4 } }),
  a({ id: 'border-violation', label: 'border violation', category: 'grayzone', severity: 3, scoreClass: 'posturing', domain: 'land', deniability: 0.2, minRung: 0, maxRung: 5, base: 0.0016, cost: 0.15, responseSeverity: 3, rung: 1, midLevel: 3, midAction: 12, reach: 'border', target: 'member', user: 'revisionist', effects: { credibility: 0.4 } }),
  a({ id: 'weaponized-migration', label: 'weaponized migration', category: 'grayzone', severity: 3, scoreClass: 'nonviolent', domain: 'land', deniability: 0.3, minRung: 0, maxRung: 5, base: 0.0025, cost: 0.1, responseSeverity: 2, rung: 1, midLevel: 1, midAction: 0, reach: 'border', target: 'member', user: 'revisionist', effects: { cohesion: 0.2, credibility: 0.3, pressureMult: 3 } }),
  a({ id: 'proxy-attack', label: 'attack by a deniable proxy', category: 'grayzone', severity: 5, scoreClass: 'violent', domain: 'land', deniability: 0.8, minRung: 0, maxRung: 5, base: 0.0006, cost: 0.4, responseSeverity: 5, rung: 1, midLevel: 4, midAction: 16, target: 'member', user: 'revisionist', redLineSensitive: true, effects: { cohesion: 0.1, credibility: 0.6, casualtiesMean: 4 } }),
  // ---- signals (rung 2) ----
  a({ id: 'threatening-statement', label: 'threatening statement', category: 'signal', severity: 2, scoreClass: 'posturing', domain: 'info', deniability: 0, minRung: 0, maxRung: 5, base: 0.004, cost: 0.02, responseSeverity: 1, rung: 2, midLevel: 2, midAction: 1, target: 'rival', user: 'any', effects: { credibility: 0.1 } }),
  a({ id: 'military-exercise', label: 'military exercise', category: 'signal', severity: 3, scoreClass: 'posturing', domain: 'land', deniability: 0, minRung: 0, maxRung: 5, base: 0.0025, cost: 0.15, responseSeverity: 1, rung: 2, midLevel: 3, midAction: 7, target: 'rival', user: 'any', effects: { credibility: 0.15, costlySignal: true } }),
  a({ id: 'show-of-force', label: 'show of force', category: 'signal', severity: 4, scoreClass: 'posturing', domain: 'sea', deniability: 0, minRung: 0, maxRung: 5, base: 0.0015, cost: 0.2, responseSeverity: 2, rung: 2, midLevel: 3, midAction: 7, target: 'rival', user: 'any', effects: { credibility: 0.2, costlySignal: true } }),
  a({ id: 'mobilisation', label: 'mobilisation', category: 'signal', severity: 5, scoreClass: 'posturing', domain: 'land', deniability: 0, minRung: 1, maxRung: 5, base: 0.0003, cost: 0.5, responseSeverity: 3, rung: 2, midLevel: 3, midAction: 10, target: 'rival', user: 'revisionist', effects: { credibility: 0.2, balance: 0.05, costlySignal: true } }),
  a({ id: 'forward-deployment', label: 'forward deployment', category: 'signal', severity: 3, scoreClass: 'posturing', domain: 'land', deniability: 0, minRung: 0, maxRung: 5, base: 0.0008, cost: 0.3, responseSeverity: 1, rung: 2, midLevel: 3, midAction: 11, target: 'rival', user: 'any', effects: { costlySignal: true } }),
  a({ id: 'nuclear-signalling', label: 'nuclear signalling', category: 'signal', severity: 6, scoreClass: 'posturing', domain: 'info', deniability: 0, minRung: 2, maxRung: 5, base: 0.0008, cost: 0.3, responseSeverity: 2, rung: 2, midLevel: 3, midAction: 9, target: 'rival', user: 'revisionist', effects: { credibility: 0.3, cohesion: 0.1, whenLosing: 1 } }),
  // ---- economic ----
  a({ id: 'sanctions', label: 'sanctions', category: 'economic', severity: 2, scoreClass: 'nonviolent', domain: 'economic', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'rule' }),
  a({ id: 'secondary-sanctions', label: 'secondary sanctions on an enabler', category: 'economic', severity: 3, scoreClass: 'nonviolent', domain: 'economic', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'rule' }),
  a({ id: 'export-controls', label: 'export controls', category: 'economic', severity: 2, scoreClass: 'nonviolent', domain: 'economic', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'rule' }),
  a({ id: 'energy-cutoff', label: 'energy cut-off', category: 'economic', severity: 3, scoreClass: 'nonviolent', domain: 'economic', deniability: 0, minRung: 0, maxRung: 5, base: 0.0002, cost: 0.4, responseSeverity: 2, rung: -1, midLevel: 1, midAction: 0, target: 'member', user: 'revisionist', effects: { cohesion: 0.3, pressureMult: 2 } }),
  // ---- aid (emitted by §4.7 when the aid level or tier changes) ----
  a({ id: 'defensive-aid', label: 'defensive aid', category: 'aid', severity: 1, scoreClass: 'nonviolent', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'partner', user: 'rule' }),
  a({ id: 'offensive-aid', label: 'offensive aid', category: 'aid', severity: 2, scoreClass: 'nonviolent', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'partner', user: 'rule' }),
  a({ id: 'long-range-strike-aid', label: 'long-range strike aid', category: 'aid', severity: 3, scoreClass: 'nonviolent', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'partner', user: 'rule' }),
  a({ id: 'isr-sharing', label: 'ISR sharing', category: 'aid', severity: 1, scoreClass: 'nonviolent', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'partner', user: 'rule' }),
  // ---- enabler (emitted by §4.8 links) ----
  a({ id: 'dual-use-supply', label: 'dual-use supply', category: 'enabler', severity: 1, scoreClass: 'nonviolent', domain: 'economic', deniability: 0.5, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'none', user: 'rule', linkKind: 'dual-use' }),
  a({ id: 'munitions-supply', label: 'munitions supply', category: 'enabler', severity: 2, scoreClass: 'nonviolent', domain: 'economic', deniability: 0.5, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'none', user: 'rule', linkKind: 'munitions' }),
  a({ id: 'diplomatic-cover', label: 'diplomatic cover', category: 'enabler', severity: 1, scoreClass: 'posturing', domain: 'info', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'none', user: 'rule', linkKind: 'diplomatic' }),
  // ---- alliance (emitted by §4.4–4.6 rules) ----
  a({ id: 'article-4-consultation', label: 'Article 4 consultation', category: 'alliance', severity: 1, scoreClass: 'posturing', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'none', user: 'rule' }),
  a({ id: 'article-5-vote', label: 'Article 5 vote (round)', category: 'alliance', severity: 3, scoreClass: 'posturing', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'rule' }),
  a({ id: 'article-5-invocation', label: 'Article 5 invocation', category: 'alliance', severity: 8, scoreClass: 'violent', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: 5, midLevel: 5, midAction: 21, target: 'rival', user: 'rule' }),
  a({ id: 'reinforce-flank', label: 'flank reinforcement', category: 'alliance', severity: 2, scoreClass: 'posturing', domain: 'land', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 3, midAction: 11, target: 'none', user: 'rule', effects: { costlySignal: true } }),
  a({ id: 'playbook-activation', label: 'playbook package', category: 'alliance', severity: 2, scoreClass: 'nonviolent', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'rule' }),
  a({ id: 'cyber-counter-operation', label: 'cyber counter-operation', category: 'alliance', severity: 3, scoreClass: 'nonviolent', domain: 'cyber', deniability: 0.5, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'rule' }),
  a({ id: 'alliance-statement', label: 'alliance statement', category: 'alliance', severity: 1, scoreClass: 'posturing', domain: 'info', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'rule' }),
  a({ id: 'border-closure', label: 'unilateral border closure', category: 'alliance', severity: 2, scoreClass: 'posturing', domain: 'land', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: 2, midLevel: 3, midAction: 11, target: 'rival', user: 'rule' }),
  a({ id: 'counter-strike', label: 'unilateral counter-strike', category: 'kinetic', severity: 6, scoreClass: 'violent', domain: 'land', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: 4, kinetic: true, midLevel: 4, midAction: 16, target: 'rival', user: 'rule' }),
  // ---- kinetic ----
  a({ id: 'seizure', label: 'seizure', category: 'kinetic', severity: 6, scoreClass: 'violent', domain: 'sea', deniability: 0, minRung: 1, maxRung: 5, base: 1.05e-05, cost: 0.6, responseSeverity: 6, rung: 4, kinetic: true, midLevel: 4, midAction: 15, reach: 'theatre', target: 'member', user: 'revisionist', effects: { credibility: 0.6, balance: 0.05 } }),
  a({ id: 'clash', label: 'clash', category: 'kinetic', severity: 6, scoreClass: 'violent', domain: 'land', deniability: 0, minRung: 2, maxRung: 5, base: 1.05e-05, cost: 0.6, responseSeverity: 7, rung: 4, kinetic: true, midLevel: 4, midAction: 17, reach: 'theatre', target: 'rival', user: 'revisionist', effects: { credibility: 0.6, balance: 0.05 } }),
  a({ id: 'attack', label: 'attack on forces', category: 'kinetic', severity: 7, scoreClass: 'violent', domain: 'air', deniability: 0, minRung: 2, maxRung: 5, base: 7e-06, cost: 0.7, responseSeverity: 8, rung: 4, kinetic: true, midLevel: 4, midAction: 16, reach: 'theatre', target: 'member', user: 'revisionist', effects: { credibility: 0.7 } }),
  a({ id: 'strike-on-partner', label: 'strike on partner', category: 'kinetic', severity: 5, scoreClass: 'violent', domain: 'air', deniability: 0, minRung: 3, maxRung: 5, base: 0.008, cost: 0.1, responseSeverity: 2, rung: 3, kinetic: true, midLevel: 5, midAction: 16, target: 'partner', user: 'belligerent', effects: { collapse: 0.6, balance: 0.3, spilloverProb: 0.002 } }),
  a({ id: 'strike-on-member-territory', label: 'strike on member territory (supply hub)', category: 'kinetic', severity: 7, scoreClass: 'violent', domain: 'air', deniability: 0.1, minRung: 3, maxRung: 5, base: 1.4e-05, cost: 0.7, responseSeverity: 8, rung: 4, kinetic: true, redLineSensitive: true, midLevel: 4, midAction: 16, reach: 'theatre', target: 'member', user: 'revisionist', effects: { collapse: 0.4, credibility: 0.8 } }),
  a({ id: 'accidental-spillover', label: 'stray missile (accidental spillover)', category: 'kinetic', severity: 4, scoreClass: 'violent', domain: 'air', deniability: 0, minRung: 0, maxRung: 6, base: 0, accidental: true, kinetic: true, rung: 4, midLevel: 4, midAction: 16, target: 'member', user: 'rule' }),
  a({ id: 'shoot-down', label: 'shoot-down', category: 'kinetic', severity: 6, scoreClass: 'violent', domain: 'air', deniability: 0.1, minRung: 2, maxRung: 5, base: 7e-06, cost: 0.6, responseSeverity: 6, rung: 4, kinetic: true, midLevel: 4, midAction: 16, reach: 'theatre', target: 'rival', user: 'revisionist', effects: { credibility: 0.6 } }),
  a({ id: 'naval-clash', label: 'naval clash', category: 'kinetic', severity: 6, scoreClass: 'violent', domain: 'sea', deniability: 0, minRung: 2, maxRung: 5, base: 7e-06, cost: 0.6, responseSeverity: 6, rung: 4, kinetic: true, midLevel: 4, midAction: 17, reach: 'theatre', target: 'rival', user: 'revisionist', effects: { credibility: 0.6 } }),
  a({ id: 'blockade', label: 'blockade', category: 'kinetic', severity: 7, scoreClass: 'violent', domain: 'sea', deniability: 0, minRung: 2, maxRung: 5, base: 3.5e-06, cost: 0.8, responseSeverity: 7, rung: 4, kinetic: true, midLevel: 4, midAction: 13, reach: 'theatre', target: 'rival', user: 'revisionist', effects: { credibility: 0.7, collapse: 0.3 } }),
  a({ id: 'invasion', label: 'invasion', category: 'kinetic', severity: 9, scoreClass: 'violent', domain: 'land', deniability: 0, minRung: 2, maxRung: 5, base: 1.75e-06, cost: 1.0, responseSeverity: 9, rung: 5, kinetic: true, midLevel: 5, midAction: 20, reach: 'theatre', target: 'rival', user: 'revisionist', effects: { credibility: 1, balance: 1, collapse: 0.5 } }),
  a({ id: 'partner-strike', label: 'partner strike on enemy forces', category: 'kinetic', severity: 5, scoreClass: 'violent', domain: 'land', deniability: 0, minRung: 3, maxRung: 5, base: 0.006, cost: 0.1, responseSeverity: 2, rung: 3, kinetic: true, midLevel: 5, midAction: 16, target: 'enemy', user: 'partner', effects: { balance: 0.4 } }),
  a({ id: 'long-range-strike', label: 'long-range strike on enemy homeland', category: 'kinetic', severity: 6, scoreClass: 'violent', domain: 'air', deniability: 0, minRung: 3, maxRung: 5, base: 0.002, cost: 0.3, responseSeverity: 4, rung: 3, kinetic: true, requiresAidTier: 3, midLevel: 5, midAction: 16, target: 'enemy', user: 'partner', effects: { balance: 0.3, homeland: true } }),
  // ---- de-escalation ----
  a({ id: 'talks', label: 'talks', category: 'deescalation', severity: 0, scoreClass: 'deescalation', domain: 'none', deniability: 0, minRung: 1, maxRung: 5, base: 0.004, cost: 0.1, responseSeverity: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'any', effects: { deescalate: 0.6 } }),
  a({ id: 'hotline-use', label: 'hotline use', category: 'deescalation', severity: 0, scoreClass: 'deescalation', domain: 'none', deniability: 0, minRung: 2, maxRung: 5, base: 0.004, cost: 0.05, responseSeverity: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'any', effects: { deescalate: 0.4 } }),
  a({ id: 'withdrawal', label: 'withdrawal', category: 'deescalation', severity: 0, scoreClass: 'deescalation', domain: 'land', deniability: 0, minRung: 2, maxRung: 5, base: 0.001, cost: 0.3, responseSeverity: 0, rung: -1, midLevel: 1, midAction: 0, target: 'rival', user: 'any', effects: { deescalate: 0.8 } }),
  a({ id: 'ceasefire', label: 'ceasefire', category: 'deescalation', severity: 0, scoreClass: 'deescalation', domain: 'none', deniability: 0, minRung: 3, maxRung: 5, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'enemy', user: 'rule' }),
  a({ id: 'capitulation', label: 'partner collapse (capitulation)', category: 'deescalation', severity: 0, scoreClass: 'deescalation', domain: 'none', deniability: 0, minRung: 3, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'enemy', user: 'rule' }),
  a({ id: 'aid-pause', label: 'aid pause', category: 'deescalation', severity: 0, scoreClass: 'deescalation', domain: 'none', deniability: 0, minRung: 0, maxRung: 6, base: 0, rung: -1, midLevel: 1, midAction: 0, target: 'partner', user: 'rule' }),
  // ---- nuclear ----
  a({ id: 'nuclear-use', label: 'nuclear use', category: 'nuclear', severity: 10, scoreClass: 'nuclear', domain: 'air', deniability: 0, minRung: 3, maxRung: 6, base: 0, kinetic: true, rung: 6, midLevel: 5, midAction: 19, target: 'enemy', user: 'rule' }),
];

/**
 * The catalog actions the engine's rules emit themselves (responses, votes, war ends, spillovers),
 * by the name the engine uses. A compiled scenario resolves each to its catalog index once
 * (`CompiledScenario.ruleActions`), so no rule looks an action up by its id string at run time and
 * a catalog without one fails at compile time, naming it.
 */
export const RULE_ACTIONS = {
  article4Consultation: 'article-4-consultation',
  sanctions: 'sanctions',
  reinforceFlank: 'reinforce-flank',
  article5Vote: 'article-5-vote',
  article5Invocation: 'article-5-invocation',
  secondarySanctions: 'secondary-sanctions',
  playbookActivation: 'playbook-activation',
  allianceStatement: 'alliance-statement',
  counterStrike: 'counter-strike',
  borderClosure: 'border-closure',
  accidentalSpillover: 'accidental-spillover',
  capitulation: 'capitulation',
  ceasefire: 'ceasefire',
  nuclearUse: 'nuclear-use',
  defensiveAid: 'defensive-aid',
  offensiveAid: 'offensive-aid',
  longRangeStrikeAid: 'long-range-strike-aid',
} as const;
export type RuleAction = keyof typeof RULE_ACTIONS;
