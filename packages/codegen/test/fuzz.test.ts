/**
 * Corrupted compiled images (issue 5): truncated at random lengths, random byte flips, another
 * format version, another target -> always refused with a coded diagnostic, never a crash, never
 * a silently different image.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { crc32, formatDiagnostic } from '@snnc/common';
import { decodeImage, encodeImage, IMAGE_VERSION } from '@snnc/image';
import { compileNetwork } from '../src/index.js';
import { goldenNetwork, placeInOrder, randomNetwork, smallTarget } from './helpers.js';

function compiledBytes(seed: number): Uint8Array {
  const net = seed < 0 ? goldenNetwork() : randomNetwork(seed);
  const target = smallTarget({ maxCompartments: 8 });
  const r = compileNetwork(net, placeInOrder(net, target), target);
  return encodeImage(r.image!);
}

const refused = (b: Uint8Array, expectTarget?: string) => {
  const r = decodeImage(b, { expectTarget, file: 'net.snnc' });
  expect(r.image).to.equal(undefined);
  expect(r.diagnostics.length).to.be.greaterThan(0);
  for (const d of r.diagnostics) {
    expect(d.code).to.match(/^SNNC40\d\d$/);
    expect(formatDiagnostic(d)).to.match(/^net\.snnc#\/[\w/]*: error SNNC40\d\d: /);
  }
  return r.diagnostics;
};

describe('codegen: a corrupted placement or network is a diagnostic, never a crash (fuzz)', () => {
  it('random edits of a valid placement and network', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: -3, max: 70 })), { minLength: 1, maxLength: 4 }), fc.nat(), (seed, edits, netEdit) => {
        const net = randomNetwork(seed % 500);
        const target = smallTarget({ maxCompartments: 8 });
        const p = placeInOrder(net, target);
        for (const [pop, n, v] of edits) {
          const pi = pop % net.populations.length;
          const arr = n % 2 ? p.neuronCore[pi] : p.neuronSlot[pi];
          if (arr.length) arr[n % arr.length] = v;
        }
        const pr = net.projections[netEdit % net.projections.length];
        switch (netEdit % 5) {
          case 0: pr.delay = 99; break;
          case 1: pr.weightExp = 12; break;
          case 2: if (pr.pre.length) pr.pre[0] = 1000; break;
          case 3: pr.target = 0; break;
          default: break;
        }
        const r = compileNetwork(net, p, target); // must not throw
        if (!r.image) {
          expect(r.diagnostics.filter((d) => d.severity === 'error').length).to.be.greaterThan(0);
          // the code generator's own codes, or ir's verifier of lowered networks (SNNC28xx)
          for (const d of r.diagnostics) expect(d.code).to.match(/^SNNC(41\d\d|28\d\d)$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('codegen: corrupted chip images are refused (fuzz)', () => {
  const golden = compiledBytes(-1);

  it('truncation at every length of a compiled image', () => {
    for (let n = 0; n < golden.length; n++) refused(golden.subarray(0, n));
  });

  it('random truncations and byte flips of random compiled images never crash and are always refused', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat()), (seed, flips, cut) => {
        let b = compiledBytes(seed % 1000).slice();
        for (const [pos, x] of flips) b[pos % b.length] ^= x;
        if (cut !== null) b = b.subarray(0, cut % b.length);
        refused(b);
      }),
      { numRuns: 300 },
    );
  });

  it('a payload altered after the checksum was recomputed is still refused when it breaks the structure or decodes to garbage', () => {
    // the checksums catch accidents; this is what a hand-edited file looks like
    const L = new DataView(golden.buffer, golden.byteOffset).getUint16(12, true);
    const off = 26 + L;
    let refusedCount = 0, accepted = 0;
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (pos, x) => {
        const b = golden.slice();
        b[off + (pos % (b.length - off))] ^= x;
        const dv = new DataView(b.buffer);
        dv.setUint32(18 + L, crc32(b.subarray(off)), true);
        dv.setUint32(22 + L, crc32(b.subarray(0, 22 + L)), true);
        const r = decodeImage(b); // must not throw
        if (r.image) accepted++;
        else refusedCount++;
      }),
      { numRuns: 300 },
    );
    expect(refusedCount).to.be.greaterThan(0);
    expect(refusedCount + accepted).to.equal(300);
  });

  it('another major format version is refused with the version found and a fix', () => {
    const b = golden.slice();
    new DataView(b.buffer).setUint16(8, IMAGE_VERSION.major + 1, true);
    const [d] = refused(b);
    expect(d.code).to.equal('SNNC4003');
    expect(d.found).to.equal(`${IMAGE_VERSION.major + 1}.${IMAGE_VERSION.minor}`);
    expect(d.fix).to.be.a('string');
  });

  it('an image for another target is refused when the caller names its target', () => {
    const [d] = refused(golden, 'loihi2');
    expect(d).to.include({ code: 'SNNC4006', expected: 'loihi2', found: 'codegen-test', pointer: '/header/target' });
  });
});
