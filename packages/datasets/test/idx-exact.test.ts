/**
 * IDX and the Fashion-MNIST loader, byte for byte (docs/datasets.md "IDX files" and "Fashion-MNIST"):
 * every pixel of every image where it belongs (the training images, then the t10k images), a
 * single byte past the data refused where it starts, and images that are not 28 x 28 in either
 * dimension refused (SNNC5009 at byte 8). The reference and the emulator read the pixels the loader
 * gives them, so a misplaced pixel passes every differential test; the fixtures of idx.test.ts fill
 * each image with one value, which a pixel off by one does not change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect } from 'chai';
import { DataCode, decodeIdx, encodeIdx, loadFashionMnist } from '../src/index.js';

const pixel = (part: number, i: number, j: number): number => (part * 101 + i * 7 + j * 13) & 255;
const label = (part: number, i: number): number => (part * 3 + i * 7) % 10;

/** A Fashion-MNIST directory of n training and m test images whose every pixel is distinct from its neighbours; `side` the image side (rows, cols). */
function fixture(n: number, m: number, side: [number, number] = [28, 28]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-fashion-exact-'));
  const F = side[0] * side[1];
  for (const [name, count, part] of [['train', n, 0], ['t10k', m, 1]] as const) {
    const images = Uint8Array.from({ length: count * F }, (_, k) => pixel(part, Math.floor(k / F), k % F));
    const labels = Uint8Array.from({ length: count }, (_, i) => label(part, i));
    fs.writeFileSync(path.join(dir, `${name}-images-idx3-ubyte.gz`), zlib.gzipSync(encodeIdx([count, ...side], images)));
    fs.writeFileSync(path.join(dir, `${name}-labels-idx1-ubyte`), encodeIdx([count], labels));
  }
  return dir;
}

describe('IDX and Fashion-MNIST, byte for byte', () => {
  it('every pixel and label of the training then the test images is where the files put it', () => {
    const dir = fixture(13, 5);
    try {
      const ds = loadFashionMnist(dir).dataset!;
      expect([ds.size, ds.standardTest]).to.deep.equal([18, 5]);
      for (let i = 0; i < 18; i++) {
        const [part, k] = i < 13 ? [0, i] : [1, i - 13];
        expect(ds.labels[i], `label ${i}`).to.equal(label(part, k));
        for (let j = 0; j < 784; j++) if (ds.images[i * 784 + j] !== pixel(part, k, j)) expect.fail(`image ${i} pixel ${j}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('images of 28 x 27 or 27 x 28 are refused (SNNC5009 at byte 8), never read as 784-pixel images', () => {
    for (const side of [[28, 27], [27, 28], [28, 29]] as [number, number][]) {
      const dir = fixture(12, 2, side);
      try {
        const r = loadFashionMnist(dir);
        expect(r.dataset, side.join('x')).to.equal(undefined);
        expect(r.diagnostics[0]).to.include({ code: DataCode.FashionMalformed, offset: 8, found: `${side[0]} x ${side[1]}` });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('a header one byte short is refused as a truncated header where the bytes end (not read as dimensions of 0)', () => {
    const good = encodeIdx([3, 2], Uint8Array.from([1, 2, 3, 4, 5, 6])); // 12 header bytes
    for (const cut of [11, 8, 5]) {
      const d = decodeIdx(good.subarray(0, cut), { rank: 2 }).diagnostics;
      expect(d.map((x) => [x.code, x.offset, x.expected]), String(cut)).to.deep.equal([[DataCode.IdxCorrupt, cut, '12 header bytes']]);
    }
  });

  it('a single byte past the data is refused where it starts', () => {
    const good = encodeIdx([3, 2], Uint8Array.from([1, 2, 3, 4, 5, 6]));
    expect(decodeIdx(good, { rank: 2 }).diagnostics).to.deep.equal([]);
    const d = decodeIdx(Uint8Array.from([...good, 0]), { rank: 2 }).diagnostics;
    expect(d.map((x) => [x.code, x.offset])).to.deep.equal([[DataCode.IdxCorrupt, good.length]]);
  });
});
