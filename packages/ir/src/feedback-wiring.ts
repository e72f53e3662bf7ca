import type { GraphPopulation, GraphProjection } from './graph.js';

/**
 * `learning.feedbackWiring: "readout"` (docs/semantics.md, "Departures from the seed"): the
 * modulatory decoder Wmh of a hidden population is not drawn at random but solved for, so that
 * the real chain of §5.3-5.5 (lambdaM = 0) becomes
 *
 *     tanh argument of neuron i = sum_a Wmh[i,a] (1/N) sum_j Wem[a,j] sum_c B[c,j] delta_c
 *                               = feedbackGain * sum_c share[i,c] delta_c
 *
 * where share[i,c] is the fraction of neuron i's long-range synapses that end on readout neurons
 * of class c. B and Wem stay the seed's fixed random matrices (the broadcast and the compression
 * to M dimensions); only the decoding back to neurons knows which classes a neuron is wired to.
 * It uses the wiring (topology), never a weight: no weight transport. A neuron wired to neither
 * the true class nor the rival gets L = 0 and keeps its synapses. Needs M >= C (the M x C map
 * G = Wem B^T / N must have full column rank to be inverted).
 */

/** share[i*C + c]: fraction of neuron i's synapses into the readout that reach class c (0 if none). */
export function readoutShares(
  pop: GraphPopulation,
  readout: GraphPopulation,
  projections: readonly GraphProjection[],
  classes: number,
): Float64Array {
  const N = pop.size;
  const C = classes;
  const perClass = readout.neuronsPerClass ?? 1;
  const count = new Float64Array(N * C);
  const total = new Float64Array(N);
  for (const p of projections) {
    if (p.source !== pop.index || p.target !== readout.index) continue;
    for (let s = 0; s < p.pre.length; s++) {
      const c = Math.floor(p.post[s] / perClass);
      if (c >= C) continue;
      count[p.pre[s] * C + c]++;
      total[p.pre[s]]++;
    }
  }
  for (let i = 0; i < N; i++) {
    if (total[i] === 0) continue;
    for (let c = 0; c < C; c++) count[i * C + c] /= total[i];
  }
  return count;
}

/**
 * Moore-Penrose pseudo-inverse of a full-column-rank M x C matrix G (row-major): (G^T G)^-1 G^T,
 * C x M, by Gauss-Jordan elimination with partial pivoting on the C x C normal matrix. Returns
 * null when G^T G is numerically singular (rank < C).
 */
export function leftPseudoInverse(G: Float64Array, M: number, C: number): Float64Array | null {
  if (M < C) return null;
  // [G^T G | G^T], C rows of C + M columns
  const W = C + M;
  const a = new Float64Array(C * W);
  let scale = 0;
  for (let r = 0; r < C; r++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let k = 0; k < M; k++) s += G[k * C + r] * G[k * C + c];
      a[r * W + c] = s;
      scale = Math.max(scale, Math.abs(s));
    }
    for (let k = 0; k < M; k++) a[r * W + C + k] = G[k * C + r];
  }
  if (scale === 0) return null;
  for (let col = 0; col < C; col++) {
    let piv = col;
    for (let r = col + 1; r < C; r++) if (Math.abs(a[r * W + col]) > Math.abs(a[piv * W + col])) piv = r;
    if (Math.abs(a[piv * W + col]) <= 1e-12 * scale) return null;
    if (piv !== col) {
      for (let k = 0; k < W; k++) {
        const t = a[col * W + k];
        a[col * W + k] = a[piv * W + k];
        a[piv * W + k] = t;
      }
    }
    const inv = 1 / a[col * W + col];
    for (let k = 0; k < W; k++) a[col * W + k] *= inv;
    for (let r = 0; r < C; r++) {
      if (r === col) continue;
      const f = a[r * W + col];
      if (f === 0) continue;
      for (let k = 0; k < W; k++) a[r * W + k] -= f * a[col * W + k];
    }
  }
  const out = new Float64Array(C * M);
  for (let r = 0; r < C; r++) for (let k = 0; k < M; k++) out[r * M + k] = a[r * W + C + k];
  return out;
}

/**
 * The decoder Wmh (N x M, row-major) with Wmh G = gain * share, G = Wem B^T / N. Returns null
 * when G cannot be inverted (M < C or rank-deficient).
 */
export function readoutDecoder(
  B: Float64Array,
  Wem: Float64Array,
  N: number,
  M: number,
  C: number,
  share: Float64Array,
  gain: number,
): Float64Array | null {
  const G = new Float64Array(M * C);
  for (let a = 0; a < M; a++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += Wem[a * N + j] * B[c * N + j];
      G[a * C + c] = s / N;
    }
  }
  const Gp = leftPseudoInverse(G, M, C);
  if (!Gp) return null;
  const Wmh = new Float64Array(N * M);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < M; a++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += share[i * C + c] * Gp[c * M + a];
      Wmh[i * M + a] = gain * s;
    }
  }
  return Wmh;
}
