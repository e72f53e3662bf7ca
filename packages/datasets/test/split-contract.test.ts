/**
 * The parts and orders that decide what a network is trained and scored on (docs/datasets.md, "The
 * protocol"), pinned where a wrong permutation would pass every other test: the reference and the
 * emulator see the same samples whatever the split, and every property (disjoint, covering,
 * stratified, prefix-stable) holds for many permutations, so only the bytes tell that the test part
 * is still "the very 2,000 held-out digits of the older two-way split".
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { classCounts, epochOrder, heldOutPart, loadDataset, partSizes, splitDataset, splitParts, stratifiedPermutation, type Dataset } from '../src/index.js';

const sha = (a: ArrayLike<number>): string => createHash('sha256').update(Uint32Array.from(a as ArrayLike<number>)).digest('hex').slice(0, 16);

/** `n` samples with labels from a fixed scramble of `classes` classes; the last `standard` are a published test set. */
function toy(n: number, classes: number, standard?: number): Dataset {
  const labels = Uint8Array.from({ length: n }, (_, i) => ((i * 7919) >>> 3) % classes);
  return { name: 'toy', inputShape: [1], numClasses: classes, size: n, features: 1, images: new Uint8Array(n), labels, ...(standard ? { standardTest: standard } : {}) };
}

describe('parts and orders: pinned to what earlier figures used', () => {
  it('the stratified permutation of a fixed dataset is the one of commit 90b05be (split seeds 0 and 7)', () => {
    const ds = toy(1000, 10);
    expect(sha(stratifiedPermutation(ds.labels, ds.size, 0))).to.equal(GOLDEN.perm0);
    expect(sha(stratifiedPermutation(ds.labels, ds.size, 7))).to.equal(GOLDEN.perm7);
    const p = splitParts(ds).parts!;
    expect([sha(p.train), sha(p.validation), sha(p.test)]).to.deep.equal(GOLDEN.parts);
    const s = splitParts(toy(1300, 10, 300)).parts!;
    expect([sha(s.train), sha(s.validation), sha(s.test)]).to.deep.equal(GOLDEN.standard);
  });

  it('MNIST (when installed): the 2,000-digit test part, the validation and train parts are the ones every reported figure used', function () {
    this.timeout(20000);
    const r = loadDataset('mnist');
    if (!r.dataset) this.skip();
    const p = splitParts(r.dataset!).parts!;
    expect([sha(p.train), sha(p.validation), sha(p.test)]).to.deep.equal(GOLDEN.mnist);
  });

  it('the epoch order depends on the run seed (docs/datasets.md: seeds differ in the epoch orders) and on the epoch, and is pinned', () => {
    const train = Uint32Array.from({ length: 200 }, (_, i) => i * 2);
    const orders = [0, 1, 2].map((seed) => sha(epochOrder(train, seed, 0)));
    expect(new Set(orders).size).to.equal(3);
    expect(sha(epochOrder(train, 5, 3))).to.equal(GOLDEN.epoch);
  });

  it('the epoch order is a uniform shuffle: every ordering of 3 samples appears about equally over seeds (Fisher-Yates, not Sattolo)', () => {
    const counts = new Map<string, number>();
    const train = Uint32Array.from([0, 1, 2]);
    const N = 6000;
    for (let seed = 0; seed < N; seed++) {
      const k = Array.from(epochOrder(train, seed, 0)).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).to.equal(6);
    for (const c of counts.values()) expect(c).to.be.within(850, 1150); // 1000 ± 4.5 sd
  });

  it('property: a published test set is ordered by its own labels, so every prefix of it is stratified within two per class', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 400 }), fc.integer({ min: 2, max: 7 }), fc.integer({ min: 10, max: 200 }), fc.integer({ min: 0, max: 1000 }), (n, classes, standard, seed) => {
        // the published part's labels follow another pattern than the pool's, as real files may
        const labels = Uint8Array.from({ length: n + standard }, (_, i) => (i < n ? i % classes : (i * i + seed) % classes));
        const ds: Dataset = { name: 'toy', inputShape: [1], numClasses: classes, size: n + standard, features: 1, images: new Uint8Array(n + standard), labels, standardTest: standard };
        const full = splitParts(ds).parts!;
        for (const k of [standard, Math.ceil(standard / 2), Math.ceil(standard / 5)]) {
          const test = full.test.subarray(0, k);
          const all = classCounts(ds, full.test);
          const counts = classCounts(ds, test);
          for (let c = 0; c < classes; c++) if (Math.abs(counts[c] - (all[c] * k) / standard) > 2) return false;
        }
        return true;
      }),
      { numRuns: 100 },
    );
  });

  it('the older two-way split: a smaller train request is a prefix of the training block, never a test sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 500 }), fc.integer({ min: 2, max: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, classes, f) => {
        const ds = toy(n, classes);
        const full = splitDataset(ds).split!;
        const k = Math.floor(f * full.train.length);
        const small = splitDataset(ds, { train: k }).split!;
        const test = new Set(full.test);
        return small.train.length === k && small.train.every((v, i) => v === full.train[i] && !test.has(v));
      }),
    );
  });

  it('the full sizes: floor(size / 5) test and floor(size / 10) validation, or 1/12 of the pool beside a published set', () => {
    for (const size of [9, 10, 15, 19, 25, 99, 10000]) expect(partSizes({ size }), String(size)).to.deep.equal({ test: Math.floor(size / 5), validation: Math.floor(size / 10), train: size - Math.floor(size / 5) - Math.floor(size / 10) });
    for (const pool of [11, 12, 23, 60000]) expect(partSizes({ size: pool + 7, standardTest: 7 }).validation).to.equal(Math.floor(pool / 12));
  });

  it('the held-out part follows the split seed it is given', () => {
    const ds = toy(600, 5);
    const a = heldOutPart(ds, 100, 0).part!;
    const b = heldOutPart(ds, 100, 3).part!;
    expect(Array.from(a)).to.deep.equal(Array.from(splitParts(ds, { splitSeed: 0 }).parts!.train.subarray(100)));
    expect(Array.from(b)).to.deep.equal(Array.from(splitParts(ds, { splitSeed: 3 }).parts!.train.subarray(100)));
  });
});

const GOLDEN = {
  perm0: '4f83bed14ec5e9a5',
  perm7: '7c7b422921192131',
  parts: ['d01b065647028755', 'bdf79c10e4733f58', '74c03757610930fb'],
  standard: ['29c071fbc1dd6466', '6ca0ad25a032e6bf', '0d02cc58a3d8aaff'],
  mnist: ['9086a8ce14662667', 'e9857a01ceabcc18', '90ec046bd037107a'],
  epoch: '615ac47edd4e2732',
};
