/**
 * The streamed load (issue 14 item 4, docs/emulator.md "Streamed load"): compileNetwork with
 * `stream` hands each core's synapse memory to the emulator's loader as it writes it, instead of
 * holding the whole image. Nothing observable may change:
 *  - the streamed cores are the very words of the whole image (the image with them put back
 *    encodes to the same bytes);
 *  - on random networks, targets and placements, learning on and off, on one thread and on two,
 *    every per-step view (spikes, v, vth, sbar, u, cycles, critical core, link load, energy),
 *    sample result, weight, eligibility, modulatory state and statistic equals the emulator loaded
 *    from the whole image;
 *  - a wrong stream cannot load silently: counts that differ from the memory are refused
 *    (SNNC4010), and a stream with one weight changed gives a different run (the comparison above
 *    can fail);
 *  - snapshots are refused (SNNC4216): the image checksum is unknown.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { DiagnosticError, formatDiagnostic, Rng } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { compileNetwork } from '@snnc/codegen';
import { createEmulator, type Emulator } from '@snnc/emulator';
import { encodeImage, type ChipImage, type SynapseMemory, type SynapseStream } from '@snnc/image';
import { randomInputs } from '@snnc/datasets';
import { placeNaive } from '../src/index.js';
import { networkArb, targetArb } from './arbitraries.js';

const neurons = (net: LoweredNetwork) => net.populations.reduce((s, p) => s + (p.model === 'input' ? 0 : p.size), 0);

/** Raise the compartment limit just enough that the network fits the target's cores (as differential.test.ts). */
function fit(net: LoweredNetwork, t: Target): Target {
  const cores = t.chip.cores * t.system.maxChips;
  const need = Math.ceil(neurons(net) / cores);
  return need > t.core.maxCompartments ? { ...t, core: { ...t.core, maxCompartments: need } } : t;
}

/** Both compilations of one case, or null when a naive placement breaks a per-core limit. */
function compileBoth(net: LoweredNetwork, target: Target, seed: number): { whole: ChipImage; shell: ChipImage; stream: SynapseStream } | null {
  const placement = placeNaive(net, target, { rng: new Rng(seed) });
  const whole = compileNetwork(net, placement, target);
  if (!whole.image) {
    if (whole.diagnostics.some((d) => /^SNNC411[0-5]$/.test(d.code))) return null;
    throw new Error(whole.diagnostics.map(formatDiagnostic).join('\n'));
  }
  const streamed = compileNetwork(net, placement, target, { stream: true });
  expect(streamed.synapses, 'a stream').to.not.equal(undefined);
  return { whole: whole.image, shell: streamed.image!, stream: streamed.synapses! };
}

/** Everything observable after presenting the samples (labels train when `training`), snapshots aside. */
function observe(emu: Emulator, rasters: Uint8Array[], labels: number[], training: boolean): unknown[] {
  const out: unknown[] = [];
  rasters.forEach((raster, k) => {
    const r = emu.runSample(raster, training ? labels[k] : undefined, {
      learning: training,
      hooks: { onStep: (s) => out.push([...s.spikes, ...s.v, ...s.vth, ...s.sbar, ...s.u, s.cycles, s.criticalCore, s.maxLinkLoad, s.energyPJ]) },
    });
    out.push([r.predicted, [...r.counts], r.spikes, r.cycles, r.energyPJ]);
    emu.populations.forEach((_, p) => out.push(emu.weights(p), emu.eligibility(p)));
  });
  out.push(emu.stats(), emu.modulatoryState().map((m) => [...m]), emu.overflowWraps(), emu.overflowSaturations());
  return out;
}

function run(emu: Emulator, threads: number, rasters: Uint8Array[], labels: number[], training: boolean): unknown[] {
  const refused = threads > 1 ? emu.startThreads(Math.min(threads, emu.mach.nCores)) : [];
  // SAL images run on one thread (SNNC4222): then both sides run on one
  if (refused.length) expect(refused.map((d) => d.code)).to.deep.equal(['SNNC4222']);
  try {
    return observe(emu, rasters, labels, training);
  } finally {
    emu.close();
  }
}

/** `stream` with core `at`'s memory changed by `edit` (a wrong loader's view of it). */
function edited(stream: SynapseStream, at: number, edit: (sm: SynapseMemory) => void): SynapseStream {
  return { blocks: stream.blocks, entries: stream.entries, plastic: stream.plastic, core: (c) => {
    const sm = stream.core(c);
    if (c === at) edit(sm);
    return sm;
  } };
}

