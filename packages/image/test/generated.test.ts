import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeImage, encodeImage } from '../src/index.js';
import { decodeMessage } from '../src/proto.js';
import { tinyImage } from './fixtures.js';

/** packages/image/dist/test -> the repository root */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * schemas/chip.proto is the single source of the wire types: regenerate them in memory with the
 * same code as `node scripts/gen-image.mjs` and compare with the committed file.
 */
describe('image: generated wire types', () => {
  it('packages/image/src/generated/chip.ts is up to date with schemas/chip.proto', async () => {
    const mod = await import(pathToFileURL(path.join(ROOT, 'scripts', 'gen-image.mjs')).href);
    const text: string = mod.generateImageTypes(ROOT);
    expect(text).to.match(/export interface ChipImageMessage \{/);
    const committed = fs.readFileSync(path.join(ROOT, mod.OUT as string), 'utf8');
    expect(committed === text, `${mod.OUT} is stale: run node scripts/gen-image.mjs`).to.equal(true);
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
