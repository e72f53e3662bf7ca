import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, type Diagnostic } from '@snnc/common';
import { compile } from '@snnc/driver';
import { hashNetwork, loadTarget } from '@snnc/ir';
import { ReferenceSimulator } from '@snnc/reference';
import { makeEncoder, synthetic } from '@snnc/datasets';
import { CHECKPOINT_MINOR, CHECKPOINT_UPGRADED_CODE, CheckpointCode, checkpointEncoder, decodeCheckpoint, encodeCheckpoint, loadCheckpoint, loadCheckpointBytes, withFeedbackRule, type CheckpointRun } from '../src/index.js';

/**
 * Crafted checkpoints whose CRC is right but whose content is not (issue 12, hostile input 3, 4):
 * every one must end in a located diagnostic, never in an exception or a silent wrong run.
 */
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'tiny-synthetic.json');

export function tinyCheckpoint(o: { sal?: boolean; dropDecoders?: boolean; graded?: boolean } = {}): Uint8Array {
  let fixture = fs.readFileSync(FIXTURE, 'utf8');
  // §2.4: a graded input, trained as snnc train does, by the rows encoder's intensities
  if (o.graded) fixture = JSON.stringify({ ...JSON.parse(fixture), input: { ...JSON.parse(fixture).input, graded: true } });
  const specText = o.sal ? withFeedbackRule(fixture, { rule: 'sal' }) : fixture;
  const target = loadTarget('loihi2').target!;
  const net = compile({ text: specText, name: 'tiny.json' }, target, { stage: 'network' }).network!;
  // the counts of a run of one epoch over one train sample (checkpoint-counts.ts): one learning
  // epoch applied, one curve entry; the state is the untrained network's
  const { wmh, ...rest } = { ...new ReferenceSimulator(net).snapshot(), epoch: 1 };
  const snap = o.dropDecoders ? rest : { ...rest, ...(wmh ? { wmh } : {}) };
  const run: CheckpointRun = {
    dataset: 'synthetic', encoding: o.graded ? { name: 'rows', params: { steps: 8, width: 64, threshold: 127, graded: 1 } } : { name: 'rate', params: { steps: 8, maxRate: 1, seed: 0 } }, seed: 0, splitSeed: 0, trainSamples: 1, validationSamples: 1, testSamples: 1,
    epochs: 1, hiddenPlasticity: true, modulation: 'compressed', trainAccuracy: 0, validationAccuracy: 0, testAccuracy: 0, curve: [{ epoch: 1, trainAccuracy: 0, validationAccuracy: 0 }],
  };
  return encodeCheckpoint({ networkName: net.name, networkHash: hashNetwork(net), specText, specName: 'tiny.json', target, run }, snap);
}

/** Rewrites a checkpoint: the header through `h`, the body through `b` (offsets from the body start); the CRC is recomputed. */
export function rewrite(bytes: Uint8Array, h: (header: Record<string, unknown>) => void, b: (body: DataView) => void = () => {}): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = dv.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + hlen)));
  h(header);
  const hb = new TextEncoder().encode(JSON.stringify(header));
  const body = bytes.slice(16 + hlen, bytes.length - 4);
  b(new DataView(body.buffer));
  const out = new Uint8Array(16 + hb.length + body.length + 4);
  out.set(bytes.subarray(0, 16));
  new DataView(out.buffer).setUint32(12, hb.length, true);
  out.set(hb, 16);
  out.set(body, 16 + hb.length);
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

/** The one diagnostic that refuses `bytes`, loaded as x.snnck. */
export function refusal(bytes: Uint8Array): Diagnostic {
  const r = loadCheckpointBytes(bytes, 'x.snnck');
  expect(r.checkpoint).to.equal(undefined);
  expect(r.diagnostics).to.have.length(1);
  return r.diagnostics[0];
}

/** The same checkpoint as written in format 2.0 (minor 0, bytes 10..11), before every encoder parameter was required. */
export function asFormat20(bytes: Uint8Array): Uint8Array {
  const b = Uint8Array.from(bytes);
  new DataView(b.buffer).setUint16(10, 0, true);
  return rewrite(b, () => {});
}