describe('streamed load: compileNetwork({ stream }) -> createEmulator(image, { synapses })', function () {
  this.timeout(300_000);

  it('streams the very words of the whole image', () => {
    fc.assert(
      fc.property(networkArb(4), targetArb, fc.nat(), (net, t, seed) => {
        const c = compileBoth(net, fit(net, t), seed);
        if (!c) return;
        c.shell.cores.forEach((core, ci) => {
          expect(c.stream.blocks[ci] * 11 + c.stream.entries[ci]).to.equal(c.whole.cores[ci].synapses.blocks.length + c.whole.cores[ci].synapses.weights.length);
          core.synapses = c.stream.core(ci);
        });
        expect(Buffer.from(encodeImage(c.shell)).equals(Buffer.from(encodeImage(c.whole)))).to.equal(true);
      }),
      { numRuns: 60, seed: 140401 },
    );
  });

  it('equals the emulator loaded from the whole image: every step, sample, weight and statistic, learning on and off, on 1 and 2 threads (property)', () => {
    let cases = 0, spikes = 0;
    fc.assert(
      fc.property(networkArb(4), targetArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 2 }), (net, t, seed, inputSeed, threads) => {
        const c = compileBoth(net, fit(net, t), seed);
        if (!c) return;
        const training = net.learning !== null;
        const nIn = net.populations[0].size;
        const classes = net.populations[net.populations.length - 1].classes!;
        const { rasters, labels } = randomInputs(3, net.timesteps, nIn, classes, 0.35, inputSeed);
        // the whole image on one thread, then started on `threads`; the streamed one on `threads`
        // from the load (Machine's tables shared from the start; SAL runs on one thread, SNNC4222)
        const sal = net.learning?.modulatory.some((m) => m.sal !== undefined) === true;
        const a = createEmulator(c.whole);
        const b = createEmulator(c.shell, { synapses: c.stream, threads: sal ? 1 : Math.min(threads, c.shell.cores.length) });
        expect(b.diagnostics.map(formatDiagnostic)).to.deep.equal(a.diagnostics.map(formatDiagnostic));
        expect(b.emulator!.threads).to.equal(sal ? 1 : Math.min(threads, c.shell.cores.length));
        const ra = run(a.emulator!, threads, rasters, labels, training);
        const rb = run(b.emulator!, 1, rasters, labels, training);
        expect(rb).to.deep.equal(ra);
        cases++;
        spikes += (ra[ra.length - 4] as { spikes: number }).spikes;
      }),
      { numRuns: 60, seed: 140402 },
    );
    expect(cases).to.be.greaterThan(30);
    expect(spikes).to.be.greaterThan(100);
  });

  it('a wrong stream is refused (counts) or gives a different run (a weight): the comparison can fail', () => {
    let differed = 0;
    fc.assert(
      fc.property(networkArb(3), targetArb, fc.nat(), fc.nat(), (net, t, seed, inputSeed) => {
        const c = compileBoth(net, fit(net, t), seed);
        if (!c) return;
        const at = c.shell.cores.findIndex((_, ci) => c.stream.entries[ci] > 0);
        if (at < 0) return;
        // counts that do not match the memory: refused before any table is read from them
        const lying = { ...c.stream, entries: Array.from(c.stream.entries, (e, ci) => (ci === at ? e + 1 : e)), core: c.stream.core.bind(c.stream) };
        const refused = createEmulator(c.shell, { synapses: lying });
        expect(refused.emulator).to.equal(undefined);
        expect(refused.diagnostics.map((d) => d.code)).to.include('SNNC4010');
        // one weight changed (within its bits): the emulator loads it, and the runs differ whenever
        // that synapse carries a spike; the property counts how often
        const again = compileBoth(net, fit(net, t), seed)!;
        const nIn = net.populations[0].size;
        const classes = net.populations[net.populations.length - 1].classes!;
        const { rasters, labels } = randomInputs(3, net.timesteps, nIn, classes, 0.6, inputSeed);
        const good = createEmulator(again.whole).emulator!;
        const bad = createEmulator(again.shell, { synapses: edited(again.stream, at, (sm) => (sm.weights[0] = sm.weights[0] === 0 ? 1 : 0)) }).emulator!;
        const ra = run(good, 1, rasters, labels, false);
        const rb = run(bad, 1, rasters, labels, false);
        if (JSON.stringify(ra) !== JSON.stringify(rb)) differed++;
      }),
      { numRuns: 30, seed: 140403 },
    );
    expect(differed).to.be.greaterThan(5);
  });

  it('refuses a snapshot (SNNC4216): the image checksum is not known', () => {
    const net = fc.sample(networkArb(2), { numRuns: 1, seed: 11 })[0];
    const t = fc.sample(targetArb, { numRuns: 1, seed: 11 })[0];
    const c = compileBoth(net, fit(net, t), 1)!;
    expect(createEmulator(c.whole).emulator!.saveState().length).to.be.greaterThan(0);
    const emu = createEmulator(c.shell, { synapses: c.stream }).emulator!;
    let err: unknown;
    try {
      emu.saveState();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DiagnosticError);
    expect((err as DiagnosticError).diagnostics.map((d) => d.code)).to.deep.equal(['SNNC4216']);
  });
});
