import { expect } from 'chai';
import { blockAt, blockCount, B_BASE_SLOT, B_DELAY, B_RULE, B_WEIGHT_EXP, emptySynapsesOf, NO_SYNAPSE, packSynapses, plasticEntries, validateImage, validateStreamed, type SynapseBlock } from '../src/index.js';
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

type Img = ReturnType<typeof tinyImage>;
/** Exactly the pointers each mutation of the hand-made image is refused at ([] = accepted). */
const table = (rows: [string, (i: Img) => void, string[]][]) => {
  for (const [what, mut, pointers] of rows) expect(codesOf(mut), what).to.deep.equal(pointers);
};

describe('image validation: every range of docs/chip-image.md at both ends', () => {
  it('header fields: timesteps 1..2^19, the mesh and the host tile inside it, 2..32-bit formats, a 1..4096 delay line, costs >= 0 and a clock > 0', () => {
    table([
      ['timesteps 1', (i) => (i.timesteps = 1), []],
      ['timesteps 2^19', (i) => (i.timesteps = 2 ** 19), []],
      ['timesteps 0', (i) => (i.timesteps = 0), ['/timesteps']],
      ['timesteps 2^19 + 1', (i) => (i.timesteps = 2 ** 19 + 1), ['/timesteps']],
      ['coresPerChip not meshX x meshY x coresPerTile', (i) => (i.mesh.coresPerChip = 17), ['/mesh/coresPerChip']],
      // LIMITS.systemTiles (2^20): exactly that many tiles is a system, one row of chips more is not
      ['2^20 tiles', (i) => Object.assign(i.mesh, { meshX: 1024, meshY: 1, coresPerChip: 4096, chipsX: 1024, chipsY: 1 }), []],
      ['2^21 tiles', (i) => Object.assign(i.mesh, { meshX: 1024, meshY: 1, coresPerChip: 4096, chipsX: 1024, chipsY: 2 }), ['/mesh']],
      ['host at the last tile', (i) => Object.assign(i.mesh, { hostX: 1, hostY: 1 }), []],
      ['host x one past the mesh', (i) => (i.mesh.hostX = 2), ['/mesh/hostX']],
      ['host y one past the mesh', (i) => (i.mesh.hostY = 2), ['/mesh/hostX']],
      ['voltageBits 2, currentBits 32', (i) => Object.assign(i.formats, { voltageBits: 2, currentBits: 32 }), []],
      ['voltageBits 1', (i) => (i.formats.voltageBits = 1), ['/formats']],
      ['currentBits 33', (i) => (i.formats.currentBits = 33), ['/formats']],
      ['maxDelay 4096', (i) => (i.formats.maxDelay = 4096), []],
      ['maxDelay 0', (i) => (i.formats.maxDelay = 0), ['/formats/maxDelay']],
      ['maxDelay 4097', (i) => (i.formats.maxDelay = 4097), ['/formats/maxDelay']],
      ['the first host port graded (§2.4)', (i) => (i.hostPorts[0].graded = true), ['/hostPorts/0/graded']],
      ['a cost of 0', (i) => (i.cost.timeNs.barrier = 0), []],
      ['a negative cost', (i) => (i.cost.timeNs.barrier = -1), ['/cost/timeNs/barrier']],
      ['clock 0 MHz', (i) => (i.cost.clockMHz = 0), ['/cost/clockMHz']],
      ['clock 1e6 MHz', (i) => (i.cost.clockMHz = 1e6), []],
      ['learningStateBits -1', (i) => (i.limits.learningStateBits = -1), ['/limits']],
    ]);
  });

  it('a refused header stops validation before any core is read (one diagnostic, not one per core it would misread)', () => {
    expect(codesOf((i) => { i.timesteps = 0; i.cores[0].initVth[0] = -1; i.cores[1].x = 9; })).to.deep.equal(['/timesteps']);
  });

  it('at most 20 diagnostics however many fields are wrong', () => {
    const d = codesOf((i) => {
      for (const row of [i.cost.energyPJ, i.cost.timeNs]) for (const k of Object.keys(row) as (keyof typeof row)[]) row[k] = -1;
      Object.assign(i, { timesteps: 0 });
      Object.assign(i.formats, { voltageBits: 1, maxDelay: 0 });
      i.cost.clockMHz = 0;
    });
    expect(d).to.have.length(20);
  });

  it('cores: ids below the system\'s core count, location inside the mesh', () => {
    expect(codesOf((i) => (i.cores[1].id = 16))[0]).to.equal('/cores/1/id');
    table([
      ['coreInTile = coresPerTile', (i) => (i.cores[1].coreInTile = 4), ['/cores/1']],
      ['coreInTile = coresPerTile - 1', (i) => (i.cores[1].coreInTile = 3), []],
    ]);
  });

  it('sizes that must agree before anything is allocated from them: neurons vs compartments and host ports, declared vs stored plastic synapses', () => {
    table([
      ['a population smaller than its placed neurons', (i) => (i.populations[1].size = 1), ['/populations']],
    ]);
    const img = tinyImage();
    img.management.learning!.plastic[0].synapses = 4;
    const d = validateImage(img);
    expect(d.map((x) => [x.pointer, x.found])).to.deep.equal([['/management/learning/plastic', '7 vs 6']]);
  });

  it('a projection listed twice in the learning program is refused, even when the counts add up', () => {
    expect(codesOf((i) => {
      const l = i.management.learning!;
      l.plastic = [l.plastic[0], { projection: 0, synapses: 0, rule: 'threeFactor' }, l.plastic[1]];
    })).to.deep.equal(['/management/learning/plastic/1']);
  });

  it('host ports: an input neuron (index below its size), one port per neuron, one axon per core', () => {
    table([
      ['neuron = size', (i) => (i.hostPorts[1].neuron = 2), ['/hostPorts/1']],
      ['two ports on one neuron', (i) => (i.hostPorts[1].neuron = 0), ['/hostPorts/1']],
      ['core and axon lengths differ', (i) => (i.hostPorts[0].axon = Uint32Array.of(0, 1)), ['/hostPorts/0']],
    ]);
    const img = tinyImage();
    img.hostPorts[1] = { ...img.hostPorts[1], population: 1, neuron: 0 };
    const d = validateImage(img);
    expect(d.map((x) => x.pointer)).to.deep.equal(['/hostPorts/1']);
    expect(d[0].message).to.contain('names no input neuron');
  });

  it('management: readout slots and classes in range; the learning program\'s fields at both ends', () => {
    const L = (i: Img) => i.management.learning!;
    table([
      ['readout slot = compartments', (i) => (i.management.readoutSlot[1] = 2), ['/management/readoutCore/1']],
      ['readout class = classes', (i) => (i.management.readoutClass[1] = 2), ['/management/readoutCore/1']],
      ['a 257-entry tanh table', (i) => (L(i).tanhTable = new Int32Array(257)), ['/management/learning/tanhTable']],
      ['decayE 4096', (i) => (L(i).decayE = 4096), []],
      ['decayE 4097', (i) => (L(i).decayE = 4097), ['/management/learning']],
      ['eligibility 2', (i) => (L(i).eligibility = 2), ['/management/learning/eligibility']],
      ['readoutDecayShift 30', (i) => (L(i).readoutDecayShift = 30), []],
      ['readoutDecayShift 31', (i) => (L(i).readoutDecayShift = 31), ['/management/learning/readoutDecayShift']],
      ['rateRegMant 255', (i) => (L(i).rateRegMant = 255), []],
      ['rateRegMant 256', (i) => (L(i).rateRegMant = 256), ['/management/learning/rateRegMant']],
      ['rateRegShift 31', (i) => (L(i).rateRegShift = 31), ['/management/learning/rateRegMant']],
      ['gamma +-2^20', (i) => (L(i).gamma = -(2 ** 20)), []],
      ['gamma -2^20 - 1', (i) => (L(i).gamma = -(2 ** 20) - 1), ['/management/learning/gamma']],
      ['gamma 2^20 + 1', (i) => (L(i).gamma = 2 ** 20 + 1), ['/management/learning/gamma']],
      ['a tanh entry of 2^15', (i) => (L(i).tanhTable[0] = 2 ** 15), []],
      ['a tanh entry of 2^15 + 1', (i) => (L(i).tanhTable[0] = 2 ** 15 + 1), ['/management/learning/tanhTable']],
      // learnMant x max|tanh| <= 2^22 keeps the learning products exact
      ['learnMant 128 at max|tanh| 2^15', (i) => { L(i).tanhTable[0] = 2 ** 15; i.cores[0].learning.rules[0].learnMant = 128; }, []],
      ['learnMant 129 at max|tanh| 2^15', (i) => { L(i).tanhTable[0] = 2 ** 15; i.cores[0].learning.rules[0].learnMant = 129; }, ['/cores/0/learning/rules/0/learnMant']],
      ['a block of 3 classes in a 2-class image', (i) => Object.assign(L(i).blocks[0], { c: 3, B: new Int8Array(6) }), ['/management/learning/blocks/0']],
      ['Wem of 1 entry for m x n = 2', (i) => (L(i).blocks[0].Wem = Int8Array.of(5)), ['/management/learning/blocks/0']],
      ['emShift 52', (i) => (L(i).blocks[0].emShift = 52), []],
      ['emShift 53', (i) => (L(i).blocks[0].emShift = 53), ['/management/learning/blocks/0']],
    ]);
  });

  it('§5.10 SAL: H of m x c entries, and the statistic exact: mant x 127 x classes x readout neurons x T^2 < 2^47', () => {
    const sal = (T: number, H = new Int8Array(2)) => (i: Img) => {
      i.timesteps = T;
      i.management.learning!.blocks[0].sal = { mant: 4095, leak: 0, shift: 0, decayS: 0, H, keyProjection: 2 };
    };
    // 4095 x 127 x 2 x 2 x T^2 crosses 2^47 between T = 8225 and 8226
    table([
      ['T 8225', sal(8225), []],
      ['T 8226', sal(8226), ['/management/learning/blocks/0/sal']],
      ['H of 3 entries', sal(8, new Int8Array(3)), ['/management/learning/blocks/0/sal']],
    ]);
  });

  it('§4 potential score: the reason of a refused readout is its model, and the bound counts every compartment of a class', () => {
    const img = tinyImage();
    img.management.learning!.readoutScore = 1;
    expect(validateImage(img)[0]).to.include({ pointer: '/management/readoutCore/0', found: 'cuba' });
    // both readout compartments in class 0, thresholds down to m, 32-bit voltages:
    // n (T + 2^31 / m + 1) + 1 < 2^31 holds for one compartment at m = 2 but not for two; two pass at m = 3
    const score = (m: number) => (i: Img) => {
      i.cores[1].configs = [{ ...(i.cores[0].configs[0]), vthMin: m } as never];
      i.cores[1].initVth = Int32Array.of(1000, 1000);
      i.management.learning!.readoutScore = 1;
      i.management.readoutClass = Uint32Array.of(0, 0);
      i.formats.voltageBits = 32;
    };
    table([
      ['two compartments of one class, m = 2', score(2), ['/management/learning/readoutScore']],
      ['two compartments of one class, m = 3', score(3), []],
      ['one compartment a class, m = 2', (i) => { score(2)(i); i.management.readoutClass = Uint32Array.of(0, 1); }, []],
    ]);
  });

  it('compartments: configs, thresholds, rates, probes, learning rows and classes at both ends', () => {
    const C = (i: Img) => i.cores[0];
    table([
      ['a route to axon = the axon count', (i) => (C(i).routeAxon[1] = 2), ['/cores/0/routeCore/1']],
      ['initSbar of one entry for two compartments', (i) => (C(i).initSbar = Int32Array.of(205)), ['/cores/0/initSbar', '/management/learning/plastic']],
      ['vthMin > vthMax', (i) => (C(i).configs[0] = { ...C(i).configs[0], vthMin: 5000 } as never), ['/cores/0/configs/0']],
      ['cuba decayU 4096', (i) => (i.cores[1].configs[0] = { ...i.cores[1].configs[0], decayU: 4096 } as never), ['/cores/1/configs/0']],
      ['cuba biasExp 24', (i) => (i.cores[1].configs[0] = { ...i.cores[1].configs[0], biasExp: 24 } as never), []],
      ['cuba biasExp 25', (i) => (i.cores[1].configs[0] = { ...i.cores[1].configs[0], biasExp: 25 } as never), ['/cores/1/configs/0']],
      ['config index = configs', (i) => (C(i).compartmentConfig[1] = 1), ['/cores/0/compartmentConfig/1']],
      ['initSbar 4096', (i) => (C(i).initSbar[0] = 4096), []],
      ['initSbar 4097', (i) => (C(i).initSbar[0] = 4097), ['/cores/0/initSbar/0']],
      ['a compartment probing an input neuron', (i) => { C(i).probePopulation[1] = 0; C(i).probeNeuron[1] = 0; }, ['/cores/0/probePopulation/1']],
      ['probe neuron = population size', (i) => (C(i).probeNeuron[1] = 2), ['/cores/0/probePopulation/1']],
      ['modulatory row = the block\'s n', (i) => (C(i).learning.modRow[1] = 2), ['/cores/0/learning/modBlock/1']],
      ['readout class -2', (i) => (C(i).learning.readoutClass[1] = -2), ['/cores/0/learning/readoutClass/1']],
      ['readout class = classes', (i) => (C(i).learning.readoutClass[1] = 2), ['/cores/0/learning/readoutClass/1']],
      ['route counts beyond the route table', (i) => (C(i).routeCore = Uint32Array.of(5)), ['/cores/0/routeCount', '/management/learning/plastic']],
      ['learnShift 30', (i) => (C(i).learning.rules[0].learnShift = 30), []],
      ['learnShift 31', (i) => (C(i).learning.rules[0].learnShift = 31), ['/cores/0/learning/rules/0']],
    ]);
    expect(codesOf((i) => (C(i).learning.rules[0].weightBits = 17))).to.include('/cores/0/learning/rules/0');
  });

  it('per-core limits: a core exactly at every limit is accepted, one over each is SNNC4012', () => {
    const at = (i: Img) => Object.assign(i.limits, { maxCompartments: 2, maxInputAxons: 2, maxOutputAxons: 2, synapseMemoryBits: 128, learningStateBits: 32 });
    expect(validateImage((() => { const i = tinyImage(); at(i); return i; })())).to.deep.equal([]);
    for (const [k, pointer] of [['maxCompartments', '/cores/0/compartmentConfig'], ['maxInputAxons', '/cores/0/synapses'], ['maxOutputAxons', '/cores/0/routeCount'], ['synapseMemoryBits', '/cores/0/synapseBits'], ['learningStateBits', '/cores/0/learningStateBits']] as const) {
      const img = tinyImage();
      at(img);
      img.limits[k]--;
      expect(validateImage(img).filter((d) => d.code === 'SNNC4012').map((d) => d.pointer), k).to.include(pointer);
    }
  });
});

