import type {
  CubaParams,
  LoweredLearning,
  LoweredNetwork,
  LoweredPopulation,
  LoweredProjection,
  Plasticity,
  SrlifParams,
} from '@snnc/ir';

/** Hand-built lowered networks for tests. */

export function srlif(over: Partial<SrlifParams> = {}): SrlifParams {
  return {
    model: 'srlif',
    decayV: 0,
    vth0: 100,
    vthMin: 1,
    vthMax: 100000,
    bias: 0,
    rateShift: 3,
    targetRate: 410,
    etaThetaMant: 0,
    etaThetaShift: 0,
    ...over,
  };
}

export function cuba(over: Partial<CubaParams> = {}): CubaParams {
  return { model: 'cuba', decayU: 4095, decayV: 0, vthMant: 10, biasMant: 0, biasExp: 0, refractory: 0, ...over };
}

export function pop(
  index: number,
  id: string,
  size: number,
  params: SrlifParams | CubaParams | null,
  extra: Partial<LoweredPopulation> = {},
): LoweredPopulation {
  return {
    id,
    index,
    size,
    role: params ? 'hidden' : 'input',
    layer: params ? 1 : 0,
    model: params ? params.model : 'input',
    params,
    ...extra,
  };
}

/** synapses as [pre, post, weight] triples; sorted here. */
export function proj(
  index: number,
  source: number,
  target: number,
  syn: Array<[number, number, number]>,
  extra: Partial<LoweredProjection> & { plasticity?: Plasticity } = {},
): LoweredProjection {
  const s = syn.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    id: `p${index}`,
    index,
    source,
    target,
    kind: 'ff',
    delay: 1,
    plasticity: 'none',
    pre: Uint32Array.from(s.map((x) => x[0])),
    post: Uint32Array.from(s.map((x) => x[1])),
    weight: Int16Array.from(s.map((x) => x[2])),
    weightBits: 8,
    weightExp: 0,
    learnMant: 0,
    learnShift: 0,
    ...extra,
  };
}

export function network(
  populations: LoweredPopulation[],
  projections: LoweredProjection[],
  timesteps: number,
  learning: LoweredLearning | null = null,
): LoweredNetwork {
  return { irVersion: '1.0', name: 'test', seed: 1, timesteps, populations, projections, learning };
}

/** A Q7 tanh table as the IR would lower it (the simulator never computes it). */
export function tanhTable(scale = 32): Int16Array {
  const t = new Int16Array(256);
  for (let k = 0; k < 256; k++) t[k] = Math.round(127 * Math.tanh((k - 128) / scale));
  return t;
}

export function learning(over: Partial<LoweredLearning> = {}): LoweredLearning {
  return {
    readout: 0,
    gamma: 2,
    rival: 'winner',
    decayE: 0,
    decayM: 0,
    modulatory: [],
    tanhTable: tanhTable(),
    roundingSeed: 7,
    ...over,
  };
}

/** Raster T x N from a list of [t, i] spikes. */
export function raster(T: number, N: number, spikes: Array<[number, number]>): Uint8Array {
  const r = new Uint8Array(T * N);
  for (const [t, i] of spikes) r[t * N + i] = 1;
  return r;
}
