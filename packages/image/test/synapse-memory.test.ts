import { expect } from 'chai';
import { BlockCursor, blockViews, BLOCK_WORDS, B_FORMAT, B_N_INDEX, emptySynapsesOf, packSynapses, synapseShapeOk, type SynapseBlock } from '../src/index.js';
import { synapsesFromMessage, synapsesToMessage } from '../src/synapse-wire.js';

/**
 * The flat synapse memory (synapse-memory.ts, docs/chip-image.md "Synapse memory") and its wire form
 * (synapse-wire.ts): counts that must agree before any reader indexes the arrays, a cursor that
 * finds each block's entries, and block views that read the fields as they were written.
 */
const block = (b: Partial<SynapseBlock>): SynapseBlock => ({
  format: 'sparse', weightBits: 8, weightExp: 0, delay: 1, rule: 0, projection: 0, baseSlot: 0,
  slots: new Uint32Array(0), weights: new Int32Array(0), synapseIndex: new Uint32Array(0), bits: 64, ...b,
});
/** axon 0: a static dense block of 2, then a plastic sparse block of 1; axon 1: a plastic sparse block of 2 */
const mixed = () => packSynapses([
  { blocks: [block({ format: 'dense', baseSlot: 3, weights: Int32Array.of(1, 2) }), block({ slots: Uint32Array.of(9), weights: Int32Array.of(3), rule: 1, synapseIndex: Uint32Array.of(7), weightExp: -2 })] },
  { blocks: [block({ slots: Uint32Array.of(4, 5), weights: Int32Array.of(4, 5), rule: 1, synapseIndex: Uint32Array.of(8, 9) })] },
]);

describe('image synapse memory', () => {
  it('a cursor walks blocks of mixed kinds in order: each block\'s weights, slots and canonical indices, first of its axon or not', () => {
    const sm = mixed();
    const c = new BlockCursor(sm);
    const seen: [number, boolean, number[], number[]][] = [];
    while (c.next()) seen.push([c.axon, c.firstOfAxon, Array.from({ length: c.n }, (_, k) => c.slot(k)), Array.from(sm.synapseIndex.subarray(c.index0, c.index0 + c.nIndex))]);
    expect(seen).to.deep.equal([[0, true, [3, 4], []], [0, false, [9], [7]], [1, true, [4, 5], [8, 9]]]);
    expect(blockViews(sm).map((b) => [b.axon, b.format, b.weightExp, Array.from(b.weights), Array.from(b.slots), Array.from(b.synapseIndex)])).to.deep.equal([
      [0, 'dense', 0, [1, 2], [], []], [0, 'sparse', -2, [3], [9], [7]], [1, 'sparse', 0, [4, 5], [4, 5], [8, 9]],
    ]);
  });

  it('shape: every count agrees with its array, none negative, no block record beyond the axons\' count', () => {
    expect(synapseShapeOk(mixed())).to.equal(true);
    // a negative index count made up by the next block's: the sums agree, the counts do not
    const neg = mixed();
    neg.blocks[B_N_INDEX] = -1;
    neg.blocks[BLOCK_WORDS + B_N_INDEX] = 2;
    expect(synapseShapeOk(neg)).to.equal(false);
    const extraRecord = mixed();
    extraRecord.blocks = Int32Array.from([...extraRecord.blocks, ...new Array<number>(BLOCK_WORDS).fill(0)]); // a record of no entries
    expect(synapseShapeOk(extraRecord)).to.equal(false);
    const moreIndices = mixed();
    moreIndices.synapseIndex = Uint32Array.of(7, 8, 9, 10);
    expect(synapseShapeOk(moreIndices)).to.equal(false);
  });

  it('the empty memory of n axons has n axons, however many an earlier call had', () => {
    expect(emptySynapsesOf(3).axonBlocks.length).to.equal(3);
    expect(emptySynapsesOf(5000).axonBlocks.length).to.equal(5000);
    expect(synapseShapeOk(emptySynapsesOf(5000))).to.equal(true);
  });

  it('wire: bytes not a multiple of 4 words, inconsistent counts and unknown formats are reported, not read', () => {
    const ok = synapsesToMessage(mixed());
    const run = (msg: ReturnType<typeof synapsesToMessage>) => {
      const bad: string[] = [], enums: string[] = [];
      const sm = synapsesFromMessage(msg, '/cores/0/synapses', bad, enums);
      return { bad, enums, axons: sm.axonBlocks.length };
    };
    expect(run(ok)).to.deep.equal({ bad: [], enums: [], axons: 2 });
    expect(run({ ...ok, weights: ok.weights!.subarray(0, 3) })).to.deep.equal({ bad: ['/cores/0/synapses'], enums: [], axons: 0 });
    expect(run({ ...ok, weights: ok.weights!.subarray(0, 4) })).to.deep.equal({ bad: ['/cores/0/synapses'], enums: [], axons: 0 });
    const neg = mixed();
    neg.blocks[BLOCK_WORDS + B_FORMAT] = -1;
    expect(run(synapsesToMessage(neg))).to.deep.equal({ bad: [], enums: ['/cores/0/synapses/blocks/1/format'], axons: 2 });
  });
});