describe('image validation: synapse blocks', () => {
  type Img = ReturnType<typeof tinyImage>;
  const word = (i: Img, core: number, axon: number) => blockAt(i.cores[core].synapses, axon, 0)!.word;
  const setField = (core: number, axon: number, field: number, v: number) => (i: Img) => (i.cores[core].synapses.blocks[word(i, core, axon) + field] = v);
  /** core 0 with its two blocks replaced (compartments, plastic declaration and bits unchanged) */
  const core0Blocks = (a0: Partial<SynapseBlock>, a1: Partial<SynapseBlock> = {}) => (i: Img) => {
    const sm = i.cores[0].synapses;
    const b0 = blockAt(sm, 0, 0)!, b1 = blockAt(sm, 1, 0)!;
    i.cores[0].synapses = packSynapses([{ blocks: [{ ...b0, ...a0 }] }, { blocks: [{ ...b1, ...a1 }] }]);
  };
  const blockRows: [string, (i: Img) => void, string[]][] = [
    ['weightExp -6', setField(0, 1, B_WEIGHT_EXP, -6), []],
    ['weightExp -7', setField(0, 1, B_WEIGHT_EXP, -7), ['/cores/0/axons/1/blocks/0']],
    ['weightExp 7', setField(0, 1, B_WEIGHT_EXP, 7), []],
    ['weightExp 8', setField(0, 1, B_WEIGHT_EXP, 8), ['/cores/0/axons/1/blocks/0']],
    ['rule = rules + 1', setField(0, 1, B_RULE, 2), ['/cores/0/axons/1/blocks/0']],
    ['weight -128 in 8 bits', (i) => (blockAt(i.cores[0].synapses, 1, 0)!.weights[0] = -128), []],
    ['weight -129 in 8 bits', (i) => (blockAt(i.cores[0].synapses, 1, 0)!.weights[0] = -129), ['/cores/0/axons/1/blocks/0/weights/0']],
    ['weight 127 in 8 bits', (i) => (blockAt(i.cores[0].synapses, 1, 0)!.weights[0] = 127), []],
    ['a dense block one slot past the core', setField(0, 0, B_BASE_SLOT, 1), ['/cores/0/axons/0/blocks/0']],
    ['a dense block with slots', core0Blocks({ slots: Uint32Array.of(0, 1) }), ['/cores/0/axons/0/blocks/0']],
    ['a sparse block with fewer slots than weights', core0Blocks({}, { slots: new Uint32Array(0) }), ['/cores/0/axons/1/blocks/0']],
    ['a plastic block with fewer indices than weights', (i) => { core0Blocks({ synapseIndex: Uint32Array.of(0) }, { synapseIndex: Uint32Array.of(1) })(i); i.management.learning!.plastic[0].synapses = 2; }, ['/cores/0/axons/0/blocks/0']],
    ['a delta projection under a three-factor rule', (i) => (i.management.learning!.plastic[0].rule = 'delta'), ['/cores/0/axons/0/blocks/0', '/cores/0/axons/1/blocks/0', '/management/learning/plastic']],
    ['a rule of 7-bit weights over 8-bit blocks', (i) => (i.cores[0].learning.rules[0].weightBits = 7), ['/cores/0/axons/0/blocks/0', '/cores/0/axons/1/blocks/0', '/management/learning/plastic']],
    ['canonical index = the projection\'s synapses', (i) => (blockAt(i.cores[0].synapses, 1, 0)!.synapseIndex[0] = 3), ['/cores/0/axons/1/blocks/0/synapseIndex/0']],
  ];
  it('block header fields at both ends, formats, and plastic blocks against their projection and rule', () => {
    // a refused block's synapses are not counted as seen: its projection is refused as well (checked here for the first pointer only)
    for (const [what, mut, pointers] of blockRows) expect(codesOf(mut).slice(0, Math.max(1, pointers.length)), what).to.deep.equal(pointers.length ? pointers : []);
  });
  it('learning rules on the cores of an image without a learning program are refused', () => {
    const inference = (keepRules: boolean) => (i: Img) => {
      i.management.learning = null;
      for (const c of i.cores) {
        const sm = c.synapses;
        c.synapses = packSynapses([0, 1].map((a) => ({ blocks: [{ ...blockAt(sm, a, 0)!, rule: 0, synapseIndex: new Uint32Array(0) }] })));
        c.learning.modBlock = Int32Array.of(-1, -1);
        if (!keepRules) c.learning.rules = [];
      }
    };
    expect(codesOf(inference(false))).to.deep.equal([]);
    expect(codesOf(inference(true))).to.deep.equal(['/cores/0/learning/rules', '/cores/1/learning/rules']);
  });
  it('a static block may not carry canonical indices, not even holes', () => {
    const statics = (indices: Uint32Array) => (i: Img) => {
      core0Blocks({ rule: 0, projection: 2, synapseIndex: indices, weights: Int32Array.of(0, 0) }, { synapseIndex: Uint32Array.of(0) })(i);
      i.management.learning!.plastic[0].synapses = 1;
    };
    expect(codesOf(statics(new Uint32Array(0)))).to.deep.equal([]);
    expect(codesOf(statics(Uint32Array.of(NO_SYNAPSE, NO_SYNAPSE)))).to.deep.equal(['/cores/0/axons/0/blocks/0']);
  });
});

