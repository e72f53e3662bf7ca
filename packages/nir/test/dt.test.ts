/**
 * Issue 12 item 7, NIR time steps: import warns when dt is far below a time constant (the 12-bit
 * decay cannot hold dt/tau, and the weights, which scale with dt, round to zero), and export writes
 * its time constants for the dt recorded at import, so a round trip keeps tau_mem and tau_syn.
 */
import { expect } from 'chai';
import path from 'node:path';
import { loadTarget, type GraphSpec } from '@snnc/ir';
import { compile } from '@snnc/driver';
import { exportNirFile, importNirFile, readNirFile, writeNirFile, type WriteNode } from '../src/index.js';
import { ints, scratch, vec } from './helpers.js';

/** input(2) -> Linear -> CubaLIF(3) -> output, with the given time constants, r = w_in = 1. */
function cubaGraph(tauMem: number, tauSyn: number): { nodes: WriteNode[]; edges: [string, string][] } {
  const n = 3, m = 2;
  const w = Array.from({ length: n * m }, (_, i) => ((i % 3) - 1) * 0.5 + 0.25);
  const c = (x: number) => vec(new Array(n).fill(x));
  return {
    nodes: [
      { name: 'input', type: 'Input', params: { shape: ints([m]) } },
      { name: 'fc', type: 'Linear', params: { weight: vec(w, [n, m]) } },
      { name: 'lif', type: 'CubaLIF', params: { tau_mem: c(tauMem), tau_syn: c(tauSyn), r: c(1), w_in: c(1), v_leak: c(0), v_threshold: c(0.1), v_reset: c(0) } },
      { name: 'output', type: 'Output', params: { shape: ints([n]) } },
    ],
    edges: [['input', 'fc'], ['fc', 'lif'], ['lif', 'output']],
  };
}

describe('nir: time steps (issue 12 item 7)', () => {
  it('export uses the dt recorded at import: tau_mem and tau_syn survive a round trip (not 10x off)', async () => {
    const dir = scratch();
    const src = path.join(dir, 'a.nir');
    const g = cubaGraph(0.02, 0.005);
    await writeNirFile(src, g.nodes, g.edges);
    const imp = await importNirFile(src, { dt: 1e-4, timesteps: 10 });
    expect(imp.spec!.dt).to.equal(1e-4);
    // the spec as a user has it: written, read back, compiled
    const c = compile({ text: JSON.stringify(imp.spec), name: 'a.json' }, undefined, { stage: 'graph' });
    const spec = c.spec as GraphSpec;
    expect(spec.dt).to.equal(1e-4);
    const out = path.join(dir, 'b.nir');
    const e = await exportNirFile(c.graph!, out, { spec }); // no dt given
    expect(e.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const back = await readNirFile(out);
    const lif = back.graph!.nodes.find((n) => n.type === 'CubaLIF')!;
    expect(lif.params.tau_mem.data[0]).to.be.closeTo(0.02, 1e-9);
    expect(lif.params.tau_syn.data[0]).to.be.closeTo(0.005, 1e-9);
    // an explicit dt still wins
    await exportNirFile(c.graph!, out, { spec, dt: 1e-3 });
    const other = (await readNirFile(out)).graph!.nodes.find((n) => n.type === 'CubaLIF')!;
    expect(other.params.tau_mem.data[0]).to.be.closeTo(0.2, 1e-9);
  });

  it('dt far below the time constants warns at import (SNNC6030, located at the time constant) and, lowered, that most weights rounded to zero (SNNC6031)', async () => {
    const dir = scratch();
    const src = path.join(dir, 'slow.nir');
    const g = cubaGraph(0.05, 0.01);
    await writeNirFile(src, g.nodes, g.edges);
    const target = loadTarget('loihi1').target!;
    const slow = await importNirFile(src, { dt: 1e-6, timesteps: 10, target });
    const w = slow.diagnostics.filter((d) => d.code === 'SNNC6030');
    expect(w.map((d) => [d.severity, d.pointer])).to.deep.equal([
      ['warning', '/node/nodes/lif/tau_syn'],
      ['warning', '/node/nodes/lif/tau_mem'],
    ]);
    expect(w[0].found).to.equal('0.000100'); // dt/tau_syn = 1e-6 / 0.01
    const z = slow.diagnostics.filter((d) => d.code === 'SNNC6031');
    expect(z).to.have.length(1);
    expect(slow.report!.projections!.reduce((s, q) => s + q.zeroed, 0)).to.be.greaterThan(3);
    // a dt of 1/100 of the shorter time constant is quiet
    const ok = await importNirFile(src, { dt: 1e-4, timesteps: 10, target });
    expect(ok.diagnostics.filter((d) => d.code === 'SNNC6030' || d.code === 'SNNC6031')).to.deep.equal([]);
  });
});
