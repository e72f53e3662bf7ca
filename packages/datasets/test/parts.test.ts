import { expect } from 'chai';
import fc from 'fast-check';
import { classCounts, DataCode, defaultAugmentShift, defaultEpochs, defaultRateCode, heldOutPart, partSizes, splitDataset, splitParts, SPLIT_SEED, synthetic, type Dataset } from '../src/index.js';

/** `n` samples, labels cycling over `classes`; the last `standard` samples form a published test set. */
function toy(n: number, classes: number, standard?: number): Dataset {
  const labels = Uint8Array.from({ length: n }, (_, i) => i % classes);
  return { name: 'toy', inputShape: [1], numClasses: classes, size: n, features: 1, images: new Uint8Array(n), labels, ...(standard ? { standardTest: standard } : {}) };
}

function sorted(...parts: Uint32Array[]): number[] {
  return parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
}

describe('datasets: train / validation / test parts', () => {
  it('sizes: 7,000 / 1,000 / 2,000 of 10,000 samples; 55,000 / 5,000 / 10,000 with a published 10,000 test set', () => {
    expect(partSizes({ size: 10000 })).to.deep.equal({ train: 7000, validation: 1000, test: 2000 });
    expect(partSizes({ size: 70000, standardTest: 10000 })).to.deep.equal({ train: 55000, validation: 5000, test: 10000 });
  });

  it('property: the parts are disjoint and cover the dataset, stratified within two samples per class', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 600 }), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (n, classes, splitSeed, standard) => {
        const ds = toy(n, classes, standard ? Math.floor(n / 4) : undefined);
        const p = splitParts(ds, { splitSeed }).parts!;
        const all = sorted(p.train, p.validation, p.test);
        if (all.length !== n || all.some((v, i) => v !== i)) return false;
        for (const part of [p.validation, p.test]) {
          const counts = classCounts(ds, part);
          const share = part.length / classes;
          if (counts.some((c) => Math.abs(c - share) > 2)) return false;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the published test set as test, whatever the split seed', () => {
    const ds = toy(300, 3, 60);
    for (const splitSeed of [0, 1, 99]) {
      const p = splitParts(ds, { splitSeed }).parts!;
      expect(sorted(p.test)).to.deep.equal(Array.from({ length: 60 }, (_, i) => 240 + i));
      expect(p.standardTest).to.equal(true);
    }
  });

  it('does not depend on the run seed: the default split seed is fixed, and the test part is the old seed-0 held-out block', () => {
    const ds = synthetic({ size: 500, classes: 5 }).dataset!;
    const a = splitParts(ds).parts!;
    expect(a.splitSeed).to.equal(SPLIT_SEED);
    expect(Array.from(a.test)).to.deep.equal(Array.from(splitDataset(ds, { seed: 0 }).split!.test));
    const b = splitParts(ds, { splitSeed: 1 }).parts!;
    expect(Array.from(b.test)).to.not.deep.equal(Array.from(a.test));
  });

  it('smaller requests take prefixes of each part', () => {
    const ds = toy(1000, 10);
    const full = splitParts(ds).parts!;
    const small = splitParts(ds, { train: 100, validation: 20, test: 30 }).parts!;
    expect(Array.from(small.train)).to.deep.equal(Array.from(full.train.subarray(0, 100)));
    expect(Array.from(small.validation)).to.deep.equal(Array.from(full.validation.subarray(0, 20)));
    expect(Array.from(small.test)).to.deep.equal(Array.from(full.test.subarray(0, 30)));
    expect(small.full).to.deep.equal({ train: 700, validation: 100, test: 200 });
  });

  it('refuses counts beyond a part with a located diagnostic naming the limit', () => {
    const r = splitParts(toy(1000, 10), { validation: 101, test: -1 });
    expect(r.parts).to.equal(undefined);
    expect(r.diagnostics.map((d) => [d.code, d.pointer, d.expected])).to.deep.equal([
      [DataCode.BadParts, '/validation', 'an integer in [0, 100]'],
      [DataCode.BadParts, '/test', 'an integer in [0, 200]'],
    ]);
  });

  it('property: the held-out part of a run trained on the first k train samples is the rest of the train part, disjoint from what it trained on, validation and test', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 600 }), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), fc.double({ min: 0, max: 0.999, noNaN: true }), (n, classes, splitSeed, standard, f) => {
        const ds = toy(n, classes, standard ? Math.floor(n / 4) : undefined);
        const full = partSizes(ds);
        const k = Math.floor(f * full.train);
        const trained = splitParts(ds, { train: k, splitSeed }).parts!;
        const h = heldOutPart(ds, k, splitSeed);
        if (!h.part || h.from !== k || h.part.length !== full.train - k) return false;
        // together with the trained prefix it is exactly the train part, in order
        const whole = [...trained.train, ...h.part];
        const block = splitParts(ds, { splitSeed }).parts!;
        if (whole.length !== block.train.length || whole.some((v, i) => v !== block.train[i])) return false;
        const seen = new Set([...trained.train, ...block.validation, ...block.test]);
        return h.part.every((i) => !seen.has(i));
      }),
    );
  });

  it('refuses a held-out part of a run that trained on the whole train part, naming the fix', () => {
    const ds = toy(1000, 10);
    for (const k of [700, 701, -1, 1.5]) {
      const r = heldOutPart(ds, k);
      expect(r.part, String(k)).to.equal(undefined);
      expect(r.diagnostics.map((d) => [d.code, d.pointer, d.expected])).to.deep.equal([[DataCode.NothingHeldOut, '/trainSamples', 'fewer than 700 trained samples']]);
      expect(r.diagnostics[0].fix).to.contain('--train N, N < 700');
    }
    expect(heldOutPart(ds, 699).part!.length).to.equal(1);
  });

  it('default epochs and training shift are per dataset, as chosen on validation (docs/results.md): MNIST 32 with a 1-pixel shift, Fashion-MNIST 3 (with its rate schedule; 1 for other encodings), row-sequential MNIST 5 (with its rate schedule, the last held), the shift in all but its last, other rows 2, others 3, no shift elsewhere', () => {
    expect(defaultEpochs('fashion-mnist')).to.equal(3);
    expect(defaultEpochs('fashion-mnist', 'latency')).to.equal(1);
    expect(defaultEpochs('mnist')).to.equal(32);
    expect(defaultEpochs('mnist', 'rate')).to.equal(32);
    expect(defaultEpochs('mnist', 'rows')).to.equal(5);
    expect(defaultEpochs('fashion-mnist', 'rows')).to.equal(1);
    expect(defaultEpochs('synthetic')).to.equal(3);
    expect(defaultAugmentShift('mnist')).to.equal(1);
    expect(defaultAugmentShift('mnist', 'rows')).to.equal(1);
    expect(defaultAugmentShift('fashion-mnist')).to.equal(0);
    expect(defaultAugmentShift('synthetic')).to.equal(0);
    // the rate code: regular (no sampling noise) where it was chosen, Fashion-MNIST; Bernoulli elsewhere
    expect(defaultRateCode('fashion-mnist')).to.equal('regular');
    expect(defaultRateCode('mnist')).to.equal('bernoulli');
    expect(defaultRateCode('synthetic')).to.equal('bernoulli');
  });
});
