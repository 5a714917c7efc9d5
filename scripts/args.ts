/** Flag reading shared by the scripts in this folder: `--name value`. */

/** The value after `--name`, or undefined. */
export function optArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The value after `--name`, else `def`; throws naming the flag when neither is there. */
export function arg(name: string, def?: string): string {
  const v = optArg(name) ?? def;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}
