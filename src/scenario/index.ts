/**
 * The public surface of the scenario layer, safe for the browser (no node: imports). File
 * loading (`loadScenarioFile`, includes) is in `./node.ts`.
 */
export * from './schema.js';
export type { CompiledScenario, CompiledActors, CompiledAlliance, CompiledPolicy, CompiledPartner, CompiledTheatre, CompiledEpisodeInit, CompiledEnabler, CompiledInject } from './compiled.js';
export { ISSUE_CODES, formatIssue, formatPath, parsePath, sortIssues, type Issue, type IssueCode, type PathSegment } from './issues.js';
export {
  parseScenarioText,
  parsePolicyFileText,
  parseParametersFileText,
  parseYamlValue,
  sniffKind,
  ParametersFileSchema,
  type FileKind,
  type ParametersInput,
  type PolicyFileInput,
  type Position,
  type YamlSource,
} from './parse.js';
export { checkReferences, checkConsistency, checkPolicyTarget, checkParameterOverrides, NEW_ACTION_REQUIRED_FIELDS } from './validate.js';
export { applyPolicy, policyFileJsonSchema } from './policy.js';
export { canonicalJson } from './canonical.js';
export { applySetPaths, listSettablePaths, parseAssignment, readSetPath, type SetAssignment, type SetPathValue } from './set-path.js';
export * from './limits.js';
export { escapeControl, excerpt, quoteExcerpt, MAX_EXCERPT_CHARS } from './text.js';
export { FORBIDDEN_ROOTS, includeEntryRefusal, includeRefusalMessage, isForbiddenPath, isWithin, isWithinAny, type FileRefusal } from './file-policy.js';
// compile: the lead adds `export { compileScenario } from './compile.js';` here.
