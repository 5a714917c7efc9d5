/**
 * The decision and reason book of a traced run (explain.ts, docs/model.md §4.17, D32): per agent
 * slot and action row, the utility terms recomputeHazards computed. A module of its own, importing
 * nothing from state.ts, so State can hold one without an import cycle.
 */
import type { TraceDecision } from './types.js';

// Per action row: the terms as recomputeHazards computed them.
export const EX_GAIN_VUL = 0; // revisionism × vulnerability gain × mean vulnerability of the target kind
export const EX_GAIN_BAL = 1; // balance gain × (1 at war, revisionism otherwise)
export const EX_GAIN_SQ = 2; // status-quo gain × (1 − revisionism)·rung/scale
export const EX_GAIN = 3; // w_gain · (sum of the three)
export const EX_COST = 4; // w_cost · cost (subtracted)
export const EX_RISK = 5; // mean P̂·exposure × w_risk·respSev/10 × enabler discount (subtracted)
export const EX_SHARED = 6; // hostility + coordination − playbook deterrence (one value per kind × category)
export const EX_HOST = 7;
export const EX_COORD = 8;
export const EX_PLAYBOOK = 9; // −playbook deterrence
export const EX_PROVOCATION = 10;
export const EX_RETAL = 11;
export const EX_LOSING = 12;
export const EX_COERCION = 13; // the status term: −coercive confidence (force, war) + the display bonus (threats, displays; display.ts)
export const EX_RAW = 14; // the sum before the clamp to [−1, 1]
export const EX_U = 15; // the utility used
export const EX_COUNT = 16; // candidates of the target kind
export const EX_VULN = 17;
export const EX_HOSTMEAN = 18;
export const EX_RISKMEAN = 19; // mean P̂·exposure
export const EX_RISKSCALE = 20;
export const EX_STRIDE = 21;

export class Explain {
  /** Per agent slot × action row × EX_STRIDE. */
  readonly rows: Float64Array;
  readonly rowsPerSlot: number;
  /** Per kind × category: the shared terms of the last recomputation. */
  readonly kcHost: Float64Array;
  readonly kcCoord: Float64Array;
  readonly kcPlaybook: Float64Array;
  /** Per agent slot: the red-line multiplier and the time of its last recomputation. */
  readonly rlMult: Float64Array;
  readonly at: Float64Array;
  /** Per event id: the decision (agent-chosen events) and the reasons (events without causes). */
  decisions = new Map<number, TraceDecision>();
  reasons = new Map<number, string[]>();

  /** agentActions: each agent slot's actions (State.agentActions); kindCategories: N_TK × N_CATEGORIES. */
  constructor(agentActions: readonly ArrayLike<number>[], kindCategories: number) {
    let rows = 0;
    for (const acts of agentActions) rows = Math.max(rows, acts.length);
    const nAg = agentActions.length;
    this.rowsPerSlot = rows;
    this.rows = new Float64Array(Math.max(1, nAg * rows * EX_STRIDE));
    this.rlMult = new Float64Array(nAg);
    this.at = new Float64Array(nAg);
    this.kcHost = new Float64Array(kindCategories);
    this.kcCoord = new Float64Array(kindCategories);
    this.kcPlaybook = new Float64Array(kindCategories);
  }

  reset(): void {
    this.decisions = new Map();
    this.reasons = new Map();
    this.rows.fill(0);
  }

  offset(s: number, q: number): number {
    return (s * this.rowsPerSlot + q) * EX_STRIDE;
  }
}

