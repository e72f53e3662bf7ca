import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from '@snnc/common';
import { decodeImage, encodeImage } from '@snnc/image';
import { main } from '../../packages/cli/dist/src/main.js';

/**
 * The hostile-input fuzz suite (issue 12, hostile input 7): seeded mutations of specs, targets,
 * chip images, checkpoints, placements and NIR files, each run through the real command in this
 * process. The invariant: every input ends in success or a located error (file#pointer or
 * file@offset), within a time and memory bound, and never in exit 70, a stack trace, a hang or a
 * changed input file. Seeded (fast-check seeds below) and bounded: well under two minutes.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TINY = path.join(ROOT, 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json');
/**
 * Fixed seeds by default; SNNC_FUZZ_SEED shifts them and SNNC_FUZZ_SCALE multiplies the runs, for
 * a longer campaign by hand (a counterexample found there becomes a test).
 */
const SEED = Number(process.env.SNNC_FUZZ_SEED ?? 0);
const SCALE = Number(process.env.SNNC_FUZZ_SCALE ?? 1);
const runs = (seed: number, numRuns: number) => ({ seed: seed + SEED, numRuns: Math.round(numRuns * SCALE) });
/** wall-clock bound per input, and resident memory bound of this process */
const CASE_MS = 20000;
const RSS_BYTES = 3 * 2 ** 30;

interface Run {
  code: number;
  text: string;
}

/** Runs `snnc ...args` in this process with stdout and stderr captured. */
async function snnc(args: string[]): Promise<Run> {
  const saved = process.exitCode;
  const out = process.stdout.write;
  const err = process.stderr.write;
  let text = '';
  const sink = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = sink;
  process.stderr.write = sink;
  try {
    const code = await main(['node', 'snnc', ...args]);
    return { code, text };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = saved;
  }
}

/** A diagnostic line names a file and a pointer or a byte offset: `file#/p: error SNNCnnnn: ...`. */
const LOCATED = /^(?!<input>)\S.*?(#\S*|@\d+): (error|warning|note) SNNC\d{4}: /;

/** Exit codes per command, printed at the end: a suite where every input fails at once tests little. */
const tally: Record<string, number> = {};
const slowest = { ms: 0, what: '' };

/** Runs one input through a command and checks the invariant; returns the exit code. */
async function invariant(args: string[], input: string): Promise<number> {
  const before = fs.readFileSync(input);
  const t0 = performance.now();
  const r = await snnc(args);
  const ms = performance.now() - t0;
  const what = `snnc ${args.join(' ')}\n${r.text.slice(0, 2000)}`;
  expect([0, 1, 2], what).to.include(r.code);
  expect(r.text, what).to.not.contain('internal error');
  expect(r.text, what).to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
  if (r.code === 1) {
    const errors = r.text.split('\n').filter((l) => / error SNNC\d{4}: /.test(l));
    expect(errors.length, what).to.be.greaterThan(0);
    for (const l of errors) expect(l, what).to.match(LOCATED);
  }
  expect(ms, what).to.be.below(CASE_MS);
  expect(process.memoryUsage().rss, what).to.be.below(RSS_BYTES);
  expect(fs.readFileSync(input).equals(before), `${what}\nthe input changed`).to.equal(true);
  tally[`${args[0]}:${r.code}`] = (tally[`${args[0]}:${r.code}`] ?? 0) + 1;
  if (ms > slowest.ms) Object.assign(slowest, { ms, what: args[0] });
  if (process.env.SNNC_FUZZ_LOG) fs.appendFileSync(process.env.SNNC_FUZZ_LOG, `${args.join(' ')} -> ${r.code}\n${r.text.split('\n').filter((l) => / error /.test(l)).slice(0, 2).join('\n')}\n`);
  return r.code;
}

/** Values a hostile file puts where a sane one has a field. */
const HOSTILE = [null, -1, 0, 1, 0.5, -0.5, 2 ** 31, -(2 ** 31), 2 ** 53, 1e308, -1e308, 4096, 1e8, '', 'x', '\u001b[31m\u0000', [], {}, true, [1, 2, 3]];

/**
 * A JSON edit at the node reached by following `walk` choices: set a hostile value, delete the
 * field, or scale a number (which keeps many documents valid, so the deeper passes run too).
 */
const jsonEdit = fc.record({
  walk: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  value: fc.constantFrom(...HOSTILE),
  op: fc.constantFrom('set', 'remove', 'scale', 'scale'),
  factor: fc.constantFrom(0, 0.5, 2, 3, 10),
});

function applyJsonEdit(doc: unknown, e: { walk: number[]; value: unknown; op: string; factor: number }): unknown {
  const root = structuredClone(doc);
  let parent: Record<string, unknown> | unknown[] | null = null;
  let key: string | number = '';
  let cur: unknown = root;
  for (const w of e.walk) {
    if (cur === null || typeof cur !== 'object') break;
    const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) break;
    parent = cur as Record<string, unknown>;
    key = keys[w % keys.length];
    cur = (cur as Record<string | number, unknown>)[key];
  }
  if (parent === null) return e.op === 'set' ? e.value : root;
  const slot = parent as Record<string | number, unknown>;
  if (e.op === 'remove' && !Array.isArray(parent)) delete slot[key];
  else if (e.op === 'scale' && typeof cur === 'number') slot[key] = Number.isInteger(cur) ? Math.round(cur * e.factor) : cur * e.factor;
  else slot[key] = structuredClone(e.value);
  return root;
}

