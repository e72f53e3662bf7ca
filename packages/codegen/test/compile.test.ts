/**
 * compileNetwork: golden dump, identity of decode(encode(image)) and determinism over random
 * networks and placements, the mapper's bit accounting, and refusals with diagnostics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import fc from 'fast-check';
import { Rng } from '@snnc/common';
import { blockViews, decodeImage, encodeImage, formatImage, NO_SYNAPSE, readHeader } from '@snnc/image';
import { synapseBlockBits, synapseFormatOf } from '@snnc/ir';
import { mapNetwork } from '@snnc/mapper';
import { compileNetwork } from '../src/index.js';
import { goldenNetwork, placeInOrder, randomNetwork, smallTarget } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// packages/codegen/dist/test -> repository root
const FIXTURES = path.resolve(here, '../../../../test/fixtures');

function compileOk(seed: number, placeSeed: number | null, dense = true) {
  const net = randomNetwork(seed);
  const target = smallTarget({ dense });
  const placement = placeInOrder(net, target, placeSeed === null ? undefined : new Rng(placeSeed));
  const r = compileNetwork(net, placement, target);
  if (!r.image) throw new Error(JSON.stringify(r.diagnostics));
  return { net, target, placement, image: r.image };
}

describe('codegen: compileNetwork', () => {
  it('golden: the readable dump of a small compiled network matches test/fixtures/golden-image.txt (UPDATE_GOLDEN=1 rewrites it)', () => {
    const net = goldenNetwork();
    const target = smallTarget({ maxCompartments: 8, indexBits: 10 });
    const r = compileNetwork(net, placeInOrder(net, target), target);
    expect(r.diagnostics).to.deep.equal([]);
    const bytes = encodeImage(r.image!);
    const text = formatImage(r.image!, readHeader(bytes).header, 1000);
    const file = path.join(FIXTURES, 'golden-image.txt');
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.mkdirSync(FIXTURES, { recursive: true });
      fs.writeFileSync(file, text);
    }
    expect(text).to.equal(fs.readFileSync(file, 'utf8'));
    // the fixture must show both block formats
    const formats = new Set(r.image!.cores.flatMap((c) => blockViews(c.synapses).map((b) => b.format)));
    expect([...formats].sort()).to.deep.equal(['dense', 'sparse']);

  });

  it('decode(encode(image)) is the identity, and the same input gives the same bytes (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.nat()), fc.boolean(), (seed, placeSeed, dense) => {
        const { image } = compileOk(seed, placeSeed, dense);
        const bytes = encodeImage(image);
        const back = decodeImage(bytes, { expectTarget: image.target });
        expect(back.diagnostics).to.deep.equal([]);
        expect(back.image).to.deep.equal(image);
        // a second compilation from scratch gives the same bytes
        expect(encodeImage(compileOk(seed, placeSeed, dense).image)).to.deep.equal(bytes);
      }),
      { numRuns: 150 },
    );
  });

  it('every block costs exactly what the mapper charges (synapseBlockBits) and sums to the core total', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.boolean(), (seed, placeSeed, dense) => {
        const { net, target, image } = compileOk(seed, placeSeed, dense);
        for (const c of image.cores) {
          let sum = 0;
          {
            for (const b of blockViews(c.synapses)) {
              const pr = net.projections[b.projection];
              const count = b.format === 'dense' ? (b.synapseIndex.length ? b.synapseIndex.filter((s) => s !== NO_SYNAPSE).length : -1) : b.weights.length;
              const span = b.format === 'dense' ? b.weights.length : Math.max(...b.slots) - Math.min(...b.slots) + 1;
              if (count >= 0) {
                const cost = synapseBlockBits(target, synapseFormatOf(pr), count, span);
                expect(b.bits).to.equal(cost.bits);
                expect(b.format).to.equal(cost.dense ? 'dense' : 'sparse');
              }
              expect(b.bits % target.core.synapseWordBits).to.equal(0);
              sum += b.bits;
            }
          }
          expect(c.synapseBits).to.equal(sum);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("the image's per-core usage equals the mapper's own accounting, for both strategies (property)", () => {
    let mapped = 0;
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('sequential' as const, 'locality' as const), fc.boolean(), (seed, strategy, dense) => {
        const net = randomNetwork(seed);
        const target = smallTarget({ dense, maxCompartments: 3 });
        const m = mapNetwork(net, target, { strategy, seed: 1 });
        if (!m.placement) return; // the mapper may refuse a network the small target cannot hold
        mapped++;
        const r = compileNetwork(net, m.placement, target);
        expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
        r.image!.cores.forEach((c, i) => {
          const u = m.placement!.usage[i];
          expect({ compartments: c.compartmentConfig.length, inputAxons: c.synapses.axonBlocks.length, outputAxons: c.routeCore.length, synapseBits: c.synapseBits, learningStateBits: c.learningStateBits })
            .to.deep.equal({ compartments: u.compartments, inputAxons: u.inputAxons, outputAxons: u.outputAxons, synapseBits: u.synapseBits, learningStateBits: u.learningStateBits });
        });
      }),
      { numRuns: 80 },
    );
    expect(mapped).to.be.greaterThan(60);
  });

  it('routes: every synapse of a source is reachable through exactly its routes, in ascending core order', () => {
    const { net, image, placement } = compileOk(12345, 7);
    const off = [0];
    net.populations.forEach((p) => off.push(off[off.length - 1] + p.size));
    for (const c of image.cores) {
      let r = 0;
      for (let s = 0; s < c.routeCount.length; s++) {
        const dest = Array.from(c.routeCore.subarray(r, r + c.routeCount[s]));
        expect(dest).to.deep.equal([...dest].sort((a, b) => a - b));
        expect(new Set(dest).size).to.equal(dest.length);
        r += c.routeCount[s];
      }
    }
    expect(image.hostPorts.length).to.equal(net.populations[0].size);
    expect(placement.cores.map((c) => c.id)).to.deep.equal(image.cores.map((c) => c.id));
  });

  it('refuses a placement for another target, a model the target lacks and a plastic network on a target without learning', () => {
    const net = randomNetwork(3);
    const target = smallTarget();
    const placement = placeInOrder(net, target);
    const other = compileNetwork(net, placement, smallTarget({ name: 'elsewhere' }));
    expect(other.image).to.equal(undefined);
    expect(other.diagnostics.map((d) => d.code)).to.include('SNNC4103');
    const noCuba = { ...target, formats: { ...target.formats, neuronModels: [] as Array<'srlif' | 'cuba'> } };
    expect(compileNetwork(net, placement, noCuba).diagnostics.map((d) => d.code)).to.include('SNNC4104');
    const learn = goldenNetwork();
    const frozen = { ...target, learning: { ...target.learning, supported: false } };
    const d = compileNetwork(learn, placeInOrder(learn, target), frozen).diagnostics.find((x) => x.code === 'SNNC4106');
    expect(d).to.include({ pointer: '/projections/0/plasticity' });
    expect(d!.fix).to.be.a('string');
  });

  it('a per-core limit broken by the placement names the core, the limit, the value and a fix', () => {
    const net = goldenNetwork();
    const target = smallTarget({ synapseMemoryBits: 128 });
    const r = compileNetwork(net, placeInOrder(net, target), target);
    expect(r.image).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === 'SNNC4113')!;
    expect(d.pointer).to.match(/^\/cores\/\d+$/);
    expect(d.expected).to.equal('<= 128 (target /core/synapseMemoryBits)');
    expect(Number(d.found)).to.be.greaterThan(128);
    expect(d.fix).to.be.a('string');
  });

  it('a malformed placement (two neurons in one slot, a neuron without a core) is a diagnostic, not a crash', () => {
    const net = goldenNetwork();
    const target = smallTarget();
    const p = placeInOrder(net, target);
    p.neuronSlot[1][1] = p.neuronSlot[1][0];
    expect(compileNetwork(net, p, target).diagnostics.map((d) => d.code)).to.include('SNNC4102');
    const q = placeInOrder(net, target);
    q.neuronCore[2][0] = 99;
    expect(compileNetwork(net, q, target).diagnostics.map((d) => d.code)).to.include('SNNC4102');
  });

  it("a placement file's usage figures are not trusted as sizes: 2^53, -1e308 or 'x' input axons compile the same image", () => {
    // the route arrays were allocated at the usage's total: 'Invalid typed array length', exit 70
    const net = goldenNetwork();
    const target = smallTarget();
    const p = placeInOrder(net, target);
    const want = encodeImage(compileNetwork(net, p, target).image!);
    for (const v of [2 ** 53, -1e308, NaN, 'x', 0.5]) {
      p.usage![0].inputAxons = v as number;
      const r = compileNetwork(net, p, target);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      expect(Buffer.from(encodeImage(r.image!)).equals(Buffer.from(want))).to.equal(true);
    }
  });
});

describe('codegen: hardware fields of the target (issue 12)', () => {
  it('refuses a CUBA refractory beyond the target refractory delay field (SNNC4105 at the parameter), and carries the management cost rows into the image', () => {
    const isCuba = (n: ReturnType<typeof randomNetwork>) => n.populations.some((p) => p.params?.model === 'cuba');
    const net = Array.from({ length: 50 }, (_, s) => randomNetwork(s + 1)).find(isCuba)!;
    const k = net.populations.findIndex((p) => p.params?.model === 'cuba');
    const target = smallTarget();
    const placement = placeInOrder(net, target);
    const withField = { ...target, formats: { ...target.formats, refractoryDelayBits: 2 } }; // holds refractory + 1 <= 3
    const cuba = net.populations[k].params as { refractory: number };
    cuba.refractory = 3;
    const d = compileNetwork(net, placement, withField).diagnostics.filter((x) => x.code === 'SNNC4105');
    expect(d.map((x) => [x.pointer, x.expected, x.found])).to.deep.equal([[`/populations/${k}/params/refractory`, '0..2', '3']]);
    cuba.refractory = 2;
    expect(compileNetwork(net, placement, withField).image).to.not.equal(undefined);
    const costly = { ...target, cost: { ...target.cost, energyPJ: { ...target.cost.energyPJ, managementMac: 50, managementWord: 4 }, timeNs: { ...target.cost.timeNs, managementMac: 10, managementWord: 6.5 } } };
    const img = compileNetwork(net, placement, costly).image!;
    const back = decodeImage(encodeImage(img)).image!;
    expect(back.cost.energyPJ).to.include({ managementMac: 50, managementWord: 4 });
    expect(back.cost.timeNs).to.include({ managementMac: 10, managementWord: 6.5 });
  });
});
