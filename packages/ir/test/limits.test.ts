import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { LIMITS } from '@snnc/common';
import { Codes, loadSpecFile, lowerSpec, validateSpec, validateTarget } from '../src/index.js';
import { example, ROOT } from './helpers.js';

/**
 * Resource bombs (issue 12, hostile input 2, 5): sizes beyond LIMITS (docs/limits.md) are refused
 * by validation, located at the size to change, in well under a second, before anything is
 * allocated from them. (The time bounds leave room for a loaded machine: without the checks these
 * inputs take minutes and gigabytes; with them, milliseconds.)
 */
const timed = <T>(f: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
};

function sparse(size: number): Record<string, any> {
  const s = example('srsnn-small');
  s.layers.forEach((l: any) => {
    l.size = 64;
    l.feedforward.density = 1e-9;
    delete l.feedforward.degree;
    l.recurrent.density = 1e-9;
    l.recurrent.interDensity = 0;
  });
  s.layers[0].size = size;
  return s;
}

describe('ir: resource limits', function () {
  this.timeout(20000);

  it('a schema-valid layer of 1e8 neurons is refused at its size, in well under a second', () => {
    const { value, ms } = timed(() => validateSpec(sparse(1e8), 'big.json'));
    expect(value.spec).to.equal(undefined);
    const d = value.diagnostics.find((x) => x.code === Codes.tooManyNeurons)!;
    expect(d, JSON.stringify(value.diagnostics)).to.include({ file: 'big.json', pointer: '/layers/0/size' });
    expect(d.expected).to.contain(String(LIMITS.networkNeurons));
    expect(ms).to.be.below(3000);
  });

  it('too many synapses in an srsnn spec: located at the density that contributes most, with the value that fits', () => {
    // before: at the document root with "lower densities or layer sizes", naming no field
    const s = example('srsnn-small');
    s.layers[0].size = 100_000;
    s.layers[0].recurrent.interDensity = 1;
    const { value, ms } = timed(() => validateSpec(s, 'dense.json'));
    expect(ms).to.be.below(1000);
    const d = value.diagnostics.find((x) => x.code === Codes.tooManySynapses)!;
    expect(d, JSON.stringify(value.diagnostics)).to.include({ file: 'dense.json', pointer: '/layers/0/recurrent/interDensity', expected: `<= ${LIMITS.networkSynapses} synapses` });
    expect(d.fix).to.match(/^set interDensity to 0\.029 or less \(now 1\)/);
    // the fix is enough: the spec with that value passes the size check
    s.layers[0].recurrent.interDensity = 0.029;
    expect(validateSpec(s, 'dense.json').diagnostics.filter((x) => x.code === Codes.tooManySynapses)).to.deep.equal([]);
    // a degree is rounded down to a whole number
    const t = sparse(1_000_000);
    t.layers[1].size = 1000;
    t.readout.classes = 1000;
    t.readout.neuronsPerClass = 1000;
    t.longRange.degree = 500; // from both layers: 1e9 synapses
    t.learning.enabled = false; // (a modulatory block over 1e6 neurons is refused first)
    const e = validateSpec(t, 'deg.json').diagnostics.find((x) => x.code === Codes.tooManySynapses)!;
    expect(e, JSON.stringify(validateSpec(t, 'deg.json').diagnostics)).to.include({ pointer: '/longRange/degree' });
    expect(e.fix).to.match(/^set degree to 149 or less \(now 500\)/);
  });

  it('too many synapses in a graph spec: located at the projection that contributes most, a random one with the density that fits', () => {
    const neuron = { model: 'cuba', alphaU: 0.5, alphaV: 0.9, vth: 1 };
    const spec = (density: number) => ({
      irVersion: '1.0', kind: 'graph', name: 'wide', seed: 1, timesteps: 8,
      populations: [{ id: 'a', kind: 'input', size: 30000 }, { id: 'b', kind: 'neuron', size: 30000, neuron }, { id: 'c', kind: 'neuron', size: 100, neuron }],
      projections: [
        { id: 'small', source: 'a', target: 'c', connectivity: { type: 'random', density: 1, weight: { dist: 'constant', value: 1 } } },
        { id: 'big', source: 'a', target: 'b', connectivity: { type: 'random', density, weight: { dist: 'constant', value: 1 } } },
      ],
    });
    const d = validateSpec(spec(1), 'g.json').diagnostics.find((x) => x.code === Codes.tooManySynapses)!;
    expect(d).to.include({ pointer: '/projections/1/connectivity/density' }); // before: '/projections'
    expect(d.fix).to.match(/^set its density to 0\.32 or less \(now 1\)/);
    expect(validateSpec(spec(0.32), 'g.json').diagnostics.filter((x) => x.code === Codes.tooManySynapses)).to.deep.equal([]);
  });

  it('timesteps beyond a chip image (2^19 < T <= 10^6, which the schema allows) are refused when lowering, at /timesteps', () => {
    // validate -t said "lowers onto loihi2", then compile failed in the image validator (SNNC4190, no file)
    const s = example('srsnn-small');
    s.timesteps = LIMITS.sampleSteps + 1;
    const r = lowerSpec({ document: s, name: 't.json' }, 'loihi2');
    expect(r.network).to.equal(undefined);
    expect(r.diagnostics.find((d) => d.severity === 'error')).to.include({ code: Codes.sampleTooLong, file: 't.json', pointer: '/timesteps', found: String(LIMITS.sampleSteps + 1) });
    s.timesteps = LIMITS.sampleSteps;
    expect(lowerSpec({ document: s, name: 't.json' }, 'loihi2').diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
  });

  it('a modulatory M of 4096 over a large layer is refused at M, in well under a second', () => {
    const s = sparse(20000);
    s.learning.modulatory.m = 4096;
    delete s.learning.modulatory.perLayer;
    const { value, ms } = timed(() => validateSpec(s, 'm.json'));
    expect(value.diagnostics[0]).to.include({ code: Codes.learningBlockTooLarge, pointer: '/learning/modulatory/m' });
    expect(ms).to.be.below(3000);
  });

  it('validate agrees with compile on the image cap of 2^20 neurons per learning block, located in the spec', () => {
    const v = validateSpec(sparse(1_100_000), 'block.json');
    expect(v.diagnostics[0]).to.include({ code: Codes.learningBlockTooLarge, pointer: '/layers/0/size' });
    // the same layer without learning is within every limit
    const s = sparse(1_100_000);
    s.learning.enabled = false;
    s.layers.forEach((l: any) => delete l.feedforward.plastic);
    delete s.longRange.plastic;
    expect(validateSpec(s).diagnostics.filter((d) => d.code === Codes.learningBlockTooLarge)).to.deep.equal([]);
  });

  it('graph specs: the population size is located', () => {
    const g = example('graph-conv');
    g.populations[1].size = 2 ** 25;
    delete g.populations[1].shape;
    const v = validateSpec(g, 'g.json');
    expect(v.diagnostics[0]).to.include({ code: Codes.tooManyNeurons, pointer: '/populations/1/size' });
  });

  it('targets of 1e9 chips or a 1e5 x 1e5 mesh are refused at the field, before any allocation', () => {
    const t = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'test-tiny.json'), 'utf8'));
    const chips = { ...t, system: { maxChips: 1e9, chipsX: 1e5, chipsY: 1e4 } };
    expect(validateTarget(chips, 'c.json').diagnostics[0]).to.include({ code: Codes.targetTooLarge, pointer: '/system/chipsX', file: 'c.json' });
    const grid = { ...t, system: { maxChips: 1024 * 1024, chipsX: 1024, chipsY: 1024 } };
    expect(validateTarget(grid).diagnostics[0]).to.include({ code: Codes.targetTooLarge, pointer: '/system/maxChips' });
    const mesh = { ...t, chip: { ...t.chip, meshX: 1e5, meshY: 1e5, cores: 1e10 * t.chip.coresPerTile } };
    expect(validateTarget(mesh).diagnostics.map((d) => d.pointer)).to.deep.equal(['/chip/meshX', '/chip/meshY']);
    for (const name of ['loihi1', 'loihi2', 'test-tiny', 'test-multichip']) {
      const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', `${name}.json`), 'utf8'));
      expect(validateTarget(doc).target, name).to.not.equal(undefined);
    }
  });

  it('a chip grid of more tiles than a chip image addresses (1000 x 1000 chips) is refused at the target, with the rows that fit', () => {
    const t = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'test-tiny.json'), 'utf8'));
    // test-tiny: 2 x 2 tiles per chip; 1000 x 1000 chips passed here and failed only as SNNC4190 after mapping
    const d = validateTarget({ ...t, system: { ...t.system, chipsX: 1000, chipsY: 1000 } }, 't.json').diagnostics;
    expect(d).to.have.length(1);
    expect(d[0]).to.include({ code: Codes.targetTooLarge, pointer: '/system/chipsY', file: 't.json', found: '4000000 tiles' });
    expect(d[0].expected).to.contain('limits.systemTiles');
    expect(d[0].fix).to.contain('chipsY <= 262');
    // the boundary: 1024 x 256 chips of 4 tiles is 2^20 tiles exactly; one more row is not
    expect(validateTarget({ ...t, system: { ...t.system, chipsX: 1024, chipsY: 256 } }).target).to.not.equal(undefined);
    expect(validateTarget({ ...t, system: { ...t.system, chipsX: 1024, chipsY: 257 } }).diagnostics[0]).to.include({ pointer: '/system/chipsY', fix: 'chipsY <= 256 (with chipsX = 1024, 262144 chips >= maxChips = 4)' });
    // a mesh so large that one row of chipsX chips is too many: located at chipsX
    const wide = { ...t, chip: { ...t.chip, meshX: 1024, meshY: 512, cores: 1024 * 512 * t.chip.coresPerTile }, system: { maxChips: 1, chipsX: 3, chipsY: 1 } };
    expect(validateTarget(wide).diagnostics[0]).to.include({ pointer: '/system/chipsX', found: '1572864 tiles' });
  });

  it('validate /dev/zero: a device is refused without reading it', () => {
    const { value, ms } = timed(() => loadSpecFile('/dev/zero'));
    expect(value.diagnostics[0]).to.include({ code: Codes.fileUnreadable, file: '/dev/zero' });
    expect(value.diagnostics[0].message).to.contain('device');
    expect(ms).to.be.below(3000);
  });
});
