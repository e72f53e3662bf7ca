/**
 * What the reference simulator and the emulator share from this package, pinned where a wrong
 * implementation would pass every differential test (both sides would be wrong alike):
 *
 * - the seeded generator: every network instance, synapse draw, split and epoch order of a spec
 *   seed comes from Rng (docs/spec-format.md: `Rng(seed).fork(<projection id>)`), so its streams
 *   are pinned to the values of commit 90b05be, and its draws are checked for what their names
 *   promise (a uniform shuffle, unbiased integers, a standard normal);
 * - §5.11's schedule lookup (rateShiftAt): segment j of L equal segments of G presentations;
 * - the sized-table refusal (tablesRefusal) at its bounds;
 * - the overflow warning (SNNC4320) for a population that only saturated;
 * - LIMITS against the table of docs/limits.md ("Raising a limit means changing that module and
 *   this table").
 */
import fs from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { expect } from 'chai';
import { hashString, LIMITS, mix32, overflowRecords, overflowWarnings, rateShiftAt, Rng, tablesRefusal, type SizedTable } from '../src/index.js';

const GOLDEN = JSON.parse(
  '{"0":{"u":[175568600,647174365,3127866554],"f":0.17870609833225126,"i":[4,4,4210356108],"n":0.12457610277923194,"fork":3804788840,"forkN":281495942,"shuffle":[1,6,3,9,4,5,8,2,7,0],"sparse":[39,56,63,64,65],"dense":[0,2,4,5,6,7,8,9]},"1":{"u":[425820951,2390441855,575338661],"f":0.9916265766305601,"i":[8,-5,526767664],"n":-0.09198099303911343,"fork":3864356102,"forkN":3723029246,"shuffle":[0,2,9,4,3,6,7,8,5,1],"sparse":[45,65,72,87,99],"dense":[1,3,4,5,6,7,8,9]},"12345":{"u":[2118458206,1101366459,1131989801],"f":0.33644786283807937,"i":[0,4,818062201],"n":-2.1280960746579622,"fork":260934633,"forkN":1398909212,"shuffle":[2,4,5,9,8,7,3,1,0,6],"sparse":[33,38,61,94,98],"dense":[0,1,3,4,5,6,8,9]},"4294967295":{"u":[3686240488,3821360370,1858971967],"f":0.07590481486376677,"i":[4,-2,912380034],"n":0.7903339487941442,"fork":1797766160,"forkN":2228619161,"shuffle":[2,1,0,3,5,9,4,7,6,8],"sparse":[6,18,40,69,71],"dense":[0,1,2,3,5,7,8,9]},"mix":[0,232174035,1573704217],"hash":[2166136261,2927860839,2969093413]}',
) as Record<string, { u: number[]; f: number; i: number[]; n: number; fork: number; forkN: number; shuffle: number[]; sparse: number[]; dense: number[] }> & { mix: number[]; hash: number[] };

const SAMPLE_30_OF_100 = [
  [0, 1, 2, 7, 12, 14, 18, 23, 24, 27, 33, 34, 36, 37, 39, 43, 49, 66, 69, 70, 72, 73, 76, 80, 82, 84, 93, 95, 98, 99],
  [1, 3, 8, 18, 20, 23, 24, 29, 33, 35, 36, 37, 41, 46, 47, 48, 49, 50, 51, 53, 56, 63, 64, 67, 69, 81, 86, 92, 95, 98],
  [0, 6, 7, 12, 17, 18, 35, 36, 39, 40, 44, 49, 51, 52, 55, 57, 58, 64, 66, 67, 68, 73, 74, 77, 79, 81, 85, 87, 89, 94],
  [0, 1, 2, 7, 12, 13, 14, 23, 28, 29, 30, 33, 35, 38, 42, 46, 48, 51, 55, 56, 61, 64, 68, 69, 70, 71, 77, 83, 86, 88],
];

