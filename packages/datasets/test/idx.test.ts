import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { formatDiagnostic } from '@snnc/common';
import {
  classCounts, DataCode, decodeIdx, encodeIdx, FASHION_MNIST_INSTALL, loadDataset, loadFashionMnist, partSizes, readIdxFile, splitParts,
} from '../src/index.js';

/** Fixture directories, removed when the test process exits (a failing test's too). */
const fixtureDirs: string[] = [];
process.on('exit', () => {
  for (const dir of fixtureDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A small Fashion-MNIST-shaped directory: n training and m test images of 28x28, labels cycling 0..9. */
function fixtureDir(n: number, m: number, o: { gzip?: boolean; edit?: (name: string, bytes: Uint8Array) => Uint8Array } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-fashion-'));
  fixtureDirs.push(dir);
  for (const [part, count, offset] of [['train', n, 0], ['t10k', m, 1000]] as const) {
    const images = new Uint8Array(count * 784);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = (i * 3 + offset) % 10;
      images.fill((i + offset) & 255, i * 784, (i + 1) * 784);
    }
    for (const [kind, bytes] of [['images-idx3', encodeIdx([count, 28, 28], images)], ['labels-idx1', encodeIdx([count], labels)]] as const) {
      const name = `${part}-${kind}-ubyte`;
      const edited = o.edit ? o.edit(name, bytes) : bytes;
      if (o.gzip === false) fs.writeFileSync(path.join(dir, name), edited);
      else fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(edited));
    }
  }
  return dir;
}

describe('datasets: IDX files', () => {
  it('round-trips raw and gzip-compressed ubyte arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }), fc.boolean(), (dims, gz) => {
        const count = dims.reduce((a, b) => a * b, 1);
        const data = Uint8Array.from({ length: count }, (_, i) => (i * 37) & 255);
        const raw = encodeIdx(dims, data);
        const r = decodeIdx(gz ? zlib.gzipSync(raw) : raw, { rank: dims.length });
        return r.diagnostics.length === 0 && JSON.stringify(r.idx!.dims) === JSON.stringify(dims) && Buffer.from(r.idx!.data).equals(Buffer.from(data));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses bad magic, type and rank at their byte offsets', () => {
    const good = encodeIdx([2, 3], new Uint8Array(6));
    const at = (edit: (b: Uint8Array) => void, rank = 2) => {
      const b = good.slice();
      edit(b);
      const d = decodeIdx(b, { rank, shown: 'x.idx' }).diagnostics;
      expect(d).to.have.length(1);
      expect(d[0].code).to.equal(DataCode.IdxCorrupt);
      return d[0];
    };
    expect(at((b) => (b[1] = 1)).offset).to.equal(0);
    const t = at((b) => (b[2] = 0x0d));
    expect([t.offset, t.found]).to.deep.equal([2, '0x0d (float)']);
    expect(at(() => {}, 3).offset).to.equal(3); // a rank-2 file where rank 3 (images) is wanted
  });

  it('refuses a truncated file at the offset where the data ends, and trailing bytes where they start', () => {
    const good = encodeIdx([4, 5], new Uint8Array(20)); // 12 header bytes + 20
    const short = decodeIdx(good.subarray(0, 25), { rank: 2, shown: 'x.idx' }).diagnostics[0];
    expect([short.code, short.offset, short.expected]).to.deep.equal([DataCode.IdxCorrupt, 25, '32 bytes for dimensions 4 x 5']);
    expect(formatDiagnostic(short)).to.match(/^x\.idx@25: error SNNC5031: the IDX data is truncated \(byte 25\)/);
    const head = decodeIdx(good.subarray(0, 6), { rank: 2 }).diagnostics[0];
    expect(head.offset).to.equal(6);
    const long = decodeIdx(Uint8Array.from([...good, 7, 7]), { rank: 2 }).diagnostics[0];
    expect(long.offset).to.equal(32);
    // inside gzip the offset counts decompressed bytes, and the message says so
    const gz = decodeIdx(zlib.gzipSync(good.subarray(0, 25)), { rank: 2 }).diagnostics[0];
    expect([gz.offset, /decompressed/.test(gz.message)]).to.deep.equal([25, true]);
  });

  it('refuses a truncated or corrupt gzip stream, located in the compressed file', () => {
    const gz = zlib.gzipSync(encodeIdx([100], Uint8Array.from({ length: 100 }, (_, i) => i)));
    const cut = decodeIdx(gz.subarray(0, gz.length - 12), { rank: 1 }).diagnostics[0];
    expect(cut.code).to.equal(DataCode.IdxCorrupt);
    expect(cut.offset).to.be.a('number');
    const flipped = gz.slice();
    flipped[gz.length - 6] ^= 0xff; // ISIZE no longer matches
    expect(decodeIdx(flipped, { rank: 1 }).diagnostics[0].code).to.equal(DataCode.IdxCorrupt);
    const crc = gz.slice();
    crc[gz.length - 8] ^= 0xff;
    expect(decodeIdx(crc, { rank: 1 }).diagnostics[0].code).to.equal(DataCode.IdxCorrupt);
  });

  it('checks sizes against the limit before allocating: header dimensions, gzip trailer, file size', () => {
    // a 12-byte file claiming 2^32-1 x 2^32-1 elements
    const huge = Uint8Array.from([0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255]);
    const h = decodeIdx(huge, { rank: 2 }).diagnostics[0];
    expect([h.code, h.offset]).to.deep.equal([DataCode.IdxCorrupt, 4]);
    expect(h.message).to.match(/exceed the size limit/);
    const gz = zlib.gzipSync(encodeIdx([1000], new Uint8Array(1000)));
    expect(decodeIdx(gz, { rank: 1, maxBytes: 500 }).diagnostics[0].code).to.equal(DataCode.IdxTooLarge);
    // a trailer claiming 4 bytes is not trusted: refused (too large, or zlib's length check), never read
    const lying = gz.slice();
    lying.set([4, 0, 0, 0], lying.length - 4);
    expect(decodeIdx(lying, { rank: 1, maxBytes: 500 }).diagnostics[0].code).to.be.oneOf([DataCode.IdxTooLarge, DataCode.IdxCorrupt]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-idx-'));
    fs.writeFileSync(path.join(dir, 'big'), new Uint8Array(600));
    expect(readIdxFile(path.join(dir, 'big'), { rank: 1, maxBytes: 500 }).diagnostics[0].code).to.equal(DataCode.IdxTooLarge);
    expect(readIdxFile(path.join(dir, 'absent'), { rank: 1 }).diagnostics[0].code).to.equal(DataCode.IdxUnreadable);
    fs.rmSync(dir, { recursive: true });
  });

  it('a device, a FIFO or a directory in place of an IDX file is refused without reading', () => {
    // fs.readFileSync read /dev/zero until the heap aborted, and blocked on a FIFO for ever
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-idx-'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    fs.mkdirSync(path.join(dir, 'sub'));
    for (const [name, why] of [['zero', 'is a device'], ['fifo', 'is a FIFO'], ['sub', 'is a directory']]) {
      const d = readIdxFile(path.join(dir, name), { rank: 1, shown: name }).diagnostics[0];
      expect(d).to.include({ code: DataCode.IdxUnreadable, file: name, offset: 0 });
      expect(d.message).to.contain(why);
    }
    fs.rmSync(dir, { recursive: true });
  });
});

describe('datasets: Fashion-MNIST loader (small fixture files, never the package)', () => {
  it('loads train then t10k as one dataset whose last part is the published test set', () => {
    const dir = fixtureDir(48, 20);
    const r = loadDataset('fashion-mnist', { dir });
    expect(r.diagnostics).to.deep.equal([]);
    const ds = r.dataset!;
    expect([ds.name, ds.size, ds.features, ds.standardTest, ds.numClasses]).to.deep.equal(['fashion-mnist', 68, 784, 20, 10]);
    expect(ds.labels[1]).to.equal(3);
    expect(ds.labels[48]).to.equal(0); // first test label: (0 * 3 + 1000) % 10
    expect(ds.images[48 * 784]).to.equal(1000 & 255);
    // uncompressed files are read too
    const raw = loadFashionMnist(fixtureDir(12, 5, { gzip: false }));
    expect(raw.dataset!.size).to.equal(17);
    fs.rmSync(dir, { recursive: true });
  });

  it('names the Debian package when the files are absent', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-fashion-none-'));
    const d = loadDataset('fashion-mnist', { dir: empty }).diagnostics;
    expect(d).to.have.length(1);
    expect(d[0].code).to.equal(DataCode.FashionMissing);
    expect(d[0].fix).to.equal('apt-get install dataset-fashion-mnist');
    expect(FASHION_MNIST_INSTALL).to.equal('apt-get install dataset-fashion-mnist');
    fs.rmSync(empty, { recursive: true });
  });

  it('refuses a corrupt file with its name and offset, mismatched counts, and out-of-range labels', () => {
    const truncated = fixtureDir(10, 4, { edit: (n, b) => (n === 'train-images-idx3-ubyte' ? b.subarray(0, 16 + 784 * 3 + 5) : b) });
    const d = loadDataset('fashion-mnist', { dir: truncated }).diagnostics;
    expect(d[0].code).to.equal(DataCode.IdxCorrupt);
    expect(d[0].offset).to.equal(16 + 784 * 3 + 5);
    expect(d[0].file).to.match(/train-images-idx3-ubyte\.gz$/);
    const badLabel = fixtureDir(12, 4, { edit: (n, b) => (n === 't10k-labels-idx1-ubyte' ? (b[8 + 2] = 10, b) : b) });
    const l = loadDataset('fashion-mnist', { dir: badLabel }).diagnostics[0];
    expect([l.code, l.offset]).to.deep.equal([DataCode.FashionMalformed, 10]);
    const counts = fixtureDir(12, 4, { edit: (n, b) => (n === 'train-labels-idx1-ubyte' ? encodeIdx([11], b.subarray(8, 19)) : b) });
    expect(loadDataset('fashion-mnist', { dir: counts }).diagnostics[0]).to.include({ code: DataCode.FashionMalformed, found: '11' });
    const swapped = fixtureDir(10, 4, { edit: (n, b) => (n === 'train-images-idx3-ubyte' ? encodeIdx([10], new Uint8Array(10)) : b) });
    expect(loadDataset('fashion-mnist', { dir: swapped }).diagnostics[0].offset).to.equal(3);
    for (const dir of [truncated, badLabel, counts, swapped]) fs.rmSync(dir, { recursive: true });
  });

  it('refuses a part file too small for the protocol: an empty t10k (test was then carved out of the training images, exit 0), fewer than 12 training images (validation, 1/12 of them, was empty)', () => {
    const noTest = fixtureDir(24, 0);
    const t = loadDataset('fashion-mnist', { dir: noTest }).diagnostics;
    expect(t).to.have.length(1);
    expect(t[0]).to.include({ code: DataCode.FashionMalformed, offset: 4, found: '0' });
    expect(t[0].file).to.match(/t10k-images-idx3-ubyte\.gz$/);
    expect(t[0].expected).to.contain('at least 1 image (the count at byte 4 of the decompressed data)');
    const noValidation = fixtureDir(11, 4, { gzip: false });
    const v = loadDataset('fashion-mnist', { dir: noValidation }).diagnostics;
    expect(v).to.have.length(1);
    expect(v[0]).to.include({ code: DataCode.FashionMalformed, offset: 4, found: '11' });
    expect(v[0].file).to.match(/train-images-idx3-ubyte$/);
    expect(v[0].message).to.contain('1/12');
    // 12 training images and one test image: every part has a sample
    const least = fixtureDir(12, 1);
    expect(partSizes(loadDataset('fashion-mnist', { dir: least }).dataset!)).to.deep.equal({ train: 11, validation: 1, test: 1 });
    for (const dir of [noTest, noValidation, least]) fs.rmSync(dir, { recursive: true });
  });

  it('splits into train / validation / test with the published test set as test', () => {
    const dir = fixtureDir(120, 30);
    const ds = loadDataset('fashion-mnist', { dir }).dataset!;
    expect(partSizes(ds)).to.deep.equal({ train: 110, validation: 10, test: 30 });
    const p = splitParts(ds).parts!;
    expect([...p.test].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 30 }, (_, i) => 120 + i));
    expect(Array.from(classCounts(ds, p.validation))).to.deep.equal(new Array(10).fill(1));
    const all = [...p.train, ...p.validation].sort((a, b) => a - b);
    expect(all).to.deep.equal(Array.from({ length: 120 }, (_, i) => i));
    fs.rmSync(dir, { recursive: true });
  });
});
