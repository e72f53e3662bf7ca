import { expect } from 'chai';
import { DiagnosticError } from '@snnc/common';
import { createFloatSimulator, createSimulator, referenceBudget, referenceTables, REFERENCE_BUDGET_CODE } from '../src/index.js';
import { network, pop, proj, srlif } from './helpers.js';

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
});
