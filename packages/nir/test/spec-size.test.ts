import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, LIMITS } from '@snnc/common';
import { importNirFile, NirCodes, writeNirFile } from '../src/index.js';
import { canonicalJsonBytes } from '../src/spec-size.js';
import { realFile, scratch } from './helpers.js';

/**
 * An import makes only specs snnc reads back (LIMITS.jsonFileBytes). Before: a 4096 x 4096 Linear
 * (a 3.5 MB .nir) was written as a 485 MB spec that `snnc validate` refused, and two of them ended
 * in "internal error: Invalid string length" when the spec was serialised.
 */
describe('nir: the size of the imported spec', function () {
  this.timeout(300_000);
  const dir = scratch();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('canonicalJsonBytes is the byte length of canonicalJson, without building the text', async () => {
    const values: unknown[] = [{}, [], [1, -0, 1e-7, Infinity], { b: [1, { c: null, d: [] }], a: 'ü', e: undefined, f: [undefined, true] }, [[1, 2], [3]]];
    const f = realFile('braille_noDelay_bias_zero.nir');
    if (f) values.push((await importNirFile(f)).spec);
    for (const v of values) expect(canonicalJsonBytes(v) + 1, JSON.stringify(v)?.slice(0, 40)).to.equal(Buffer.byteLength(canonicalJson(v)));
  });

  it('a dense 4096 x 4096 Linear, whose spec would pass jsonFileBytes, is refused at its node before any text is made', async () => {
    const n = 4096;
    const w = new Float64Array(n * n);
    for (let i = 0; i < w.length; i++) w[i] = ((i % 7) - 3) / 8;
    const ones = (x: number) => ({ shape: [n], data: new Float64Array(n).fill(x) });
    const file = path.join(dir, 'wide.nir');
    await writeNirFile(file, [
      { name: 'input', type: 'Input', params: { shape: { shape: [1], data: Float64Array.of(n), int: true } } },
      { name: 'fc', type: 'Linear', params: { weight: { shape: [n, n], data: w } } },
      { name: 'lif', type: 'LIF', params: { tau: ones(0.01), r: ones(1), v_leak: ones(0), v_threshold: ones(0.5), v_reset: ones(0) } },
      { name: 'output', type: 'Output', params: { shape: { shape: [1], data: Float64Array.of(n), int: true } } },
    ], [['input', 'fc'], ['fc', 'lif'], ['lif', 'output']]);
    const r = await importNirFile(file);
    expect(r.spec).to.equal(undefined);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ code: NirCodes.tooLarge, file, pointer: '/node/nodes/lif', found: `more than ${LIMITS.jsonFileBytes} bytes` });
    expect(errors[0].message).to.match(/"fc"/).and.to.match(/generated spec \/projections\/0/);
  });
});
