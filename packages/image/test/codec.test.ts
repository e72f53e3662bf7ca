import { expect } from 'chai';
import fc from 'fast-check';
import { crc32 } from '@snnc/common';
import { decodeImage, encodeImage, isChipImage, readHeader, IMAGE_VERSION } from '../src/index.js';
import { imageArb, tinyImage } from './fixtures.js';

const codes = (bytes: Uint8Array, expectTarget?: string) => decodeImage(bytes, { expectTarget }).diagnostics.map((d) => d.code);

describe('image codec', () => {
  it('decode(encode(x)) is the identity (structural images, validation off)', () => {
    fc.assert(
      fc.property(imageArb, (img) => {
        const bytes = encodeImage(img);
        const back = decodeImage(bytes, { skipValidation: true });
        expect(back.diagnostics.filter((d) => d.code !== 'SNNC4010')).to.deep.equal([]);
        expect(back.image).to.deep.equal(img);
        // and deterministic bytes
        expect(encodeImage(back.image!)).to.deep.equal(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('a valid image decodes with no diagnostics and re-encodes to the same bytes', () => {
    const img = tinyImage();
    const bytes = encodeImage(img);
    expect(isChipImage(bytes)).to.equal(true);
    const back = decodeImage(bytes, { expectTarget: 'test-tiny' });
    expect(back.diagnostics).to.deep.equal([]);
    expect(back.image).to.deep.equal(img);
    expect(back.header).to.include({ major: IMAGE_VERSION.major, minor: IMAGE_VERSION.minor, target: 'test-tiny' });
    expect(encodeImage(back.image!)).to.deep.equal(bytes);
  });

  it('refuses a file that is not an image', () => {
    expect(codes(new TextEncoder().encode('{"json": true}'))).to.deep.equal(['SNNC4001']);
    expect(codes(new Uint8Array(0))).to.deep.equal(['SNNC4001']);
    // the magic's first bytes with another after them: not an image cut short
    expect(codes(new TextEncoder().encode('SNNCIX'))).to.deep.equal(['SNNC4001']);
  });

  it('a strict prefix of the magic (1-7 bytes) is a truncated image, with its length and the least an image has', () => {
    const magic = encodeImage(tinyImage()).subarray(0, 8);
    for (let n = 1; n < 8; n++) {
      const d = decodeImage(magic.slice(0, n)).diagnostics;
      expect(d, `length ${n}`).to.have.length(1);
      expect(d[0], `length ${n}`).to.include({ code: 'SNNC4002', pointer: '/header', found: `${n} bytes`, expected: 'at least 27 bytes (the header with a 1-byte target name)' });
    }
  });

  it('refuses every truncation', () => {
    const bytes = encodeImage(tinyImage());
    for (let n = 8; n < bytes.length; n++) {
      const c = codes(bytes.subarray(0, n));
      expect(c, `length ${n}`).to.have.length(1);
      expect(['SNNC4002', 'SNNC4004'], `length ${n}`).to.include(c[0]);
    }
  });

  it('refuses trailing bytes', () => {
    const bytes = encodeImage(tinyImage());
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(codes(longer)).to.deep.equal(['SNNC4008']);
  });

  it('refuses another major version, accepts another minor', () => {
    const bytes = encodeImage(tinyImage());
    const other = bytes.slice();
    new DataView(other.buffer).setUint16(8, IMAGE_VERSION.major + 1, true);
    const d = decodeImage(other).diagnostics;
    expect(d.map((x) => x.code)).to.deep.equal(['SNNC4003']);
    expect(d[0].found).to.equal(`${IMAGE_VERSION.major + 1}.${IMAGE_VERSION.minor}`);
    // a newer minor with a recomputed header checksum is read
    const minor = bytes.slice();
    const dv = new DataView(minor.buffer);
    dv.setUint16(10, IMAGE_VERSION.minor + 1, true);
    const L = dv.getUint16(12, true);
    dv.setUint32(22 + L, crc32(minor.subarray(0, 22 + L)), true);
    expect(codes(minor)).to.deep.equal([]);
  });

  it('refuses an image for another target when the caller expects one', () => {
    const bytes = encodeImage(tinyImage());
    const d = decodeImage(bytes, { expectTarget: 'loihi1' }).diagnostics;
    expect(d.map((x) => x.code)).to.deep.equal(['SNNC4006']);
    expect(d[0]).to.include({ expected: 'loihi1', found: 'test-tiny' });
  });

  it('refuses every single-bit flip', () => {
    const bytes = encodeImage(tinyImage());
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit += 3) {
        const b = bytes.slice();
        b[i] ^= 1 << bit;
        expect(codes(b), `byte ${i} bit ${bit}`).to.not.deep.equal([]);
      }
    }
  });

  it('fuzz: random truncations, flips and splices never crash and are always refused', () => {
    const good = encodeImage(tinyImage());
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat()),
        (flips, cut) => {
          let b = good.slice();
          for (const [pos, x] of flips) b[pos % b.length] ^= x;
          if (cut !== null) b = b.subarray(0, cut % b.length);
          const r = decodeImage(b);
          expect(r.image).to.equal(undefined);
          expect(r.diagnostics.length).to.be.greaterThan(0);
          for (const d of r.diagnostics) expect(d.code).to.match(/^SNNC40\d\d$/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a payload with a valid checksum but insane content is refused by validation, not a crash', () => {
    fc.assert(
      fc.property(imageArb, (img) => {
        const r = decodeImage(encodeImage(img));
        if (!r.image) expect(r.diagnostics.length).to.be.greaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('readHeader reports the payload position', () => {
    const bytes = encodeImage(tinyImage());
    const { header } = readHeader(bytes);
    expect(header!.payloadOffset + header!.payloadLength).to.equal(bytes.length);
  });
});
