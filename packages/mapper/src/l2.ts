/**
 * Martello-Toth's L2 lower bound for bin packing (Martello & Toth 1990, "Lower bounds and
 * reduction procedures for the bin packing problem"): items of the given sizes, indivisible, in
 * bins of capacity c. For a threshold a in [0, c/2]:
 *   J1 = items > c - a, J2 = items in (c/2, c - a], J3 = items in [a, c/2];
 *   L(a) = |J1| + |J2| + max(0, ceil((sum J3 - (|J2| c - sum J2)) / c)).
 * No two items of J1 u J2 share a bin, no J3 item fits beside a J1 item, and the J3 items can use
 * at most the room J2's bins leave. L2 = max over a of L(a); it is >= ceil(sum / c) (a = 0).
 * It suffices to try a = 0 and every distinct size <= c/2. O(n log n), typed arrays.
 */
export function l2Bound(sizes: Float64Array, c: number): number {
  const n = sizes.length;
  if (n === 0) return 0;
  if (!(c > 0)) {
    for (const s of sizes) if (s > 0) return Infinity;
    return 0;
  }
  const a = Float64Array.from(sizes).sort(); // ascending
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + a[i];
  const half = c / 2;
  // first index with a[i] > c/2
  const big = upperBound(a, half);
  let best = 0;
  const evaluate = (alpha: number) => {
    const lo = lowerBound(a, alpha); // first index with a[i] >= alpha
    const j1 = upperBound(a, c - alpha); // items > c - alpha start here
    const nJ1 = n - j1;
    const nJ2 = j1 - big;
    const sumJ2 = prefix[j1] - prefix[big];
    const sumJ3 = lo < big ? prefix[big] - prefix[lo] : 0;
    const room = nJ2 * c - sumJ2;
    const extra = sumJ3 > room ? Math.ceil((sumJ3 - room) / c - 1e-9) : 0;
    const v = nJ1 + nJ2 + Math.max(0, extra);
    if (v > best) best = v;
  };
  evaluate(0);
  for (let i = 0; i < big; i++) {
    if (i > 0 && a[i] === a[i - 1]) continue;
    if (a[i] > 0) evaluate(a[i]);
  }
  return best;
}

/** First index i with a[i] >= x (a ascending). */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] < x) lo = m + 1; else hi = m;
  }
  return lo;
}

/** First index i with a[i] > x (a ascending). */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] <= x) lo = m + 1; else hi = m;
  }
  return lo;
}
