import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { DataCode, makeEncoder, sparseEncoding, synthetic, type Dataset } from '@snnc/datasets';
import { examplesDir, loadTarget } from '@snnc/ir';
import { checkpointEncoder, decodeCheckpoint, loadCheckpointBytes, resumeJobOptions, runTrainingJob } from '../src/index.js';
import { tinySpec } from './training.test.js';

/**
 * A rate code that can spike but practically never does (datasets' sparse-encoding.ts, SNNC5024): warned
 * about at maxRate, the run going on; the figures checked against the encoder's own rasters; and
 * no warning for any dataset's default configuration.
 */
const rate = (steps: number, maxRate: number, regular = 0) => makeEncoder('rate', { steps, maxRate, regular }).encoder!;
/** The spikes of an image whose every one of `pixels` pixels has intensity `level`. */
const spikesOf = (steps: number, maxRate: number, level: number, pixels = 784) => rate(steps, maxRate, 1).raster(new Uint8Array(pixels).fill(level), 0).reduce((a, b) => a + b, 0);

describe('a rate code that practically never spikes (SNNC5024, a warning at maxRate)', function () {
  // the defaults compile the MNIST default's 4,500 neurons: seconds, more on a shared machine
  this.timeout(300000);
  const target = loadTarget('loihi2').target!;
  const data = synthetic().dataset!;
  const job = { specText: JSON.stringify(tinySpec()), specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', epochs: 1, train: 20, test: 10, clock: () => 0 };

  it('Bernoulli: a full-intensity pixel expecting under one spike per sample (maxRate 1e-6 at 16 steps), with the least maxRate that expects one', () => {
    const d = sparseEncoding(rate(16, 1e-6), 784)!;
    expect(d).to.include({ code: DataCode.SparseEncoding, severity: 'warning', pointer: '/maxRate' });
    expect(d.found).to.equal('0.000016 expected spikes (maxRate 0.000001 x 16 steps)');
    expect(d.fix).to.match(/^maxRate 0\.0625 \(1\/16\) or more/);
    // the threshold is one expected spike: 1/16 is quiet, just under it (0.9 expected) is not
    expect(sparseEncoding(rate(16, 0.0625), 784)).to.equal(undefined);
    expect(sparseEncoding(rate(16, 0.9 / 16), 784)?.code).to.equal(DataCode.SparseEncoding);
  });

  it("regular: the grey levels that spike at no pixel within T, counted by the encoder's own rasters; the fix makes level 1 spike and no less does", () => {
    const d = sparseEncoding(rate(16, 0.001, 1), 784)!;
    expect(d).to.include({ code: DataCode.SparseEncoding, severity: 'warning', pointer: '/maxRate' });
    expect(d.found).to.equal('18 levels that never spike, level 19 the threshold');
    expect(spikesOf(16, 0.001, 18)).to.equal(0);
    expect(spikesOf(16, 0.001, 19)).to.be.greaterThan(0);
    const least = Number(/^maxRate (\S+) or more makes level 1 spike/.exec(d.fix!)![1]);
    expect(spikesOf(16, least, 1)).to.be.greaterThan(0);
    expect(spikesOf(16, least - 1 / 65536, 1)).to.equal(0);
    expect(sparseEncoding(rate(16, least, 1), 784)).to.equal(undefined);
    // too few steps for any rate: the fix is more timesteps, naming what maxRate 1 leaves silent
    const short = sparseEncoding(rate(1, 1, 1), 8)!;
    expect(short.fix).to.match(/^more timesteps: even maxRate 1 .* leaves levels 1\.\.(\d+) silent within 1 step$/);
    const silent = Number(/1\.\.(\d+) silent/.exec(short.fix!)![1]);
    expect([spikesOf(1, 1, silent, 8), spikesOf(1, 1, silent + 1, 8)]).to.deep.equal([0, 1]);
    // latency and rows have no rate
    expect(sparseEncoding(makeEncoder('latency', { steps: 16 }).encoder!, 784)).to.equal(undefined);
  });

  it("graded values (§2.4): the grey levels of value 0, checked against the encoder's own raster; maxRate 0.5 gives level 1 a value and no less does", () => {
    const graded = (maxRate: number) => makeEncoder('rate', { steps: 4, maxRate, graded: 1 }).encoder!;
    const valueOf = (maxRate: number, level: number) => graded(maxRate).raster(new Uint8Array(8).fill(level), 0).reduce((a, b) => Math.max(a, b), 0);
    const d = sparseEncoding(graded(0.004), 784)!;
    expect(d).to.include({ code: DataCode.SparseEncoding, severity: 'warning', pointer: '/maxRate' });
    expect(d.found).to.equal('124 levels of value 0, level 125 the dimmest that sends');
    expect([valueOf(0.004, 124), valueOf(0.004, 125)]).to.deep.equal([0, 1]);
    const least = Number(/^maxRate (\S+) or more/.exec(d.fix!)![1]);
    expect(least).to.equal(0.5);
    expect([valueOf(least, 1), valueOf(0.4999999, 1)]).to.deep.equal([1, 0]);
    expect(sparseEncoding(graded(least), 784)).to.equal(undefined);
    expect(sparseEncoding(graded(1), 784)).to.equal(undefined);
  });

  it('training goes on, warned at the encoder\'s /maxRate (the CLI: --max-rate); a checkpoint\'s, at /run/encoding/params/maxRate by evaluate and --resume', () => {
    const r = runTrainingJob({ ...job, encoderOptions: { maxRate: 1e-6 } });
    expect(r.result, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
    const w = r.diagnostics.filter((d) => d.code === DataCode.SparseEncoding);
    expect(w.map((d) => [d.severity, d.file, d.pointer])).to.deep.equal([['warning', undefined, '/maxRate']]);
    const ck = decodeCheckpoint(r.result!.checkpoint!).checkpoint!;
    const resumed = runTrainingJob({ ...resumeJobOptions(ck, 'x.snnck'), dataset: data, clock: () => 0, epochs: 2 });
    expect(resumed.result, JSON.stringify(resumed.diagnostics)).to.not.equal(undefined);
    expect(resumed.diagnostics.filter((d) => d.code === DataCode.SparseEncoding).map((d) => [d.file, d.pointer])).to.deep.equal([['x.snnck', '/run/encoding/params/maxRate']]);
    const e = checkpointEncoder(loadCheckpointBytes(r.result!.checkpoint!).checkpoint!, data, { datasetName: 'synthetic', file: 'x.snnck' });
    expect(e.encoder).to.not.equal(undefined);
    expect(e.diagnostics.map((d) => [d.code, d.file, d.pointer])).to.deep.equal([[DataCode.SparseEncoding, 'x.snnck', '/run/encoding/params/maxRate']]);
  });

  it("no warning for any dataset's default: MNIST (Bernoulli), Fashion-MNIST (the regular code), MNIST by rows (graded)", () => {
    // 28 x 28 images of 10 classes: the defaults depend on the dataset's name and the image's shape
    const flat = synthetic({ classes: 10, features: 784, size: 60 }).dataset!;
    const digits: Dataset = { ...flat, inputShape: [28, 28] };
    const spec = (f: string) => fs.readFileSync(path.join(examplesDir(), f), 'utf8');
    for (const [datasetName, encoding, file] of [['mnist', undefined, 'srsnn-seed-mnist-wide3.json'], ['fashion-mnist', undefined, 'srsnn-seed.json'], ['mnist', 'rows', 'srsnn-seed-rows.json']] as const) {
      const r = runTrainingJob({ specText: spec(file), specName: file, target, dataset: digits, datasetName, ...(encoding ? { encoding } : {}), epochs: 1, train: 2, validation: 1, test: 1, rateSchedule: [0], clock: () => 0 });
      expect(r.diagnostics.filter((d) => d.severity === 'error'), file).to.deep.equal([]);
      expect(r.diagnostics.filter((d) => d.code === DataCode.SparseEncoding), file).to.deep.equal([]);
      // the code each default trains with (so that the check above covers it)
      expect(r.result!.run.encoding, file).to.deep.include({ name: encoding ?? 'rate' });
      expect(r.result!.run.encoding.params.regular ?? 0, file).to.equal(datasetName === 'fashion-mnist' ? 1 : 0);
    }
  });
});
