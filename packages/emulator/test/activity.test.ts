/**
 * The performance design must not change a single bit (docs/emulator.md, "Performance design"):
 *  - the activity-driven update (carry + dirty sets) equals a sweep of every compartment, in
 *    states, spikes and every cost figure, on random networks in inference and training mode;
 *  - synaptic work is exactly the sum over spikes of the source's fan-out (cost grows with
 *    spikes), and a silent step does none;
 *  - wide sums stay exact where Int32 accumulators would overflow;
 *  - the step loop allocates nothing (no garbage collection, bounded heap over many steps).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { PerformanceObserver } from 'node:perf_hooks';
import { expect } from 'chai';
import fc from 'fast-check';
import type { CompartmentConfig } from '@snnc/image';
import { createEmulator, loadNetworkState, readNetworkState, type Emulator } from '../src/index.js';
import { buildImage, type Net } from './build.js';
import { MESH, netArb, placementArb, rasterArb } from './random.js';

/** Everything a step exposes, plus the final statistics. */
function trace(emu: Emulator, rasters: Uint8Array[], training: boolean, sweepAll: boolean): unknown[] {
  const out: unknown[] = [];
  rasters.forEach((raster, k) => {
    emu.runSample(raster, training ? k % 2 : undefined, {
      learning: training, sweepAll,
      hooks: { onStep: (s) => out.push([...s.spikes, ...s.v, ...s.vth, ...s.sbar, ...s.u, s.cycles, s.criticalCore, s.maxLinkLoad, s.energyPJ]) },
    });
  });
  out.push(emu.stats());
  return out;
}

/** Biases of zero make compartments able to fall quiet, which is what the fast path exploits. */
function zeroBias(net: Net, on: boolean[]): Net {
  return {
    ...net,
    pops: net.pops.map((p, i) => {
      if (!p.config || !on[i % on.length]) return p;
      const c: CompartmentConfig = p.config.model === 'srlif' ? { ...p.config, bias: 0 } : { ...p.config, biasMant: 0 };
      return { ...p, config: c };
    }),
  };
}

