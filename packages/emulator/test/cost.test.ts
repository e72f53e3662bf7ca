/**
 * Cost model (docs/emulator.md): a hand-counted two-step run on a two-chip mesh, contention on a
 * shared link, and cost that grows with spikes rather than network size.
 */
import { expect } from 'chai';
import type { CompartmentConfig } from '@snnc/image';
import { createEmulator, type StepView } from '../src/index.js';
import { CostCounter, OP_SYN } from '../src/cost.js';
import { Noc } from '../src/noc.js';
import { buildImage, onOneCore, unitCosts, type Net } from './build.js';
import { net as learnNet } from './nets.js';

const cfg: CompartmentConfig = {
  model: 'srlif', decayV: 0, vth0: 1000, vthMin: 1, vthMax: 5000, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0,
};
// 2 x 2 tiles per chip, 2 cores per tile, 2 chips side by side: global tile grid 4 x 2, 8 cores per chip
const mesh = { meshX: 2, meshY: 2, coresPerTile: 2, chipsX: 2, chipsY: 1 };

// i0 -> a (1280: a spikes at t1); a -> b (same tile as a), a -> c (chip 1, tile (1,1) = global (3,1))
const net: Net = {
  timesteps: 2,
  pops: [{ name: 'in', size: 1, input: true }, { name: 'a', size: 1, config: cfg }, { name: 'b', size: 1, config: cfg }, { name: 'c', size: 1, config: cfg }],
  projs: [{ source: 0, target: 1, syn: [[0, 0, 20]] }, { source: 1, target: 2, syn: [[0, 0, 1]] }, { source: 1, target: 3, syn: [[0, 0, 1]] }],
};

