/**
 * The scenario layer for Node: everything of index.ts plus file loading. Browser code imports
 * index.ts; CLI, server and workers import this.
 */
export * from './index.js';
export { loadScenarioFile, loadScenarioText, loadPolicyFile, loadParametersFile, loadAnyFile, readTextFile, BUILTIN_SCENARIOS_DIR, type LoadedFile, type LoadOptions } from './load.js';