describe('emulator: activity-driven execution', () => {
  it('a full word of 32 compartments: left at negative v it keeps decaying (§3.2, v != 0 of either sign is not quiet); a spike without input is an active update', () => {
    const cfg: CompartmentConfig = { model: 'srlif', decayV: 1024, vth0: 1000, vthMin: 1, vthMax: 5000, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 };
    const net: Net = {
      timesteps: 3,
      pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 32, config: cfg }],
      projs: [{ source: 0, target: 1, syn: Array.from({ length: 32 }, (_, j): [number, number, number] => [0, j, -10]) }],
    };
    const emu = createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], new Array<number>(32).fill(0)])).emulator!;
    const v: number[][] = [];
    emu.runSample(Uint8Array.of(1, 0, 0), undefined, { hooks: { onStep: (s) => v.push([...new Set(s.v.slice(1))]) } });
    // -10 x 64 = -640, then decay(x, 1024) = -floor(|x| * 3 / 4): -480, -360
    expect(v).to.deep.equal([[-640], [-480], [-360]]);
    // +20: 1280 at t0 (active, A != 0), all spike at t1 without input (active: S != 0), then -40 and quiet (inactive)
    const up: Net = { ...net, projs: [{ ...net.projs[0], syn: net.projs[0].syn.map(([i, j]): [number, number, number] => [i, j, 20]) }] };
    const e2 = createEmulator(buildImage(up, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], new Array<number>(32).fill(0)])).emulator!;
    e2.runSample(Uint8Array.of(1, 0, 0));
    expect([e2.stats().spikes, e2.stats().ops.neuronActive, e2.stats().ops.neuronInactive]).to.deep.equal([32, 64, 32]);
  });

  it('equals a full sweep of every compartment, bit for bit, cost figures included (property)', () => {
    fc.assert(
      fc.property(
        netArb.chain((net) => fc.tuple(fc.constant(net), placementArb(net), rasterArb(net, 3), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean())),
        ([net0, place, rasters, zero, training]) => {
          const net = zeroBias(net0, zero);
          const a = createEmulator(buildImage(net, MESH, place)).emulator!;
          const b = createEmulator(buildImage(net, MESH, place)).emulator!;
          expect(trace(a, rasters, training, false)).to.deep.equal(trace(b, rasters, training, true));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('synaptic operations = sum over spikes of the source fan-out; silent steps cost none (property)', () => {
    fc.assert(
      fc.property(netArb.chain((net) => fc.tuple(fc.constant(net), placementArb(net), rasterArb(net, 2))), ([net, place, rasters]) => {
        const emu = createEmulator(buildImage(net, MESH, place)).emulator!;
        // fan-out of every network-global neuron, from the network description
        const off = [0];
        net.pops.forEach((p) => off.push(off[off.length - 1] + p.size));
        const fanout = new Array<number>(off[off.length - 1]).fill(0);
        for (const pr of net.projs) for (const [pre] of pr.syn) fanout[off[pr.source] + pre]++;
        let expected = 0, silentOps = 0;
        for (const raster of rasters) {
          let before = emu.stats().ops.synapticOps;
          emu.runSample(raster, undefined, {
            hooks: {
              onStep: (s) => {
                let n = 0;
                for (let i = 0; i < s.spikes.length; i++) if (s.spikes[i]) n++;
                expected += s.spikes.reduce((acc, x, i) => acc + x * fanout[i], 0);
                const now = emu.stats().ops.synapticOps;
                if (n === 0) silentOps += now - before;
                before = now;
              },
            },
          });
        }
        expect(emu.stats().ops.synapticOps).to.equal(expected);
        expect(silentOps).to.equal(0);
      }),
      { numRuns: 80 },
    );
  });

  it('sums beyond 2^31 use exact wide accumulators and saturate once (§2.3)', () => {
    const cfg: CompartmentConfig = { model: 'srlif', decayV: 4096, vth0: 1 << 30, vthMin: 1, vthMax: 1 << 30, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 };
    // 12 inputs x 30000 x 2^(6+7) = 2.95e9 > 2^31: an Int32 sum would wrap negative
    const net: Net = {
      timesteps: 1,
      pops: [{ name: 'in', size: 12, input: true }, { name: 'a', size: 1, config: cfg }],
      projs: [{ source: 0, target: 1, weightBits: 16, weightExp: 7, syn: Array.from({ length: 12 }, (_, i) => [i, 0, 30000] as [number, number, number]) }],
    };
    const emu = createEmulator(buildImage(net, MESH, [[], [0]])).emulator!;
    expect(emu.delivery.narrow).to.equal(false);
    let v = 0;
    emu.runSample(new Uint8Array(12).fill(1), undefined, { hooks: { onStep: (s) => (v = s.v[12]) } });
    expect(v).to.equal(2 ** 23 - 1);
    // the same network with small weights proves Int32 safe
    const small = createEmulator(buildImage({ ...net, projs: [{ ...net.projs[0], weightExp: 0 }] }, MESH, [[], [0]])).emulator!;
    expect(small.delivery.narrow).to.equal(true);
    // a bias beyond 32 bits also runs wide (the Int32 update adds biases as Int32): v saturates once
    const big: Net = { ...net, pops: [net.pops[0], { ...net.pops[1], config: { ...cfg, bias: 2 ** 33 } }], projs: [] };
    const wide = createEmulator(buildImage(big, MESH, [[], [0]])).emulator!;
    expect(wide.delivery.narrow).to.equal(false);
    let vb = 0;
    wide.runSample(new Uint8Array(12), undefined, { hooks: { onStep: (s) => (vb = s.v[12]) } });
    expect(vb).to.equal(2 ** 23 - 1);
    // plastic weights are bounded by their rule's bits, not by today's values: 12 weights of 1 may
    // learn (here: be loaded) up to 32767 x 2^13 each, 3.2e9 together, so the sums run wide from the start
    const plastic: Net = { ...net, classes: 1, projs: [{ ...net.projs[0], syn: net.projs[0].syn.map(([i, j]): [number, number, number] => [i, j, 1]), rule: 'delta', learnMant: 1, learnShift: 0 }], learning: { gamma: 0, decayE: 0, decayM: 0, blocks: [] } };
    const grown = createEmulator(buildImage(plastic, MESH, [[], [0]])).emulator!;
    expect(grown.delivery.narrow).to.equal(false);
    const st = readNetworkState(grown);
    expect(loadNetworkState(grown, { ...st, weights: [new Int16Array(12).fill(32767)] })).to.deep.equal([]);
    let vp = 0;
    grown.runSample(new Uint8Array(12).fill(1), undefined, { hooks: { onStep: (s) => (vp = s.v[12]) } });
    expect(vp).to.equal(2 ** 23 - 1);
  });

  it('the step loop allocates nothing: no garbage collection and a flat heap over 40,000 steps', async function () {
    this.timeout(30_000);
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // a busy recurrent network on 4 cores: 24 neurons, 8 inputs
    const cfg: CompartmentConfig = { model: 'srlif', decayV: 1024, vth0: 200, vthMin: 20, vthMax: 800, bias: 0, rateShift: 2, targetRate: 400, etaThetaMant: 1, etaThetaShift: 4 };
    const syn = (nPre: number, nPost: number, w: number): Array<[number, number, number]> => {
      const s: Array<[number, number, number]> = [];
      for (let a = 0; a < nPre; a++) for (let b = 0; b < nPost; b++) if ((a * 7 + b * 3) % 4 === 0) s.push([a, b, ((a + b) % 5) * w - w]);
      return s;
    };
    const T = 40_000; // one sample of T steps: the image's timesteps (§5.2)
    const net: Net = {
      timesteps: T,
      pops: [{ name: 'in', size: 8, input: true }, { name: 'h', size: 24, config: cfg }],
      projs: [{ source: 0, target: 1, syn: syn(8, 24, 40) }, { source: 1, target: 1, syn: syn(24, 24, 12), delay: 2 }],
    };
    const emu = createEmulator(buildImage(net, MESH, [[], Array.from({ length: 24 }, (_, i) => i % 4)])).emulator!;
    const raster = new Uint8Array(T * 8);
    for (let i = 0; i < raster.length; i++) raster[i] = (i * 2654435761) % 7 === 0 ? 1 : 0;
    for (const learning of [false, true]) emu.runSample(raster, undefined, { learning }); // JIT warm-up, both modes
    let collections = 0;
    const obs = new PerformanceObserver((list) => (collections += list.getEntries().length));
    gc();
    obs.observe({ entryTypes: ['gc'] });
    // Bytes allocated per run, outside code space. The least of three runs is taken: a background
    // optimising compile that lands mid-run adds code and its metadata once (seen on loaded 2-core
    // CI: +210 KB in one run), while a step loop that allocates would do so in every run.
    const used = (): number => v8.getHeapSpaceStatistics().reduce((a, s) => a + (s.space_name === 'code_space' ? 0 : s.space_used_size), 0);
    let grown = Infinity;
    let spikes = 0;
    for (let run = 0; run < 3; run++) {
      const h0 = used();
      spikes = emu.runSample(raster, undefined, { learning: true }).spikes;
      grown = Math.min(grown, used() - h0);
    }
    await new Promise((res) => setTimeout(res, 20));
    obs.disconnect();
    expect(spikes).to.be.greaterThan(T); // the network was busy
    expect(collections).to.equal(0);
    expect(grown).to.be.lessThan(64 * 1024); // one 16-byte object per step would be 640 KB
  });
});
