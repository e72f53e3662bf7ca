import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsFiles } from './files.js';

/**
 * Issue 13 item 4: every package has one catalogue of its diagnostic codes (src/codes.ts,
 * `catalogue`: code -> one-line meaning). Every code a source emits is registered in exactly one
 * catalogue, no code means two things, and docs/diagnostics.md is generated from the catalogues.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GEN = pathToFileURL(path.join(ROOT, 'scripts', 'gen-diagnostics.mjs')).href;

interface Loaded { package: string; catalogue: Record<string, string> }

/** Codes a source text uses as whole string literals ('SNNC1234', "SNNC1234", `SNNC1234`). */
export function literalCodes(text: string): string[] {
  return [...text.matchAll(/['"`](SNNC\d{4})['"`]/g)].map((m) => m[1]);
}

describe('diagnostic code catalogues', () => {
  let cats: Loaded[] = [];
  before(async () => {
    cats = (await (await import(GEN)).loadCatalogues(ROOT)) as Loaded[];
  });

  it('finds literal codes the way the checks below read them', () => {
    expect(literalCodes(`diag('SNNC4101', 'x'); const C = "SNNC0001"; // see SNNC2000\n[\`SNNC1234\`]`)).to.deep.equal(['SNNC4101', 'SNNC0001', 'SNNC1234']);
    expect(literalCodes('a message naming SNNC2104 in the middle')).to.deep.equal([]);
  });

  it('every package has src/codes.ts with a catalogue of well-formed codes and one-line meanings', () => {
    const ws = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).workspaces as string[]).map((w) => `@snnc/${path.basename(w)}`);
    expect(cats.map((c) => c.package)).to.deep.equal(ws);
    for (const c of cats) {
      for (const [code, meaning] of Object.entries(c.catalogue)) {
        expect(code, `${c.package}`).to.match(/^SNNC[1-9]\d{3}$/);
        expect(meaning, `${c.package} ${code}`).to.be.a('string').and.match(/\S/);
        expect(meaning, `${c.package} ${code}: one line`).to.not.match(/\n/);
      }
    }
  });

  it('no code is registered in two catalogues (one code, one meaning)', () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const c of cats) {
      for (const code of Object.keys(c.catalogue)) {
        if (owner.has(code)) twice.push(`${code}: ${owner.get(code)} and ${c.package}`);
        else owner.set(code, c.package);
      }
    }
    expect(twice).to.deep.equal([]);
  });

  it('no name map in a codes.ts gives one code two names', async () => {
    for (const c of cats) {
      const mod = await import(pathToFileURL(path.join(ROOT, 'packages', c.package.slice('@snnc/'.length), 'dist', 'src', 'codes.js')).href) as Record<string, unknown>;
      for (const [exp, v] of Object.entries(mod)) {
        if (exp === 'catalogue' || !v || typeof v !== 'object') continue;
        const codes = Object.values(v as Record<string, unknown>).filter((x): x is string => typeof x === 'string' && /^SNNC\d{4}$/.test(x));
        const dup = codes.filter((x, i) => codes.indexOf(x) !== i);
        expect(dup, `${c.package} ${exp}`).to.deep.equal([]);
        for (const x of codes) expect(c.catalogue, `${c.package} ${exp}: ${x} has no meaning`).to.have.property(x);
      }
    }
  });

  it('every code a package source emits is registered in a catalogue', () => {
    const registered = new Set(cats.flatMap((c) => Object.keys(c.catalogue)));
    const missing: string[] = [];
    let seen = 0;
    for (const dir of fs.readdirSync(path.join(ROOT, 'packages'))) {
      for (const f of tsFiles(path.join(ROOT, 'packages', dir, 'src'))) {
        for (const code of literalCodes(fs.readFileSync(f, 'utf8'))) {
          seen++;
          if (!registered.has(code)) missing.push(`${code} in ${path.relative(ROOT, f)}`);
        }
      }
    }
    expect(seen).to.be.greaterThan(100);
    expect([...new Set(missing)]).to.deep.equal([]);
  });

  it('docs/diagnostics.md is up to date with the catalogues', async () => {
    const mod = await import(GEN);
    const text: string = await mod.generateDiagnostics(ROOT);
    const committed = fs.readFileSync(path.join(ROOT, mod.OUT as string), 'utf8');
    expect(committed === text, `${mod.OUT} is stale: run npx tsc -b && node scripts/gen-diagnostics.mjs`).to.equal(true);
  });
});
