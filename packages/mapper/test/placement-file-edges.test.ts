import { expect } from 'chai';
import { placementFromJson, placementToJson } from '../src/index.js';
import { placementFileFixture } from './helpers.js';

/**
 * The edges of a placement file's validation (serialize.ts, docs/mapper.md §7), found by mutation:
 * a core one past the system (chip = chipsAvailable, tile x = meshX) or a core listed twice must be
 * refused, since the file would then load with neurons on a core that does not exist or two
 * used cores that are one; and a file written and read back is the placement, neuron by neuron.
 */
describe('placement file: one past the mesh, repeated cores, and the round trip', () => {
  const { placement: p, doc, edit } = placementFileFixture(); // 2 x 2 tiles of 2 cores, 4 chips available
  const refused = (f: (d: any) => void, pointer: string) => {
    const ds = edit(f);
    expect(ds.length, pointer).to.be.at.least(1);
    expect(ds[0]).to.include({ code: 'SNNC3060', file: 'p.json', pointer });
    return ds[0];
  };
  const last = doc.cores.length - 1;
  // move the last used core to (chip, x, y, coreInTile) keeping its id consistent with them
  const moveLast = (d: any, chip: number, x: number, y: number, t: number) => {
    const m = d.mesh;
    Object.assign(d.cores[last], { chip, x, y, coreInTile: t, id: chip * m.coresPerChip + (y * m.meshX + x) * m.coresPerTile + t });
  };

  it('the file as written loads, and a core on the last chip, tile and core is accepted', () => {
    expect(doc.mesh).to.include({ chipsAvailable: 4, meshX: 2, meshY: 2, coresPerTile: 2, coresPerChip: 8 });
    expect(edit(() => undefined)).to.deep.equal([]);
    expect(edit((d) => moveLast(d, 3, 1, 1, 1))).to.deep.equal([]);
  });

  it('a core on chip chipsAvailable is refused at /cores/i/chip, even with its id consistent', () => {
    refused((d) => moveLast(d, 4, 0, 0, 0), `/cores/${last}/chip`);
  });

  it('a core at tile x = meshX, y = meshY or coreInTile = coresPerTile is refused at that field', () => {
    refused((d) => moveLast(d, 1, 2, 0, 0), `/cores/${last}/x`);
    refused((d) => moveLast(d, 1, 0, 2, 0), `/cores/${last}/y`);
    refused((d) => moveLast(d, 1, 0, 0, 2), `/cores/${last}/coreInTile`);
  });

  it('a core listed twice is refused at /cores (its neurons would load onto one physical core as two)', () => {
    const ds = refused((d) => { d.cores[last] = { ...d.cores[last - 1] }; }, '/cores');
    expect(ds.found).to.equal('1 repeated');
  });

  it('a neuron on used core index = cores.length, or a slot = capacity, is refused', () => {
    refused((d) => { d.neuronCore[1][0] = d.cores.length; }, '/neuronCore/1/0');
    const ds = edit((d) => { d.neuronSlot[1][0] = d.capacity.compartments; });
    expect(ds[0]).to.include({ code: 'SNNC3060', pointer: '/neuronSlot/1/0' });
  });

  it('written and read back, every neuron keeps its core and slot, and traffic, links, usage and metrics are kept', () => {
    const r = placementFromJson(placementToJson(p));
    expect(r.diagnostics).to.deep.equal([]);
    const q = r.placement!;
    expect(q.neuronCore.map((a) => Array.from(a))).to.deep.equal(p.neuronCore.map((a) => Array.from(a)));
    expect(q.neuronSlot.map((a) => Array.from(a))).to.deep.equal(p.neuronSlot.map((a) => Array.from(a)));
    expect(q.neuronCore[1]).to.be.instanceOf(Int32Array);
    for (const k of ['from', 'to', 'weight', 'host'] as const) expect(Array.from(q.traffic![k]), k).to.deep.equal(Array.from(p.traffic![k]));
    for (const k of ['x', 'y', 'dir', 'load'] as const) expect(Array.from(q.links![k]), k).to.deep.equal(Array.from(p.links![k]));
    expect(q.links!.hostLink).to.equal(p.links!.hostLink);
    expect(q.usage).to.deep.equal(p.usage);
    expect(q.cores).to.deep.equal(p.cores);
    expect(q.metrics).to.deep.equal(p.metrics);
    expect(placementToJson(q)).to.equal(placementToJson(p));
  });
});