describe('image validation, streamed core by core (validateStreamed)', () => {
  type Img = ReturnType<typeof tinyImage>;
  type Counts = { blocks: number[]; entries: number[]; plastic: number[] };
  const countsOf = (img: Img): Counts => ({
    blocks: img.cores.map((c) => blockCount(c.synapses)), entries: img.cores.map((c) => c.synapses.weights.length), plastic: img.cores.map((c) => plasticEntries(c.synapses)),
  });
  /** The image without its synapse memory, validated as a loader hands each core's memory over. */
  const streamed = (img: Img, edit: (c: Counts) => void = () => {}, memory = img.cores.map((c) => c.synapses)) => {
    const counts = countsOf(img);
    edit(counts);
    const hollow = { ...img, cores: img.cores.map((c) => ({ ...c, synapses: emptySynapsesOf(c.synapses.axonBlocks.length) })) };
    const v = validateStreamed(hollow, counts);
    const accepted = v.stopped ? [] : memory.map((sm, ci) => v.core(ci, sm));
    return { stopped: v.stopped, accepted, pointers: (v.stopped ? v.out : v.finish()).map((d) => d.pointer) };
  };

  it('the hand-made image streamed is accepted core by core', () => {
    expect(streamed(tinyImage())).to.deep.equal({ stopped: false, accepted: [true, true], pointers: [] });
  });
  it('more plastic synapses than entries in a core\'s counts stops the load before any core (a loader sizes its tables from them)', () => {
    expect(streamed(tinyImage(), (c) => (c.plastic[0] = c.entries[0] + 1))).to.deep.include({ stopped: true, pointers: ['/cores/0/synapses'] });
  });
  it('a host port or management field is refused before the first core is read', () => {
    const img = tinyImage();
    img.hostPorts[1].neuron = 2;
    expect(streamed(img)).to.deep.include({ stopped: true, pointers: ['/hostPorts/1'] });
  });
  it('a core whose memory differs from its counts is refused at the core, without reading its blocks', () => {
    // two plastic synapses of projection 0 declared and counted in core 0, three in its memory
    const img = tinyImage();
    img.management.learning!.plastic[0].synapses = 2;
    expect(streamed(img, (c) => (c.plastic[0] = 2))).to.deep.equal({ stopped: false, accepted: [false, true], pointers: ['/cores/0/synapses', '/management/learning/plastic'] });
  });
  it('a core whose blocks are refused is refused by core(), the cores after it still read', () => {
    const img = tinyImage();
    blockAt(img.cores[0].synapses, 1, 0)!.weights[0] = 128;
    const r = streamed(img);
    expect(r.accepted).to.deep.equal([false, true]);
    expect(r.pointers[0]).to.equal('/cores/0/axons/1/blocks/0/weights/0');
  });
  it('a core whose memory has another number of input axons than the image says is refused', () => {
    const img = tinyImage();
    const sm = img.cores[0].synapses;
    const more = { ...sm, axonBlocks: Uint32Array.of(...sm.axonBlocks, 0) };
    expect(streamed(img, () => {}, [more, img.cores[1].synapses])).to.deep.equal({ stopped: false, accepted: [false, true], pointers: ['/cores/0/synapses/axonBlocks', '/management/learning/plastic'] });
  });
});
