/** Every built-in scenario and policy file validates (they are written by hand, by several people). */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { loadAnyFile } from './load.js';

const root = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const yamlIn = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)).sort() : [];

describe('built-in scenarios', () => {
  it('every scenarios/*.yaml and scenarios/policies/*.yaml validates', () => {
    const files = [...yamlIn(root), ...yamlIn(join(root, 'policies'))];
    const problems = files.flatMap((f) => loadAnyFile(f).issues.map(formatIssue));
    expect(problems).toEqual([]);
  });

  it('files in scenarios/policies are policy files', () => {
    for (const f of yamlIn(join(root, 'policies'))) expect(loadAnyFile(f).kind, f).toBe('policy');
  });
});
