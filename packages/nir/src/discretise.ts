/**
 * NirNetwork + dt -> snnc graph spec (kind "graph", every neuron the CUBA model). The equations
 * are in dynamics.ts; here they become per-population parameters (which snnc keeps per
 * population, so time constants, v_leak and v_reset must be uniform within a node) and
 * per-synapse weights (where per-neuron gains and thresholds fold in). Biases (constant input
 * current from Affine/conv nodes) become the population's bias when they are uniform and the node
 * has no synaptic filter (exact), otherwise weights from one always-firing "bias" neuron (exact
 * through the synaptic filter from step 1 on; step 0 lacks it, docs/nir.md).
 */
import { diag, pointerJoin, warning, type Diagnostic } from '@snnc/common';
import type { GraphSpec, Population, Projection } from '@snnc/ir';
import { NirCodes } from './codes.js';
import type { NetProjection, NirNetwork } from './compose.js';
import { coefficients, type NeuronCoefficients } from './dynamics.js';

export interface ImportOptions {
  dt: number;
  timesteps: number;
  name: string;
  file?: string;
}

/** One row of the discretisation report: a parameter's value in each of its three forms. */
export interface ParameterError {
  population: string;
  parameter: 'alphaU' | 'alphaV' | 'vth' | 'bias';
  /** how it follows from NIR's parameters */
  formula: string;
  /** the continuous-time meaning over one step (exp(-dt/tau) for decays) */
  exact: number;
  /** what semi-implicit Euler at dt uses, written into the spec */
  euler: number;
  /** euler - exact */
  discretisationError: number;
  /** what the target's integers realise (filled in by lowering) */
  lowered?: number;
  /** lowered - euler */
  quantisationError?: number;
}

export interface SpecResult {
  spec?: GraphSpec;
  parameters: ParameterError[];
  /** population id -> per-neuron coefficients (for the simulator and the report) */
  coefficients: Map<string, NeuronCoefficients>;
  /** id of the added always-on bias population, if any */
  biasPopulation: string | null;
  /** per projection: integer delay in steps */
  delays: number[];
  diagnostics: Diagnostic[];
}

function uniform(a: Float64Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0] && !(Math.abs(a[i] - a[0]) <= 1e-12 * Math.abs(a[0]))) return false;
  return true;
}

/** Smallest dt/tau imported without a warning: the 12-bit decay then holds it to within 1/8 (4/4096). */
const DT_TAU_MIN = 1 / 1024;

export function delaySteps(delay: number, dt: number): number {
  return 1 + Math.max(0, Math.round(delay / dt));
}

