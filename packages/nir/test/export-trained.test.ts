import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { expandSpec, loadTarget, lowerGraph, repoRoot, validateSpec } from '@snnc/ir';
import { graphToNirNodes } from '../src/index.js';

/**
 * A trained network's weights go out in voltage units as the chip applies them (docs/semantics.md
 * §2.2): (m >> -e) << 6 for a negative exponent, an arithmetic shift, so a negative mantissa rounds
 * toward minus infinity (-5 >> 2 = -2), not toward zero (trunc gave -1). Left untested by the
 * roundtrip test, whose exponents were not negative (mutation EX3).
 */
describe('nir: trained weights with a negative exponent', () => {
  it('export applies the chip\'s arithmetic shift: -5 at exponent -2 is -2 LSB of 2^6, +5 is +1', () => {
    const spec = validateSpec(JSON.parse(fs.readFileSync(path.join(repoRoot(), 'examples/srsnn-small.json'), 'utf8'))).spec!;
    const g = expandSpec(spec).graph!;
    const low = lowerGraph(g, loadTarget('loihi2').target!).network!;
    const k = 0;
    const p0 = low.projections[k];
    const weight = Int16Array.from(p0.weight, (_, s) => (s % 2 === 0 ? -5 : 5));
    const trained = { ...low, projections: low.projections.map((p, i) => (i === k ? { ...p, weightExp: -2, weight } : p)) };
    const { nodes, diagnostics } = graphToNirNodes(g, { trained });
    expect(diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const pr = g.projections[k];
    const node = nodes.find((n) => n.type === 'Linear' && n.name.startsWith(pr.id))!;
    expect(node, nodes.map((n) => `${n.name}:${n.type}`).join(' ')).to.not.equal(undefined);
    const data = (node.params.weight as { data: Float64Array }).data;
    const nPre = g.populations[pr.source].size;
    const lsb = 2 ** 6 / 2 ** (low.populations[p0.target].voltageScaleLog2 ?? 0);
    for (let s = 0; s < pr.pre.length; s++) {
      expect(data[pr.post[s] * nPre + pr.pre[s]], `synapse ${s}`).to.equal((s % 2 === 0 ? -2 : 1) * lsb);
    }
  });
});
