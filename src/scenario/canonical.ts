/**
 * Canonical JSON: object keys sorted at every depth (by UTF-16 code units), no whitespace, so
 * that two scenarios that differ only in key order, or in the YAML layout they came from, hash to
 * the same value. The scenario hash that tags every result (ARCHITECTURE.md convention 6) is
 * sha-256 of this text.
 *
 * Written out by hand rather than by JSON.stringify over a key-sorted copy: JS objects put
 * integer-like keys ("2", "10") first whatever the insertion order, which would break the sort.
 * Otherwise it follows JSON.stringify: undefined and function members are dropped, non-finite
 * numbers become null, -0 prints as 0, toJSON is honoured, typed arrays become arrays.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return write((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const items = Array.from(value as ArrayLike<unknown>, (v) => write(v) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    const v = write(obj[k]);
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}
