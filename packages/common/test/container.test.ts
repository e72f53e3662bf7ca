import { expect } from 'chai';
import fc from 'fast-check';
import zlib from 'node:zlib';
import {
  CONTAINER_PREFIX_BYTES, checkCrc, checkTrailingCrc, hasMagic, magicBytes, readVersion, sealTrailingCrc, startsLikeMagic, storeCrc, writePrefix,
  type ContainerKind,
} from '../src/index.js';

/** The framing of images, snapshots and checkpoints: these bytes are the format, so they are spelled out. */
const KIND: ContainerKind = { magic: 'SNNCTST\0', major: 0x0203, minor: 0x0405 };

describe('common: container framing', () => {
  it('writes the 12-byte prefix: 8 magic bytes, major and minor as little-endian u16', () => {
    const out = new Uint8Array(CONTAINER_PREFIX_BYTES);
    writePrefix(out, KIND);
    expect([...out]).to.deep.equal([0x53, 0x4e, 0x4e, 0x43, 0x54, 0x53, 0x54, 0x00, 0x03, 0x02, 0x05, 0x04]);
    expect(readVersion(out)).to.deep.equal({ major: 0x0203, minor: 0x0405 });
  });

  it("a checkpoint's u32 version 2 is the same bytes as major 2, minor 0", () => {
    const a = new Uint8Array(12), b = new Uint8Array(12);
    writePrefix(a, { magic: 'SNNCKPT\n', major: 2, minor: 0 });
    b.set(new TextEncoder().encode('SNNCKPT\n'));
    new DataView(b.buffer).setUint32(8, 2, true);
    expect([...a]).to.deep.equal([...b]);
  });

  it('refuses a magic that is not 8 ASCII bytes', () => {
    expect(() => magicBytes({ magic: 'SHORT', major: 1, minor: 0 })).to.throw(RangeError);
    expect(() => magicBytes({ magic: 'SNNCÉMU', major: 1, minor: 0 })).to.throw(RangeError);
  });

  it('hasMagic needs the whole magic; startsLikeMagic accepts a nonempty prefix of it', () => {
    const m = magicBytes(KIND);
    expect(hasMagic(m, KIND)).to.equal(true);
    expect(hasMagic(m.subarray(0, 7), KIND)).to.equal(false);
    expect(startsLikeMagic(m.subarray(0, 3), KIND)).to.equal(true);
    expect(startsLikeMagic(new Uint8Array(0), KIND)).to.equal(false);
    const bad = Uint8Array.from(m);
    bad[7] = 1;
    expect(hasMagic(bad, KIND)).to.equal(false);
    expect(startsLikeMagic(bad, KIND)).to.equal(false);
  });

  it('the trailing CRC is zlib CRC-32 of every preceding byte, little-endian, and catches any flipped byte', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 5, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, at, x) => {
      const out = Uint8Array.from(body);
      sealTrailingCrc(out);
      const expected = zlib.crc32(out.subarray(0, out.length - 4)) >>> 0;
      expect(new DataView(out.buffer).getUint32(out.length - 4, true)).to.equal(expected);
      const ok = checkTrailingCrc(out);
      expect(ok.stored).to.equal(ok.actual);
      const k = at % out.length;
      out[k] ^= x;
      const bad = checkTrailingCrc(out);
      expect(bad.stored).to.not.equal(bad.actual);
    }));
  });

  it('storeCrc and checkCrc cover exactly the range they are given', () => {
    const out = new Uint8Array(20).map((_, i) => i);
    storeCrc(out, 2, 10, 12);
    expect(new DataView(out.buffer).getUint32(12, true)).to.equal(zlib.crc32(out.subarray(2, 10)) >>> 0);
    out[0] = 99; // outside the range: still intact
    expect(checkCrc(out, 2, 10, 12).stored).to.equal(checkCrc(out, 2, 10, 12).actual);
    out[9] = 99; // inside it
    expect(checkCrc(out, 2, 10, 12).stored).to.not.equal(checkCrc(out, 2, 10, 12).actual);
  });
});
