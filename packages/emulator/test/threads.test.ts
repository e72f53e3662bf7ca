/**
 * `--threads N` (docs/emulator.md, "Threads"): the same bytes at any number of threads.
 *  - on random networks, placements, inputs, in inference and training (on-chip learning), every
 *    per-step view, every statistic, the snapshot bytes, weights, eligibility and modulatory state
 *    are identical for N = 1, 2, 3, with and without per-step hooks;
 *  - the partition is contiguous, covers every core once, and is balanced by synapses;
 *  - N = 0, non-integers and N above the core count are refused with SNNC4221 (located);
 *  - a failing thread makes the run throw instead of hanging, and terminates the workers;
 *  - a worker's Machine (machineView) has the decoded machine's fields, in its order, and fast
 *    properties (a dictionary-mode machine made every `m.x` read of the step loop a hash lookup:
 *    two threads spent ~50% more CPU than one on CUBA networks, docs/benchmarks.md).
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import fc from 'fast-check';
import { createEmulator, PROGRESS_STEPS, type Emulator } from '../src/index.js';
import { partitionCores } from '../src/threads/partition.js';
import { ThreadFailure } from '../src/threads/barrier.js';
import { machineView, shareMachine } from '../src/threads/shared.js';
import { buildImage, type Net } from './build.js';
import { MESH, netArb, placementArb, rasterArb } from './random.js';

/** Everything observable after running `rasters` (per-step views only with `perStep`). */
function observe(emu: Emulator, rasters: Uint8Array[], training: boolean, perStep: boolean): unknown[] {
  const out: unknown[] = [];
  rasters.forEach((raster, k) => {
    // §5.11 homeostasis hold on every other training sample: it must reach every share
    if (training) emu.setRateShift(0, 0, k % 2 === 1);
    const r = emu.runSample(raster, training ? k % 2 : undefined, {
      learning: training,
      ...(perStep ? { hooks: { onStep: (s) => out.push([...s.spikes, ...s.v, ...s.vth, ...s.sbar, ...s.u, s.cycles, s.criticalCore, s.maxLinkLoad, s.energyPJ]) } } : {}),
    });
    out.push([r.predicted, [...r.counts], r.spikes, r.cycles, r.energyPJ]);
    emu.populations.forEach((_, p) => out.push(emu.weights(p), emu.eligibility(p)));
  });
  out.push(emu.stats(), [...emu.saveState()], emu.modulatoryState().map((m) => [...m]), emu.overflowWraps(), emu.overflowSaturations());
  return out;
}

/** `atLoad`: threads started by createEmulator (shared tables from the start) instead of startThreads afterwards. */
function emulatorOn(net: Net, place: number[][], threads: number, atLoad = false): Emulator {
  const image = buildImage(net, MESH, place);
  const n = Math.min(threads, image.cores.length);
  if (atLoad) {
    const made = createEmulator(image, { threads: n });
    expect(made.diagnostics).to.deep.equal([]);
    return made.emulator!;
  }
  const emu = createEmulator(image).emulator!;
  expect(emu.startThreads(n)).to.deep.equal([]);
  return emu;
}