describe('emulator: cost model', () => {
  it('counts cycles per core per phase, NoC hops, crossings and energy as documented', () => {
    const emu = createEmulator(buildImage(net, mesh, [[], [0], [1], [14]])).emulator!;
    const steps: Array<Pick<StepView, 'cycles' | 'criticalCore' | 'maxLinkLoad' | 'energyPJ'>> = [];
    const r = emu.runSample(Uint8Array.of(1, 0), undefined, {
      hooks: { onStep: (s) => steps.push({ cycles: s.cycles, criticalCore: s.criticalCore, maxLinkLoad: s.maxLinkLoad, energyPJ: s.energyPJ }) },
    });
    // step 0: host message over the host link (1 crossing, 10 cycles) to core 0; 1 synop; core 0 active (3),
    //   cores 1 and 14 inactive (1 each). Busiest core 0: 1 + 3 = 4; step = 4 + 10 + barrier 5 = 19.
    //   energy = synop 1 + active 3 + inactive 2 + crossing 10 = 16
    // step 1: a spikes: 2 messages (emit 2 cycles on core 0): in-tile to core 1 (latency 1), and to (3,1):
    //   3 east hops (2 each), 1 north hop (3), 1 chip crossing (10): latency 19. Cores: 0 = 2 + 3 = 5,
    //   1 = 1 + 3, 14 = 1 + 3. Step = 5 + 19 + 5 = 29. Energy = 1 + 6 + 3 + 10 + synops 2 + active 9 = 31
    expect(steps).to.deep.equal([
      { cycles: 19, criticalCore: 0, maxLinkLoad: 1, energyPJ: 16 },
      { cycles: 29, criticalCore: 0, maxLinkLoad: 1, energyPJ: 31 },
    ]);
    expect(r.cycles).to.equal(48);
    // training mode with etaTheta 0 moves sbar only: the same cost, a spiking compartment without input (a at t1) still active
    const trained: typeof steps = [];
    createEmulator(buildImage(net, mesh, [[], [0], [1], [14]])).emulator!.runSample(Uint8Array.of(1, 0), undefined, {
      learning: true, hooks: { onStep: (s) => trained.push({ cycles: s.cycles, criticalCore: s.criticalCore, maxLinkLoad: s.maxLinkLoad, energyPJ: s.energyPJ }) },
    });
    expect(trained).to.deep.equal(steps);
    expect(r.energyPJ).to.equal(47);
    const st = emu.stats();
    expect(st.cycles.perCore).to.deep.equal([
      { core: 0, emit: 2, deliver: 1, update: 6, learn: 0, total: 9 },
      { core: 1, emit: 0, deliver: 1, update: 4, learn: 0, total: 5 },
      { core: 14, emit: 0, deliver: 1, update: 4, learn: 0, total: 5 },
    ]);
    expect(st.noc).to.deep.equal({
      messages: 3, hostMessages: 1, inTileMessages: 1, hopsEastWest: 3, hopsNorthSouth: 1, chipCrossings: 2, maxLinkLoad: 1, meanMaxLinkLoad: 1,
    });
    expect([st.spikes, st.inputSpikes]).to.deep.equal([1, 1]);
    // a sample's result counts its own spikes: a second sample has a's one again
    expect(emu.runSample(Uint8Array.of(1, 0)).spikes).to.equal(1);
    expect(st.cycles).to.include({ total: 48, noc: 29, barrier: 10, maxStep: 29, criticalCore: 0, coreMax: 9 });
    expect(st.energyPJ.total).to.equal(47);
    expect(st.energyPJ.perInference).to.equal(47);
    emu.resetStats();
    expect(emu.stats().cycles.total).to.equal(0);
  });

  it('a step\'s NoC latency is its longest route\'s, whichever route comes last', () => {
    // a on core 14 (global tile (3,1)); b on core 0 (tile (0,0): 3 west hops, 1 south, 1 crossing = 19), c on core 15 (in-tile, 1)
    const emu = createEmulator(buildImage(net, mesh, [[], [14], [0], [15]])).emulator!;
    const cycles: number[] = [];
    emu.runSample(Uint8Array.of(1, 0), undefined, { hooks: { onStep: (s) => cycles.push(s.cycles) } });
    // step 1: core 14 busiest (2 emits + 3 active = 5) + 19 + barrier 5
    expect(cycles[1]).to.equal(5 + 19 + 5);
  });

  it('link loads: one source\'s routes over one link add up, messages meeting on the destination\'s column queue, a silent step has none', () => {
    const view = (emu: ReturnType<typeof createEmulator>['emulator'], raster: Uint8Array) => {
      const loads: number[] = [];
      emu!.runSample(raster, undefined, { hooks: { onStep: (s) => loads.push(s.maxLinkLoad) } });
      return loads;
    };
    // a on core 0, b and c on cores 14 and 15 (one tile): a's two messages take the same links
    expect(view(createEmulator(buildImage({ ...net, timesteps: 3 }, mesh, [[], [0], [14], [15]])).emulator, Uint8Array.of(1, 0, 0))).to.deep.equal([1, 2, 0]);
    // 3 x 2 tiles, one core each (core = y * 3 + x): a0 at (0,0), a1 at (2,0) -> b at (2,1). X first, then Y on
    // column 2: both messages take the north link of (2,0)
    const two: Net = {
      timesteps: 2,
      pops: [{ name: 'in', size: 2, input: true }, { name: 'a', size: 2, config: cfg }, { name: 'b', size: 1, config: cfg }],
      projs: [{ source: 0, target: 1, syn: [[0, 0, 20], [1, 1, 20]] }, { source: 1, target: 2, syn: [[0, 0, 1], [1, 0, 1]] }],
    };
    expect(view(createEmulator(buildImage(two, { meshX: 3, meshY: 2, coresPerTile: 1 }, [[], [0, 2], [5]])).emulator, Uint8Array.of(1, 1, 0, 0))).to.deep.equal([2, 2]);
    // the host enters at tile (0,1) of 2 x 2 (core = y * 2 + x): at t1 in0's message to b (core 3) and a's (core 2,
    // driven by in1 at t0) both take the east link of (0,1)
    const meet: Net = {
      timesteps: 2,
      pops: [{ name: 'in', size: 2, input: true }, { name: 'a', size: 1, config: cfg }, { name: 'b', size: 1, config: cfg }],
      projs: [{ source: 0, target: 1, syn: [[1, 0, 20]] }, { source: 0, target: 2, syn: [[0, 0, 1]] }, { source: 1, target: 2, syn: [[0, 0, 1]] }],
    };
    const image = buildImage(meet, { meshX: 2, meshY: 2, coresPerTile: 1 }, [[], [2], [3]]);
    image.mesh.hostY = 1;
    expect(view(createEmulator(image).emulator, Uint8Array.of(0, 1, 1, 0))).to.deep.equal([1, 2]);
    // opposite directions are different links: a at (1,0) of 3 x 1 sends west to b at (0,0) and east to c at (2,0)
    expect(view(createEmulator(buildImage(net, { meshX: 3, meshY: 1, coresPerTile: 1 }, [[], [1], [0], [2]])).emulator, Uint8Array.of(1, 0))).to.deep.equal([1, 1]);
    // three chips of 1 x 2 tiles side by side (core = 2 * chip + y): the east links of (1,0) and of (0,1) are two links
    const apart: Net = {
      timesteps: 2,
      pops: [{ name: 'in', size: 2, input: true }, { name: 'a', size: 2, config: cfg }, { name: 'b', size: 2, config: cfg }],
      projs: [{ source: 0, target: 1, syn: [[0, 0, 20], [1, 1, 20]] }, { source: 1, target: 2, syn: [[0, 0, 1], [1, 1, 1]] }],
    };
    expect(view(createEmulator(buildImage(apart, { meshX: 1, meshY: 2, coresPerTile: 1, chipsX: 3 }, [[], [2, 1], [4, 3]])).emulator, Uint8Array.of(1, 1, 0, 0))).to.deep.equal([2, 1]);
  });

  it('a hop between chips stacked north-south is a chip crossing', () => {
    const emu = createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 2, chipsX: 1, chipsY: 2 }, [[], [0], [1], [2]])).emulator!;
    emu.runSample(Uint8Array.of(1, 0));
    // the host message (host link: 1 crossing); a -> b in-tile; a -> c one north hop onto chip 1 (1 crossing)
    expect(emu.stats().noc).to.deep.equal({
      messages: 3, hostMessages: 1, inTileMessages: 1, hopsEastWest: 0, hopsNorthSouth: 1, chipCrossings: 2, maxLinkLoad: 1, meanMaxLinkLoad: 1,
    });
  });

  it('a host port with routes to two cores sends two host messages per spike', () => {
    const fan: Net = { ...net, projs: [...net.projs, { source: 0, target: 2, syn: [[0, 0, 1]] }] };
    const emu = createEmulator(buildImage(fan, mesh, [[], [0], [1], [14]])).emulator!;
    emu.runSample(Uint8Array.of(1, 0));
    expect(emu.stats().noc).to.include({ messages: 4, hostMessages: 2 }); // and a's two at t1
  });

  it('Noc.add and add16 decode (link, messages) entries alike and keep the step\'s largest load', () => {
    const noc = new Noc({ mesh: { meshX: 2, meshY: 2, coresPerTile: 1, coresPerChip: 4, chipsX: 1, chipsY: 1, hostX: 0, hostY: 0 } });
    noc.packLinks(4);
    // link 3 gets 2 + 5 messages, link 1 gets 4
    const entries = [3 | (2 << 4), 1 | (4 << 4), 3 | (5 << 4)];
    noc.add(Int32Array.from(entries), 0, 3);
    expect(noc.maxLoad).to.equal(7);
    noc.endStep();
    expect(noc.maxLoad).to.equal(0);
    noc.add16(Uint16Array.from(entries), 0, 3);
    expect(noc.maxLoad).to.equal(7);
  });

  it('contention: messages sharing a link queue behind each other', () => {
    // two inputs -> two neurons on a core of tile (1,0): both messages cross the host link and (0,0) east
    const n2: Net = { timesteps: 1, pops: [{ name: 'in', size: 2, input: true }, { name: 'a', size: 2, config: cfg }], projs: [{ source: 0, target: 1, syn: [[0, 0, 1], [1, 1, 1]] }] };
    const emu = createEmulator(buildImage(n2, mesh, [[], [2, 2]])).emulator!;
    let seen: StepView | undefined;
    emu.runSample(Uint8Array.of(1, 1), undefined, { hooks: { onStep: (s) => (seen = { ...s }) } });
    // latency = crossing 10 + 1 east hop 2 = 12; load 2: + (2 - 1) * max(2, 3); core: 2 synops + 2 active = 8
    expect(seen!.maxLinkLoad).to.equal(2);
    expect(seen!.cycles).to.equal(8 + 12 + 3 + 5);
  });

  it('cost grows with spikes, not with network size: a silent network does no synaptic work', () => {
    const emu = createEmulator(buildImage(net, mesh, [[], [0], [1], [14]])).emulator!;
    emu.runSample(Uint8Array.of(0, 0));
    const st = emu.stats();
    expect(st.ops.synapticOps).to.equal(0);
    expect(st.noc.messages).to.equal(0);
    expect(st.ops.neuronInactive).to.equal(6);
  });
});