export function toSpec(net: NirNetwork, opts: ImportOptions): SpecResult {
  const { dt, file } = opts;
  const diagnostics: Diagnostic[] = [];
  const parameters: ParameterError[] = [];
  const coeffs = new Map<string, NeuronCoefficients>();
  const err = (pointer: string, message: string, expected: string, found: string, code: string = NirCodes.heterogeneous) => diagnostics.push(diag(code, message, { file, pointer, expected, found }));

  // Per-population coefficients and checks.
  net.populations.forEach((p) => {
    if (p.type === 'Input') return;
    const c = coefficients(p.node, p.size, dt);
    coeffs.set(p.id, c);
    const tauKey = p.type === 'CubaLI' || p.type === 'CubaLIF' ? 'tau_mem' : 'tau';
    for (const [key, a] of [['tau_syn', c.alphaU], [tauKey, c.alphaV]] as const) {
      if (!p.node.params[key]) continue;
      if (!uniform(a)) err(pointerJoin(p.node.path, key), `node "${p.name}" (${p.type}): "${key}" differs between neurons; snnc keeps one time constant per population`, 'one value', 'several values');
      else if (!(a[0] <= 1)) err(pointerJoin(p.node.path, key), `node "${p.name}" (${p.type}): "${key}" must be a positive time constant`, `${key} > 0`, `${(dt / (1 - a[0])).toPrecision(4)}`, NirCodes.unsupported);
      else if (a[0] < 0) err(pointerJoin(p.node.path, key), `node "${p.name}" (${p.type}): dt = ${dt} s exceeds ${key} = ${(dt / (1 - a[0])).toPrecision(4)} s, so Euler's factor 1 - dt/${key} = ${a[0].toPrecision(4)} is negative (unstable)`, `dt <= ${key}`, `dt/${key} = ${(1 - a[0]).toPrecision(4)}`, NirCodes.unstableEuler);
      else if (1 - a[0] < DT_TAU_MIN) {
        // issue 12 item 7: the chip's 12-bit decay (semantics §1.1) holds dt/tau in steps of 1/4096
        const r = 1 - a[0];
        diagnostics.push(warning(NirCodes.dtBelowTau, `node "${p.name}" (${p.type}): dt = ${dt} s is far below ${key} = ${(dt / r).toPrecision(4)} s (dt/${key} = ${r.toPrecision(3)}): the 12-bit decay resolves it ${Math.round(r * 4096) === 0 ? 'not at all (it rounds to no decay)' : `to ${Math.round(r * 4096)}/4096`}, and the weights scale with dt, so many may round to zero`, {
          file, pointer: pointerJoin(p.node.path, key), expected: `dt/${key} >= ${DT_TAU_MIN.toPrecision(3)} (1/1024)`, found: r.toPrecision(3),
          fix: `import with a larger --dt (e.g. ${(dt / r / 100).toPrecision(2)} s, 1/100 of ${key})`,
        }));
      }
    }
    if (!uniform(c.biasV)) err(pointerJoin(p.node.path, 'v_leak'), `node "${p.name}" (${p.type}): v_leak - v_reset differs between neurons; snnc keeps one bias per population`, 'one value', 'several values');
    if (c.vReset.some((x) => x !== 0)) diagnostics.push(warning(NirCodes.approximation, `node "${p.name}" (${p.type}): v_reset = ${c.vReset[0]} is handled by shifting v by v_reset (snnc resets to 0); the neuron starts at v = v_reset`, { file, pointer: pointerJoin(p.node.path, 'v_reset') }));
    if (c.spikes && c.vth.some((x) => !(x > 0))) err(pointerJoin(p.node.path, p.type === 'Threshold' ? 'threshold' : 'v_threshold'), `node "${p.name}" (${p.type}): thresholds must lie above the reset (snnc thresholds are positive)`, 'v_threshold - v_reset > 0', `${Math.min(...c.vth)}`, NirCodes.unsupported);
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { parameters, coefficients: coeffs, biasPopulation: null, delays: [], diagnostics };

  // Heterogeneous thresholds: scale neuron i's voltage by k_i = vth_0 / vth_i so that all share vth_0.
  const vscale = new Map<string, Float64Array>();
  for (const p of net.populations) {
    const c = coeffs.get(p.id);
    if (!c) continue;
    const k = new Float64Array(p.size).fill(1);
    if (c.spikes && !uniform(c.vth)) {
      for (let i = 0; i < p.size; i++) k[i] = c.vth[0] / c.vth[i];
      if (c.biasV[0] !== 0) err(pointerJoin(p.node.path, 'v_threshold'), `node "${p.name}" (${p.type}): per-neuron thresholds together with a leak voltage are not supported`, 'uniform v_threshold or v_leak = v_reset', 'both vary', NirCodes.unsupported);
    }
    vscale.set(p.id, k);
  }

  const popSpecs: Population[] = [];
  const projSpecs: Projection[] = [];
  const delays: number[] = [];
  let biasPopulation: string | null = null;
  const biasProjections: Projection[] = [];
  const ids = new Set(net.populations.map((p) => p.id));

  // Weights in spec units: W * gain_i * k_i per target neuron i.
  const scaled = (pr: NetProjection): Float64Array => {
    const tgt = net.populations[pr.target];
    const c = coeffs.get(tgt.id)!;
    const k = vscale.get(tgt.id)!;
    const w = new Float64Array(pr.weights.val.length);
    for (let o = 0; o < pr.weights.nOut; o++) for (let q = pr.weights.rowPtr[o]; q < pr.weights.rowPtr[o + 1]; q++) w[q] = pr.weights.val[q] * c.gain[o] * k[o];
    return w;
  };

  // Largest input per step into each population (for the unreachable threshold of LI, I, CubaLI).
  const maxIn = new Map<string, number>();
  const weightsOf = net.projections.map(scaled);

  net.projections.forEach((pr, j) => {
    const rowAbs = new Float64Array(pr.weights.nOut);
    const w = weightsOf[j];
    for (let o = 0; o < pr.weights.nOut; o++) for (let q = pr.weights.rowPtr[o]; q < pr.weights.rowPtr[o + 1]; q++) rowAbs[o] += Math.abs(w[q]);
    const id = net.populations[pr.target].id;
    maxIn.set(id, (maxIn.get(id) ?? 0) + Math.max(0, ...rowAbs));
  });

  for (const p of net.populations) {
    if (p.type === 'Input') {
      popSpecs.push({ id: p.id, kind: 'input', size: p.size, ...(p.shape.length > 1 ? { shape: [...p.shape] } : {}) });
      continue;
    }
    const c = coeffs.get(p.id)!;
    const k = vscale.get(p.id)!;
    let bias = c.biasV[0] * k[0];
    // constant current: per-neuron drive of u per step, in spec units
    const drive = p.bias ? Float64Array.from(p.bias, (b, i) => b * c.gain[i] * k[i]) : null;
    if (drive && drive.some((x) => x !== 0)) {
      if (c.alphaU[0] === 0 && uniform(drive)) bias += drive[0];
      else {
        biasPopulation ??= uniqueId('bias', ids);
        const post: number[] = [];
        const weight: number[] = [];
        drive.forEach((x, i) => {
          if (x !== 0) {
            post.push(i);
            weight.push(x);
          }
        });
        biasProjections.push({ id: `${biasPopulation}-to-${p.id}`, source: biasPopulation, target: p.id, kind: 'other', connectivity: { type: 'explicit', pre: new Array<number>(post.length).fill(0), post, weight } });
      }
    }
    let vth = c.vth[0] * k[0];
    if (!c.spikes) {
      // A leaky integrator reads out its voltage, never spikes: a threshold beyond any reachable v.
      const s = (maxIn.get(p.id) ?? 0) + Math.abs(drive ? Math.max(...drive.map(Math.abs)) : 0);
      const T = opts.timesteps;
      const uMax = c.alphaU[0] < 1 ? s / (1 - c.alphaU[0]) : s * T;
      const vMax = c.alphaV[0] < 1 ? (uMax + Math.abs(bias)) / (1 - c.alphaV[0]) : (uMax + Math.abs(bias)) * T;
      vth = Math.max(1, 2 * vMax);
      diagnostics.push(warning(NirCodes.approximation, `node "${p.name}" (${p.type}) has no threshold: it becomes a CUBA neuron with the unreachable threshold ${vth.toPrecision(4)}; its output is its voltage, which snnc does not read out`, { file, pointer: p.node.path }));
    }
    const neuron = { model: 'cuba' as const, alphaU: c.alphaU[0], alphaV: c.alphaV[0], vth, bias, refractory: 0 };
    popSpecs.push({
      id: p.id,
      kind: 'neuron',
      size: p.size,
      ...(p.shape.length > 1 ? { shape: [...p.shape] } : {}),
      ...(p.readout ? { role: 'readout' as const, classes: p.size, neuronsPerClass: 1 } : {}),
      neuron,
    });
    const tauU = c.alphaU[0] === 0 && p.type !== 'CubaLI' && p.type !== 'CubaLIF';
    const rows: ParameterError[] = [
      { population: p.id, parameter: 'alphaU', formula: tauU ? '0 (no synaptic state)' : '1 - dt/tau_syn', exact: c.exactU[0], euler: c.alphaU[0], discretisationError: c.alphaU[0] - c.exactU[0] },
      { population: p.id, parameter: 'alphaV', formula: p.type === 'IF' || p.type === 'I' ? '1 (no leak)' : p.type === 'Threshold' ? '0 (stateless)' : '1 - dt/tau_mem', exact: c.exactV[0], euler: c.alphaV[0], discretisationError: c.alphaV[0] - c.exactV[0] },
      { population: p.id, parameter: 'vth', formula: c.spikes ? 'v_threshold - v_reset' : 'unreachable', exact: vth, euler: vth, discretisationError: 0 },
      { population: p.id, parameter: 'bias', formula: '(dt/tau_mem)(v_leak - v_reset) + uniform bias current', exact: bias, euler: bias, discretisationError: 0 },
    ];
    parameters.push(...rows);
  }

  net.projections.forEach((pr, j) => {
    const src = net.populations[pr.source];
    const tgt = net.populations[pr.target];
    const d = delaySteps(pr.delay, dt);
    if (Math.abs(pr.delay / dt - Math.round(pr.delay / dt)) > 1e-6) {
      diagnostics.push(warning(NirCodes.approximation, `projection "${pr.id}": delay ${pr.delay} s is not a multiple of dt = ${dt} s; rounded to ${d - 1} extra steps`, { file, pointer: tgt.node.path }));
    }
    delays.push(d);
    projSpecs.push({
      id: pr.id,
      source: src.id,
      target: tgt.id,
      ...(d !== 1 ? { delay: d } : {}),
      kind: pr.source === pr.target ? 'rec' : 'ff',
      connectivity: connectivity(pr, weightsOf[j], src.shape, coeffs.get(tgt.id)!, vscale.get(tgt.id)!),
    });
  });

  if (biasPopulation) {
    const firstNeuron = popSpecs.findIndex((p) => p.kind === 'neuron');
    popSpecs.splice(firstNeuron < 0 ? popSpecs.length : firstNeuron, 0, {
      id: biasPopulation, kind: 'neuron', size: 1, role: 'other',
      neuron: { model: 'cuba', alphaU: 0, alphaV: 0, vth: 1, bias: 1.5, refractory: 0 },
    });
    // The self-synapse changes nothing (the neuron fires every step anyway); its weight bounds the
    // population's voltage scale so that the bias (> vth) fits the 13-bit bias mantissa.
    biasProjections.unshift({ id: `${biasPopulation}-self`, source: biasPopulation, target: biasPopulation, kind: 'rec', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [16] } });
    projSpecs.push(...biasProjections);
    for (const _ of biasProjections) delays.push(1);
    diagnostics.push(warning(NirCodes.approximation, `bias currents reach ${biasProjections.length - 1} population(s) from the always-firing neuron "${biasPopulation}": exact from step 1 on, missing at step 0`, { file, pointer: '/node' }));
  }

  const spec: GraphSpec = {
    irVersion: '1.0',
    kind: 'graph',
    name: opts.name,
    description: `imported from NIR at dt = ${dt} s`,
    dt,
    seed: 0,
    timesteps: opts.timesteps,
    populations: popSpecs,
    projections: projSpecs,
  };
  if (diagnostics.some((x) => x.severity === 'error')) return { parameters, coefficients: coeffs, biasPopulation, delays, diagnostics };
  return { spec, parameters, coefficients: coeffs, biasPopulation, delays, diagnostics };
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}_${k}`;
  used.add(id);
  return id;
}

function connectivity(pr: NetProjection, w: Float64Array, srcShape: number[], c: NeuronCoefficients, k: Float64Array): Projection['connectivity'] {
  const m = pr.weights;
  const g = Float64Array.from(c.gain, (x, i) => x * k[i]);
  const sameGain = uniform(g);
  if (pr.structured?.kind === 'conv2d' && sameGain && srcShape.length === 3) {
    const { node, shapes } = pr.structured;
    const [Co, C, kh, kw] = node.params.weight.shape;
    const data = node.params.weight.data;
    const kernel = Array.from({ length: Co }, (_, o) => Array.from({ length: C }, (_, ci) => Array.from({ length: kh }, (_, y) => Array.from({ length: kw }, (_, x) => data[((o * C + ci) * kh + y) * kw + x] * g[0]))));
    const stride = node.params.stride.data;
    const pad = node.params.padding.data;
    const dil = node.params.dilation.data;
    const pair = (a: Float64Array): [number, number] => (a.length === 1 ? [a[0], a[0]] : [a[0], a[1]]);
    return {
      type: 'conv2d',
      inShape: [shapes.in[0], shapes.in[1], shapes.in[2]],
      outShape: [shapes.out[0], shapes.out[1], shapes.out[2]],
      kernel,
      stride: pair(stride),
      padding: pair(pad),
      dilation: pair(dil),
    };
  }
  if (pr.structured?.kind === 'dense') {
    const weights: number[][] = [];
    for (let o = 0; o < m.nOut; o++) {
      const row = new Array<number>(m.nIn).fill(0);
      for (let q = m.rowPtr[o]; q < m.rowPtr[o + 1]; q++) row[m.col[q]] = w[q];
      weights.push(row);
    }
    return { type: 'dense', weights };
  }
  const pre: number[] = [];
  const post: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < m.nOut; o++) {
    for (let q = m.rowPtr[o]; q < m.rowPtr[o + 1]; q++) {
      if (w[q] === 0) continue;
      pre.push(m.col[q]);
      post.push(o);
      weight.push(w[q]);
    }
  }
  return { type: 'explicit', pre, post, weight };
}