describe('emulator: threads', function () {
  this.timeout(300_000); // ~4 s on a quiet machine; worker start-up is slow under heavy load

  it('gives the same bytes at N = 1, 2, 3, and at N = 2 started at load: views, statistics, snapshots, learning (property)', () => {
    fc.assert(
      fc.property(
        netArb.chain((net) => fc.tuple(fc.constant(net), placementArb(net), rasterArb(net, 3), fc.boolean(), fc.boolean())),
        ([net, place, rasters, training, perStep]) => {
          const runs = ([[1, false], [2, false], [3, false], [2, true]] as const).map(([n, atLoad]) => {
            const emu = emulatorOn(net, place, n, atLoad);
            try {
              return observe(emu, rasters, training, perStep);
            } finally {
              emu.close();
            }
          });
          expect(runs[1]).to.deep.equal(runs[0]);
          expect(runs[2]).to.deep.equal(runs[0]);
          expect(runs[3]).to.deep.equal(runs[0]);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('tells a long sample\'s progress every PROGRESS_STEPS steps, the same on 1 and 2 threads, with and without per-step hooks, and changes nothing', () => {
    const cfg = { model: 'srlif' as const, decayV: 0, vth0: 100, vthMin: 1, vthMax: 800, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 };
    const T = 2 * PROGRESS_STEPS + 100;
    const net: Net = {
      timesteps: T,
      pops: [{ name: 'in', size: 2, input: true }, { name: 'h', size: 4, config: cfg }],
      projs: [{ source: 0, target: 1, syn: [[0, 0, 60], [0, 1, 60], [1, 2, 60], [1, 3, 60]] }],
    };
    const raster = new Uint8Array(T * 2).map((_, i) => ((i * 7) % 5 === 0 ? 1 : 0));
    for (const perStep of [false, true]) {
      const seen = [1, 2].map((n) => {
        const emu = emulatorOn(net, [[], [0, 0, 1, 1]], n);
        try {
          const told: number[][] = [];
          const r = emu.runSample(raster, undefined, { onProgress: (done, of) => told.push([done, of]), ...(perStep ? { hooks: { onStep: () => {} } } : {}) });
          const quiet = createEmulator(buildImage(net, MESH, [[], [0, 0, 1, 1]])).emulator!.runSample(raster);
          expect([r.spikes, r.cycles, r.energyPJ], 'a run told nothing').to.deep.equal([quiet.spikes, quiet.cycles, quiet.energyPJ]);
          expect(r.spikes).to.be.greaterThan(0);
          return told;
        } finally {
          emu.close();
        }
      });
      expect(seen[0]).to.deep.equal([[PROGRESS_STEPS, T], [2 * PROGRESS_STEPS, T]]);
      expect(seen[1], `two threads, per-step hooks ${perStep}`).to.deep.equal(seen[0]);
    }
  });

  it('tells the last step of a sample whose length is a multiple of PROGRESS_STEPS, on 1 and 2 threads', () => {
    const cfg = { model: 'srlif' as const, decayV: 0, vth0: 100, vthMin: 1, vthMax: 800, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 };
    const T = 2 * PROGRESS_STEPS;
    const net: Net = { timesteps: T, pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 2, config: cfg }], projs: [{ source: 0, target: 1, syn: [[0, 0, 60], [0, 1, 60]] }] };
    for (const n of [1, 2]) {
      const emu = emulatorOn(net, [[], [0, 1]], n);
      try {
        const told: number[][] = [];
        emu.runSample(new Uint8Array(T), undefined, { onProgress: (done, of) => told.push([done, of]) });
        expect(told, `${n} thread(s)`).to.deep.equal([[PROGRESS_STEPS, T], [T, T]]);
      } finally {
        emu.close();
      }
    }
  });

  it('splits the cores into contiguous, non-empty shares balanced by synapses', () => {
    const net: Net = {
      timesteps: 2,
      pops: [{ name: 'in', size: 4, input: true }, { name: 'h', size: 8, config: { model: 'srlif', decayV: 0, vth0: 100, vthMin: 1, vthMax: 800, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 } }],
      // core k receives 4 * (k + 1) synapses (hidden neurons 2k, 2k + 1 on core k)
      projs: [{ source: 0, target: 1, syn: Array.from({ length: 8 }, (_, b) => Array.from({ length: Math.floor(b / 2) + 1 }, (_, a) => [a, b, 10] as [number, number, number])).flat().sort((x, y) => x[0] - y[0] || x[1] - y[1]) }],
    };
    const emu = createEmulator(buildImage(net, MESH, [[], [0, 0, 1, 1, 2, 2, 3, 3]])).emulator!;
    for (let n = 1; n <= emu.mach.nCores; n++) {
      const b = partitionCores(emu.mach, n);
      expect(b[0]).to.equal(0);
      expect(b[n]).to.equal(emu.mach.nCores);
      for (let s = 0; s < n; s++) expect(b[s + 1]).to.be.greaterThan(b[s]);
    }
    // weights (synapses + compartments) per core 4, 6, 8, 10: prefixes 4, 10, 18, 28
    expect([...partitionCores(emu.mach, 2)]).to.deep.equal([0, 3, 4]); // 14 is as near 18 as 10: the later
    expect([...partitionCores(emu.mach, 3)]).to.deep.equal([0, 2, 3, 4]); // 9.3 -> 10; 18.7 -> 18 (one core must remain)
  });

  it('puts a boundary at the prefix nearest its goal, and leaves no share empty behind a core heavier than several shares', () => {
    const cfg = { model: 'srlif' as const, decayV: 0, vth0: 100, vthMin: 1, vthMax: 800, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 };
    /** a machine whose cores weigh `sizes` (compartments, no synapses) */
    const machine = (sizes: number[]) => {
      const net: Net = { timesteps: 1, pops: [{ name: 'in', size: 1, input: true }, ...sizes.map((size, k) => ({ name: `p${k}`, size, config: cfg }))], projs: [] };
      return createEmulator(buildImage(net, MESH, [[], ...sizes.map((size, k) => new Array<number>(size).fill(k))])).emulator!.mach;
    };
    // prefixes 4, 14, 15; goal 7.5: 14 is 6.5 away, 4 only 3.5: the boundary after core 0
    expect([...partitionCores(machine([4, 10, 1]), 2)]).to.deep.equal([0, 1, 3]);
    // the compartments weigh (a network without synapses still splits): prefixes 1, 11, 15, goal 7.5 -> after core 1
    expect([...partitionCores(machine([1, 10, 4]), 2)]).to.deep.equal([0, 2, 3]);
    // prefixes 90, 95, 100; goals 33.3 and 66.7 both lie in core 0: one core per share all the same
    expect([...partitionCores(machine([90, 5, 5]), 3)]).to.deep.equal([0, 1, 2, 3]);
  });

  it('counts §1.2 overflow of every share once, sample after sample', () => {
    // a quiet neuron on core 0, on core 1 one driven by 127 x 2^13 a step past 2^23 - 1
    const cfg = { model: 'srlif' as const, decayV: 0, vth0: 5000, vthMin: 1, vthMax: 8000, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 };
    const net: Net = {
      timesteps: 12,
      pops: [{ name: 'in', size: 1, input: true }, { name: 'q', size: 1, config: cfg }, { name: 'a', size: 1, config: cfg }],
      projs: [{ source: 0, target: 2, syn: [[0, 0, 127]], weightExp: 7 }],
    };
    const counts = (threads: number) => {
      const emu = emulatorOn(net, [[], [0], [1]], threads);
      try {
        return [1, 2, 3].map(() => (emu.runSample(new Uint8Array(12).fill(1)), emu.overflowSaturations()));
      } finally {
        emu.close();
      }
    };
    const one = counts(1);
    expect(one[0][2]).to.be.above(0);
    expect(counts(2)).to.deep.equal(one);
  });

  it('refuses N = 0, non-integers and N above the core count with SNNC4221', () => {
    const net: Net = { timesteps: 2, pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 2, config: { model: 'srlif', decayV: 0, vth0: 100, vthMin: 1, vthMax: 800, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 } }], projs: [] };
    const emu = createEmulator(buildImage(net, MESH, [[], [0, 1]])).emulator!;
    for (const n of [0, -1, 1.5, NaN, 3, Infinity]) {
      const d = emu.startThreads(n);
      expect(d, String(n)).to.have.length(1);
      expect(d[0]).to.include({ code: 'SNNC4221', pointer: '/threads', found: String(n) });
    }
    expect(emu.threads).to.equal(1);
    // the same refusal when threads are asked for at load: diagnostics, no emulator
    for (const n of [0, 1.5, 3]) {
      const made = createEmulator(buildImage(net, MESH, [[], [0, 1]]), { threads: n });
      expect(made.emulator, String(n)).to.equal(undefined);
      expect(made.diagnostics.map((d) => d.code)).to.deep.equal(['SNNC4221']);
    }
  });

  it('throws instead of hanging when a thread fails, and terminates the workers', () => {
    const net: Net = { timesteps: 3, pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 2, config: { model: 'srlif', decayV: 0, vth0: 100, vthMin: 1, vthMax: 800, bias: 0, rateShift: 1, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0 } }], projs: [] };
    const emu = createEmulator(buildImage(net, MESH, [[], [0, 1]])).emulator!;
    expect(emu.startThreads(2)).to.deep.equal([]);
    emu.runSample(new Uint8Array(3));
    // a worker reporting a failure (as its catch-all does) while the main thread runs
    const pool = (emu as unknown as { pool: { barrier: { fail(m: string): void } } }).pool;
    pool.barrier.fail('injected');
    const t0 = Date.now();
    expect(() => emu.runSample(new Uint8Array(3))).to.throw(ThreadFailure, /injected/);
    expect(Date.now() - t0).to.be.lessThan(2000);
    expect(() => emu.runSample(new Uint8Array(3))).to.throw(ThreadFailure);
    emu.close();
  });

  it('gives a worker a Machine with the decoded fields, in order, and fast properties', () => {
    const net: Net = { timesteps: 2, pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 2, config: { model: 'cuba', decayU: 410, decayV: 410, vthMant: 200, biasMant: 0, biasExp: 0, refractory: 0 } }], projs: [{ source: 0, target: 1, syn: [[0, 0, 3], [0, 1, 2]] }] };
    const m = createEmulator(buildImage(net, MESH, [[], [0, 1]])).emulator!.mach;
    // every declared field is assigned by decoding (the fields carry `!`: the view path assigns them by Object.assign)
    for (const [k, x] of Object.entries(m)) expect(x, k).to.not.equal(undefined);
    const view = machineView(shareMachine(m)) as unknown as Record<string, unknown>;
    const rec = m as unknown as Record<string, unknown>;
    expect(Object.keys(view)).to.deep.equal(Object.keys(rec));
    for (const k of Object.keys(rec)) if (ArrayBuffer.isView(rec[k]) || typeof rec[k] !== 'object') expect(view[k], k).to.equal(rec[k]);
    // V8's own answer, in a child process (natives syntax is a startup flag)
    const url = (f: string) => new URL(f, import.meta.url).href;
    const code = `const { createEmulator } = await import(${JSON.stringify(url('../src/index.js'))});
      const { buildImage } = await import(${JSON.stringify(url('./build.js'))});
      const { MESH } = await import(${JSON.stringify(url('./random.js'))});
      const { machineView, shareMachine } = await import(${JSON.stringify(url('../src/threads/shared.js'))});
      const m = createEmulator(buildImage(${JSON.stringify(net)}, MESH, [[], [0, 1]])).emulator.mach;
      console.log(JSON.stringify([%HasFastProperties(m), %HasFastProperties(machineView(shareMachine(m)))]));`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).to.deep.equal([true, true]);
  });
});
