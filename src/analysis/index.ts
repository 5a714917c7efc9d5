/** Statistics over Monte Carlo aggregates. Pure: no node: imports; runs in the browser too. */
export * from './wilson.js';
export * from './kaplan-meier.js';
export * from './quantile.js';
export * from './paired.js';
export * from './summary.js';
export * from './compare.js';
export * from './narrative.js';
export * from './tables.js';
export * from './format.js';
export * from './json.js';
export * from './pathway-examples.js';
export * from './trace.js';
