/**
 * index.ts must stay importable in the browser (the web editor runs the same checks as the CLI):
 * nothing it reaches may import a node: built-in. dependency-cruiser covers the other layers.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../', import.meta.url));

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)) visit(join(dirname(file), `${m[1]}.ts`));
  };
  visit(entry);
  return seen;
}

describe('src/scenario/index.ts', () => {
  it('reaches no node: built-in', () => {
    const files = reachable(join(src, 'scenario/index.ts'));
    expect(files.size).toBeGreaterThan(5);
    const offenders = [...files].filter((f) => /from\s+'node:|require\('node:|import\('node:/.test(readFileSync(f, 'utf8'))).map((f) => relative(src, f));
    expect(offenders).toEqual([]);
  });
});
