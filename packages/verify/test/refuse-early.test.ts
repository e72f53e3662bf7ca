/**
 * verifySpec refuses its inputs as soon as the network is lowered, before mapping and code
 * generation (inputs.ts, the driver's `afterLower`): a sample too long, a run of too many steps, a
 * dataset that cannot feed the network or an unknown one were said only after the whole compile
 * (4 s for the 2^19-step sample of the CLI test, minutes on a large network). The result has the
 * lowered network and no placement: nothing was mapped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { MAX_VERIFY_STEPS, STEPS_REFUSAL_CODE, verifySpec } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SMALL = path.join(ROOT, 'examples/srsnn-small.json');
const TINY = path.join(ROOT, 'packages/training/test/fixtures/tiny-synthetic.json');

describe('verify: inputs refused before mapping', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-verify-early-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const spec = (name: string, edit: (s: any) => void): string => {
    const s = JSON.parse(fs.readFileSync(TINY, 'utf8'));
    edit(s);
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(s));
    return file;
  };
  const refusedUnmapped = (r: ReturnType<typeof verifySpec>, code: string, pointer?: string) => {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).to.deep.equal([code]);
    if (pointer !== undefined) expect(errors[0].pointer).to.equal(pointer);
    expect(r.network, 'lowered').to.not.equal(undefined);
    expect([r.placement, r.image, r.result], 'nothing mapped, compiled or run').to.deep.equal([undefined, undefined, undefined]);
  };

  it('a reference trajectory too large for one sample (5 x T x N) is refused at /timesteps, unmapped', () => {
    const file = spec('long.json', (s) => { s.timesteps = 2 ** 19; s.readout = { ...s.readout, classes: 65536, neuronsPerClass: 1 }; s.longRange.density = 0.001; });
    const r = verifySpec(file, 'loihi2', 'locality', { train: false, samples: 1 });
    refusedUnmapped(r, 'SNNC4330', '/timesteps');
    expect(r.diagnostics.find((d) => d.code === 'SNNC4330')!.file).to.equal(file);
  });

  it('more steps than a run keeps is SNNC4309, unmapped', () => {
    const T = JSON.parse(fs.readFileSync(SMALL, 'utf8')).timesteps as number;
    refusedUnmapped(verifySpec(SMALL, 'loihi2', 'locality', { train: false, samples: Math.floor(MAX_VERIFY_STEPS / T) + 1 }), STEPS_REFUSAL_CODE);
  });

  it('an unknown dataset and a dataset that does not fit the network are refused unmapped', () => {
    refusedUnmapped(verifySpec(SMALL, 'loihi2', 'locality', { train: false, dataset: 'no-such-set', samples: 2 }), 'SNNC5001');
    refusedUnmapped(verifySpec(SMALL, 'loihi2', 'locality', { train: false, dataset: 'mnist', samples: 2 }), 'SNNC4304');
  });

  it('a run that is accepted is mapped, compiled and compared as before', () => {
    const r = verifySpec(SMALL, 'loihi2', 'locality', { train: true, samples: 2, seed: 1 });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(r.placement).to.not.equal(undefined);
    expect(r.result!.bitExact).to.equal(true);
    expect(r.result!.samples).to.equal(2);
  });
});
