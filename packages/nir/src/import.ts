/**
 * `.nir` file -> snnc graph spec, with the discretisation and quantisation report
 * (docs/nir.md). Pipeline: read (read.ts) -> shapes (shapes.ts) -> compose stateless chains
 * (compose.ts) -> choose dt -> discretise (discretise.ts) -> validateSpec -> optionally expand and
 * lower for a target to measure what the integers realise. Returns diagnostics, never throws
 * for bad input.
 */
import path from 'node:path';
import { diag, hasErrors, warning, type Diagnostic } from '@snnc/common';
import { compile } from '@snnc/driver';
import { validateSpec, type GraphSpec, type LoweredNetwork, type LoweringReport, type Target, type CubaParams } from '@snnc/ir';
import { NirCodes } from './codes.js';
import { buildNetwork, toId, type NirNetwork } from './compose.js';
import { toSpec, type ParameterError } from './discretise.js';
import { readNirFile } from './read.js';
import { specSizeRefusal } from './spec-size.js';
import { inferShapes } from './shapes.js';
import type { NeuronCoefficients } from './dynamics.js';
import type { NirGraph } from './types.js';

export interface NirImportOptions {
  /** seconds; default: inferred (see chooseDt) */
  dt?: number;
  timesteps?: number;
  name?: string;
  /** lower for this target to report quantisation */
  target?: Target;
}

export interface DiscretisationReport {
  dt: number;
  /** why this dt: "option", "snnTorch convention (r = tau_mem/dt, w_in = tau_syn/dt)", ... */
  dtSource: string;
  parameters: ParameterError[];
  /** weight quantisation per projection (present when a target was given) */
  projections?: LoweringReport['projections'];
  target?: string;
}

export interface NirImportResult {
  nir?: NirGraph;
  network?: NirNetwork;
  spec?: GraphSpec;
  lowered?: LoweredNetwork;
  report?: DiscretisationReport;
  coefficients?: Map<string, NeuronCoefficients>;
  delays?: number[];
  diagnostics: Diagnostic[];
}

export const DEFAULT_DT = 1e-3;

/**
 * The documented dt rule when none is given: (1) snnTorch writes CubaLIF/CubaLI with
 * r = tau_mem/dt and w_in = tau_syn/dt, so that dt is recoverable: use it when every such node
 * agrees; (2) a graph whose only neurons have no time constant (IF, I, Threshold: Sinabs' IAF)
 * is a discrete-time network: dt = 1 (time in steps, v += R I per step); (3) otherwise 1 ms
 * (Norse's default step).
 */
export function chooseDt(g: NirGraph): { dt: number; source: string } {
  const cuba = g.nodes.filter((n) => n.type === 'CubaLIF' || n.type === 'CubaLI');
  if (cuba.length) {
    const dts: number[] = [];
    for (const n of cuba) {
      const { tau_mem: tm, r, tau_syn: ts, w_in: w } = n.params;
      for (let i = 0; i < r.data.length; i++) {
        dts.push(tm.data[tm.data.length === 1 ? 0 : i] / r.data[i]);
        if (w) dts.push(ts.data[ts.data.length === 1 ? 0 : i] / w.data[w.data.length === 1 ? 0 : i]);
      }
    }
    const d0 = dts[0];
    if (d0 > 0 && Number.isFinite(d0) && dts.every((d) => Math.abs(d - d0) <= 1e-4 * d0)) {
      return { dt: Number(d0.toPrecision(6)), source: 'snnTorch convention (r = tau_mem/dt, w_in = tau_syn/dt)' };
    }
  }
  const timed = g.nodes.some((n) => n.params.tau || n.params.tau_mem || n.params.tau_syn);
  if (!timed && g.nodes.some((n) => n.type === 'IF' || n.type === 'I' || n.type === 'Threshold')) return { dt: 1, source: 'no time constants (discrete-time IF/I network): time in steps' };
  return { dt: DEFAULT_DT, source: 'default 1 ms' };
}

export async function importNirFile(file: string, opts: NirImportOptions = {}): Promise<NirImportResult> {
  const read = await readNirFile(file);
  const diagnostics = [...read.diagnostics];
  if (!read.graph) return { diagnostics };
  const res = importNirGraph(read.graph, { ...opts, name: opts.name ?? toId(path.basename(file).replace(/\.nir$/i, '')) }, file);
  return { ...res, diagnostics: [...diagnostics, ...res.diagnostics] };
}