describe('emulator: the learning epoch on the management core is charged (issue 12 item 9)', () => {
  it('C*N + 2*M*N multiply-accumulates and N + C broadcast words add their cycles and energy to the epoch', async () => {
    const { net: learnNet } = await import('./nets.js');
    const { onOneCore, unitCosts } = await import('./build.js');
    const run = (costs: typeof unitCosts) => {
      const emu = createEmulator(buildImage(learnNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(learnNet), costs)).emulator!;
      emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
      return emu.stats();
    };
    const free = run(unitCosts);
    const paid = run({ ...unitCosts, managementMac: 7, managementWord: 11 });
    // one block: N = 2 hidden neurons, M = 1, C = 2 classes: 2*2 + 2*1*2 = 8 MACs; words L_0, L_1, delta_0, delta_1
    expect(paid.ops.managementOps).to.equal(8);
    expect(paid.ops.managementWords).to.equal(4);
    expect(paid.cycles.management).to.equal(8 * 7 + 4 * 11); // 1 GHz: 1 ns = 1 cycle
    expect(free.cycles.management).to.equal(0);
    expect(paid.cycles.total - free.cycles.total).to.equal(100);
    expect(paid.energyPJ.byOp.managementMacs).to.equal(56);
    expect(paid.energyPJ.byOp.managementWords).to.equal(44);
    expect(paid.energyPJ.total - free.energyPJ.total).to.be.closeTo(100, 1e-9);
    // inference runs no epoch and charges nothing
    const emu = createEmulator(buildImage(learnNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(learnNet), { ...unitCosts, managementMac: 7, managementWord: 11 })).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: false });
    expect(emu.stats().cycles.management).to.equal(0);
  });
});

