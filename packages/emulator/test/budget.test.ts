/**
 * Tables sized by a product of image fields (budget.ts) are checked before they are allocated: an
 * image whose delay lines or §5.10 buffers would not fit is refused with SNNC4223 at the field
 * that sizes them, never an internal error or the machine's memory exhausted.
 */
import { expect } from 'chai';
import { encodeImage } from '@snnc/image';
import { createEmulator, loadImage } from '../src/index.js';
import { productTables } from '../src/budget.js';
import { buildImage, type Net } from './build.js';
import { net } from './nets.js';

const mesh = { meshX: 1, meshY: 1, coresPerTile: 1 };
const place = [[], [0, 0], [0, 0]];

/** `net` without learning (an inference image: `classes` then costs the payload one varint) */
function inference(timesteps: number, classes: number, delay = 1): Net {
  return {
    timesteps, classes,
    pops: net.pops.map(({ modBlock: _, ...p }) => p),
    projs: net.projs.map(({ rule: _, learnMant: __, learnShift: ___, ...p }) => ({ ...p, delay })),
  };
}

describe('emulator: product-sized tables are checked before they are allocated (SNNC4223)', () => {
  it('delay lines beyond the memory limit are refused at /formats/maxDelay, located in the file', () => {
    const image = buildImage(inference(4, 2, 4096), mesh, place);
    const bytes = encodeImage(image);
    const delay = productTables(image, createEmulator(image).emulator!.mach)[0];
    expect(delay.bytes).to.equal(4096 * (8 * 4 + 4 * 2));
    expect(delay.pointer).to.equal('/formats/maxDelay');
    const r = loadImage(bytes, { file: 'net.snnc', memoryLimitBytes: delay.bytes - 1 });
    expect(r.emulator).to.equal(undefined);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.pointer])).to.deep.equal([['SNNC4223', 'net.snnc', '/formats/maxDelay']]);
    expect(r.diagnostics[0].fix).to.match(/shorter delays/);
    expect(loadImage(bytes, { memoryLimitBytes: delay.bytes }).emulator).to.not.equal(undefined);
  });

  it('an inference image with 65536 classes and T = 2^19 (a 2^35-entry SAL table before) loads: it has no SAL block', () => {
    const bytes = encodeImage(buildImage(inference(1 << 19, 65536), mesh, place));
    let r: ReturnType<typeof loadImage> | undefined;
    expect(() => (r = loadImage(bytes, { file: 'net.snnc' }))).to.not.throw();
    expect(r!.diagnostics).to.deep.equal([]);
    expect(r!.emulator!.classes).to.equal(65536);
  });

  it('SAL buffers (classes x T, n x T) count against the limit, at /timesteps', () => {
    const sal = { mant: 1, leak: 0, shift: 0, decayS: 0, H: Int8Array.of(1, 1), keyProjection: 0 };
    const salNet: Net = { ...net, timesteps: 4096, learning: { ...net.learning!, blocks: [{ ...net.learning!.blocks[0], sal }] } };
    const image = buildImage(salNet, mesh, place);
    const emu = createEmulator(image).emulator!;
    const tables = productTables(image, emu.mach);
    const salTable = tables.find((t) => t.pointer === '/timesteps')!;
    expect(salTable.bytes).to.equal(12 * 2 * 4096 + 8 * 2 * 4096 + 8 * 1 * 4096);
    const total = tables.reduce((s, t) => s + t.bytes, 0);
    const r = createEmulator(image, { memoryLimitBytes: total - 1 });
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC4223', '/timesteps']]);
  });

  it('§5.2 causal pairing records count against the limit: (longest three-factor delay + 1) steps x axons, 5 bytes each', () => {
    // hidden (three-factor) delay 3, readout (delta) delay 5: only the three-factor delay sizes the ring, of 3 + 1 steps
    // (a spike of step t - 3 pairs at step t); 3 axons (i0, h0, h1 on core 0), an axon id and a graded value each
    const causal: Net = { ...net, projs: [{ ...net.projs[0], delay: 3 }, { ...net.projs[1], delay: 5 }], learning: { ...net.learning!, eligibility: 1 } };
    const image = buildImage(causal, mesh, place);
    const tables = productTables(image, createEmulator(image).emulator!.mach);
    const ring = tables.find((t) => t.pointer === '/management/learning/eligibility')!;
    expect(ring.bytes).to.equal(5 * (3 + 1) * 3);
    const total = tables.reduce((s, t) => s + t.bytes, 0);
    expect(createEmulator(image, { memoryLimitBytes: total - 1 }).diagnostics.map((d) => d.code)).to.deep.equal(['SNNC4223']);
    expect(createEmulator(image, { memoryLimitBytes: total }).diagnostics).to.deep.equal([]);
    // coincident pairing keeps no records
    expect(productTables(buildImage({ ...causal, learning: { ...causal.learning!, eligibility: 0 } }, mesh, place), createEmulator(image).emulator!.mach).map((t) => t.pointer)).to.deep.equal(['/formats/maxDelay']);
  });
});