describe('common: the shared generator and helpers, pinned', () => {
  it('Rng streams are the ones of commit 90b05be (uint32, float, int, normal, fork, shuffle, sample), for four seeds', () => {
    for (const seed of [0, 1, 12345, 0xffffffff]) {
      const g = GOLDEN[String(seed)];
      const r = new Rng(seed);
      expect([r.uint32(), r.uint32(), r.uint32()], `seed ${seed}`).to.deep.equal(g.u);
      expect(r.float()).to.equal(g.f);
      expect([r.int(0, 9), r.int(-5, 5), r.int(0, 2 ** 32 - 1)]).to.deep.equal(g.i);
      expect(r.normal()).to.be.closeTo(g.n, 1e-12);
      expect(new Rng(seed).fork('proj/a').uint32()).to.equal(g.fork);
      expect(new Rng(seed).fork(7).uint32()).to.equal(g.forkN);
      expect(new Rng(seed).shuffle(Array.from({ length: 10 }, (_, i) => i))).to.deep.equal(g.shuffle);
      expect(Array.from(new Rng(seed).sample(100, 5))).to.deep.equal(g.sparse);
      expect(Array.from(new Rng(seed).sample(10, 8))).to.deep.equal(g.dense);
    }
    // 30 of 100: the dense branch (k > n / 4), which a Floyd draw would replace by other synapses
    expect([0, 1, 12345, 0xffffffff].map((seed) => Array.from(new Rng(seed).sample(100, 30)))).to.deep.equal(SAMPLE_30_OF_100);
    expect([mix32(0, 0), mix32(1, 2), mix32(0xffffffff, 0x10ad)]).to.deep.equal(GOLDEN.mix);
    // FNV-1a: the offset basis for the empty string
    expect([hashString(''), hashString('rate'), hashString('epoch:3')]).to.deep.equal(GOLDEN.hash);
  });

  it('shuffle is uniform (Fisher-Yates): each of the 24 orders of 4 items about equally often, fixed points included', () => {
    const counts = new Map<string, number>();
    const r = new Rng(9);
    const N = 24000;
    for (let k = 0; k < N; k++) {
      const key = r.shuffle([0, 1, 2, 3]).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).to.equal(24);
    for (const c of counts.values()) expect(c).to.be.within(850, 1150); // 1000 ± 4.8 sd
    expect(counts.get('0123')).to.be.greaterThan(0);
  });

  it('int is unbiased for a span that does not divide 2^32: a third of [0, 3 x 2^30) falls below 2^30', () => {
    const r = new Rng(3);
    let low = 0;
    const N = 30000;
    for (let k = 0; k < N; k++) if (r.int(0, 3 * 2 ** 30 - 1) < 2 ** 30) low++;
    expect(low / N).to.be.within(1 / 3 - 0.015, 1 / 3 + 0.015); // modulo bias would give 1/2
  });

  it('normal is standard: mean 0 and variance 1 over 40,000 draws; float uses 53 bits', () => {
    const r = new Rng(11);
    const N = 40000;
    let s = 0, ss = 0;
    for (let k = 0; k < N; k++) {
      const x = r.normal();
      s += x;
      ss += x * x;
    }
    expect(s / N).to.be.within(-0.03, 0.03);
    expect(ss / N - (s / N) ** 2).to.be.within(0.96, 1.04);
    // a float's 26 low bits are all drawn: scaled by 2^53, the residue mod 2^26 reaches the upper half and is odd at times
    const f = new Rng(5);
    let high = false, odd = false;
    for (let k = 0; k < 64; k++) {
      const low = (f.float() * 2 ** 53) % 2 ** 26;
      high ||= low >= 2 ** 25;
      odd ||= low % 2 === 1;
    }
    expect([high, odd]).to.deep.equal([true, true]);
  });

  it('§5.11 rateShiftAt: presentation g of G takes entry floor(L g / G) of L, each entry an equal segment', () => {
    const schedule = [0, 1, 2, 3];
    const G = 10;
    expect(Array.from({ length: G }, (_, g) => rateShiftAt(schedule, g, G))).to.deep.equal([0, 0, 0, 1, 1, 2, 2, 2, 3, 3]);
    expect(Array.from({ length: 8 }, (_, g) => rateShiftAt(schedule, g, 8))).to.deep.equal([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(rateShiftAt(schedule, 0, 1)).to.equal(0);
    expect(rateShiftAt([5, 6], 0, 1)).to.equal(5);
    expect(rateShiftAt([5, 6, 7], 0, 0)).to.equal(5);
    // past the end: the last entry
    expect(rateShiftAt(schedule, 12, 10)).to.equal(3);
  });

  it('tablesRefusal: the tables fit at exactly the limit and not a byte above it; the refusal names the largest; an array longer than Node allocates is refused whatever the memory', () => {
    const t = (what: string, bytes: number, entries?: number): SizedTable => ({ what, pointer: `/${what}`, bytes, fix: `shrink ${what}`, ...(entries !== undefined ? { entries } : {}) });
    const tables = [t('a', 300), t('b', 500), t('c', 200)];
    expect(tablesRefusal('the emulator', 'SNNC4223', tables, 1000)).to.deep.equal([]);
    const d = tablesRefusal('the emulator', 'SNNC4223', tables, 999);
    expect(d.map((x) => [x.code, x.pointer])).to.deep.equal([['SNNC4223', '/b']]);
    expect(d[0].fix).to.contain('shrink b');
    const long = tablesRefusal('the emulator', 'SNNC4223', [t('x', 1, bufferConstants.MAX_LENGTH + 1)], 1e30);
    expect(long.map((x) => x.pointer)).to.deep.equal(['/x']);
    expect(tablesRefusal('the emulator', 'SNNC4223', [t('x', 1, bufferConstants.MAX_LENGTH)], 1e30)).to.deep.equal([]);
  });

  it('SNNC4320 warns of a population that only saturated its voltage, or only wrapped its current, and of none that did neither', () => {
    const w = overflowWarnings([
      { population: 'sat', uWraps: 0, vSaturations: 3 },
      { population: 'wrap', uWraps: 2, vSaturations: 0 },
      { population: 'calm', uWraps: 0, vSaturations: 0 },
    ], 'the emulator');
    // the records are of the neuron populations only, by index
    expect(overflowRecords(['in', 'h', 'out'], (p) => p > 0, [9, 1, 0], [9, 0, 2])).to.deep.equal([
      { population: 'h', uWraps: 1, vSaturations: 0 },
      { population: 'out', uWraps: 0, vSaturations: 2 },
    ]);
    expect(w.map((d) => [d.code, d.severity, d.found])).to.deep.equal([
      ['SNNC4320', 'warning', '0 wraps, 3 saturations'],
      ['SNNC4320', 'warning', '2 wraps, 0 saturations'],
    ]);
  });

  it('LIMITS agrees with the table of docs/limits.md, value for value', () => {
    const text = fs.readFileSync(new URL('../../../../docs/limits.md', import.meta.url), 'utf8');
    const value = (s: string): number => {
      const t = s.replace(/\(.*\)/, '').replace(/bytes/, '').replace(/,/g, '').trim();
      const mib = /^(\d+) MiB$/.exec(t);
      if (mib) return Number(mib[1]) * 2 ** 20;
      const pow = /^2\^(\d+)(?: - (\d+))?$/.exec(t);
      if (pow) return 2 ** Number(pow[1]) - Number(pow[2] ?? 0);
      if (/^\d+$/.test(t)) return Number(t);
      throw new Error(`unparsed value ${s}`);
    };
    const documented = new Map<string, number>();
    for (const line of text.split('\n')) {
      const m = /^\| ((?:`\w+`(?:, )?)+) \| ([^|]+) \|/.exec(line);
      if (!m) continue;
      const names = [...m[1].matchAll(/`(\w+)`/g)].map((x) => x[1]);
      const values = names.length > 1 ? m[2].split(/, (?=\d)/) : [m[2]];
      names.forEach((n, k) => documented.set(n, value(values[k])));
    }
    expect(Object.fromEntries(documented)).to.deep.equal({ ...LIMITS });
  });
});
