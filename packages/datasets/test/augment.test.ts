import { expect } from 'chai';
import fc from 'fast-check';
import { DataCode, makeImageShift, MAX_SHIFT, shiftOffset } from '../src/index.js';

/** Training-time translation (augment.ts): exact moves, offsets spread over the whole square, refusals located. */
describe('training shift (augment.ts)', () => {
  const img = Uint8Array.from({ length: 16 }, (_, i) => i + 1); // 4 x 4: row y holds 4y+1 .. 4y+4
  const keyFor = (dx: number, dy: number, s = 1): number => {
    for (let k = 0; k < 1e6; k++) {
      const [a, b] = shiftOffset(k, s);
      if (a === dx && b === dy) return k;
    }
    throw new Error('no key');
  };

  it('moves the image by the key offset, zero-filled, by hand on 4 x 4', () => {
    const sh = makeImageShift([4, 4], 1).shift!;
    const out = new Uint8Array(16);
    // (dx, dy) = (1, 0): every row moves one pixel right
    expect([...sh.apply(img, keyFor(1, 0), out)]).to.deep.equal([0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0, 13, 14, 15]);
    // (dx, dy) = (-1, 1): left and down
    expect([...sh.apply(img, keyFor(-1, 1), out)]).to.deep.equal([0, 0, 0, 0, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11, 12, 0]);
    // (0, 0): the image itself, and the input is never written
    expect([...sh.apply(img, keyFor(0, 0), out)]).to.deep.equal([...img]);
    expect(img[0]).to.equal(1);
  });

  it('moves every channel plane of [C, H, W] alike', () => {
    const sh = makeImageShift([2, 4, 4], 1).shift!;
    const two = new Uint8Array(32);
    two.set(img, 0);
    two.set(img, 16);
    const out = sh.apply(two, keyFor(0, -1), new Uint8Array(32));
    const plane = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0, 0, 0, 0];
    expect([...out]).to.deep.equal([...plane, ...plane]);
  });

  it('offsets stay within the shift and cover every one of the (2s+1)^2 moves about equally', () => {
    for (const s of [1, 2, MAX_SHIFT]) {
      const span = 2 * s + 1;
      const count = new Array(span * span).fill(0);
      const n = 400 * span * span;
      for (let k = 0; k < n; k++) {
        const [dx, dy] = shiftOffset(k * 7919 + 3, s);
        if (Math.abs(dx) > s || Math.abs(dy) > s) expect.fail(`offset (${dx}, ${dy}) beyond ${s}`);
        count[(dy + s) * span + dx + s]++;
      }
      // each cell expects 400; a binomial sd is ~20, so 300..500 fails only a broken draw
      for (const c of count) expect(c).to.be.within(300, 500);
    }
  });

  it('property: content away from the border is moved, not lost, and moving back restores it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ minLength: 36, maxLength: 36 }), (s, key, inner) => {
        const side = 6 + 2 * s;
        const im = new Uint8Array(side * side);
        for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) im[(y + s) * side + x + s] = inner[y * 6 + x];
        const moved = makeImageShift([side, side], s).shift!.apply(im, key, new Uint8Array(im.length));
        const sum = (a: Uint8Array) => a.reduce((p, v) => p + v, 0);
        expect(sum(moved)).to.equal(sum(im));
        const [dx, dy] = shiftOffset(key, s);
        for (let y = 0; y < side; y++)
          for (let x = 0; x < side; x++) {
            const sy = y + dy, sx = x + dx;
            if (sy >= 0 && sy < side && sx >= 0 && sx < side) expect(moved[sy * side + sx]).to.equal(im[y * side + x]);
          }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a shift out of range or images without two spatial dimensions, located', () => {
    for (const bad of [-1, 1.5, MAX_SHIFT + 1]) {
      const r = makeImageShift([28, 28], bad);
      expect(r.shift).to.equal(undefined);
      expect(r.diagnostics[0].code).to.equal(DataCode.BadShift);
      expect(r.diagnostics[0].pointer).to.equal('/augment/shift');
      expect(r.diagnostics[0].expected).to.contain(`0..${MAX_SHIFT}`);
    }
    const flat = makeImageShift([784], 1);
    expect(flat.shift).to.equal(undefined);
    expect(flat.diagnostics[0].found).to.equal('[784]');
    expect(makeImageShift([28, 28], 0).shift!.apply(img, 5, new Uint8Array(16))).to.deep.equal(img);
  });
});
