import { expect } from 'chai';
import { estimateHeap, heapRefusal, MEMORY_BYTES_PER_SAMPLE } from '../src/memory.js';

/** SNNC4330 names what the estimate grows with. */
describe('driver: the memory refusal names its dominant term', () => {
  const GB = 1e9;
  it('input rasters that are most of the estimate are named, with the fix that shrinks them (it named the per-step cost of what a run keeps)', () => {
    const e = estimateHeap({ synapses: 1000, samples: 2, sampleBytes: 3 * GB, kept: { steps: 10, samples: 2 } }, 64 * GB, 4 * GB);
    const d = heapRefusal('verifying 2 samples', e)!;
    expect(d.message).to.contain('2 input raster(s) of 3000000000 bytes each (steps x inputs), 6.0 GB');
    expect(d.fix).to.contain('fewer timesteps per sample');
  });
  it('a large network is still described per synapse', () => {
    const e = estimateHeap({ synapses: 1e9, samples: 1, sampleBytes: 10 }, 1e13, 4 * GB);
    const d = heapRefusal('compiling', e)!;
    expect(d.message).to.contain('bytes per synapse');
    expect(d.message).to.not.contain('input raster');
    expect(MEMORY_BYTES_PER_SAMPLE).to.be.greaterThan(0);
  });
  it('the heap refusal too: a large network with a few samples is described per synapse, a long kept run by what it keeps', () => {
    const net = heapRefusal('compiling', estimateHeap({ synapses: 1e9, samples: 1 }, 4 * GB, 1e13))!;
    expect(net.message).to.contain('bytes per synapse');
    expect(net.message).to.not.contain('per input sample held');
    const run = heapRefusal('verifying', estimateHeap({ synapses: 10, kept: { steps: 1e9, samples: 1 } }, 4 * GB, 1e13))!;
    expect(run.message).to.contain('kept in the result');
  });
});
