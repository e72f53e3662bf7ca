import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { expandSpec, repoRoot, specSynapseEstimate, synapseCount, validateSpec, type NetworkSpec, type SrsnnSpec } from '@snnc/ir';
import { EXPANSION_BYTES_PER_SYNAPSE, expansionRefusal, HEAP_REFUSAL_CODE } from '../src/index.js';

/**
 * Expansion against the machine's memory (memory.ts expansionRefusal): a spec within the IR's
 * expansion limit (300M synapses) can still need more memory than the machine has while it is
 * expanded (about 18 bytes per synapse measured, KB of 1,024), before any later stage's estimate runs.
 */
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(repoRoot(), p), 'utf8'));

describe('driver: expansion memory refused before expanding', () => {
  const big = (): SrsnnSpec => {
    const s = read('examples/srsnn-small.json') as SrsnnSpec;
    s.layers[0].size = 65535; // 216M synapses, 3.9 GB peak when expanded and lowered
    return s;
  };

  it('on a 4 GB machine, the 216M-synapse spec is refused at the field that contributes most, with a value that fits', () => {
    const d = expansionRefusal(specSynapseEstimate(big()), 'big.json', 4e9)!;
    expect(d).to.include({ code: HEAP_REFUSAL_CODE, file: 'big.json', pointer: '/layers/0/recurrent/interDensity', severity: 'error' });
    expect(d.message).to.match(/about 2161\d{5} synapses, more than expanding it can hold in this machine's memory \(4\.0 GB/);
    const fits = Number(d.fix!.match(/^set interDensity to ([\d.]+) or less \(now 0\.05\)/)![1]);
    expect(fits).to.be.above(0).and.below(0.05);
    // the fix is enough, and the estimate it is judged by holds 90% of 4 GB at 24 bytes a synapse
    const s = big();
    s.layers[0].recurrent.interDensity = fits;
    const e = specSynapseEstimate(s);
    expect(expansionRefusal(e, 'big.json', 4e9)).to.equal(undefined);
    expect(e.total * EXPANSION_BYTES_PER_SYNAPSE).to.be.below(0.9 * 4e9);
    // with this machine's memory (or 16 GB), the spec is not refused
    expect(expansionRefusal(specSynapseEstimate(big()), 'big.json', 16e9)).to.equal(undefined);
  });

  it('the estimate it judges is what expansion draws: within 4 binomial sd on every srsnn example, never below on a graph (a padded window is counted whole)', () => {
    const dir = path.join(repoRoot(), 'examples');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    let checked = 0;
    for (const f of files) {
      const v = validateSpec(read(`examples/${f}`), f);
      if (!v.spec || !('kind' in v.spec)) continue;
      const spec = v.spec as NetworkSpec;
      const est = specSynapseEstimate(spec).total;
      if (est > 5e6) continue; // the MNIST defaults: seconds each, covered by their kin
      const g = expandSpec(spec).graph!;
      const drawn = synapseCount(g), sd = Math.sqrt(est);
      expect(drawn, `${f}: estimate ${est}`).to.be.within(spec.kind === 'srsnn' ? est - 4 * sd : est / 2, est + 4 * sd);
      checked++;
    }
    expect(checked).to.be.greaterThan(3);
  });
});
