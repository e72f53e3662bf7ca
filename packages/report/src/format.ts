/**
 * Text and number formatting shared by every chart. All output goes through these helpers so
 * that the same data always yields the same bytes: numbers are written with a fixed number of
 * decimals (Number#toFixed is exactly specified by ECMAScript, so it is platform independent)
 * and every piece of user text is escaped before it reaches markup.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML/XML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: unknown): string {
  // Control characters other than tab/newline are not allowed in XML 1.0 at all; drop them so a
  // stray byte in a label cannot make the whole SVG unparsable.
  return String(text ?? '')
    // eslint-disable-next-line no-control-regex -- removing XML-illegal control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * A coordinate with `digits` decimals, trailing zeros trimmed ("12.50" -> "12.5") and negative
 * zero normalised, so equal geometry always prints identically. Non-finite input prints as "0":
 * callers filter NaN before drawing, this is only a last line of defence for well-formedness.
 */
export function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '0';
  let s = x.toFixed(digits);
  if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return s;
}

/** Decimals needed to tell ticks `step` apart (0.25 -> 2, 5 -> 0). */
export function decimalsForStep(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  const d = Math.ceil(-Math.log10(step) - 1e-9);
  // 0.25 needs two decimals although log10 says one: check the rounding is exact.
  let digits = Math.max(0, d);
  while (digits < 12 && Math.abs(Number(step.toFixed(digits)) - step) > step * 1e-6) digits++;
  return digits;
}

/** A value label: fixed decimals, switching to exponent form for very large or tiny magnitudes. */
export function formatValue(x: number, digits = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return num(x, digits);
}

/** Percentage with one decimal, e.g. 0.4567 -> "45.7%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'n/a';
  return `${num(fraction * 100, 1)}%`;
}
