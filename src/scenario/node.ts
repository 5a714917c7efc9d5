/**
 * The scenario layer for Node: everything of index.ts plus file loading. Browser code imports
 * index.ts; CLI, server and workers import this.
 */
export * from './index.js';
export { loadScenarioFile, loadPolicyFile, loadParametersFile, loadAnyFile, readTextFile, type LoadedFile } from './load.js';