export function importNirGraph(g: NirGraph, opts: NirImportOptions = {}, file?: string): NirImportResult {
  const diagnostics: Diagnostic[] = [];
  const sh = inferShapes(g, file);
  diagnostics.push(...sh.diagnostics);
  if (hasErrors(diagnostics)) return { nir: g, diagnostics };
  const built = buildNetwork(g, sh.shapes, file);
  diagnostics.push(...built.diagnostics);
  if (!built.network) return { nir: g, diagnostics };
  const net = built.network;
  if (!net.populations.some((p) => p.type === 'Input')) {
    diagnostics.push(diag(NirCodes.missingGroup, 'the graph has no Input node', { file, pointer: '/node/nodes', expected: 'at least one node of type Input', found: 'none' }));
    return { nir: g, diagnostics };
  }
  let dt: number;
  let dtSource: string;
  if (opts.dt !== undefined) {
    if (!(opts.dt > 0) || !Number.isFinite(opts.dt)) {
      diagnostics.push(diag(NirCodes.badDt, 'dt must be a positive number of seconds', { expected: 'dt > 0', found: String(opts.dt) }));
      return { nir: g, diagnostics };
    }
    dt = opts.dt;
    dtSource = 'option';
  } else ({ dt, source: dtSource } = chooseDt(g));
  const conv = toSpec(net, { dt, timesteps: opts.timesteps ?? 100, name: opts.name ?? 'nir', file });
  diagnostics.push(...conv.diagnostics);
  const report: DiscretisationReport = { dt, dtSource, parameters: conv.parameters };
  if (!conv.spec) return { nir: g, network: net, report, diagnostics };
  const intoNir = (ds: Diagnostic[]) => intoNirFile(ds, conv.spec!, net, file);
  // a spec snnc would refuse to read is not made (spec-size.ts)
  const tooLarge = specSizeRefusal(conv.spec, file);
  if (tooLarge) {
    diagnostics.push(...intoNir([tooLarge]));
    return { nir: g, network: net, report, diagnostics };
  }
  const valid = validateSpec(conv.spec, file);
  diagnostics.push(...intoNir(valid.diagnostics));
  if (!valid.spec) return { nir: g, network: net, report, diagnostics };
  const out: NirImportResult = { nir: g, network: net, spec: conv.spec, report, coefficients: conv.coefficients, delays: conv.delays, diagnostics };
  if (!opts.target) return out;
  const low = compile({ spec: valid.spec, ...(file !== undefined ? { name: file } : {}) }, opts.target, { stage: 'network', specSeed: conv.spec.seed });
  diagnostics.push(...intoNir(low.diagnostics));
  if (!low.graph) return out;
  if (low.report) {
    report.projections = low.report.projections;
    report.target = opts.target.name;
    diagnostics.push(...zeroedWarning(low.report.projections, g, dt, file));
  }
  if (!low.network) return out;
  out.lowered = low.network;
  // What the integers realise (semantics §1.1, §3.3), next to the Euler values.
  for (const row of report.parameters) {
    const pop = low.network.populations.find((p) => p.id === row.population);
    if (!pop || !pop.params || pop.params.model !== 'cuba') continue;
    const q = pop.params as CubaParams;
    const s = 2 ** (pop.voltageScaleLog2 ?? 0);
    row.lowered =
      row.parameter === 'alphaU' ? 1 - Math.min(4096, q.decayU + 1) / 4096
        : row.parameter === 'alphaV' ? 1 - q.decayV / 4096
          : row.parameter === 'vth' ? (q.vthMant * 64) / s
            : (q.biasMant * 2 ** q.biasExp) / s;
    row.quantisationError = row.lowered - row.euler;
  }
  return out;
}

/**
 * Diagnostics about the generated spec (validation, lowering) located in the NIR file the user
 * gave: a spec pointer /populations/i/... or /projections/j/... becomes the pointer of the NIR node
 * the population or projection came from; the spec pointer stays in the message.
 */
function intoNirFile(ds: Diagnostic[], spec: GraphSpec, net: NirNetwork, file?: string): Diagnostic[] {
  const nodeOfPopulation = (id: string | undefined) => net.populations.find((p) => p.id === id)?.node.path;
  return ds.map((d) => {
    if (file === undefined || d.file !== file || d.pointer === undefined) return d;
    const m = /^\/(populations|projections)\/(\d+)(\/|$)/.exec(d.pointer);
    let at: string | undefined;
    if (m && m[1] === 'populations') at = nodeOfPopulation(spec.populations[Number(m[2])]?.id);
    else if (m) {
      const sp = spec.projections[Number(m[2])];
      const pr = net.projections.find((x) => x.id === sp?.id);
      at = (pr?.structured?.kind === 'conv2d' ? pr.structured.node.path : undefined) ?? nodeOfPopulation(pr ? net.populations[pr.target].id : sp?.target);
    }
    return { ...d, pointer: at ?? '/node', message: `${d.message} (generated spec ${d.pointer || '/'})` };
  });
}

/**
 * Issue 12 item 7: lowering at the chosen dt rounded most nonzero weights to mantissa 0 (weights
 * scale with dt/tau, so a dt far below the time constants starves the network). One warning.
 */
function zeroedWarning(projections: ReadonlyArray<{ zeroed: number }>, g: NirGraph, dt: number, file?: string): Diagnostic[] {
  const zeroed = projections.reduce((s, q) => s + q.zeroed, 0);
  let nonzero = 0;
  for (const n of g.nodes) {
    const w = n.type === 'Linear' || n.type === 'Affine' || n.type === 'Conv1d' || n.type === 'Conv2d' ? n.params.weight : undefined;
    if (w) for (let i = 0; i < w.data.length; i++) if (w.data[i] !== 0) nonzero++;
  }
  if (nonzero === 0 || zeroed <= 0.5 * nonzero) return [];
  return [warning(NirCodes.weightsZeroed, `${zeroed} of about ${nonzero} nonzero weights rounded to 0 when lowered at dt = ${dt} s`, {
    file, pointer: '/node', expected: 'most weights nonzero after lowering', found: `${Math.round((100 * zeroed) / nonzero)}% zeroed`,
    fix: 'import with a larger --dt (closer to the time constants), or rescale the weights',
  })];
}
