import { expect } from 'chai';
import { formatDiagnostic } from '@snnc/common';
import { mapNetwork } from '../src/index.js';
import { violations } from './check.js';
import { makeNetwork, makeTarget, SMALL_LIMITS } from './helpers.js';

/**
 * No feasible placement: the diagnostic names the population, the limit, the demanded value and
 * the smallest fix. Each case is built so that exactly one limit is impossible.
 */
describe('mapNetwork: infeasible networks', () => {
  const dense = (source: number, target: number, density = 1) =>
    ({ source, target, density, weightBits: 8, delay: 1, plasticity: 'none' as const });

  it('fan-in above the input axons of a core (SNNC3002) with the density that would fit', () => {
    const net = makeNetwork({ sizes: [100, 10], seed: 1, projections: [dense(0, 1)] });
    const t = makeTarget({ ...SMALL_LIMITS, maxInputAxons: 64, synapseMemoryBits: 1 << 20 });
    const r = mapNetwork(net, t, { strategy: 'locality' });
    expect(r.placement).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === 'SNNC3002')!;
    expect(d, formatDiagnostic(r.diagnostics[0])).to.not.equal(undefined);
    expect(d.message).to.contain('p1 needs fan-in 100 per neuron > 64 input axons per core');
    expect(d.pointer).to.equal('/populations/1');
    expect(d.found).to.equal('100');
    // 64 of 100 sources may stay: density 1 -> 0.64
    expect(d.fix).to.contain('reduce q0 density below 0.64');
  });

  it('synapse memory of one neuron above a core (SNNC3003)', () => {
    const net = makeNetwork({ sizes: [60, 4], seed: 2, projections: [dense(0, 1)] });
    const t = makeTarget({ ...SMALL_LIMITS, maxInputAxons: 1000, synapseMemoryBits: 1024, synapseWordBits: 64, denseFormat: false, indexBits: 10, axonBlockOverheadBits: 10 });
    const r = mapNetwork(net, t, { strategy: 'sequential' });
    const d = r.diagnostics.find((x) => x.code === 'SNNC3003')!;
    expect(d).to.not.equal(undefined);
    // 60 blocks of one 8+10-bit synapse + 10 overhead = 28 bits -> one 64-bit word each
    expect(d.found).to.equal(String(60 * 64));
    expect(d.message).to.contain('p1 needs 3840 synapse-memory bits per neuron > 1024');
  });

  it('learning state of one neuron above a core (SNNC3004)', () => {
    const net = makeNetwork({ sizes: [4, 4], seed: 3, projections: [{ ...dense(0, 1), plasticity: 'threeFactor' }] });
    const t = makeTarget({ ...SMALL_LIMITS, perNeuronStateBits: 64, learningStateBits: 32 });
    const r = mapNetwork(net, t, { strategy: 'sequential' });
    const d = r.diagnostics.find((x) => x.code === 'SNNC3004')!;
    expect(d.message).to.contain('p1');
    expect(d.found).to.equal('64');
    expect(d.fix).to.contain('non-plastic');
  });

  it('more cores than the system has (SNNC3010) with the chips that would do', () => {
    // 200 neurons, 16 per core -> at least 13 cores; 1 chip of 8 cores available
    const net = makeNetwork({ sizes: [2, 200], seed: 4, projections: [dense(0, 1, 0.5)] });
    const t = makeTarget({ ...SMALL_LIMITS, maxChips: 1 });
    const r = mapNetwork(net, t, { strategy: 'locality' });
    expect(r.placement).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === 'SNNC3010')!;
    expect(d.message).to.contain('at least 13 cores');
    expect(d.message).to.contain('> 8 available');
    expect(d.fix).to.equal('use a target with system.maxChips >= 2');
    // ... and with that fix it maps, over two chips
    const ok = mapNetwork(net, makeTarget({ ...SMALL_LIMITS, maxChips: 2 }), { strategy: 'locality' });
    expect(ok.placement!.metrics.chips).to.equal(2);
    expect(violations(net, makeTarget({ ...SMALL_LIMITS, maxChips: 2 }), ok.placement!)).to.equal('');
  });

  it('a neuron whose targets cannot fit the output axons (SNNC3005)', () => {
    // 40 targets, 4 compartments per core -> 10 destination cores > 8 output axons
    const net = makeNetwork({ sizes: [1, 1, 40], seed: 5, projections: [dense(0, 1), dense(1, 2)] });
    const t = makeTarget({ ...SMALL_LIMITS, maxCompartments: 4, maxOutputAxons: 8, maxChips: 4 });
    const r = mapNetwork(net, t, { strategy: 'sequential' });
    const d = r.diagnostics.find((x) => x.code === 'SNNC3005')!;
    expect(d.message).to.contain('p1');
    expect(d.found).to.equal('10');
  });

  it('bad options are diagnostics, not exceptions', () => {
    const net = makeNetwork({ sizes: [3, 3], seed: 6, projections: [dense(0, 1)] });
    const t = makeTarget(SMALL_LIMITS);
    expect(mapNetwork(net, t, { strategy: 'nope' as never }).diagnostics[0].code).to.equal('SNNC3020');
    const bad = mapNetwork(net, t, { strategy: 'locality', activity: [new Float64Array(3), new Float64Array(2)] });
    expect(bad.diagnostics[0].code).to.equal('SNNC3052');
    expect(bad.diagnostics[0].pointer).to.equal('/activity/1');
    const nan = mapNetwork(net, t, { strategy: 'locality', activity: [new Float64Array(3), Float64Array.of(0, NaN, 1)] });
    expect(nan.diagnostics[0].pointer).to.equal('/activity/1/1');
    const broken = makeNetwork({ sizes: [3, 3], seed: 6, projections: [dense(0, 1)] });
    broken.projections[0].post[1] = 7;
    expect(mapNetwork(broken, t, { strategy: 'sequential' }).diagnostics[0].code).to.equal('SNNC2808'); // ir's verifier of lowered networks
  });

  it('the independent checker rejects a placement that breaks a limit or drops a neuron', () => {
    const net = makeNetwork({ sizes: [10, 30, 20], seed: 8, projections: [dense(0, 1, 0.3), dense(1, 2, 0.3)] });
    const t = makeTarget(SMALL_LIMITS);
    const p = mapNetwork(net, t, { strategy: 'sequential' }).placement!;
    expect(violations(net, t, p)).to.equal('');
    const tighter = makeTarget({ ...SMALL_LIMITS, maxCompartments: p.usage[0].compartments - 1 });
    expect(violations(net, tighter, p)).to.match(/compartments/);
    const moved = { ...p, neuronSlot: p.neuronSlot.map((a) => a.slice()) };
    moved.neuronSlot[1][1] = moved.neuronSlot[1][0];
    expect(violations(net, t, moved)).to.match(/shares slot|not contiguous/);
  });

  it('activity weighting changes traffic figures, not feasibility', () => {
    const net = makeNetwork({ sizes: [8, 30, 30], seed: 9, projections: [dense(0, 1, 0.3), dense(1, 2, 0.3), dense(2, 2, 0.2)] });
    const t = makeTarget(SMALL_LIMITS);
    const activity = net.populations.map((pop, p) => Float64Array.from({ length: pop.size }, (_, n) => (p === 1 && n < 5 ? 1 : 0.01)));
    const a = mapNetwork(net, t, { strategy: 'locality', activity }).placement!;
    const s = mapNetwork(net, t, { strategy: 'locality' }).placement!;
    expect(a.metrics.trafficWeighting).to.equal('activity');
    expect(s.metrics.trafficWeighting).to.equal('synapses');
    expect(violations(net, t, a)).to.equal('');
    expect(a.metrics.interCoreSpikes).to.be.lessThan(s.metrics.interCoreSpikes);
  });
});
