import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '@snnc/common';
import { h5 } from '../src/h5.js';
import { importNirFile, NirCodes, readNirFile } from '../src/index.js';
import { realFile, scratch, skipNotice, tinyGraph, vec, writeGraph } from './helpers.js';

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

/** Reads `file`, expecting a refusal for size (SNNC6040) within a second; returns that diagnostic. */
async function refusedAtOnce(file: string): Promise<Diagnostic> {
  const t0 = Date.now();
  const r = await readNirFile(file);
  expect(Date.now() - t0).to.be.below(5000);
  expect(r.graph).to.equal(undefined);
  const d = r.diagnostics.find((x) => x.code === NirCodes.tooLarge)!;
  expect(d, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
  // one refusal, no follow-on noise (other parameters over the total, per-node notes)
  expect(r.diagnostics, JSON.stringify(r.diagnostics)).to.have.length(1);
  return d;
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
    const d = await refusedAtOnce(file);
    expect(d).to.include({ file, pointer: '/node/nodes/big/weight' });
    expect(d.found).to.contain('144000000');
  });

  it('a chain of two dense Linears is refused from the work of composing it, before any multiply-add', async () => {
    // two 1024 x 1024 Linears back to back: 1024^3 multiply-adds (13 s here; two of 4096, within
    // the per-parameter limit and a 3.5 MB file, took about a quarter of an hour)
    const n = 1024;
    const w = { shape: [n, n], data: new Float64Array(n * n).map((_, i) => ((i % 7) - 3) / 8) };
    const g = tinyGraph(n, 4);
    g.nodes[0].params.shape = { shape: [1], data: Float64Array.of(n), int: true } as never;
    g.nodes.push({ name: 'fc0', type: 'Linear', params: { weight: w } }, { name: 'fc00', type: 'Linear', params: { weight: w } });
    g.nodes[1].params.weight = { shape: [4, n], data: new Float64Array(4 * n).fill(0.01) };
    g.edges = [['input', 'fc0'], ['fc0', 'fc00'], ['fc00', 'fc'], ['fc', 'lif'], ['lif', 'output']];
    const file = await writeGraph(dir, 'chain.nir', g);
    const t0 = Date.now();
    const r = await importNirFile(file);
    expect(Date.now() - t0).to.be.below(5000);
    expect(r.spec).to.equal(undefined);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors, JSON.stringify(errors)).to.have.length(1);
    expect(errors[0]).to.include({ code: NirCodes.tooLarge, pointer: '/node/nodes/fc00' });
    // (6/7 of the weights are nonzero: (6/7)^2 n^3 multiply-adds)
    expect(Number(errors[0].found)).to.be.closeTo((6 / 7) ** 2 * n ** 3, 0.01 * n ** 3);
  });

  it('an HDF5 hard-link cycle (a graph containing itself) ends in a located error, not a spin', async () => {
    const file = await editedNir(dir, 'cycle.nir', (f) => {
      const g = f.get('node/nodes') as InstanceType<Awaited<ReturnType<typeof h5>>['Group']>;
      g.create_hard_link('/node', 'loop');
    });
    const d = await refusedAtOnce(file);
    expect(d.pointer).to.match(/^\/node\/nodes\/loop\/nodes\/loop/);
  });

  it('a device or a directory is refused without reading it', async () => {
    for (const f of ['/dev/zero', dir]) {
      const r = await readNirFile(f);
      expect(r.diagnostics[0]).to.include({ code: NirCodes.fileUnreadable, file: f });
    }
    expect(path.isAbsolute(dir)).to.equal(true);
  });

  it('HDF5 aborts on corrupt files: the raw "Aborted(...)" and UTF-8 warning lines never reach stderr, the diagnostics say it', function () {
    const real = realFile('lif_norse.nir');
    if (!real) return skipNotice(this, 'lif_norse.nir');
    // 67 files with 4 random bytes changed each, read in one process: the 67th aborts the HDF5
    // library (found by this very sequence). In a child: an aborted library stays unusable.
    const index = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'index.js');
    const script = `
      import fs from 'node:fs';
      import { readNirFile } from ${JSON.stringify(index)};
      const src = fs.readFileSync(${JSON.stringify(real)});
      let seed = 1;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
      const messages = [];
      for (let k = 0; k < 67; k++) {
        const b = Buffer.from(src);
        for (let j = 0; j < 4; j++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
        const f = ${JSON.stringify(dir)} + '/flip.nir';
        fs.writeFileSync(f, b);
        const r = await readNirFile(f);
        if (!r.graph && !r.diagnostics.some((d) => d.severity === 'error')) throw new Error('neither a graph nor an error');
        messages.push(...r.diagnostics.map((d) => d.message));
      }
      process.stdout.write(JSON.stringify(messages));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60000 });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.not.contain('Aborted(');
    expect(r.stderr).to.not.contain('Invalid UTF-8');
    expect(JSON.parse(r.stdout).some((m: string) => m.includes('Aborted('))).to.equal(true);
  });

  it('errors in the generated spec are located in the NIR file, at the node they came from', async () => {
    const g = tinyGraph();
    // a 5 s Delay between input and fc: 5001 steps at dt = 1 ms, beyond the spec's delay range
    g.nodes.push({ name: 'd', type: 'Delay', params: { delay: vec([5, 5]) } });
    g.edges = [['input', 'd'], ['d', 'fc'], ['fc', 'lif'], ['lif', 'output']];
    const file = await writeGraph(dir, 'delay.nir', g);
    const r = await importNirFile(file, { dt: 1e-3 });
    const err = r.diagnostics.find((d) => d.severity === 'error')!;
    expect(err, JSON.stringify(r.diagnostics)).to.include({ file, pointer: '/node/nodes/lif' });
    expect(err.message).to.contain('generated spec /projections/0/delay');
  });
});
