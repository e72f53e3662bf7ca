import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { h5 } from '../src/h5.js';
import { NirCodes, readNirFile } from '../src/index.js';
import { scratch, tinyGraph, writeGraph } from './helpers.js';

/**
 * Resource bombs in .nir files (issue 12, hostile input 2): a declared shape far beyond its
 * stored chunks and an HDF5 hard-link cycle are refused from the declared sizes, at once.
 */

/** A valid tiny graph whose file is then edited in place through h5wasm. */
export async function editedNir(dir: string, name: string, edit: (f: InstanceType<Awaited<ReturnType<typeof h5>>['File']>) => void): Promise<string> {
  const file = await writeGraph(dir, name, tinyGraph());
  const lib = await h5();
  const f = new lib.File(file, 'a');
  try {
    edit(f);
  } finally {
    f.close();
  }
  return file;
}

describe('nir: hostile files', function () {
  this.timeout(20000);
  let dir: string;
  before(() => {
    dir = scratch();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a 12000 x 12000 Affine whose chunks were never written is refused from its declared shape, in well under a second', async () => {
    const file = await editedNir(dir, 'bomb.nir', (f) => {
      const g = f.get('node/nodes') as InstanceType<Awaited<ReturnType<typeof h5>>['Group']>;
      const a = g.create_group('big');
      a.create_dataset({ name: 'type', data: 'Affine' });
      const w = a.create_dataset({ name: 'weight', data: new Float64Array(1), shape: [1, 1], maxshape: [null, null], chunks: [1, 1] });
      w.resize([12000, 12000]);
      a.create_dataset({ name: 'bias', data: new Float64Array(1), shape: [1] });
    });
    expect(fs.statSync(file).size).to.be.below(1e6);
    const t0 = Date.now();
    const r = await readNirFile(file);
    expect(Date.now() - t0).to.be.below(1000);
    expect(r.graph).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === NirCodes.tooLarge)!;
    expect(d, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
    expect(d).to.include({ file, pointer: '/node/nodes/big/weight' });
    expect(d.found).to.contain('144000000');
  });

  it('an HDF5 hard-link cycle (a graph containing itself) ends in a located error, not a spin', async () => {
    const file = await editedNir(dir, 'cycle.nir', (f) => {
      const g = f.get('node/nodes') as InstanceType<Awaited<ReturnType<typeof h5>>['Group']>;
      g.create_hard_link('/node', 'loop');
    });
    const t0 = Date.now();
    const r = await readNirFile(file);
    expect(Date.now() - t0).to.be.below(1000);
    expect(r.graph).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === NirCodes.tooLarge)!;
    expect(d, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
    expect(d.pointer).to.match(/^\/node\/nodes\/loop\/nodes\/loop/);
  });

  it('a device or a directory is refused without reading it', async () => {
    for (const f of ['/dev/zero', dir]) {
      const r = await readNirFile(f);
      expect(r.diagnostics[0]).to.include({ code: NirCodes.fileUnreadable, file: f });
    }
    expect(path.isAbsolute(dir)).to.equal(true);
  });
});
