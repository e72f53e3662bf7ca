/**
 * Colour scales. Sequential scales are piecewise-linear interpolations between a few anchor
 * colours and always return lowercase #rrggbb, so colours are as deterministic as coordinates.
 */

export type ColorScaleName = 'viridis' | 'greys' | 'heat';

/** Anchors, evenly spaced over [0, 1]. Viridis keeps equal perceived steps and prints in greyscale. */
const ANCHORS: Record<ColorScaleName, readonly string[]> = {
  viridis: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'],
  greys: ['#f7f7f7', '#bdbdbd', '#737373', '#252525'],
  heat: ['#fffbd5', '#fed976', '#fd8d3c', '#e31a1c', '#800026'],
};

/** Drawn for cells whose value is missing (NaN), distinct from every scale colour. */
export const MISSING_COLOR = '#d9d9d9';

/** Series colours for lines and bars, chosen to stay distinguishable side by side. */
export const SERIES_COLORS: readonly string[] = [
  '#1f63b4',
  '#e0661a',
  '#2b9a3c',
  '#c62a2f',
  '#7b4fb0',
  '#8a5a44',
  '#d35fb7',
  '#6f6f6f',
  '#a8a41c',
  '#17a2b8',
];

export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length];
}

export function isColorScaleName(s: unknown): s is ColorScaleName {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(ANCHORS, s);
}

function parseHex(h: string): [number, number, number] {
  return [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
}

function hex2(v: number): string {
  return Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');
}

const PARSED: Record<string, [number, number, number][]> = {};

/** The colour at t in [0, 1] (clamped); NaN gives MISSING_COLOR. Unknown scale names fall back to viridis. */
export function colorAt(scale: ColorScaleName, t: number): string {
  if (Number.isNaN(t)) return MISSING_COLOR;
  const name = isColorScaleName(scale) ? scale : 'viridis';
  const anchors = (PARSED[name] ??= ANCHORS[name].map(parseHex));
  const x = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
  const i = Math.min(anchors.length - 2, Math.floor(x));
  const f = x - i;
  const a = anchors[i];
  const b = anchors[i + 1];
  return `#${hex2(a[0] + (b[0] - a[0]) * f)}${hex2(a[1] + (b[1] - a[1]) * f)}${hex2(a[2] + (b[2] - a[2]) * f)}`;
}
