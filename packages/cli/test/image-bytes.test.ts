/**
 * Chip image bytes are pinned: sha256 of the image of every example (loihi1, loihi2 and
 * test-multichip; locality and sequential placements) and of the emulator benchmark's network,
 * plus its readable dump and two emulated samples, against test/fixtures/image-hashes.txt
 * (recorded by the code before the synapse memory became one flat form, issue 13 item 3, so a
 * change of representation that changed a byte fails here). Placements are fixed files
 * (test/fixtures/placements/), so that mapper improvements do not move these hashes. Each image
 * also survives decode -> encode byte for byte. UPDATE_GOLDEN=1 rewrites the hashes and any
 * missing placement (only when the format is meant to change).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { compile, mapWith } from '@snnc/driver';
import { compileNetwork } from '@snnc/codegen';
import { decodeImage, encodeImage, formatImage } from '@snnc/image';
import { loadImage } from '@snnc/emulator';
import { Rng } from '@snnc/common';
import { loadTarget, repoRoot, type LoweredNetwork, type Target } from '@snnc/ir';
import { placementFromJson, placementToJson, type Placement } from '@snnc/mapper';
import { benchNetwork, inOrderPlacement } from '../src/bench/emulator-net.js';


const FILE = path.join(repoRoot(), 'test', 'fixtures', 'image-hashes.txt');
const PLACEMENTS = path.join(repoRoot(), 'test', 'fixtures', 'placements');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The pinned placement `name` (mapped and written once under UPDATE_GOLDEN=1). */
function pinned(name: string, net: LoweredNetwork | undefined, target: Target | undefined, strategy: string): Placement | undefined {
  const file = path.join(PLACEMENTS, `${name}.json`);
  if (!fs.existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1' || !net || !target) return undefined;
    const m = mapWith(net, target, strategy, 1).placement;
    if (!m) return undefined;
    fs.mkdirSync(PLACEMENTS, { recursive: true });
    fs.writeFileSync(file, placementToJson(m));
  }
  return placementFromJson(fs.readFileSync(file, 'utf8'), file).placement;
}

function images(): Array<[string, () => Uint8Array]> {
  const out: Array<[string, () => Uint8Array]> = [];
  const dir = path.join(repoRoot(), 'examples');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    for (const [t, strategy] of [['loihi1', 'locality'], ['loihi2', 'locality'], ['loihi2', 'sequential'], ['test-multichip', 'locality']]) {
      out.push([`${f} ${t} ${strategy}`, () => {
        const spec = path.join(dir, f);
        const lowered = compile(spec, t, { stage: 'network' });
        const placement = pinned(`${f.replace(/\.json$/, '')}.${t}.${strategy}`, lowered.network, lowered.target, strategy);
        const r = compile(spec, t, { strategy, ...(placement ? { placement } : {}) });
        // a target that cannot run the model: the refusal is pinned instead
        return r.imageBytes ?? new TextEncoder().encode(`no image: ${r.diagnostics.map((d) => d.code).join(',')}`);
      }]);
    }
  }
  for (const [n, strategy] of [[3000, 'sequential'], [3000, 'in-order'], [600, 'locality']] as const) {
    out.push([`bench ${n}x100 loihi2 ${strategy}`, () => {
      const target = loadTarget('loihi2').target!;
      const net = benchNetwork({ neurons: n, fanin: 100, seed: 1, timesteps: 4 });
      const placement = strategy === 'in-order' ? inOrderPlacement(net, target)! : pinned(`bench-${n}x100.loihi2.${strategy}`, net, target, strategy)!;
      return encodeImage(compileNetwork(net, placement, target).image!);
    }]);
  }
  return out;
}

describe('chip image bytes (golden sha256 per example)', function () {
  this.timeout(600_000);
  it('every image hashes as recorded in test/fixtures/image-hashes.txt and re-encodes to the same bytes', () => {
    const lines: string[] = [];
    for (const [name, make] of images()) {
      const bytes = make();
      lines.push(`${sha(bytes)} ${name}`);
      const d = decodeImage(bytes);
      if (!d.image) continue;
      expect(sha(encodeImage(d.image)), `${name}: decode -> encode`).to.equal(sha(bytes));
      lines.push(`${sha(new TextEncoder().encode(formatImage(d.image, d.header, 8)))} ${name} dump`);
      if (name.includes('locality') && !name.includes('loihi2')) continue;
      // two samples (training when the image learns): counters, counts and the state snapshot
      const emu = loadImage(bytes).emulator!;
      const rng = new Rng(7);
      const T = emu.timesteps;
      const out: unknown[] = [];
      for (let k = 0; k < 2; k++) {
        const raster = Uint8Array.from({ length: T * emu.inputSize }, () => (rng.float() < 0.2 ? 1 : 0));
        const r = emu.runSample(raster, emu.classes > 0 ? k % emu.classes : undefined, { learning: emu.image.management.learning !== null });
        out.push(Array.from(r.counts), r.spikes, r.cycles);
      }
      out.push(emu.stats());
      lines.push(`${sha(new TextEncoder().encode(JSON.stringify(out)))} ${name} run`);
      lines.push(`${sha(emu.saveState())} ${name} state`);
    }
    const text = lines.join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(FILE, text);
    expect(text).to.equal(fs.readFileSync(FILE, 'utf8'));
  });
});
