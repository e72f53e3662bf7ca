/**
 * Validation is what stands between a hand-edited image and the emulator: payload bytes changed
 * and re-checksummed (so the CRCs pass) are either refused with diagnostics or, when the result is
 * still a valid image, run by the emulator without an exception.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { crc32, DiagnosticError, Rng } from '@snnc/common';
import { compileNetwork } from '@snnc/codegen';
import { decodeImage, encodeImage } from '@snnc/image';
import { createEmulator } from '@snnc/emulator';
import { placeNaive } from '../src/index.js';
import { makeTarget } from './arbitraries.js';
import { smallNet } from './planted.test.js';

describe('verify: hand-edited images never crash the emulator (fuzz)', function () {
  this.timeout(60_000);

  it('re-checksummed payload edits are refused or run cleanly', () => {
    const net = smallNet();
    const target = makeTarget({ maxCompartments: 4 });
    const good = encodeImage(compileNetwork(net, placeNaive(net, target, { rng: new Rng(3) }), target).image!);
    const L = new DataView(good.buffer, good.byteOffset).getUint16(12, true);
    const off = 26 + L;
    let ran = 0, refused = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }), fc.nat(), (edits, seed) => {
        const b = good.slice();
        for (const [pos, x] of edits) b[off + (pos % (b.length - off))] ^= x;
        const dv = new DataView(b.buffer);
        dv.setUint32(18 + L, crc32(b.subarray(off)), true);
        dv.setUint32(22 + L, crc32(b.subarray(0, 22 + L)), true);
        const d = decodeImage(b);
        if (!d.image) {
          refused++;
          return;
        }
        const made = createEmulator(d.image);
        if (!made.emulator) {
          refused++;
          return;
        }
        const emu = made.emulator;
        const rng = new Rng(seed);
        const T = Math.min(emu.timesteps, 64);
        const raster = Uint8Array.from({ length: T * emu.inputSize }, () => (rng.float() < 0.4 ? 1 : 0));
        try {
          const label = emu.classes > 0 ? 0 : undefined;
          emu.runSample(raster, label, { learning: true, steps: T });
          emu.runSample(raster, undefined, { learning: false, steps: T });
          ran++;
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
          refused++;
        }
      }),
      { numRuns: 300, seed: 5 },
    );
    expect(ran + refused).to.equal(300);
    expect(ran).to.be.greaterThan(0);
  });
});
