/**
 * A placement is checked in memory proportional to the network, not to the placement's cores x
 * the target's compartments per core: a hand-made placement of 70,000 (empty) cores on a target
 * of 2^20 compartments per core made checkInputs allocate one 1 MiB array per core, 70 GB (a V8
 * fatal error "heap out of memory" under a memory limit; 3 GB resident and 16 s at 20,000 cores).
 */
import { expect } from 'chai';
import { checkInputs } from '../src/checks.js';
import { goldenNetwork, placeInOrder, smallTarget } from './helpers.js';

describe('codegen: placement checks do not allocate per placement core x compartments', () => {
  it('70,000 cores on a 2^20-compartment target are checked in well under a second', function () {
    this.timeout(20000);
    const net = goldenNetwork();
    const base = smallTarget({ maxCompartments: 2 ** 20 });
    const target = { ...base, system: { maxChips: 32768, chipsX: 256, chipsY: 128 } };
    const p = placeInOrder(net, target);
    const perChip = target.chip.meshX * target.chip.meshY * target.chip.coresPerTile;
    for (let id = p.cores.length; p.cores.length < 70000; id++) {
      const chip = Math.floor(id / perChip), tile = Math.floor((id % perChip) / target.chip.coresPerTile);
      p.cores.push({ id, chip, x: tile % target.chip.meshX, y: Math.floor(tile / target.chip.meshX), coreInTile: id % target.chip.coresPerTile });
    }
    const t0 = Date.now();
    expect(checkInputs(net, p, target).filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(Date.now() - t0).to.be.below(5000);
  });

  it('slot errors are still found: a shared slot, a slot beyond the core, a gap', () => {
    const net = goldenNetwork();
    const target = smallTarget({ maxCompartments: 2 ** 20 });
    const at = (edit: (p: ReturnType<typeof placeInOrder>) => void) => {
      const p = placeInOrder(net, target);
      edit(p);
      return checkInputs(net, p, target).map((d) => `${d.code} ${d.pointer}`);
    };
    expect(at(() => undefined)).to.deep.equal([]);
    expect(at((p) => (p.neuronSlot[1][1] = p.neuronSlot[1][0]))).to.include('SNNC4102 /populations/1');
    expect(at((p) => (p.neuronSlot[1][0] = 2 ** 20))).to.deep.equal(['SNNC4102 /populations/1', 'SNNC4102 /cores/0']);
    expect(at((p) => (p.neuronSlot[1][0] = 500))).to.deep.equal(['SNNC4102 /cores/0']);
  });
});
