import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeImage, encodeImage } from '../src/index.js';
import { decodeMessage } from '../src/proto.js';
import { tinyImage } from './fixtures.js';

/** packages/image/dist/test -> the repository root */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * schemas/chip.proto is the single source of the image's TypeScript (wire messages, in-memory
 * image, converters): regenerate them in memory with the same code as `node scripts/gen-image.mjs`
 * and compare with the committed files.
 */
describe('image: generated wire types, in-memory types and converters', () => {
  it('packages/image/src/generated/{chip,image,convert}.ts are up to date with schemas/chip.proto', async () => {
    const mod = await import(pathToFileURL(path.join(ROOT, 'scripts', 'gen-image.mjs')).href);
    const files: Record<string, string> = mod.generateImageFiles(ROOT);
    expect(Object.keys(files)).to.have.members([mod.OUT, mod.OUT_MEMORY, mod.OUT_CONVERT]);
    expect(files[mod.OUT]).to.match(/export interface ChipImageMessage \{/);
    expect(files[mod.OUT_MEMORY]).to.match(/export interface CoreProgram \{/);
    expect(files[mod.OUT_CONVERT]).to.match(/export function fromMessage\(/);
    for (const [file, text] of Object.entries(files)) {
      const committed = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect(committed === text, `${file} is stale: run node scripts/gen-image.mjs`).to.equal(true);
    }
  });

  it('can fail: a field added to chip.proto changes the generated text', async () => {
    const mod = await import(pathToFileURL(path.join(ROOT, 'scripts', 'gen-image.mjs')).href);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-proto-'));
    try {
      fs.mkdirSync(path.join(tmp, 'schemas'));
      const proto = fs.readFileSync(path.join(ROOT, 'schemas/chip.proto'), 'utf8');
      fs.writeFileSync(path.join(tmp, 'schemas/chip.proto'), proto.replace('uint32 host_y = 8;', 'uint32 host_y = 8;\n  uint32 host_z = 9;'));
      const files: Record<string, string> = mod.generateImageFiles(tmp);
      expect(files[mod.OUT_MEMORY]).to.include('hostZ: number;');
      expect(files[mod.OUT_CONVERT]).to.include('hostZ: num(m.hostZ)');
      expect(files[mod.OUT_CONVERT]).to.include('hostZ: x.hostZ');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('every field a decoded payload carries is a field the generated ChipImageMessage declares', async () => {
    const text = fs.readFileSync(path.join(ROOT, 'packages/image/src/generated/chip.ts'), 'utf8');
    const declared = new Set([...text.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]));
    const bytes = encodeImage(tinyImage());
    const header = decodeImage(bytes).header!;
    const msg = decodeMessage(bytes.subarray(header.payloadOffset, header.payloadOffset + header.payloadLength));
    const seen = new Set<string>();
    const walk = (o: unknown): void => {
      if (!o || typeof o !== 'object' || ArrayBuffer.isView(o)) return;
      if (Array.isArray(o)) return o.forEach(walk);
      for (const [k, v] of Object.entries(o)) {
        seen.add(k);
        walk(v);
      }
    };
    walk(msg);
    expect(seen.size).to.be.greaterThan(20);
    expect([...seen].filter((k) => !declared.has(k))).to.deep.equal([]);
  });
});
