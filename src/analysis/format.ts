/**
 * Number formatting shared by the terminal output, the narrative and the HTML report.
 * Locale-independent on purpose (no toLocaleString), so that every output is byte-identical on
 * every machine.
 */

/** 12345678 -> "12,345,678". */
export function fmtInt(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `−${grouped}` : grouped;
}

/** Decimals for a percentage so that small values keep two significant figures. */
function pctDigits(x: number): number {
  const v = Math.abs(x * 100);
  if (v === 0 || v >= 10) return 1;
  if (v >= 1) return 1;
  if (v >= 0.1) return 2;
  return 3;
}

/** 0.1234 -> "12.3%"; null -> "n/a". `digits` fixes the decimals (e.g. to match a pair). */
export function fmtPct(x: number | null, digits?: number): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  const d = digits ?? pctDigits(x);
  return `${(x * 100).toFixed(d)}%`;
}

/** "12.3% (11.7–12.9%)" for an estimate with its interval. */
export function fmtPctCI(est: number | null, lo: number | null, hi: number | null): string {
  if (est === null) return 'n/a';
  const d = pctDigits(Math.max(Math.abs(est), Math.abs(hi ?? 0)));
  return `${fmtPct(est, d)} (${lo === null ? '?' : (lo * 100).toFixed(d)}–${fmtPct(hi, d)})`;
}

/** A signed percentage-point difference: "+2.1 pp". */
export function fmtPp(x: number | null, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  const v = x * 100;
  const s = Math.abs(v).toFixed(digits);
  if (Number(s) === 0) return `0.${'0'.repeat(digits)} pp`;
  return `${v < 0 ? '−' : '+'}${s} pp`;
}

/** A general number with `sig` significant figures, grouped thousands for large values. */
export function fmtNum(x: number | null, sig = 3): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return (x < 0 ? '−' : '') + fmtInt(a);
  const s = Number(a.toPrecision(sig)).toString();
  return (x < 0 ? '−' : '') + s;
}

/** A signed number: "+12.3", "−0.5", "0". */
export function fmtSigned(x: number | null, sig = 3): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  return (x > 0 ? '+' : '') + fmtNum(x, sig);
}

/** Billions of 2025 USD: "$1.23 bn", "$456 bn", "$12,345 bn". */
export function fmtBn(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  return `$${fmtNum(x, 3)} bn`;
}

/** "day 123" or "not reached". */
export function fmtDay(x: number | null): string {
  return x === null ? 'not reached' : `day ${fmtNum(x, 4)}`;
}
