import { expect } from 'chai';
import { placementFileFixture } from './helpers.js';

/**
 * A placement file's arrays agree with each other (placement-check.ts): `snnc report` draws only
 * the file, so an edited file whose slots, population sizes, traffic or links disagree with its
 * cores was drawn as a wrong report (traffic to a core that does not exist silently dropped).
 */
describe('placement file: arrays that must agree', () => {
  const { doc, edit } = placementFileFixture(); // 2 x 2 tiles of 2 cores, 4 chips available
  const refused = (f: (d: any) => void, pointer: string) => {
    const ds = edit(f);
    expect(ds, pointer).to.have.length(1);
    expect(ds[0]).to.include({ code: 'SNNC3060', severity: 'error', file: 'p.json', pointer });
    expect(ds[0].expected).to.be.a('string');
    return ds[0];
  };

  it('the mapper\'s own file passes, with traffic and links', () => {
    expect(doc.cores.length).to.be.at.least(3);
    expect(doc.traffic.from.length).to.be.at.least(1);
    expect(doc.links.x.length).to.be.at.least(1);
    expect(edit(() => {})).to.deep.equal([]);
  });

  it('neuronSlot: the shape of neuronCore, -1 exactly for neurons on no core, slots inside the core', () => {
    refused((d) => { d.neuronSlot.pop(); }, '/neuronSlot');
    refused((d) => { d.neuronSlot[1].pop(); }, '/neuronSlot/1');
    refused((d) => { d.neuronSlot[0][0] = 0; }, '/neuronSlot/0/0');
    refused((d) => { d.neuronCore[1][0] = -1; }, '/neuronSlot/1/0');
    expect(refused((d) => { d.neuronSlot[1][0] = 4; }, '/neuronSlot/1/0').expected).to.include('0..3');
    refused((d) => { d.neuronSlot[2][1] = -1; }, '/neuronSlot/2/1');
  });

  it('populations and metrics.cores agree with neuronCore and cores', () => {
    refused((d) => { d.populations.pop(); }, '/populations');
    expect(refused((d) => { d.populations[1].size = 1e9; }, '/populations/1/size').found).to.equal('1000000000');
    refused((d) => { d.metrics.cores = 'x'; }, '/metrics/cores');
    refused((d) => { d.metrics.cores += 1; }, '/metrics/cores');
  });

  it('traffic names used cores, its arrays parallel; links lie in the mesh', () => {
    refused((d) => { d.traffic.to.pop(); }, '/traffic/to');
    refused((d) => { d.traffic.host.push(0); }, '/traffic/host');
    refused((d) => { d.traffic.from[0] = d.cores.length; }, '/traffic/from/0');
    refused((d) => { d.traffic.to[0] = null; }, '/traffic/to/0');
    refused((d) => { d.links.load.push(1); }, '/links/load');
    refused((d) => { d.links.x[0] = d.mesh.chipsX * d.mesh.meshX; }, '/links/x/0');
    refused((d) => { d.links.dir[0] = 4; }, '/links/dir/0');
  });
});
