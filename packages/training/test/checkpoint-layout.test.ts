import { expect } from 'chai';
import { CheckpointCode, decodeCheckpoint, loadCheckpointBytes } from '../src/index.js';
import { rewrite, tinyCheckpoint } from './hostile-checkpoint.test.js';

/**
 * The layout a checkpoint's header declares, against its bytes (checkpoint-layout.ts): arrays that
 * overlap or repeat a name, a file cut short or appended to, and the target's diagnostics located
 * by one JSON Pointer into the checkpoint.
 */
describe('checkpoint layout (arrays, length, the embedded target)', function () {
  this.timeout(20000);
  const good = tinyCheckpoint();
  type ArrayInfo = { name: string; type: string; length: number; offset: number };
  const arraysOf = (h: Record<string, unknown>) => h.arrays as ArrayInfo[];
  const first = (bytes: Uint8Array) => loadCheckpointBytes(bytes, 'x.snnck').diagnostics[0];

  it('arrays over the same bytes are refused before any is read (300 of them over a 64 MB body took 7 GB and ended in "Array buffer allocation failed")', () => {
    // one extra array over the first weights: it loaded, and was read and ignored
    let extra = -1;
    const over = rewrite(good, (h) => { extra = arraysOf(h).push({ name: 'extra', type: 'int16', length: 4, offset: 0 }) - 1; });
    const d = first(over);
    expect([d.code, d.file, d.pointer]).to.deep.equal([CheckpointCode.corrupt, 'x.snnck', `/arrays/${extra}/offset`]);
    expect(d.message).to.contain('overlap');
    // many arrays each spanning the whole body: refused at once, nothing allocated beyond the file
    const many = rewrite(good, (h) => {
      const body = arraysOf(h).reduce((end, a) => Math.max(end, a.offset + a.length * (a.type === 'int16' ? 2 : 4)), 0);
      for (let k = 0; k < 300; k++) arraysOf(h).push({ name: `x${k}`, type: 'int32', length: body >> 2, offset: 0 });
    });
    const t0 = Date.now();
    const r = decodeCheckpoint(many, 'x.snnck');
    expect(r.checkpoint).to.equal(undefined);
    expect(r.diagnostics[0].code).to.equal(CheckpointCode.corrupt);
    expect(Date.now() - t0).to.be.below(2000);
  });

  it('an array name listed twice is refused at the second (the last one read won, in silence)', () => {
    let vth = -1;
    let again = -1;
    const twice = rewrite(good, (h) => {
      const a = arraysOf(h);
      vth = a.findIndex((x) => x.name === 'vth');
      // a second, empty "vth" at the end of the body: disjoint, so only the name is wrong
      const end = a.reduce((e, x) => Math.max(e, x.offset + x.length * (x.type === 'int16' ? 2 : 4)), 0);
      again = a.push({ ...a[vth], offset: (end + 3) & ~3, length: 0 }) - 1;
    });
    const d = first(twice);
    expect([d.code, d.pointer]).to.deep.equal([CheckpointCode.header, `/arrays/${again}/name`]);
    expect(d.expected).to.contain(`/arrays/${vth}`);
  });

  it('a file cut short says it is truncated and where (it said "CRC-32 mismatch", or "12 bytes without that magic")', () => {
    for (const n of [5, 12, 19, 40, good.length - 100, good.length - 1]) {
      const d = decodeCheckpoint(good.subarray(0, n), 'x.snnck').diagnostics[0];
      expect([d.code, d.offset], `cut at ${n}`).to.deep.equal([CheckpointCode.corrupt, n]);
      expect(d.message, `cut at ${n}`).to.contain('truncated');
      expect(d.fix).to.contain('copy it again');
    }
    // the header intact: the exact length it declares
    expect(decodeCheckpoint(good.subarray(0, good.length - 1), 'x.snnck').diagnostics[0].expected).to.equal(`${good.length} bytes`);
    // no magic at all is still "not a checkpoint"
    expect(decodeCheckpoint(new Uint8Array(12), 'x.snnck').diagnostics[0].code).to.equal(CheckpointCode.notCheckpoint);
  });

  it('bytes appended to a checkpoint are named at the byte where it ends', () => {
    const longer = new Uint8Array(good.length + 7);
    longer.set(good);
    const d = decodeCheckpoint(longer, 'x.snnck').diagnostics[0];
    expect([d.code, d.offset]).to.deep.equal([CheckpointCode.corrupt, good.length]);
    expect(d.message).to.contain('7 bytes past its end');
  });

  it("the embedded target's errors are one JSON Pointer into the checkpoint (they read x.snnck#/target#/targetVersion)", () => {
    const d = first(rewrite(good, (h) => { (h.target as Record<string, unknown>).targetVersion = 'x'; }));
    expect([d.file, d.pointer]).to.deep.equal(['x.snnck', '/target/targetVersion']);
    const e = first(rewrite(good, (h) => { ((h.target as { chip: Record<string, unknown> }).chip).meshX = -1; }));
    expect([e.file, e.pointer]).to.deep.equal(['x.snnck', '/target/chip/meshX']);
  });
});
