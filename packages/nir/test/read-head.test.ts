import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NirCodes, readNirFile } from '../src/index.js';

/**
 * A .nir file is opened by h5wasm through its path: readNirFile reads only the HDF5 signature
 * itself. It read every file whole first (a 2 GB file, NIR or not, held 2 GB) to look at 8 bytes.
 */
describe('nir: the signature is read, not the file', () => {
  it('a 1 GB file of zeros is refused as not HDF5 from its first bytes, in well under a second and a few MB', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-nir-head-'));
    try {
      const big = path.join(dir, 'big.nir');
      fs.closeSync(fs.openSync(big, 'w'));
      fs.truncateSync(big, 2 ** 30); // sparse
      const before = process.memoryUsage().arrayBuffers;
      const t0 = Date.now();
      const r = await readNirFile(big);
      expect(Date.now() - t0).to.be.below(2000);
      expect(process.memoryUsage().arrayBuffers - before).to.be.below(64 * 2 ** 20);
      expect(r.diagnostics.map((d) => [d.code, d.found])).to.deep.equal([[NirCodes.notHdf5, 'a file starting "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000"']]);
      // shorter than a signature: still read (whole) and refused
      fs.writeFileSync(path.join(dir, 'short.nir'), 'HDF');
      expect((await readNirFile(path.join(dir, 'short.nir'))).diagnostics.map((d) => [d.code, d.found])).to.deep.equal([[NirCodes.notHdf5, 'a file starting "HDF"']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
