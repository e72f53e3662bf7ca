/**
 * Linear scales and "nice" tick positions (steps of 1, 2 or 5 times a power of ten), the only
 * scale type the reports need. Data extents ignore NaN and infinities so one bad point cannot
 * collapse an axis.
 */

export interface Extent {
  min: number;
  max: number;
}

/** Min and max of the finite values, or undefined when there are none. */
export function finiteExtent(values: Iterable<number>): Extent | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : undefined;
}

/** Widen a degenerate or missing extent so a scale can always be built from it. */
export function padExtent(e: Extent | undefined, fallback: Extent = { min: 0, max: 1 }): Extent {
  if (!e) return { ...fallback };
  if (e.min === e.max) {
    // a tenth of the value, or 1 when that moves nothing: zero, and a subnormal value whose tenth
    // rounds to 0 (it was left degenerate, and its axis had no ticks)
    const tenth = Math.abs(e.min) * 0.1;
    const pad = e.min - tenth < e.min ? tenth : 1;
    return { min: e.min - pad, max: e.max + pad };
  }
  return e;
}

export interface Ticks {
  values: number[];
  step: number;
  /** The extent rounded outwards to whole steps. */
  lo: number;
  hi: number;
}

/**
 * About `target` ticks covering [min, max], at multiples of a 1/2/5 step, and of at least
 * `minStep` (1 for a count such as epochs, which has no tick at 1.2).
 */
export function niceTicks(extent: Extent, target = 5, minStep = 0): Ticks {
  const span = extent.max - extent.min;
  const raw = span / Math.max(1, target);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  const step = Math.max(minStep, (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag);
  const lo = Math.floor(extent.min / step + 1e-9) * step;
  const hi = Math.ceil(extent.max / step - 1e-9) * step;
  const values: number[] = [];
  const n = Math.round((hi - lo) / step);
  // Generate by index, not by repeated addition, so rounding error does not accumulate.
  for (let i = 0; i <= n && i <= 1000; i++) values.push(lo + i * step);
  return { values, step, lo, hi };
}

export interface LinearScale {
  (v: number): number;
  domain: Extent;
}

/** Map [d.min, d.max] onto [r0, r1] (r1 < r0 is allowed, e.g. for a y axis growing upwards). */
export function linearScale(d: Extent, r0: number, r1: number): LinearScale {
  const k = d.max === d.min ? 0 : (r1 - r0) / (d.max - d.min);
  const f = ((v: number) => r0 + (v - d.min) * k) as LinearScale;
  f.domain = d;
  return f;
}
