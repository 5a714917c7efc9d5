/**
 * Input text shown back to a person: escaped and cut. Scenario names, ids, keys, paths and values
 * come from files and flags the person running Brink may not have written (D30); printed raw, a
 * control character in them can move the cursor, rewrite earlier lines or change a terminal's
 * title. Pure (no node: imports): the CLI, the HTTP API and the web editor share it.
 */

/** At most this many characters of an input are quoted back in a message. */
export const MAX_EXCERPT_CHARS = 40;

// C0 controls except tab and newline, DEL, C1 controls, and the Unicode marks that reorder or
// hide text (bidi overrides and isolates, zero-width joiners aside, line/paragraph separators).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

// C0 controls as `\x1b` (the form people know); DEL, C1 and the Unicode marks as `\u0085`, which
// is also a valid JSON escape: JSON.stringify leaves those raw, and a JSON line printed through
// this helper must stay parseable.
function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\r') return '\\r';
  if (code < 0x20) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character written as an escape (`\x1b`, `\r`, `\u202e`); tab and
 * newline are kept, so multi-line output stays readable. The one helper every printer of the CLI
 * goes through (context.ts).
 */
export function escapeControl(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/**
 * A short, escaped excerpt of an input string for messages: at most `max` characters of it (then
 * `…`), with newlines and tabs escaped too (an excerpt sits inside one line).
 */
export function excerpt(text: string, max: number = MAX_EXCERPT_CHARS): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return escapeControl(cut).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/** `excerpt` in double quotes: `"ab\x1bc…"`. */
export function quoteExcerpt(text: string, max: number = MAX_EXCERPT_CHARS): string {
  return `"${excerpt(text, max).replace(/"/g, '\\"')}"`;
}
