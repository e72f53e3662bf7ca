import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsFiles } from './files.js';

/**
 * The package order follows the pipeline (README, "Layout"): no import, in sources or tests, runs
 * back up it, and every package's manifest and tsconfig list the @snnc packages its sources import.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ORDER = ['common', 'ir', 'datasets', 'reference', 'mapper', 'image', 'codegen', 'emulator', 'driver', 'training', 'report', 'verify', 'nir', 'cli'];

/** The @snnc packages a source text imports or re-exports (static and dynamic imports). */
function snncImports(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]@snnc\/([a-z-]+)['"]/g)) found.add(m[1]);
  return [...found];
}

describe('package order', () => {
  it('the workspaces, the root tsconfig and this list name the same packages in the same order', () => {
    const ws = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).workspaces as string[];
    expect(ws).to.deep.equal(ORDER.map((p) => `packages/${p}`));
    const refs = (JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).references as { path: string }[]).map((r) => r.path);
    expect(refs).to.deep.equal([...ORDER.map((p) => `packages/${p}`), 'test']);
  });

  it('finds imports the way the check below reads them', () => {
    expect(snncImports(`import { a } from '@snnc/ir';\nexport * from "@snnc/common";\nconst m = await import('@snnc/mapper');`).sort()).to.deep.equal(['common', 'ir', 'mapper']);
    expect(snncImports(`// no imports here: '@snnc/ir'`)).to.deep.equal([]);
  });

  for (const pkg of ORDER) {
    it(`${pkg} imports only packages before it, and declares them`, () => {
      const dir = path.join(ROOT, 'packages', pkg);
      const rank = ORDER.indexOf(pkg);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((d) => d.startsWith('@snnc/')).map((d) => d.slice(6)));
      const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
      const referenced = new Set((tsconfig.references ?? []).map((r: { path: string }) => path.basename(r.path)));
      const wrong: string[] = [];
      for (const file of [...tsFiles(path.join(dir, 'src')), ...tsFiles(path.join(dir, 'test'))]) {
        const inSrc = path.relative(dir, file).startsWith('src');
        for (const dep of snncImports(fs.readFileSync(file, 'utf8'))) {
          const where = path.relative(ROOT, file);
          if (dep === pkg) wrong.push(`${where} imports its own package by name`);
          else if (!ORDER.includes(dep)) wrong.push(`${where} imports unknown @snnc/${dep}`);
          else if (ORDER.indexOf(dep) > rank) wrong.push(`${where} imports @snnc/${dep}, which comes after ${pkg}`);
          else if (inSrc && !declared.has(dep)) wrong.push(`${where} imports @snnc/${dep}, not in package.json`);
          else if (inSrc && !referenced.has(dep)) wrong.push(`${where} imports @snnc/${dep}, not in tsconfig references`);
        }
      }
      expect(wrong).to.deep.equal([]);
    });
  }
});