describe('emulator: the §5.10 SAL decoder update is management-core work (docs/emulator.md "Plastic feedback")', () => {
  it('charges its multiply-accumulates and the words it receives, and counts the decoder entries it updates', () => {
    // the hand example's block with M = 2 modulatory states
    const sal = { mant: 3, leak: 1, shift: 0, decayS: 2048, H: Int8Array.of(1, -1, 2, 1), keyProjection: 0 };
    const block = { ...learnNet.learning!.blocks[0], m: 2, Wem: Int8Array.of(2, 1, 1, 1), Wmh: Int8Array.of(5, -4, 1, 1), sal };
    const salNet: Net = { ...learnNet, learning: { ...learnNet.learning!, blocks: [block] } };
    const emu = createEmulator(buildImage(salNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(salNet))).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    const st = emu.stats();
    // C = 2 classes, T = 4, N = 2, M = 2; the hidden neurons spike 4 times (h0 at t = 1, 2, 3; h1 at t = 2), both spiked.
    // §5.3-§5.5: C*N + 2*M*N = 12 MACs, N + C = 4 words. §5.10: window sums D (C x T x T = 32), relay R (M x T x C = 16),
    // K over the 4 spike records (x M = 8), two products per updated entry (2 x 2 x M = 8): 64 MACs; words: one spike
    // record per spiking SAL neuron (2) and the C x T class counts (8)
    expect([st.ops.managementOps, st.ops.managementWords]).to.deep.equal([12 + 64, 4 + 10]);
    expect(st.ops.feedbackUpdates).to.equal(2 * 2); // each spiking neuron's row of M entries
    // feedbackChanged adds up over epochs the decoder entries each epoch changed
    let changed = 0;
    for (const label of [1, 0, 1]) {
      const before = Array.from(emu.decoders()[0]);
      emu.runSample(Uint8Array.of(1, 1, 1, 1), label, { learning: true });
      changed += Array.from(emu.decoders()[0]).filter((w, k) => w !== before[k]).length;
    }
    expect(changed).to.be.above(0);
    expect(emu.stats().ops.feedbackChanged! - st.ops.feedbackChanged!).to.equal(changed);
  });
});

