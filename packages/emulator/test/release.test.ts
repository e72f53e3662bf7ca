/**
 * createEmulator(image, { releaseSynapses: true }) (issue 14 item 4, load-time peak memory): the
 * image's synapse memory is emptied once Machine holds its tables, and nothing observable changes:
 *  - on random networks, placements and inputs, in inference and training, every per-step view,
 *    statistic, weight, eligibility and modulatory state is identical to the emulator that keeps
 *    the image, on one thread and on two;
 *  - the image's cores really hold no synapse memory afterwards;
 *  - a snapshot, which must be bound to the image's checksum, is refused with SNNC4216 instead of
 *    being bound to the checksum of an emptied image.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { DiagnosticError } from '@snnc/common';
import { createEmulator, type Emulator } from '../src/index.js';
import { buildImage } from './build.js';
import { MESH, netArb, placementArb, rasterArb } from './random.js';

/** Everything observable after running `rasters` except snapshots. */
function observe(emu: Emulator, rasters: Uint8Array[], training: boolean): unknown[] {
  const out: unknown[] = [];
  rasters.forEach((raster, k) => {
    const r = emu.runSample(raster, training ? k % 2 : undefined, {
      learning: training,
      hooks: { onStep: (s) => out.push([...s.spikes, ...s.v, ...s.vth, ...s.sbar, ...s.u, s.cycles, s.criticalCore, s.maxLinkLoad, s.energyPJ]) },
    });
    out.push([r.predicted, [...r.counts], r.spikes, r.cycles, r.energyPJ]);
    emu.populations.forEach((_, p) => out.push(emu.weights(p), emu.eligibility(p)));
  });
  out.push(emu.stats(), emu.modulatoryState().map((m) => [...m]), emu.overflowWraps(), emu.overflowSaturations());
  return out;
}

describe('emulator: releasing the image synapse memory at load', function () {
  this.timeout(300_000);

  it('changes nothing observable, on one thread and on two (property)', () => {
    fc.assert(
      fc.property(
        netArb.chain((net) => fc.tuple(fc.constant(net), placementArb(net), rasterArb(net, 3), fc.boolean(), fc.integer({ min: 1, max: 2 }))),
        ([net, place, rasters, training, threads]) => {
          const runs = [false, true].map((releaseSynapses) => {
            const image = buildImage(net, MESH, place);
            const emu = createEmulator(image, { releaseSynapses }).emulator!;
            if (releaseSynapses) for (const c of image.cores) expect(c.synapses.blocks.length + c.synapses.weights.length).to.equal(0);
            expect(emu.startThreads(Math.min(threads, emu.mach.nCores))).to.deep.equal([]);
            try {
              return observe(emu, rasters, training);
            } finally {
              emu.close();
            }
          });
          expect(runs[1]).to.deep.equal(runs[0]);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('refuses a snapshot (SNNC4216) after the release, and takes one without it', () => {
    const net = fc.sample(netArb, { numRuns: 1, seed: 7 })[0];
    const place = fc.sample(placementArb(net), { numRuns: 1, seed: 7 })[0];
    const kept = createEmulator(buildImage(net, MESH, place)).emulator!;
    expect(kept.saveState().length).to.be.greaterThan(0);
    const released = createEmulator(buildImage(net, MESH, place), { releaseSynapses: true }).emulator!;
    let err: unknown;
    try {
      released.saveState();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DiagnosticError);
    expect((err as DiagnosticError).diagnostics.map((d) => d.code)).to.deep.equal(['SNNC4216']);
  });
});
