/**
 * `brink schema` documents every field (D36): every property of the scenario and policy-file JSON
 * Schemas has a description, and every number states its range (minimum and maximum).
 */
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './schema.js';
import { policyFileJsonSchema } from './policy.js';

type Js = Record<string, unknown>;

/** Every property schema, with its path, below `node` (properties, items, records, unions). */
function walk(node: unknown, path: string, out: { path: string; schema: Js }[]): void {
  if (node === null || typeof node !== 'object') return;
  const n = node as Js;
  const props = n.properties as Record<string, Js> | undefined;
  if (props) for (const [k, v] of Object.entries(props)) {
    out.push({ path: `${path}.${k}`, schema: v });
    walk(v, `${path}.${k}`, out);
  }
  if (n.items && typeof n.items === 'object') walk(n.items, `${path}[]`, out);
  if (n.additionalProperties && typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${path}{}`, out);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(n[key])) (n[key] as unknown[]).forEach((b, i) => walk(b, `${path}|${i}`, out));
}

/** The number schemas of a property (itself, or the branches of a union). */
function numbers(s: Js): Js[] {
  if (s.const !== undefined) return []; // a literal (schemaVersion: 1): its one value is its range
  const own = s.type === 'number' || s.type === 'integer' ? [s] : [];
  const branches = [...((s.anyOf as Js[] | undefined) ?? []), ...((s.oneOf as Js[] | undefined) ?? [])];
  return [...own, ...branches.filter((b) => b.type === 'number' || b.type === 'integer')];
}

describe.each([
  ['scenario', scenarioJsonSchema()],
  ['policy file', policyFileJsonSchema()],
])('the JSON Schema of a %s', (_, schema) => {
  const props: { path: string; schema: Js }[] = [];
  walk(schema, '', props);

  it('has properties to check', () => expect(props.length).toBeGreaterThan(20));

  it('describes every property', () => {
    const missing = props.filter((p) => typeof p.schema.description !== 'string' || p.schema.description.length < 8).map((p) => p.path);
    expect(missing).toEqual([]);
  });

  it('gives every number property a range (minimum and maximum)', () => {
    const open = props.flatMap((p) => numbers(p.schema).filter((n) => (n.minimum === undefined && n.exclusiveMinimum === undefined) || (n.maximum === undefined && n.exclusiveMaximum === undefined)).map(() => p.path));
    expect(open).toEqual([]);
    // and numbers below a record (theatreShare's values, playbook strengths)
    const recordValues: Js[] = [];
    const collect = (n: unknown): void => {
      if (n === null || typeof n !== 'object') return;
      const o = n as Js;
      if (o.additionalProperties && typeof o.additionalProperties === 'object') recordValues.push(o.additionalProperties as Js);
      for (const v of Object.values(o)) collect(v);
    };
    collect(schema);
    for (const v of recordValues) for (const n of numbers(v)) expect(n.maximum ?? n.exclusiveMaximum).toBeDefined();
  });
});