describe('emulator: cost counters a differential test cannot see (mutation sweep)', () => {
  // 4 cores on one tile; a (2 neurons) on core 0, b (4 neurons) on core 3; in0 -> a, in1 -> b
  const n: Net = {
    timesteps: 2,
    pops: [{ name: 'in', size: 2, input: true }, { name: 'a', size: 2, config: cfg }, { name: 'b', size: 4, config: cfg }],
    projs: [{ source: 0, target: 1, syn: [[0, 0, 1], [0, 1, 1]] }, { source: 0, target: 2, syn: [[1, 0, 1], [1, 1, 1], [1, 2, 1], [1, 3, 1]] }],
  };
  const tile = { meshX: 1, meshY: 1, coresPerTile: 4 };

  it('an operation time is rounded up to whole cycles: below one cycle it still takes one, a whole number takes exactly that many', () => {
    const c = new CostCounter({ cost: { clockMHz: 1000, timeNs: { ...unitCosts, barrier: 1e-12, synapticOp: 3 }, energyPJ: unitCosts }, cores: [] });
    expect(c.barrierCycles).to.equal(1);
    expect(c.cyc[OP_SYN]).to.equal(3);
  });

  it('a step\'s emit cycles are its own messages: a silent step after a spiking one costs only its inactive updates', () => {
    const emu = createEmulator(buildImage({ ...net, timesteps: 3 }, mesh, [[], [0], [1], [14]])).emulator!;
    const steps: Array<Pick<StepView, 'cycles' | 'criticalCore' | 'maxLinkLoad' | 'energyPJ'>> = [];
    emu.runSample(Uint8Array.of(1, 0, 0), undefined, {
      hooks: { onStep: (s) => steps.push({ cycles: s.cycles, criticalCore: s.criticalCore, maxLinkLoad: s.maxLinkLoad, energyPJ: s.energyPJ }) },
    });
    // steps 0 and 1 as in the two-step run above; step 2: no message, three inactive compartments (1 each), barrier 5
    expect(steps[2]).to.deep.equal({ cycles: 1 + 5, criticalCore: 0, maxLinkLoad: 0, energyPJ: 3 });
    expect(emu.stats().cycles.perCore.map((c) => c.emit)).to.deep.equal([2, 0, 0]);
  });

  it('the learn phase charges synapticUpdate cycles and energy per synaptic update (eligibility events and epoch updates)', () => {
    const emu = createEmulator(buildImage(learnNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(learnNet))).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    const st = emu.stats();
    // §5.2 co-spikes (i0, h0) at t = 1, 2, 3 and (i0, h1) at t = 2: 4 events; the epoch updates the 2 synapses with
    // e != 0 (§5.6) and the 3 readout synapses of axons with x > 0 and delta != 0 (§5.7)
    expect([st.ops.eligibilityEvents, st.ops.synapticUpdates]).to.deep.equal([4, 4 + 2 + 3]);
    expect([st.steps, st.epochs]).to.deep.equal([4, 1]); // the epoch is closed as an epoch, not a step
    // unitCosts: synapticUpdate 2 ns = 2 cycles at 1 GHz, 2 pJ
    expect(st.cycles.perCore[0].learn).to.equal(2 * st.ops.synapticUpdates);
    expect(st.energyPJ.byOp.synapticUpdates).to.equal(2 * st.ops.synapticUpdates);
    // on the synapses' cores: h0 on core 0, h1 on 5, r0 on 7, r1 on 2: core 0 (i0, h0) 3 events
    // + 1 update, core 5 (i0, h1) 1 + 1, core 7 (h0, r0) 1, core 2 (h0, r1) and (h1, r1) 2
    const spread = createEmulator(buildImage(learnNet, { meshX: 2, meshY: 1, coresPerTile: 2, chipsX: 2 }, [[], [0, 5], [7, 2]])).emulator!;
    spread.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    expect(spread.stats().cycles.perCore.map((c) => [c.core, c.learn])).to.deep.equal([[0, 2 * 4], [2, 2 * 2], [5, 2 * 2], [7, 2 * 1]]);
    // a silent sample's epoch updates nothing: no eligibility, no x > 0 (the last epoch's counts are not charged again)
    spread.runSample(Uint8Array.of(0, 0, 0, 0), 1, { learning: true });
    expect(spread.stats().ops.synapticUpdates).to.equal(4 + 2 + 3);
  });

  it('names the critical-path core per step and the core most often critical, lowest id on ties, also when it is not the first core', () => {
    const image = buildImage(n, tile, [[], [0, 0], [3, 3, 3, 3]]);
    const emu = createEmulator(image).emulator!;
    const crit: number[] = [];
    const hooks = { onStep: (s: StepView) => crit.push(s.criticalCore) };
    // step 0: in1 -> core 3 busy 4 synops + 4 active x 3 = 16 (core 0: 2 inactive = 2); step 1: in0 -> core 0 busy 2 + 2 x 3 = 8 (core 3: 4)
    emu.runSample(Uint8Array.of(0, 1, 1, 0), undefined, { hooks });
    expect(crit).to.deep.equal([3, 0]);
    expect(emu.stats().cycles.criticalCore).to.equal(0); // once each: the lowest id
    emu.runSample(Uint8Array.of(0, 1, 0, 1), undefined, { hooks });
    expect(crit.slice(2)).to.deep.equal([3, 3]);
    const st = emu.stats();
    expect(st.cycles.criticalCore).to.equal(3); // core 3 three times, core 0 once
    const totals = st.cycles.perCore.map((c) => c.total);
    expect(st.cycles.coreMax).to.equal(Math.max(...totals));
    expect(st.cycles.coreMean).to.equal(totals.reduce((a, b) => a + b) / totals.length);
    expect(st.cycles.coreMean).to.be.below(st.cycles.coreMax);
    emu.resetStats();
    expect(emu.stats()).to.deep.equal(createEmulator(image).emulator!.stats());
  });

  it('resetStats zeroes every counter: the statistics equal a fresh emulator\'s (learning, SAL feedback, link loads, §1.2 overflow)', () => {
    const sal = { mant: 1, leak: 0, shift: 0, decayS: 0, H: Int8Array.of(1, 1), keyProjection: 0 };
    const salNet: Net = { ...learnNet, learning: { ...learnNet.learning!, blocks: [{ ...learnNet.learning!.blocks[0], sal }] } };
    const image = buildImage(salNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(salNet));
    const emu = createEmulator(image).emulator!;
    for (const label of [0, 1, 0]) emu.runSample(Uint8Array.of(1, 1, 1, 1), label, { learning: true });
    const before = emu.stats();
    expect(before.ops.eligibilityEvents).to.be.above(0);
    expect(before.ops.feedbackUpdates).to.be.above(0);
    expect(before.noc.maxLinkLoad).to.be.above(0);
    emu.resetStats();
    expect(emu.stats()).to.deep.equal(createEmulator(image).emulator!.stats());
    // §1.2: 127 x 2^13 a step drives v past 2^23 - 1 within 9 steps, spikes or not: saturations are counted, and reset
    const loud: Net = { timesteps: 12, pops: [{ name: 'in', size: 1, input: true }, { name: 'a', size: 1, config: cfg }], projs: [{ source: 0, target: 1, syn: [[0, 0, 127]], weightExp: 7 }] };
    const loudImage = buildImage(loud, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(loud));
    const e2 = createEmulator(loudImage).emulator!;
    e2.runSample(new Uint8Array(12).fill(1));
    expect(e2.overflowSaturations()[1]).to.be.above(0);
    e2.resetStats();
    expect(e2.overflowSaturations()).to.deep.equal([0, 0]);
    expect(e2.stats()).to.deep.equal(createEmulator(loudImage).emulator!.stats());
  });
});
