import { expect } from 'chai';
import { DiagnosticError } from '@snnc/common';
import { createFloatSimulator, createSimulator, referenceBudget, referenceTables, REFERENCE_BUDGET_CODE } from '../src/index.js';
import { learning, network, pop, proj, srlif } from './helpers.js';

/** The reference simulator's product-sized tables are checked before any is allocated (budget.ts). */
describe('reference: tables sized by products of network fields', () => {
  // one synapse of delay 4096 onto 2^24 - 1 neurons: a ring of 4096 x 2^24 float64 accumulators (550 GB)
  const long = (delay: number, size: number) => network([pop(0, 'in', 1, null), pop(1, 'h', size, srlif())], [proj(0, 0, 1, [[0, 0, 10]], { delay })], 4);

  it('the delay ring is longest delay x all neurons (inputs included), 8 bytes each; located at the longest delay', () => {
    const [ring] = referenceTables(long(7, 100));
    expect([ring.entries, ring.bytes, ring.pointer]).to.deep.equal([7 * 101, 8 * 7 * 101, '/projections/0/delay']);
    expect(referenceBudget(long(7, 100), 1e6)).to.deep.equal([]);
    const refused = referenceBudget(long(7, 100), 1000);
    expect(refused.map((d) => [d.code, d.pointer, d.found])).to.deep.equal([[REFERENCE_BUDGET_CODE, '/projections/0/delay', '0.00 GB']]);
  });

  it('a network whose ring would not fit is refused by the constructor with SNNC2830, not "Array buffer allocation failed" (exit 70)', () => {
    let thrown: unknown;
    try {
      createSimulator(long(4096, 2 ** 24 - 1));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(DiagnosticError);
    const d = (thrown as DiagnosticError).diagnostics;
    expect(d.map((x) => [x.code, x.pointer])).to.deep.equal([[REFERENCE_BUDGET_CODE, '/projections/0/delay']]);
    expect(d[0].message).to.contain('the delay ring (longest delay 4096 x 16777216 neurons)');
  });

  it('65,536 classes at T = 2^19 without a SAL block: no per-class records are made (one array of 2^35 entries before)', () => {
    const net = network([pop(0, 'in', 1, null), pop(1, 'out', 65536, srlif(), { role: 'readout', classes: 65536, neuronsPerClass: 1 })], [proj(0, 0, 1, [[0, 0, 10]])], 2 ** 19);
    expect(referenceTables(net).map((t) => t.what)).to.deep.equal(['the delay ring (longest delay 1 x 65537 neurons)']);
    expect(createSimulator(net).classes).to.equal(65536);
  });

  it('the float twin checks the same tables of the lowered network it is given', () => {
    const net = long(4096, 2 ** 24 - 1);
    const graph = { ...net, populations: net.populations.map((p) => ({ ...p, params: p.params ? { model: 'srlif', alpha: 0.5, vth: 1, vthMin: 0.5, vthMax: 2, etaTheta: 0, targetRate: 0.1, rateTau: 16, refractory: 0 } : null })) };
    let thrown: unknown;
    try {
      createFloatSimulator(graph as never, { lowered: net });
    } catch (e) {
      thrown = e;
    }
    expect((thrown as DiagnosticError).diagnostics?.map((x) => x.code)).to.deep.equal([REFERENCE_BUDGET_CODE]);
  });

  it('with SAL and causal pairing every table is what the simulator allocates: per-class records 12 B, SAL records 8nT + 8mT + 8nm, causal history (longest plastic delay + 1) x three-factor sources, 4 B', () => {
    // in(3) -tf, delay 3-> h(4) -tf, delay 2-> h2(4) -delta-> out(2 classes); side(5) -fixed, delay 5-> h.
    // SAL on h's block (M = 2), a fixed block on h2; T = 6. 18 neurons in all.
    const block = (population: number, sal: boolean) => ({
      population, m: 2, B: new Int8Array(2 * 4).fill(1), Wem: new Int8Array(2 * 4).fill(1), Wmh: new Int8Array(4 * 2).fill(1), emShift: 0, mhShift: 0,
      ...(sal ? { sal: { mant: 1, leak: 0, shift: 0, decayS: 2048, H: new Int8Array(2 * 2).fill(1) } } : {}),
    });
    const tf = { plasticity: 'threeFactor' as const, learnMant: 1, learnShift: 4 };
    const net = network(
      [pop(0, 'in', 3, null), pop(1, 'side', 5, null), pop(2, 'h', 4, srlif()), pop(3, 'h2', 4, srlif()), pop(4, 'out', 2, srlif(), { role: 'readout', classes: 2, neuronsPerClass: 1 })],
      [proj(0, 0, 2, [[0, 0, 1]], { ...tf, delay: 3 }), proj(1, 2, 3, [[0, 0, 1]], { ...tf, delay: 2 }), proj(2, 1, 2, [[0, 0, 1]], { delay: 5 }), proj(3, 3, 4, [[0, 0, 1]], { plasticity: 'delta', learnMant: 1, learnShift: 4 })],
      6,
      learning({ readout: 4, eligibility: 'causal', modulatory: [block(2, true), block(3, false)] }),
    );
    const tables = referenceTables(net);
    // ring: delay 5 (the fixed projection 2) x 18; records: 2 classes x 6; SAL: 4 x 6 entries,
    // 8*24 + 8*2*6 + 8*4*2 bytes; causal: (3 + 1) steps x (in 3 + h 4) neurons (side is no three-factor source)
    expect(tables.map((t) => [t.entries, t.bytes, t.pointer])).to.deep.equal([
      [90, 720, '/projections/2/delay'], [12, 144, '/timesteps'], [24, 352, '/timesteps'], [28, 112, '/learning/eligibility'],
    ]);
    // and those are the typed arrays the simulator then holds (budget.ts names them)
    const sim = createSimulator(net, { learning: true }) as unknown as {
      acc: Float64Array;
      sal: { Z: Int32Array; D: Float64Array; blocks: { evT: Int32Array; evI: Int32Array; R: Float64Array; K: Float64Array }[] };
      causal: { lists: (Int32Array | null)[] };
    };
    const { acc, sal, causal } = sim;
    const lists = causal.lists.filter((l) => l !== null);
    const b = sal.blocks;
    expect(b.length).to.equal(1);
    expect([
      [acc.length, acc.byteLength],
      [sal.Z.length, sal.Z.byteLength + sal.D.byteLength],
      [b[0].evT.length, b[0].evT.byteLength + b[0].evI.byteLength + b[0].R.byteLength + b[0].K.byteLength],
      [lists.reduce((s, l) => s + l.length, 0), lists.reduce((s, l) => s + l.byteLength, 0)],
    ]).to.deep.equal(tables.map((t) => [t.entries, t.bytes]));
    // coincident pairing keeps no history: no causal table
    const coincident = { ...net, learning: { ...net.learning!, eligibility: undefined } };
    expect(referenceTables(coincident).map((t) => t.pointer)).to.deep.equal(['/projections/2/delay', '/timesteps', '/timesteps']);
  });
});
