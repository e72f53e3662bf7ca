import { expect } from 'chai';
import fc from 'fast-check';
import { firstSlotConflict, slotCounts } from '../src/index.js';

/** The slot rule (slots.ts), shared by the placement file's check and the code generator's. */
describe('mapper: the slot rule of a placement', () => {
  it('finds a conflict exactly when some core\'s slots are not 0..n-1 once each (random placements, against sorting each core\'s slots)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.nat({ max: 6 })), { maxLength: 8 }), { minLength: 1, maxLength: 3 }), (nCores, rows) => {
        const neuronCore = rows.map((r) => Int32Array.from(r, ([c]) => (c < 0 ? -1 : c % nCores)));
        const neuronSlot = rows.map((r) => Int32Array.from(r, ([c, s]) => (c < 0 ? -1 : s)));
        const perCore: number[][] = Array.from({ length: nCores }, () => []);
        neuronCore.forEach((row, p) => row.forEach((c, i) => c >= 0 && perCore[c].push(neuronSlot[p][i])));
        const ok = perCore.every((s) => s.sort((a, b) => a - b).every((x, k) => x === k));
        const count = slotCounts(neuronCore, nCores);
        expect(Array.from(count)).to.deep.equal(perCore.map((s) => s.length));
        const conflict = firstSlotConflict(neuronCore, neuronSlot, count);
        expect(conflict === undefined).to.equal(ok);
        if (conflict?.other) expect(neuronSlot[conflict.other.p][conflict.other.i]).to.equal(conflict.slot);
      }),
      { numRuns: 500, seed: 707 },
    );
  });
});
