/**
 * Deterministic, readable JSON for summaries: objects indented by two spaces, arrays of
 * primitives (and arrays of such arrays, e.g. histogram rows) kept on one line, so that a fan of
 * 105 weeks is one line instead of 105. Key order is insertion order, which the summary builders
 * fix. NaN and ±Infinity are written as null, as JSON.stringify does.
 */
function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function flat(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => isPrimitive(x) || (Array.isArray(x) && x.every(isPrimitive)));
}

export function formatJson(value: unknown, indent = ''): string {
  if (isPrimitive(value)) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (flat(value)) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const inner = indent + '  ';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
}
