import { expect } from 'chai';
import type { EmulateRun } from '@snnc/driver';
import type { Emulator } from '@snnc/emulator';
import { emulationRasterSvg, emulationReportHtml, emulationSummary } from '../src/index.js';
import { xmlProblems } from './xml-check.js';

/**
 * What `snnc emulate` reports (pages/emulation.ts, docs/emulator.md "Command" and "Cost model"),
 * from a hand-made run whose figures are chosen so each derived number is known by arithmetic:
 * per inference = total / samples, a cycle at 1000 MHz is 1/1000 µs, 1 µJ = 10^6 pJ, and every
 * fraction is rounded to the nearest thousandth (2/3 -> 0.667, not 0.666).
 */
function fixture(): { emu: Emulator; run: EmulateRun } {
  const emu = {
    image: { network: 'net', target: 'tgt', cores: [{ chip: 0 }, { chip: 0 }, { chip: 1 }] },
    mach: { nComp: 10, nSyn: 20 },
    inputSize: 4,
    classes: 2,
    timesteps: 5,
    // input population of 4, hidden of 6: network-global neurons 0..9
    offset: [0, 4, 10],
    populations: [{ name: 'input' }, { name: 'hidden' }],
  } as unknown as Emulator;
  const totalPJ = 2e6 / 3;
  const run = {
    mode: 'dataset',
    samples: 3,
    steps: 15,
    labelled: true,
    correct: 2,
    before: { samples: 6, correct: 5, train: true },
    stats: {
      samples: 3, steps: 15, epochs: 0, spikes: 7, inputSpikes: 9,
      ops: { synapticOps: 11, synapticUpdates: 0, eligibilityEvents: 0, weightUpdates: 0, neuronActive: 1, neuronInactive: 2, managementOps: 0, managementWords: 0 },
      noc: { messages: 5, hostMessages: 2, inTileMessages: 1, hopsEastWest: 3, hopsNorthSouth: 4, chipCrossings: 1, maxLinkLoad: 2, meanMaxLinkLoad: 2 / 3 },
      cycles: {
        total: 1000, noc: 100, management: 0, barrier: 30, maxStep: 90, meanStep: 1000 / 15,
        perCore: [{ core: 0, emit: 1, deliver: 2, update: 3, learn: 4, total: 10 }, { core: 2, emit: 5, deliver: 6, update: 7, learn: 8, total: 26 }],
        coreMax: 26, coreMean: 18, criticalCore: 0, clockMHz: 1000,
      },
      energyPJ: { total: totalPJ, perStep: totalPJ / 15, perInference: totalPJ / 3, byOp: { synapticOp: 1 / 3 } },
      overflow: [],
    },
    criticalCounts: [{ core: 0, steps: 10 }, { core: 2, steps: 5 }],
    // three recorded steps; spikes at the last recorded step and the last neuron
    record: { cycles: Float64Array.of(300, 330, 370), criticalCore: Int32Array.of(0, 0, 2), maxLinkLoad: Int32Array.of(1, 2, 1), energyPJ: Float64Array.of(1, 2, 3), spikes: [[0, 1], [2, 9]], n: 3 },
  } as unknown as EmulateRun;
  return { emu, run };
}

describe('emulation page: summary and report of snnc emulate', () => {
  it('derives per-inference, per-step, µs and µJ figures from the totals, rounded to the nearest thousandth', () => {
    const { emu, run } = fixture();
    const s = emulationSummary('/some/dir/net.snnc', emu, run, true) as any;
    expect(s.image).to.deep.equal({ file: 'net.snnc', network: 'net', target: 'tgt', cores: 3, chips: 2, compartments: 10, synapses: 20, inputs: 4, classes: 2, timesteps: 5 });
    expect([s.mode, s.train, s.samples, s.steps]).to.deep.equal(['dataset', true, 3, 15]);
    // accuracy over the samples (2 of 3), and of the presentations before the held-out ones (5 of 6)
    expect([s.accuracy, s.correct]).to.deep.equal([0.667, 2]);
    expect(s.before).to.deep.equal({ samples: 6, train: true, accuracy: 0.833 });
    expect(s.noc).to.deep.equal({ messages: 5, hostMessages: 2, inTileMessages: 1, hops: 7, hopsEastWest: 3, hopsNorthSouth: 4, chipCrossings: 1, maxLinkLoad: 2, meanMaxLinkLoad: 0.667 });
    // 1000 cycles over 15 steps and 3 samples; at 1000 MHz a cycle is 1/1000 µs
    expect([s.cycles.perStep, s.cycles.maxStep, s.cycles.perInference, s.cycles.perInferenceUs]).to.deep.equal([66.667, 90, 333.333, 0.333]);
    expect(s.cycles.criticalCoreSteps).to.deep.equal([{ core: 0, steps: 10 }, { core: 2, steps: 5 }]);
    // energy: 2e6/3 pJ in all, per step /15, per inference /3, and in µJ /1e6
    expect(s.energy).to.deep.equal({ totalPJ: 666666.667, perStepPJ: 44444.444, perInferencePJ: 222222.222, perInferenceUJ: 0.222, byOpPJ: { synapticOp: 0.333 } });
  });

  it('an unlabelled run has no accuracy; a run without held-out samples no "before"', () => {
    const { emu, run } = fixture();
    const s = emulationSummary('net.snnc', emu, { ...run, labelled: false, before: undefined }, false);
    expect(s).to.not.have.any.keys('accuracy', 'correct', 'heldOut', 'before');
  });

  it('the raster spans every recorded step and every neuron, a band per population', () => {
    const { emu, run } = fixture();
    const svg = emulationRasterSvg(emu, run);
    expect(xmlProblems(svg)).to.deep.equal([]);
    // the spike at the last recorded step (2) and the last neuron (9) is inside the axes
    expect(svg).to.include('>2 spikes</text>');
    expect(svg).to.not.include('outside the axes');
    // one dashed boundary and one name per population
    expect(svg.split('stroke-dasharray="4 3"').length - 1).to.equal(2);
    expect(svg).to.include('>input</text>').and.include('>hidden</text>');
  });

  it('the page shows the accuracy as percent with its count over the samples', () => {
    const { emu, run } = fixture();
    const s = emulationSummary('net.snnc', emu, run, false);
    const html = emulationReportHtml(s, emu, run, 'snnc emulate net.snnc');
    expect(html).to.include('<td>accuracy</td><td>66.67% (2/3) [');
    expect(html).to.include('<td>cycles per step (mean / max)</td><td>66.667 / 90</td>');
    expect(html).to.include('<td>samples / steps</td><td>3 / 15</td>');
  });
});