/** A byte-level edit: cut the file, or overwrite a few bytes (positions modulo the length). */
const byteEdit = fc.oneof(
  fc.record({ cut: fc.nat() }),
  fc.record({ flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }) }),
);

function applyByteEdit(bytes: Uint8Array, e: { cut?: number; flips?: [number, number][] }): Uint8Array {
  if (e.cut !== undefined) return bytes.slice(0, e.cut % (bytes.length + 1));
  const out = bytes.slice();
  for (const [at, v] of e.flips ?? []) out[at % out.length] = v;
  return out;
}

describe('fuzz: hostile specs, targets, images, checkpoints, placements and NIR files', function () {
  this.timeout(120000);
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  let image: Uint8Array;
  let checkpoint: Uint8Array;
  let placement: unknown;
  let nir: Uint8Array;
  const spec = JSON.parse(fs.readFileSync(TINY, 'utf8'));
  const target = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'test-tiny.json'), 'utf8'));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-fuzz-'));
    fs.copyFileSync(TINY, file('tiny.json'));
    for (const args of [
      ['compile', file('tiny.json'), '-t', 'loihi2', '-o', file('tiny.snnc')],
      ['map', file('tiny.json'), '-t', 'loihi2', '-o', file('tiny.placement.json')],
      ['train', file('tiny.json'), '--dataset', 'synthetic', '--epochs', '1', '--train', '40', '--test', '8', '--out', file('run')],
      ['nir', 'export', path.join(ROOT, 'examples', 'graph-conv.json'), '-o', file('conv.nir')],
    ]) {
      const r = await snnc(args);
      expect(r.code, r.text).to.equal(0);
    }
    // plain Uint8Arrays: Buffer#slice is a view, and an edit must never reach the original
    image = new Uint8Array(fs.readFileSync(file('tiny.snnc')));
    checkpoint = new Uint8Array(fs.readFileSync(file(path.join('run', 'checkpoint.snnck'))));
    placement = JSON.parse(fs.readFileSync(file('tiny.placement.json'), 'utf8'));
    nir = new Uint8Array(fs.readFileSync(file('conv.nir')));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`      exit codes: ${Object.entries(tally).map(([k, v]) => `${k} x${v}`).join(', ')}; slowest input ${Math.round(slowest.ms)} ms (${slowest.what})`);
  });

  it('specs: JSON edits and byte edits, validated against a target', async () => {
    const text = new TextEncoder().encode(JSON.stringify(spec, null, 1));
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonEdit.map((e) => ({ e })), byteEdit.map((b) => ({ b }))), async (m) => {
        const bytes = 'e' in m ? Buffer.from(JSON.stringify(applyJsonEdit(spec, m.e)) ?? 'null') : applyByteEdit(text, m.b);
        fs.writeFileSync(file('s.json'), bytes);
        await invariant(['validate', file('s.json'), '-t', 'loihi2'], file('s.json'));
      }),
      runs(1201, 600),
    );
  });

  it('targets: JSON edits of a target file, then a compile', async () => {
    await fc.assert(
      fc.asyncProperty(jsonEdit, async (e) => {
        fs.writeFileSync(file('t.json'), JSON.stringify(applyJsonEdit(target, e)) ?? 'null');
        await invariant(['compile', file('tiny.json'), '-t', file('t.json'), '-o', file('t-out.snnc')], file('t.json'));
      }),
      runs(1202, 150),
    );
  });

  it('chip images: fields edited and re-encoded (checksums valid), and byte edits (checksums broken)', async () => {
    const decoded = decodeImage(image).image!;
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonEdit.map((e) => ({ e })), byteEdit.map((b) => ({ b }))), async (m) => {
        let bytes: Uint8Array;
        if ('e' in m) {
          try {
            // typed arrays become plain arrays in the edit; encodeImage takes either for numbers
            bytes = encodeImage(applyJsonEdit(decoded, { ...m.e, value: typeof m.e.value === 'number' ? m.e.value : -1 }) as typeof decoded);
          } catch {
            return; // a value protobuf cannot hold: not a file anyone can write
          }
        } else bytes = applyByteEdit(image, m.b);
        fs.writeFileSync(file('i.snnc'), bytes);
        await invariant(['emulate', file('i.snnc'), '--steps', '8'], file('i.snnc'));
      }),
      runs(1203, 500),
    );
  });

  /** The checkpoint's header (parsed) and body, and a checkpoint rebuilt from them with a valid CRC. */
  const parts = () => {
    const hlen = new DataView(checkpoint.buffer, checkpoint.byteOffset, checkpoint.byteLength).getUint32(12, true);
    return { header: JSON.parse(Buffer.from(checkpoint.subarray(16, 16 + hlen)).toString('utf8')), body: checkpoint.slice(16 + hlen, checkpoint.length - 4) };
  };
  const rebuild = (h: unknown, b: Uint8Array) => {
    const hb = Buffer.from(JSON.stringify(h) ?? 'null');
    const out = new Uint8Array(16 + hb.length + b.length + 4);
    out.set(checkpoint.subarray(0, 16));
    const o = new DataView(out.buffer);
    o.setUint32(12, hb.length, true);
    out.set(hb, 16);
    out.set(b, 16 + hb.length);
    o.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
    return out;
  };

  it('regressions found by longer campaigns (SNNC_FUZZ_SEED=100..300, SCALE=3)', async () => {
    const setAt = (doc: unknown, pointer: string, value: unknown) => {
      const copy = structuredClone(doc) as Record<string, unknown>;
      const keys = pointer.slice(1).split('/');
      let o = copy as Record<string, unknown>;
      for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
      o[keys[keys.length - 1]] = value;
      return JSON.stringify(copy);
    };
    // a core of 2^53 compartments (a typed array that long), 2^31-bit synapse indices
    for (const [ptr, v] of [['/core/maxCompartments', 2 ** 53], ['/synapseEncoding/indexBits', 2 ** 31], ['/formats/maxDelay', 1e6]] as const) {
      fs.writeFileSync(file('t.json'), setAt(target, ptr, v));
      expect(await invariant(['compile', file('tiny.json'), '-t', file('t.json'), '-o', file('t-out.snnc')], file('t.json'))).to.equal(1);
    }
    // a placed core outside the target's system
    for (const field of ['chip', 'coreInTile', 'id']) {
      fs.writeFileSync(file('p.json'), setAt(placement, `/cores/0/${field}`, 2 ** 31));
      expect(await invariant(['compile', file('tiny.json'), '-t', 'loihi2', '--placement', file('p.json'), '-o', file('p-out.snnc')], file('p.json'))).to.equal(1);
    }
    // a checkpoint naming no dataset
    const { header, body } = parts();
    fs.writeFileSync(file('c.snnck'), rebuild(JSON.parse(setAt(header, '/run/dataset', '')), body));
    expect(await invariant(['evaluate', file('c.snnck'), '--test', '4'], file('c.snnck'))).to.equal(1);
  });

  it('checkpoints: header edits and body edits with the CRC recomputed, and byte edits', async () => {
    const { header, body } = parts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(jsonEdit.map((e) => ({ e })), byteEdit.map((b) => ({ body: b })), byteEdit.map((b) => ({ raw: b }))),
        async (m) => {
          const bytes = 'e' in m ? rebuild(applyJsonEdit(header, m.e), body) : 'body' in m ? rebuild(header, applyByteEdit(body, m.body)) : applyByteEdit(checkpoint, m.raw);
          fs.writeFileSync(file('c.snnck'), bytes);
          await invariant(['evaluate', file('c.snnck'), '--test', '4'], file('c.snnck'));
        },
      ),
      runs(1204, 500),
    );
  });

  it('placements: JSON edits, then a compile with the placement', async () => {
    await fc.assert(
      fc.asyncProperty(jsonEdit, async (e) => {
        fs.writeFileSync(file('p.json'), JSON.stringify(applyJsonEdit(placement, e)) ?? 'null');
        await invariant(['compile', file('tiny.json'), '-t', 'loihi2', '--placement', file('p.json'), '-o', file('p-out.snnc')], file('p.json'));
      }),
      runs(1205, 150),
    );
  });

  it('NIR files: byte edits, then info and import', async () => {
    await fc.assert(
      fc.asyncProperty(byteEdit, fc.boolean(), async (b, info) => {
        fs.writeFileSync(file('n.nir'), applyByteEdit(nir, b));
        await invariant(info ? ['nir', 'info', file('n.nir')] : ['nir', 'import', file('n.nir'), '-o', file('n-out.json')], file('n.nir'));
      }),
      runs(1206, 150),
    );
  });
});