describe("a checkpoint's encoder parameters (format 2.1 records them all; 2.0 is upgraded)", function () {
  this.timeout(20000);
  const params = (h: Record<string, unknown>) => (h.run as { encoding: { params: Record<string, unknown> } }).encoding.params;
  const loaded = (bytes: Uint8Array) => {
    const r = loadCheckpointBytes(bytes, 'x.snnck');
    expect(r.checkpoint, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
    return { encoding: r.checkpoint!.header.run.encoding, diagnostics: r.diagnostics };
  };

  it('a checkpoint is written in format 2.1 with every parameter of its encoder', () => {
    const bytes = tinyCheckpoint();
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint16(10, true)).to.equal(CHECKPOINT_MINOR);
    expect(CHECKPOINT_MINOR).to.equal(1);
    expect(decodeCheckpoint(bytes).checkpoint!.minor).to.equal(1);
    expect(loaded(bytes)).to.deep.equal({ encoding: { name: 'rate', params: { steps: 8, maxRate: 1, seed: 0 } }, diagnostics: [] });
  });

  it('format 2.1: a recorded parameter missing is refused at its field, naming it and the value training gives it (evaluate ran at the default maxRate 0.5, training at 1)', () => {
    const good = tinyCheckpoint();
    const r = loadCheckpointBytes(rewrite(good, (h) => { delete params(h).maxRate; }), 'x.snnck');
    expect(r.checkpoint).to.equal(undefined);
    const d = r.diagnostics[0];
    expect(d).to.include({ code: CheckpointCode.header, file: 'x.snnck', pointer: '/run/encoding/params/maxRate', found: 'nothing' });
    expect(d.expected).to.contain('"maxRate"');
    expect(d.fix).to.contain('"maxRate": 1');
    for (const k of ['steps', 'seed']) {
      const x = loadCheckpointBytes(rewrite(good, (h) => { delete params(h)[k]; }), 'x.snnck');
      expect(x.diagnostics[0]).to.include({ code: CheckpointCode.header, pointer: `/run/encoding/params/${k}` });
    }
    const rows = tinyCheckpoint({ graded: true });
    const w = loadCheckpointBytes(rewrite(rows, (h) => { delete params(h).width; }), 'x.snnck');
    expect(w.diagnostics[0]).to.include({ code: CheckpointCode.header, pointer: '/run/encoding/params/width' });
    expect(w.diagnostics[0].fix).to.contain('"width": 64');
    // regular and graded are recorded only when 1: absent is 0, not missing
    expect(loaded(good).encoding.params).to.not.have.property('regular');
  });

  it('format 2.0: a missing parameter is the value training used then (maxRate 1, steps the timesteps, seed the run seed, width the input size, thresholds the defaults), with a note', () => {
    const good = tinyCheckpoint();
    const noRate = loaded(asFormat20(rewrite(good, (h) => { delete params(h).maxRate; })));
    expect(noRate.encoding.params).to.deep.equal({ steps: 8, maxRate: 1, seed: 0 });
    expect(noRate.diagnostics).to.have.length(1);
    expect(noRate.diagnostics[0]).to.include({ code: CHECKPOINT_UPGRADED_CODE, severity: 'note', file: 'x.snnck', pointer: '/run/encoding/params' });
    expect(noRate.diagnostics[0].message).to.contain('maxRate 1');
    // what evaluate builds from it: training's rate, not the encoder's default 0.5
    expect(makeEncoder(noRate.encoding.name, noRate.encoding.params).encoder!.params.maxRate).to.equal(1);
    const none = loaded(asFormat20(rewrite(good, (h) => { (h.run as { encoding: unknown }).encoding = { name: 'rate', params: {} }; (h.run as { seed: number }).seed = 5; })));
    expect(none.encoding.params).to.deep.equal({ steps: 8, maxRate: 1, seed: 5 });
    const rows = loaded(asFormat20(rewrite(tinyCheckpoint({ graded: true }), (h) => { delete params(h).width; delete params(h).threshold; })));
    expect(rows.encoding.params).to.deep.equal({ steps: 8, width: 64, threshold: 127, graded: 1 });
    const latency = loaded(asFormat20(rewrite(good, (h) => { (h.run as { encoding: unknown }).encoding = { name: 'latency', params: { steps: 8 } }; })));
    expect(latency.encoding.params).to.deep.equal({ steps: 8, threshold: 0 });
    // a complete 2.0 checkpoint (every one snnc train wrote) is read as it is, without a note
    expect(loaded(asFormat20(good))).to.deep.equal({ encoding: { name: 'rate', params: { steps: 8, maxRate: 1, seed: 0 } }, diagnostics: [] });
  });

  it("either format: a name swapped to another encoder's (a rate run's parameters under \"rows\") is refused at /run/encoding/name, naming the encoder the parameters are of", () => {
    const good = tinyCheckpoint();
    for (const bytes of [good, asFormat20(good)]) {
      const r = loadCheckpointBytes(rewrite(bytes, (h) => { (h.run as { encoding: { name: string } }).encoding.name = 'rows'; }), 'x.snnck');
      expect(r.checkpoint).to.equal(undefined);
      expect(r.diagnostics[0]).to.include({ code: CheckpointCode.header, file: 'x.snnck', pointer: '/run/encoding/name', found: '"rows"' });
      expect(r.diagnostics[0].fix).to.contain('"name": "rate"');
      const latency = loadCheckpointBytes(rewrite(bytes, (h) => { (h.run as { encoding: { name: string } }).encoding.name = 'latency'; }), 'x.snnck');
      expect(latency.diagnostics[0]).to.include({ code: CheckpointCode.header, pointer: '/run/encoding/name' });
    }
    const unknown = loadCheckpointBytes(rewrite(good, (h) => { (h.run as { encoding: { name: string } }).encoding.name = 'morse'; }), 'x.snnck');
    expect(unknown.diagnostics[0]).to.include({ code: 'SNNC5020', file: 'x.snnck', pointer: '/run/encoding/name' });
  });
});

