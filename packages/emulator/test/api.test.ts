import { expect } from 'chai';
import { DiagnosticError } from '@snnc/common';
import { blockViews, encodeImage, packSynapses, type InputAxon } from '@snnc/image';
import { createEmulator, loadImage } from '../src/index.js';
import { buildImage } from './build.js';
import { net } from './nets.js';

const image = () => buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]]);

describe('emulator: API and bad input', () => {
  it('loadImage refuses garbage, other targets and insane images with diagnostics', () => {
    expect(loadImage(new Uint8Array([1, 2, 3])).diagnostics.map((d) => d.code)).to.deep.equal(['SNNC4001']);
    const bytes = encodeImage(image());
    expect(loadImage(bytes, { expectTarget: 'loihi1' }).diagnostics.map((d) => d.code)).to.deep.equal(['SNNC4006']);
    const ok = loadImage(bytes, { expectTarget: 'test-target' });
    expect(ok.diagnostics).to.deep.equal([]);
    expect(ok.emulator!.inputSize).to.equal(1);
    expect(ok.emulator!.classes).to.equal(2);
    const bad = image();
    bad.cores[0].routeAxon[0] = 99;
    expect(createEmulator(bad).emulator).to.equal(undefined);
  });

  it('runSample refuses a ragged raster, a foreign label and learning without a program', () => {
    const emu = createEmulator(image()).emulator!;
    expect(emu.checkSample(new Uint8Array(0)).map((d) => d.code)).to.deep.equal(['SNNC4201']);
    expect(emu.checkSample(new Uint8Array(4), 2).map((d) => d.code)).to.deep.equal(['SNNC4202']);
    expect(() => emu.runSample(new Uint8Array(4), -1)).to.throw(DiagnosticError);
    const noLearn = image();
    noLearn.management.learning = null;
    for (const c of noLearn.cores) c.synapses = packSynapses(blockViews(c.synapses).reduce<InputAxon[]>((axons, b) => { (axons[b.axon] ??= { blocks: [] }).blocks.push({ ...b, rule: 0, synapseIndex: new Uint32Array() }); return axons; }, []));
    for (const c of noLearn.cores) c.learning = { ...c.learning, rules: [], modBlock: c.learning.modBlock.map(() => -1), modRow: c.learning.modRow.map(() => -1) };
    const e2 = createEmulator(noLearn).emulator!;
    expect(e2.checkSample(new Uint8Array(4), 0, { learning: true }).map((d) => `${d.code} ${d.pointer}`)).to.deep.equal(['SNNC4203 /management/learning']);
    expect(e2.weights(0)).to.equal(null);
  });

  it('a sample whose length differs from the image timesteps is refused (SNNC4201, §5.2; issue 12 item 8), a whole one runs', () => {
    const emu = createEmulator(image()).emulator!;
    const T = emu.timesteps;
    for (const n of [T - 1, T + 3, 2 * T]) {
      const bad = emu.checkSample(new Uint8Array(n * emu.inputSize));
      expect(bad.map((d) => [d.code, d.found]), `length ${n}`).to.deep.equal([['SNNC4201', `${n} steps`]]);
      expect(() => emu.runSample(new Uint8Array(n * emu.inputSize))).to.throw(/SNNC4201/);
    }
    let steps = 0;
    const r = emu.runSample(new Uint8Array(T * emu.inputSize), undefined, { hooks: { onStep: () => steps++ } });
    expect(r.steps).to.equal(T);
    expect(steps).to.equal(T);
  });

  it('probe coordinates name populations and offsets', () => {
    const emu = createEmulator(image()).emulator!;
    expect(emu.populations.map((p) => p.name)).to.deep.equal(['in', 'hidden', 'readout']);
    expect(Array.from(emu.offset)).to.deep.equal([0, 1, 3, 5]);
  });
});
