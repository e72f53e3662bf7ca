import { expect } from 'chai';
import fc from 'fast-check';
import { createEmulator, loadNetworkState, readNetworkState } from '../src/index.js';
import { buildImage } from './build.js';
import { fixedNet, net, record } from './nets.js';
import { MESH, netArb, placementArb, rasterArb } from './random.js';

/**
 * A state in network order (a trained checkpoint's, docs/emulator.md "Snapshots") is
 * placement-free: read from one emulator after training, written into an emulator of the same
 * network on another placement, both continue identically. Anything wrong in the order maps
 * (compartments, plastic synapses, blocks) shows as a different continuation.
 */
describe('emulator: state in network order (loadNetworkState)', () => {
  it('moves a trained state to another placement, which continues exactly as the first (property)', () => {
    fc.assert(
      fc.property(
        netArb.chain((n) => fc.tuple(fc.constant(n), placementArb(n), placementArb(n), rasterArb(n, 4))),
        ([n, placeA, placeB, rasters]) => {
          const a = createEmulator(buildImage(n, MESH, placeA)).emulator!;
          record(a, n, rasters.slice(0, 2), [0, 1]);
          const state = readNetworkState(a);
          const b = createEmulator(buildImage(n, MESH, placeB)).emulator!;
          expect(loadNetworkState(b, state)).to.deep.equal([]);
          expect(readNetworkState(b)).to.deep.equal(state);
          expect(record(b, n, rasters.slice(2), [1, 0])).to.deep.equal(record(a, n, rasters.slice(2), [1, 0]));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('changes what the chip computes: an untrained chip continues otherwise', () => {
    const place = [[], [0, 0], [0, 0]];
    const a = createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, place)).emulator!;
    const raster = Uint8Array.of(1, 1, 1, 1);
    record(a, net, [raster, raster, raster], [0, 0, 0]);
    const state = readNetworkState(a);
    const fresh = () => createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, place)).emulator!;
    const b = fresh();
    expect(loadNetworkState(b, state)).to.deep.equal([]);
    const continued = record(a, net, [raster], [1]);
    expect(record(b, net, [raster], [1])).to.deep.equal(continued);
    expect(record(fresh(), net, [raster], [1])).to.not.deep.equal(continued);
  });

  it('refuses a state that does not fit the image, located, and leaves the state unchanged', () => {
    const place = [[], [0, 0], [0, 0]];
    const emu = createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, place)).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    const good = readNetworkState(emu);
    const before = JSON.stringify(readNetworkState(emu));
    const refused = (edit: (s: ReturnType<typeof readNetworkState>) => void) => {
      const s = structuredClone(good);
      edit(s);
      const ds = loadNetworkState(emu, s);
      expect(JSON.stringify(readNetworkState(emu))).to.equal(before);
      return ds.map((d) => `${d.code} ${d.pointer}`);
    };
    expect(refused((s) => (s.vth = s.vth.slice(1)))).to.deep.equal(['SNNC4217 /vth']);
    expect(refused((s) => (s.vth[1] = 5000))).to.deep.equal(['SNNC4217 /vth/1']);
    expect(refused((s) => (s.sbar = Array.from(s.sbar, (x, n) => (n === 2 ? 0.5 : x)) as unknown as Int32Array))).to.deep.equal(['SNNC4217 /sbar/2']);
    // §3.2: a rate estimate is Q12 in [0, 4096]; an int32 outside it is no state of the chip
    expect(refused((s) => (s.sbar[2] = 4097))).to.deep.equal(['SNNC4217 /sbar/2']);
    expect(refused((s) => (s.sbar[2] = -1))).to.deep.equal(['SNNC4217 /sbar/2']);
    expect(refused((s) => (s.weights[1] = s.weights[1].slice(1)))).to.deep.equal(['SNNC4217 /weights/1']);
    expect(refused((s) => (s.weights[0][1] = 32000))).to.deep.equal(['SNNC4217 /weights/0/1']);
    expect(refused((s) => (s.m = []))).to.deep.equal(['SNNC4217 /m']);
    expect(refused((s) => (s.m[0] = Int32Array.of(1, 2)))).to.deep.equal(['SNNC4217 /m/0']);
    expect(refused((s) => (s.m[0] = new Int32Array(0)))).to.deep.equal(['SNNC4217 /m/0']); // shorter, too
    expect(refused((s) => (s.m[0][0] = 40000))).to.deep.equal(['SNNC4217 /m/0/0']);
    expect(refused((s) => (s.epoch = -1))).to.deep.equal(['SNNC4217 /epoch']);
    expect(refused((s) => (s.epoch = 2 ** 32))).to.deep.equal(['SNNC4217 /epoch']);
    // the largest 32-bit epoch is one: it is written, and read back
    expect(loadNetworkState(emu, { ...structuredClone(good), epoch: 2 ** 32 - 1 })).to.deep.equal([]);
    expect(readNetworkState(emu).epoch).to.equal(2 ** 32 - 1);
  });

  it('reads no weights from a network without plastic projections', () => {
    const s = readNetworkState(createEmulator(buildImage(fixedNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!);
    expect(s.weights).to.deep.equal([]);
    expect(s.m).to.deep.equal([]);
  });
});