describe("a checkpoint's encoding that does not present the dataset as its network takes it (SNNC5111): located at the field that is wrong", function () {
  this.timeout(20000);
  const flat = synthetic({ features: 64, size: 40 }).dataset!;
  // the same 64 pixels as an 8 x 8 image: a row-sequential presentation gives 8 inputs per step
  const image = { ...flat, inputShape: [8, 8] };
  const encoding = (bytes: Uint8Array, e: unknown) => loadCheckpointBytes(rewrite(bytes, (h) => { (h.run as { encoding: unknown }).encoding = e; }), 'x.snnck').checkpoint!;
  const misfit = (ck: ReturnType<typeof encoding>, datasetOption?: string) => {
    const r = checkpointEncoder(ck, image, { datasetName: 'img', file: 'x.snnck', ...(datasetOption ? { datasetOption } : {}) });
    expect(r.encoder).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === 'SNNC5111')!;
    return [d.file, d.pointer];
  };

  it('the encoding fits: the encoder, no diagnostic', () => {
    const r = checkpointEncoder(loadCheckpointBytes(tinyCheckpoint()).checkpoint!, image, { datasetName: 'img', file: 'x.snnck' });
    expect(r.diagnostics).to.deep.equal([]);
    expect(r.encoder!.params).to.deep.equal({ steps: 8, maxRate: 1, seed: 0 });
  });

  it('rows on a network that takes the image at once: the name (it said /run/dataset); a width off the image: the width; steps off the timesteps: the steps', () => {
    const good = tinyCheckpoint();
    expect(misfit(encoding(good, { name: 'rows', params: { steps: 8, width: 8, threshold: 127 } }))).to.deep.equal(['x.snnck', '/run/encoding/name']);
    expect(misfit(encoding(good, { name: 'rate', params: { steps: 9, maxRate: 1, seed: 0 } }))).to.deep.equal(['x.snnck', '/run/encoding/params/steps']);
    // flat samples: rows of 64 would fit, so the width is what is off
    const r = checkpointEncoder(encoding(good, { name: 'rows', params: { steps: 8, width: 32, threshold: 127 } }), flat, { datasetName: 'flat', file: 'x.snnck' });
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC5111', '/run/encoding/params/width']]);
    expect(r.diagnostics[0].fix).to.contain('"width": 64');
  });

  it('a dataset that no encoding fits to the network: the dataset, or the option that named it', () => {
    const ck = loadCheckpointBytes(tinyCheckpoint()).checkpoint!;
    const other = synthetic({ features: 100, size: 40 }).dataset!;
    for (const [option, where] of [[undefined, ['x.snnck', '/run/dataset']], ['--dataset', ['--dataset', '']]] as const) {
      const r = checkpointEncoder(ck, other, { datasetName: 'other', file: 'x.snnck', ...(option ? { datasetOption: option } : {}) });
      expect([r.diagnostics[0].code, r.diagnostics[0].file, r.diagnostics[0].pointer]).to.deep.equal(['SNNC5111', ...where]);
    }
  });
});

