import { expect } from 'chai';
import fc from 'fast-check';
import { sealTrailingCrc } from '@snnc/common';
import { blockAt } from '@snnc/image';
import { createEmulator, SNAPSHOT_MAGIC } from '../src/index.js';
import { buildImage } from './build.js';
import { fixedNet, net, record } from './nets.js';
import { MESH, netArb, placementArb, rasterArb } from './random.js';

describe('emulator: state snapshots', () => {
  it('restore then replay reproduces the continuation exactly (property)', () => {
    fc.assert(
      fc.property(netArb.chain((n) => fc.tuple(fc.constant(n), placementArb(n), rasterArb(n, 4))), ([n, place, rasters]) => {
        const emu = createEmulator(buildImage(n, MESH, place)).emulator!;
        record(emu, n, rasters.slice(0, 2), [0, 1]);
        const snap = emu.saveState();
        expect(new TextDecoder().decode(snap.subarray(0, 8))).to.equal(SNAPSHOT_MAGIC);
        const first = record(emu, n, rasters.slice(2), [1, 0]);
        expect(emu.restoreState(snap)).to.deep.equal([]);
        expect(record(emu, n, rasters.slice(2), [1, 0])).to.deep.equal(first);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses corrupted, foreign and wrong-version snapshots and leaves the state unchanged', () => {
    const img = buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]]);
    const emu = createEmulator(img).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    const snap = emu.saveState();
    const before = Array.from(emu.weights(0)!);
    const codes = (b: Uint8Array) => emu.restoreState(b).map((d) => d.code);
    for (let i = 0; i < snap.length; i++) {
      const b = snap.slice();
      b[i] ^= 0x10;
      expect(codes(b), `byte ${i}`).to.have.length(1);
    }
    expect(codes(snap.subarray(0, 20))).to.deep.equal(['SNNC4211']);
    const v2 = snap.slice();
    v2[8] = 2;
    expect(codes(v2)).to.deep.equal(['SNNC4212']);
    // another image (a different weight): the binding checksum differs
    const other = buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]]);
    blockAt(other.cores[0].synapses, 0, 0)!.weights[0] = 3;
    expect(createEmulator(other).emulator!.restoreState(snap).map((d) => d.code)).to.deep.equal(['SNNC4214']);
    expect(Array.from(emu.weights(0)!)).to.deep.equal(before);
  });
  it('refuses a re-sealed snapshot whose rate estimate leaves Q12 (§3.2: sbar stays in [0, 4096]) and keeps the state', () => {
    const emu = createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    const snap = emu.saveState();
    const nComp = emu.mach.nComp;
    for (const x of [-1, 4097, 0x7fffffff]) {
      const b = snap.slice();
      const dv = new DataView(b.buffer);
      dv.setInt32(32 + 4 * nComp, x, true); // sbar of compartment 0 follows the nComp thresholds
      sealTrailingCrc(b);
      const d = emu.restoreState(b);
      expect(d.map((e) => [e.code, e.found]), String(x)).to.deep.equal([['SNNC4215', String(x)]]);
      expect(Buffer.from(emu.saveState()).equals(Buffer.from(snap))).to.equal(true);
    }
    const edge = snap.slice();
    new DataView(edge.buffer).setInt32(32 + 4 * nComp, 4096, true);
    sealTrailingCrc(edge);
    expect(emu.restoreState(edge)).to.deep.equal([]);
  });

  it('refuses an older major version, a header alone, counts that do not match the payload and a SAL decoder outside [-127, 127], each re-sealed, and keeps the state', () => {
    const sal = { mant: 1, leak: 0, shift: 0, decayS: 0, H: Int8Array.of(1, 1), keyProjection: 0 };
    const salNet = { ...net, learning: { ...net.learning!, blocks: [{ ...net.learning!.blocks[0], sal }] } };
    const emu = createEmulator(buildImage(salNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    const snap = emu.saveState();
    const codes = (b: Uint8Array) => emu.restoreState(b).map((d) => d.code);
    const v0 = snap.slice();
    v0[8] = 0; // major 0: not this format either
    expect(codes(v0)).to.deep.equal(['SNNC4212']);
    // 4 more bytes before the CRC: the header's counts no longer give the length
    const longer = new Uint8Array(snap.length + 4);
    longer.set(snap.subarray(0, snap.length - 4));
    sealTrailingCrc(longer);
    expect(codes(longer)).to.deep.equal(['SNNC4214']);
    // a header naming another number of modulatory blocks, the length unchanged
    const blocks = snap.slice();
    new DataView(blocks.buffer).setUint32(28, 2, true);
    sealTrailingCrc(blocks);
    expect(codes(blocks)).to.deep.equal(['SNNC4214']);
    // a header alone, or a header and a CRC too short to hold one: too short to be a snapshot
    for (const n of [32, 35]) expect(codes(snap.subarray(0, n)), `${n} bytes`).to.deep.equal(['SNNC4211']);
    // a static synapse (one of a network without learning) is not state: a snapshot may not change it
    const fixed = createEmulator(buildImage(fixedNet, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    const fs = fixed.saveState();
    const w0 = fs.slice();
    const at = 32 + 8 * fixed.mach.nComp; // the first weight follows vth and sbar
    new DataView(w0.buffer).setInt32(at, new DataView(fs.buffer).getInt32(at, true) + 1, true);
    sealTrailingCrc(w0);
    expect(fixed.restoreState(w0).map((d) => d.code)).to.deep.equal(['SNNC4215']);
    expect(fixed.restoreState(fs)).to.deep.equal([]);
    // the last word before the CRC is the last SAL decoder entry (§5.10: Wmh in [-127, 127])
    for (const [x, want] of [[-128, ['SNNC4215']], [128, ['SNNC4215']], [-127, []], [127, []]] as const) {
      const b = snap.slice();
      new DataView(b.buffer).setInt32(b.length - 8, x, true);
      sealTrailingCrc(b);
      expect(codes(b), String(x)).to.deep.equal(want);
      if (want.length === 0) expect(emu.decoders()[0].at(-1)).to.equal(x);
    }
  });
});
