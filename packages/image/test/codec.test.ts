import { expect } from 'chai';
import fc from 'fast-check';
import { crc32 } from '@snnc/common';
import { B_FORMAT, decodeImage, encodeImage, isChipImage, readHeader, IMAGE_VERSION } from '../src/index.js';
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

describe('image header and decode, edge cases', () => {
  /** a file around `payload` with target-name bytes `name` and both checksums right (docs/chip-image.md "Header") */
  const frame = (name: Uint8Array, payload: Uint8Array, major: number = IMAGE_VERSION.major) => {
    const good = encodeImage(tinyImage());
    const L = name.length;
    const out = new Uint8Array(26 + L + payload.length);
    const dv = new DataView(out.buffer);
    out.set(good.subarray(0, 12));
    dv.setUint16(8, major, true);
    dv.setUint16(12, L, true);
    out.set(name, 14);
    dv.setUint32(14 + L, payload.length, true);
    out.set(payload, 26 + L);
    dv.setUint32(18 + L, crc32(payload), true);
    dv.setUint32(22 + L, crc32(out.subarray(0, 22 + L)), true);
    return out;
  };
  const payloadOf = (bytes: Uint8Array) => {
    const { header } = readHeader(bytes);
    return bytes.subarray(header!.payloadOffset, header!.payloadOffset + header!.payloadLength);
  };
  const first = (bytes: Uint8Array) => decodeImage(bytes).diagnostics.map((d) => [d.code, d.pointer, d.message])[0];

  it('a target name of 1..255 UTF-8 bytes is written; 0 and 256 are refused', () => {
    expect(() => encodeImage({ ...tinyImage(), target: '' })).to.throw(RangeError);
    expect(() => encodeImage({ ...tinyImage(), target: 'x'.repeat(256) })).to.throw(RangeError);
    const long = encodeImage({ ...tinyImage(), target: 'x'.repeat(255) });
    expect(decodeImage(long).diagnostics).to.deep.equal([]);
  });
  it('a file with intact checksums but a target name of 0 or 256 bytes, or not UTF-8, is corrupted (SNNC4004)', () => {
    const payload = payloadOf(encodeImage(tinyImage()));
    expect(first(frame(new Uint8Array(0), payload))).to.deep.equal(['SNNC4004', '/header', 'corrupted chip image: bad target-name length']);
    expect(first(frame(new Uint8Array(256).fill(0x78), payload))).to.deep.equal(['SNNC4004', '/header', 'corrupted chip image: bad target-name length']);
    expect(first(frame(Uint8Array.of(0xff, 0xfe), payload))).to.deep.equal(['SNNC4004', '/header', 'corrupted chip image: target name is not UTF-8']);
  });
  it('an older major version is refused as a newer one is', () => {
    const payload = payloadOf(encodeImage(tinyImage()));
    expect(first(frame(new TextEncoder().encode('test-tiny'), payload, IMAGE_VERSION.major - 1))[0]).to.equal('SNNC4003');
  });
  it('the whole magic and nothing after it is a header cut short, not a strict prefix of the magic', () => {
    const d = decodeImage(encodeImage(tinyImage()).subarray(0, 8)).diagnostics;
    expect(d.map((x) => [x.code, x.message, x.found, x.expected])).to.deep.equal([['SNNC4002', 'truncated chip image: header incomplete', '8 bytes', 'at least 27 bytes']]);
  });
  it('a payload naming another target than its header is refused (SNNC4010 at /target), and a refused image is not returned', () => {
    const payload = payloadOf(encodeImage(tinyImage()));
    const r = decodeImage(frame(new TextEncoder().encode('other'), payload));
    expect(r.image).to.equal(undefined);
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC4010', '/target']]);
    const bad = tinyImage();
    bad.timesteps = 0;
    const b = decodeImage(encodeImage(bad));
    expect(b.image).to.equal(undefined);
    expect(b.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC4010', '/timesteps']]);
  });
  it('synapse arrays of inconsistent lengths and an unknown block format are reported at their core (SNNC4010, SNNC4011)', () => {
    const shape = tinyImage();
    shape.cores[0].synapses.weights = Int32Array.of(20, -3);
    expect(decodeImage(encodeImage(shape)).diagnostics.map((d) => [d.code, d.pointer])[0]).to.deep.equal(['SNNC4010', '/cores/0/synapses']);
    const format = tinyImage();
    format.cores[1].synapses.blocks[B_FORMAT] = 7;
    expect(decodeImage(encodeImage(format)).diagnostics.map((d) => [d.code, d.pointer])[0]).to.deep.equal(['SNNC4011', '/cores/1/synapses/blocks/0/format']);
  });
});