describe('crafted checkpoints (valid CRC, bad content)', function () {
  this.timeout(20000);
  let good: Uint8Array;
  let arrays: { name: string; offset: number; type: string; length: number }[];
  before(() => {
    good = tinyCheckpoint();
    arrays = decodeCheckpoint(good).checkpoint!.header.arrays;
  });
  const refuse = (bytes: Uint8Array, code: string, pointer?: string) => {
    const r = loadCheckpointBytes(bytes, 'x.snnck');
    expect(r.checkpoint, JSON.stringify(r.diagnostics)).to.equal(undefined);
    expect(r.diagnostics[0].code).to.equal(code);
    expect(r.diagnostics[0].file).to.equal('x.snnck');
    if (pointer !== undefined) expect(r.diagnostics[0].pointer).to.equal(pointer);
  };

  it('the untouched checkpoint loads', () => {
    expect(loadCheckpointBytes(good).checkpoint).to.not.equal(undefined);
  });

  it('non-UTF-8 bytes where the magic belongs: not a checkpoint, at offset 0', () => {
    const bytes = good.slice();
    bytes.set([0xff, 0xfe, 0xc3, 0x28], 0);
    const r = decodeCheckpoint(bytes, 'x.snnck');
    expect(r.diagnostics[0].code).to.equal(CheckpointCode.notCheckpoint);
    expect(r.diagnostics[0].offset).to.equal(0);
  });

  it('a 1 GB file that is not a checkpoint is refused from its first bytes, not read whole (it was: 2 GB of memory for a 2 GB file)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-big-'));
    try {
      const big = path.join(dir, 'disk.img');
      fs.closeSync(fs.openSync(big, 'w'));
      fs.truncateSync(big, 2 ** 30); // sparse: no disk used
      const before = process.memoryUsage().arrayBuffers;
      const t0 = Date.now();
      const r = loadCheckpoint(big);
      expect(Date.now() - t0).to.be.below(2000);
      expect(process.memoryUsage().arrayBuffers - before).to.be.below(64 * 2 ** 20);
      expect(r.diagnostics.map((d) => [d.code, d.file, d.offset, d.found])).to.deep.equal([[CheckpointCode.notCheckpoint, big, 0, 'a file starting "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000"']]);
      // a checkpoint's own first bytes are read whole, as before
      const ck = path.join(dir, 'x.snnck');
      fs.writeFileSync(ck, good);
      expect(loadCheckpoint(ck).checkpoint).to.not.equal(undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('null or missing header fields are located', () => {
    refuse(rewrite(good, (h) => { (h.run as Record<string, unknown>).testSamples = null; }), CheckpointCode.header, '/run/testSamples');
    refuse(rewrite(good, (h) => { delete h.target; }), CheckpointCode.header, '/target');
    refuse(rewrite(good, (h) => { h.run = null; }), CheckpointCode.header, '/run');
    refuse(rewrite(good, (h) => { (h.arrays as unknown[])[0] = null; }), CheckpointCode.header, '/arrays/0');
    refuse(rewrite(good, (h) => { h.specText = 42; }), CheckpointCode.header, '/specText');
    refuse(rewrite(good, (h) => { (h.run as { encoding: unknown }).encoding = { name: 'rate', params: { rate: 'x' } }; }), CheckpointCode.header, '/run/encoding/params/rate');
  });

  it('an encoding other than the one training gives the input (§2.4) is refused at the field: graded input fed bits, plain input fed values', () => {
    const graded = tinyCheckpoint({ graded: true });
    expect(loadCheckpointBytes(graded).checkpoint).to.not.equal(undefined);
    const params = (h: Record<string, unknown>) => (h.run as { encoding: { params: Record<string, unknown> } }).encoding.params;
    // were evaluated (and resumed) on thresholded bits, each spike 1/255 of a graded one, exit 0
    refuse(rewrite(graded, (h) => { params(h).graded = 0; }), 'SNNC4306', '/run/encoding/params/graded');
    refuse(rewrite(graded, (h) => { delete params(h).graded; }), 'SNNC4306', '/run/encoding/params/graded');
    refuse(rewrite(graded, (h) => { params(h).graded = 2; }), 'SNNC4306', '/run/encoding/params/graded');
    refuse(rewrite(graded, (h) => { (h.run as { encoding: unknown }).encoding = { name: 'latency', params: {} }; }), 'SNNC4306', '/run/encoding/name');
    refuse(rewrite(graded, (h) => { (h.run as { encoding: unknown }).encoding = { name: 'rate', params: {} }; }), 'SNNC4306', '/run/encoding/params/graded');
    // a plain input fed intensities reads every nonzero pixel as a spike: not what it was trained on
    refuse(rewrite(good, (h) => { (h.run as { encoding: unknown }).encoding = { name: 'rows', params: { steps: 8, width: 64, graded: 1 } }; }), CheckpointCode.header, '/run/encoding/params/graded');
    expect(loadCheckpointBytes(rewrite(good, (h) => { (h.run as { encoding: unknown }).encoding = { name: 'rows', params: { steps: 8, width: 64, threshold: 127, graded: 0 } }; })).checkpoint).to.not.equal(undefined);
  });

  it("the embedded spec's errors are located in the checkpoint (at /specText, the spec's pointer in the message), not in the spec file it was recorded from", () => {
    // a graded spec under a target without graded spikes (SNNC2114); it was located at tiny.json#/input/graded
    const bytes = rewrite(tinyCheckpoint({ graded: true }), (h) => { ((h.target as { formats: Record<string, unknown> }).formats).gradedInputSpikes = false; });
    const r = loadCheckpointBytes(bytes, 'x.snnck');
    expect(r.checkpoint).to.equal(undefined);
    const d = r.diagnostics[0];
    expect([d.code, d.file, d.pointer]).to.deep.equal(['SNNC2114', 'x.snnck', '/specText']);
    expect(d.message).to.contain('recorded as tiny.json, at /input/graded');
  });

  it('a negative array offset and a non-integer epoch are refused', () => {
    refuse(rewrite(good, (h) => { (h.arrays as { offset: number }[])[1].offset = -4; }), CheckpointCode.header, '/arrays/1/offset');
    refuse(rewrite(good, (h) => { h.learningEpoch = 1.5; }), CheckpointCode.header, '/learningEpoch');
    refuse(rewrite(good, (h) => { h.learningEpoch = -1; }), CheckpointCode.header, '/learningEpoch');
  });

  it('a checkpoint of a network with learned feedback (SAL) must hold its decoders: without them it loaded, and trained or ran on the chip with the untrained ones', () => {
    expect(loadCheckpointBytes(tinyCheckpoint({ sal: true })).checkpoint?.snapshot.wmh).to.have.length(1);
    refuse(tinyCheckpoint({ sal: true, dropDecoders: true }), CheckpointCode.shape, '/arrays');
  });

  it('a learning epoch of 2^32 or more is refused in the header (the §1.4 key and the chip count epochs in 32 bits)', () => {
    refuse(rewrite(good, (h) => { h.learningEpoch = 2 ** 32; }), CheckpointCode.header, '/learningEpoch');
    refuse(rewrite(good, (h) => { h.learningEpoch = 2 ** 33; }), CheckpointCode.header, '/learningEpoch');
    // the largest, in a run whose counts give it (one epoch of 2^32 - 1 train samples)
    const largest = rewrite(good, (h) => { h.learningEpoch = 2 ** 32 - 1; (h.run as Record<string, unknown>).trainSamples = 2 ** 32 - 1; });
    expect(loadCheckpointBytes(largest).checkpoint).to.not.equal(undefined);
  });

  it('weights beyond the weight format, vth below zero, sbar beyond Q12 and m beyond sat_16 are refused', () => {
    const at = (name: string) => arrays.findIndex((a) => a.name === name);
    const w = arrays[at('weights/0')];
    refuse(rewrite(good, () => {}, (b) => b.setInt16(w.offset, 20000, true)), CheckpointCode.range, `/arrays/${at('weights/0')}`);
    const vth = arrays[at('vth')];
    const last = vth.offset + 4 * (vth.length - 1);
    refuse(rewrite(good, () => {}, (b) => b.setInt32(last, -5, true)), CheckpointCode.range, `/arrays/${at('vth')}`);
    const sbar = arrays[at('sbar')];
    refuse(rewrite(good, () => {}, (b) => b.setInt32(sbar.offset + 4 * (sbar.length - 1), 5000, true)), CheckpointCode.range, `/arrays/${at('sbar')}`);
    if (at('m/0') >= 0) refuse(rewrite(good, () => {}, (b) => b.setInt32(arrays[at('m/0')].offset, 1 << 20, true)), CheckpointCode.range, `/arrays/${at('m/0')}`);
  });
});
