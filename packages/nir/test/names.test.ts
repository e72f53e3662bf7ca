/**
 * NIR names become spec identifiers (compose.ts toId): whatever a node or the file is called, the
 * imported spec is valid. A file or node name over 128 characters made an id the spec schema
 * refused, located in the NIR file ("#/node: "name" is not a valid string"), which no edit of the
 * graph the user holds could fix.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { ID_MAX_LENGTH, ID_PATTERN, validateSpec } from '@snnc/ir';
import { importNirFile, writeNirFile } from '../src/index.js';
import { toId } from '../src/compose.js';
import { scratch, tinyGraph } from './helpers.js';

const isId = (s: string) => ID_PATTERN.test(s) && [...s].length <= ID_MAX_LENGTH;

describe('nir: names become spec identifiers', function () {
  this.timeout(120000);

  it('toId of any string is an identifier of at most 128 characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
      expect(isId(toId(s)), JSON.stringify(s)).to.equal(true);
    }), { seed: 6001, numRuns: 300 });
  });

  it('a graph with node and file names of any length imports to a valid spec, population ids distinct and projection ids distinct', async () => {
    const dir = scratch();
    // HDF5 link names take no '/' and no lone '.'; file names at most 255 bytes
    const name = fc.stringMatching(/^[A-Za-z0-9 _é-]{1,300}$/);
    try {
      await fc.assert(
        fc.asyncProperty(name, name, fc.integer({ min: 1, max: 240 }), async (fcName, lifName, fileLen) => {
          fc.pre(fcName !== lifName);
          const g = tinyGraph();
          const rename: Record<string, string> = { fc: fcName, lif: lifName };
          const nodes = g.nodes.map((n) => ({ ...n, name: rename[n.name] ?? n.name }));
          const edges = g.edges.map(([a, b]) => [rename[a] ?? a, rename[b] ?? b] as [string, string]);
          const file = path.join(dir, `${'f'.repeat(fileLen)}.nir`);
          await writeNirFile(file, nodes, edges);
          const r = await importNirFile(file, { dt: 1e-3, timesteps: 10 });
          fs.rmSync(file);
          expect(r.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify([fcName, lifName, fileLen])).to.deep.equal([]);
          const spec = r.spec!;
          expect(validateSpec(spec).diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
          const ids = [spec.name, ...spec.populations.map((p) => p.id), ...spec.projections.map((p) => p.id)];
          for (const id of ids) expect(isId(id), id).to.equal(true);
          for (const list of [spec.populations, spec.projections]) expect(new Set(list.map((p) => p.id)).size).to.equal(list.length);
        }),
        // two names that agree in their first 128 characters, and a 200-character file name
        { seed: 6002, numRuns: 20, examples: [['x'.repeat(200), `${'x'.repeat(199)}y`, 200]] },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
