import { expect } from 'chai';
import { blockAt, B_DELAY, packSynapses, validateImage } from '../src/index.js';
import { tinyImage } from './fixtures.js';

const codesOf = (mut: (img: ReturnType<typeof tinyImage>) => void) => {
  const img = tinyImage();
  mut(img);
  return validateImage(img).map((d) => d.pointer);
};

describe('image validation', () => {
  it('accepts the hand-made image', () => {
    expect(validateImage(tinyImage())).to.deep.equal([]);
  });
  it('refuses a finite cost or clock so large that a run\'s totals would be Infinity, at its row', () => {
    const at = (mut: (img: ReturnType<typeof tinyImage>) => void) => {
      const img = tinyImage();
      mut(img);
      return validateImage(img).map((d) => `${d.code} ${d.pointer}`);
    };
    expect(at((img) => (img.cost.energyPJ.synapticOp = 1e308))).to.deep.equal(['SNNC4010 /cost/energyPJ/synapticOp']);
    expect(at((img) => (img.cost.timeNs.barrier = 1e300))).to.deep.equal(['SNNC4010 /cost/timeNs/barrier']);
    expect(at((img) => (img.cost.clockMHz = 1e300))).to.deep.equal(['SNNC4010 /cost/clockMHz']);
    expect(at((img) => (img.cost.energyPJ.synapticOp = 1e6))).to.deep.equal([]);
  });

  it('refuses an srlif targetRate outside Q12 [0, 4096] (§3.2), as it refuses initSbar there', () => {
    const cfg = (i: ReturnType<typeof tinyImage>) => i.cores.flatMap((c, ci) => c.configs.map((k, ki) => ({ k, at: `/cores/${ci}/configs/${ki}` }))).find((x) => x.k.model === 'srlif')!;
    for (const bad of [-1, 4097, -(2 ** 31)]) {
      const img = tinyImage();
      const { k, at } = cfg(img);
      (k as { targetRate: number }).targetRate = bad;
      expect(validateImage(img).map((d) => d.pointer), String(bad)).to.deep.equal([at]);
    }
  });

  it('a per-core limit names the limit, the value and the fix', () => {
    const img = tinyImage();
    img.limits.synapseMemoryBits = img.cores[0].synapseBits - 1;
    const d = validateImage(img).find((x) => x.code === 'SNNC4012')!;
    expect(d).to.include({ pointer: '/cores/0/synapseBits', expected: `<= ${img.limits.synapseMemoryBits} (limits/synapseMemoryBits)`, found: String(img.cores[0].synapseBits) });
    expect(d.fix).to.match(/recompile/);
  });
  it('refuses a graded host port (§2.4) on a target without graded input spikes (format 2.1), with the fix; accepts it on one with them', () => {
    expect(codesOf((i) => (i.hostPorts[1].graded = true))).to.deep.equal(['/hostPorts/1/graded']);
    const img = tinyImage();
    img.hostPorts[1].graded = true;
    expect(validateImage(img)[0]).to.include({ code: 'SNNC4010', found: 'formats.gradedInputSpikes false' });
    expect(validateImage(img)[0].fix).to.match(/recompile/);
    img.formats.gradedInputSpikes = true;
    expect(validateImage(img)).to.deep.equal([]);
  });
  it('refuses a route to a missing axon', () => {
    expect(codesOf((i) => (i.cores[0].routeAxon[1] = 9))).to.deep.equal(['/cores/0/routeCore/1']);
  });
  it('refuses a sparse slot out of range', () => {
    expect(codesOf((i) => (blockAt(i.cores[0].synapses, 1, 0)!.slots[0] = 2))[0]).to.equal('/cores/0/axons/1/blocks/0/slots/0');
  });
  it('refuses a weight that does not fit its bits', () => {
    expect(codesOf((i) => (blockAt(i.cores[0].synapses, 0, 0)!.weights[0] = 128))[0]).to.equal('/cores/0/axons/0/blocks/0/weights/0');
  });
  it('refuses a duplicated canonical synapse index', () => {
    expect(codesOf((i) => (blockAt(i.cores[0].synapses, 1, 0)!.synapseIndex[0] = 0))).to.deep.equal(['/management/learning/plastic']);
  });
  it('refuses a neuron placed twice and a missing neuron', () => {
    expect(codesOf((i) => (i.cores[0].probeNeuron[1] = 0))).to.deep.equal(['/cores/0/probeNeuron/1']);
  });
  it('refuses population sizes that do not match the placed neurons (before allocating)', () => {
    expect(codesOf((i) => (i.populations[1].size = 0xffffffff))).to.deep.equal(['/populations']);
  });
  it('refuses a delay beyond the delay line', () => {
    expect(codesOf((i) => (i.cores[0].synapses.blocks[blockAt(i.cores[0].synapses, 1, 0)!.word + B_DELAY] = 3))[0]).to.equal('/cores/0/axons/1/blocks/0');
  });
  it('refuses synapse memory whose counts disagree with its arrays (before any reader indexes it)', () => {
    expect(codesOf((i) => (i.cores[1].synapses.axonBlocks[0] = 5))).to.deep.equal(['/cores/1/synapses']);
    expect(codesOf((i) => (i.cores[0].synapses.weights = Int32Array.of(20, -3)))).to.deep.equal(['/cores/0/synapses']);
  });
  it('accepts a hole in a plastic dense block only with weight 0', () => {
    const hole = (w: number) => (i: ReturnType<typeof tinyImage>) => {
      const sm = i.cores[1].synapses;
      const b0 = blockAt(sm, 0, 0)!, b1 = blockAt(sm, 1, 0)!;
      i.cores[1].synapses = packSynapses([{ blocks: [{ ...b0, weights: Int32Array.of(5, w, -5), synapseIndex: Uint32Array.of(0, 0xffffffff, 1) }] }, { blocks: [b1] }]);
      i.cores[1].compartmentConfig = Uint32Array.of(0, 0, 0);
      for (const k of ['initVth', 'initSbar'] as const) i.cores[1][k] = new Int32Array(3);
      i.cores[1].probePopulation = Uint32Array.of(2, 2, 2);
      i.cores[1].probeNeuron = Uint32Array.of(0, 1, 2);
      i.cores[1].routeCount = new Uint32Array(3);
      i.cores[1].learning = { ...i.cores[1].learning, modBlock: Int32Array.of(-1, -1, -1), modRow: Int32Array.of(-1, -1, -1), readoutClass: Int32Array.of(0, 1, 1) };
      i.populations[2].size = 3;
    };
    expect(codesOf(hole(0))).to.deep.equal([]);
    expect(codesOf(hole(1))[0]).to.equal('/cores/1/axons/0/blocks/0/synapseIndex/1');
  });
  it('refuses cores out of order and outside the mesh', () => {
    expect(codesOf((i) => i.cores.reverse())).to.include('/cores/1/id');
    expect(codesOf((i) => (i.cores[1].x = 2))).to.deep.equal(['/cores/1']);
  });
  it('refuses a synapse-bit total that does not match its blocks', () => {
    expect(codesOf((i) => (i.cores[1].synapseBits = 1))).to.deep.equal(['/cores/1/synapseBits']);
  });
  it('refuses content a checksum cannot: vth below zero, sbar outside Q12, a learning program for a chip without learning, zero limits', () => {
    expect(codesOf((i) => (i.cores[0].initVth[0] = -1))).to.deep.equal(['/cores/0/initVth/0']);
    expect(codesOf((i) => (i.cores[0].initSbar[0] = 5000))).to.deep.equal(['/cores/0/initSbar/0']);
    expect(codesOf((i) => (i.limits.learningSupported = false))).to.deep.equal(['/limits/learningSupported']);
    expect(codesOf((i) => (i.limits.maxEpochSteps = 0))).to.deep.equal(['/limits/maxEpochSteps']);
    expect(codesOf((i) => (i.limits.maxEpochSteps = 2.5))).to.deep.equal(['/limits/maxEpochSteps']);
  });
  it('§4 potential score: 0 or 1; 1 only on srlif readout compartments with thresholds >= 1 and class scores inside 32 bits', () => {
    // the readout (core 5) as srlif, threshold 1000 (vthMin 500)
    const srlif = (i: ReturnType<typeof tinyImage>) => {
      i.cores[1].configs = [{ ...(i.cores[0].configs[0]) }];
      i.cores[1].initVth = Int32Array.of(1000, 1000);
      i.management.learning!.readoutScore = 1;
    };
    expect(codesOf(srlif)).to.deep.equal([]);
    expect(codesOf((i) => (i.management.learning!.readoutScore = 2))).to.deep.equal(['/management/learning/readoutScore']);
    // the hand-made image's readout is cuba: no threshold to divide by
    expect(codesOf((i) => (i.management.learning!.readoutScore = 1))).to.deep.equal(['/management/readoutCore/0']);
    expect(codesOf((i) => { srlif(i); i.cores[1].initVth[1] = 0; })).to.deep.equal(['/management/readoutCore/1']);
    // threshold 1 at 32-bit voltages: one compartment's r reaches 2^39, its class's score 2^31
    expect(codesOf((i) => { srlif(i); i.cores[1].configs[0] = { ...i.cores[1].configs[0], vthMin: 1 } as never; i.formats.voltageBits = 32; })).to.deep.equal(['/management/learning/readoutScore']);
  });
});
