import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { Rng, type Diagnostic } from '@snnc/common';
import { Codes, expandSpec, lowerGraph, lowerSpec, validateSpec, type Graph, type LoweredNetwork, type LoweringReport } from '../src/index.js';
import { learningScaleProblems } from '../src/learning-scale.js';
import { MIN_TANH_GAIN, TANH_INPUT_SCALE } from '../src/lower-learning.js';
import { example, ROOT, target } from './helpers.js';

/**
 * learning-scale.ts: a finite, absurd scale of feedback, compression or feedbackGain used to lower
 * with at most a warning ("tanh input gain 0.00", "fewer than 16 levels") or none (a denormal B
 * kept its signs), and the network trained on a learning signal of zero or of its sign.
 */

/** Expansion, then (if it expands) the lowering onto loihi2: every diagnostic, the network and the report. */
function compileDoc(doc: unknown): { diagnostics: Diagnostic[]; network?: LoweredNetwork; report?: LoweringReport } {
  const v = validateSpec(doc, 'x.json');
  if (!v.spec) throw new Error(JSON.stringify(v.diagnostics));
  const ex = expandSpec(v.spec, new Rng(v.spec.seed), 'x.json');
  if (!ex.graph) return { diagnostics: [...v.diagnostics, ...ex.diagnostics] };
  const low = lowerGraph(ex.graph, target('loihi2'), { file: 'x.json' });
  return { diagnostics: [...v.diagnostics, ...ex.diagnostics, ...low.diagnostics], network: low.network, report: low.report };
}

/** Whether every block of a lowered network carries a learning signal that is neither zero nor its sign. */
function sound(network: LoweredNetwork, report: LoweringReport): boolean {
  return network.learning!.modulatory.every((m, k) => {
    const graded = (a: Int8Array) => a.some((x) => x !== 0 && Math.abs(x) !== 127); // not signs only
    return graded(m.B) && graded(m.Wem) && m.Wmh.some((x) => x !== 0) && report.modulatory[k].tanhGain >= MIN_TANH_GAIN;
  });
}

type Field = 'feedback' | 'compression' | 'feedbackGain';

/** srsnn-small with the std of feedback or compression, or feedbackGain (with the readout wiring, where it applies), set. */
function withScales(scales: Partial<Record<Field, number>>): Record<string, any> {
  const doc = example('srsnn-small');
  for (const [field, v] of Object.entries(scales) as [Field, number][]) {
    if (field === 'feedbackGain') {
      doc.learning.feedbackWiring = 'readout';
      doc.learning.feedbackGain = v;
    } else doc.learning[field] = { ...doc.learning[field], std: v };
  }
  return doc;
}
const withScale = (field: Field, v: number) => withScales({ [field]: v });

/** The first limit of an SNNC2021 fix: "<field> std at most|at least <v>" or "feedbackGain at most|at least <v>". */
function limitOf(d: Diagnostic): { field: Field; most: boolean; value: number } {
  const m = /^(feedback|compression|feedbackGain)(?: std)? at (most|least) ([-+0-9.e]+)/.exec(d.fix ?? '');
  if (!m) throw new Error(`no limit in the fix: ${d.fix}`);
  return { field: m[1] as Field, most: m[2] === 'most', value: Number(m[3]) };
}

describe('ir: scales of feedback, compression and feedbackGain (SNNC2021)', function () {
  this.timeout(120000);

  it('a scale is refused exactly when the lowered learning signal would be zero or its sign; the fix is the limit, and 1.2 times past it is refused again', () => {
    const exponent = fc.oneof(fc.integer({ min: -320, max: -5 }), fc.integer({ min: -4, max: 4 }), fc.integer({ min: 5, max: 300 }));
    fc.assert(
      fc.property(fc.constantFrom<Field>('feedback', 'compression', 'feedbackGain'), exponent, fc.double({ min: 1, max: 9.9, noNaN: true }), (field, e, mant) => {
        const v = mant * 10 ** e;
        fc.pre(v > 0 && Number.isFinite(v));
        const r = compileDoc(withScale(field, v));
        const refused = r.diagnostics.filter((d) => d.code === Codes.learningScale);
        // the readout decoder of B and Wem far from 1 cannot be solved: SNNC2019, as before
        if (r.diagnostics.some((d) => d.code === Codes.feedbackWiring)) return;
        if (refused.length === 0) {
          expect(r.network, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
          expect(sound(r.network!, r.report!), `${field} ${v}: lowered to a degenerate chain without SNNC2021`).to.equal(true);
          return;
        }
        expect(r.network).to.equal(undefined);
        const d = refused[0];
        expect(d).to.include({ severity: 'error', file: 'x.json' });
        for (const k of ['expected', 'found', 'fix'] as const) expect(d[k], k).to.be.a('string');
        const limit = limitOf(d);
        expect(d.pointer).to.equal(limit.field === 'feedbackGain' ? '/learning/feedbackGain' : `/learning/${limit.field}/std`);
        if (limit.field === field) expect(limit.most, 'a limit on the side the value must move to').to.equal(v > limit.value);
        // the limit itself lowers soundly (with at most a warning); 1.2 times past it does not
        const at = compileDoc(withScales({ [field]: v, [limit.field]: limit.value }));
        expect(at.diagnostics.filter((x) => x.severity === 'error'), `${field} ${v} -> ${limit.field} ${limit.value}`).to.deep.equal([]);
        expect(sound(at.network!, at.report!)).to.equal(true);
        const past = compileDoc(withScales({ [field]: v, [limit.field]: limit.value * (limit.most ? 1.2 : 1 / 1.2) }));
        expect(past.diagnostics.map((x) => x.code)).to.include(Codes.learningScale);
      }),
      { seed: 2021, numRuns: 200 },
    );
  });

  it('absurd scales are refused at their field: B of 1e200 (it warned "tanh input gain 0.00"), a denormal B (lowered to its signs in silence), compression and feedbackGain far either way', () => {
    const cases: [Field, number, string, RegExp][] = [
      ['feedback', 1e200, '/learning/feedback/std', /would be its sign only/],
      ['feedback', 1e-200, '/learning/feedback/std', /would be zero/],
      ['feedback', 1e-320, '/learning/feedback/std', /B of "h1", "h2" would be lowered to its signs/],
      ['compression', 1e200, '/learning/compression/std', /would be its sign only/],
      ['compression', 1e-200, '/learning/compression/std', /would be zero/],
      ['compression', 1e-320, '/learning/compression/std', /Wem of "h1", "h2" would be lowered to its signs/],
      ['feedbackGain', 1e200, '/learning/feedbackGain', /would be its sign only/],
      ['feedbackGain', 1e-200, '/learning/feedbackGain', /would be zero/],
    ];
    for (const [field, v, pointer, message] of cases) {
      const r = compileDoc(withScale(field, v));
      expect(r.diagnostics.map((d) => [d.code, d.severity, d.pointer]), `${field} ${v}`).to.deep.equal([[Codes.learningScale, 'error', pointer]]);
      expect(r.diagnostics[0].message).to.match(message);
      expect(r.diagnostics[0].found).to.contain(`${field} ${field === 'feedbackGain' ? '' : 'std '}${v}`);
    }
    // a uniform distribution: at its larger bound; the fix scales both
    const doc = example('srsnn-small');
    doc.learning.compression = { dist: 'uniform', low: -1e150, high: 2e150 };
    const u = compileDoc(doc).diagnostics;
    expect(u.map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.learningScale, '/learning/compression/high']]);
    expect(u[0].fix).to.match(/^compression low -[0-9.e+]+, high [0-9.e+]+ or that scaled down/);
  });

  it('the field furthest from scale 1 is the one named, the other given as the alternative', () => {
    const doc = example('srsnn-small');
    doc.learning.feedback = { dist: 'normal', mean: 0, std: 1e120, scaleByFanIn: true };
    doc.learning.compression = { dist: 'normal', mean: 0, std: 100, scaleByFanIn: true };
    const [d] = compileDoc(doc).diagnostics;
    expect(d.pointer).to.equal('/learning/feedback/std');
    expect(d.fix).to.match(/^feedback std at most [0-9.e+]+, or compression std at most [0-9.e-]+ \(the limits/);
  });

  it(`a mildly clipped Wmh stays a warning (SNNC2105), its tanh input gain between ${MIN_TANH_GAIN} and ${TANH_INPUT_SCALE}`, () => {
    const r = compileDoc(withScale('feedback', 1e6));
    expect(r.diagnostics.map((d) => [d.code, d.severity])).to.deep.equal([[Codes.parameterRange, 'warning'], [Codes.parameterRange, 'warning']]);
    for (const m of r.report!.modulatory) expect(m.tanhGain).to.be.within(MIN_TANH_GAIN, TANH_INPUT_SCALE);
  });

  it('a feedback or compression drawn all zeros warns (SNNC2022) at its field: the hidden rule would never change a weight', () => {
    for (const [field, dist, pointer] of [
      ['feedback', { dist: 'normal', mean: 0, std: 0 }, '/learning/feedback/std'],
      ['compression', { dist: 'constant', value: 0 }, '/learning/compression/value'],
    ] as const) {
      const doc = example('srsnn-small');
      doc.learning[field] = dist;
      const r = compileDoc(doc);
      expect(r.diagnostics.map((d) => [d.code, d.severity, d.pointer]), field).to.deep.equal([[Codes.learningSilent, 'warning', pointer]]);
      // what the warning says: every block's lowered signal is zero, so no hidden weight can move
      for (const m of r.network!.learning!.modulatory) expect(m[field === 'feedback' ? 'B' : 'Wem'].every((x) => x === 0)).to.equal(true);
    }
  });

  it('every example lowers onto loihi2 without a diagnostic', () => {
    const dir = path.join(ROOT, 'examples');
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const r = lowerSpec(path.join(dir, f), 'loihi2');
      expect(r.diagnostics, f).to.deep.equal([]);
    }
  });
});

describe('ir: SNNC2021 agrees with the lowering right at the boundary of a degenerate chain', function () {
  this.timeout(120000);
  /** srsnn-small's graph with every block's B (or Wem and Wmh) times 2^e: a scale of the field, drawn by hand */
  const doc = example('srsnn-small');
  const v = validateSpec(doc, 'x.json');
  const base = expandSpec(v.spec!, new Rng(v.spec!.seed)).graph!;
  const scaled = (which: 'B' | 'Wmh', e: number): Graph => ({
    ...base,
    learning: { ...base.learning!, modulatory: base.learning!.modulatory.map((m) => ({ ...m, [which]: m[which].map((x) => x * 2 ** e) })) },
  });
  const lowersSound = (g: Graph) => {
    const low = lowerGraph(g, target('loihi2'));
    return low.network !== undefined && sound(low.network, low.report!);
  };
  const refused = (g: Graph) => learningScaleProblems(g, v.spec!.learning!).some((d) => d.severity === 'error');
  /** the exponent where lowering turns degenerate, between a sound `good` and a degenerate `bad`, to 2^-30 */
  const edge = (which: 'B' | 'Wmh', good: number, bad: number) => {
    expect(lowersSound(scaled(which, good))).to.equal(true);
    expect(lowersSound(scaled(which, bad))).to.equal(false);
    while (Math.abs(bad - good) > 2 ** -30) {
      const mid = (good + bad) / 2;
      if (lowersSound(scaled(which, mid))) good = mid;
      else bad = mid;
    }
    return { good, bad };
  };
  for (const [what, which, bad] of [['Wmh so small it rounds to zeros in int8', 'Wmh', -40], ['B so large the tanh gain falls below the minimum', 'B', 60]] as const) {
    it(`${what}: accepted on the sound side of the edge, refused on the other`, () => {
      const { good, bad: b } = edge(which, 0, bad);
      expect(refused(scaled(which, good)), `2^${good}`).to.equal(false);
      expect(refused(scaled(which, b)), `2^${b}`).to.equal(true);
    });
  }
});

describe('ir: SNNC2021 fix limits', function () {
  this.timeout(120000);
  const limitsOf = (d: Diagnostic) => [...(d.fix ?? '').matchAll(/(feedbackGain|feedback|compression)(?: std)? at (most|least) ([-+0-9.e]+)/g)].map((m) => ({ field: m[1] as Field, most: m[2] === 'most', value: Number(m[3]), text: m[3] }));

  it('a limit is written in two significant digits and is the tightest such: one unit of its second digit past it is refused', () => {
    for (const [field, v] of [['feedback', 1e200], ['feedback', 1e-200], ['feedback', 1e-320], ['compression', 1e200], ['compression', 1e-200], ['compression', 1e-320], ['feedbackGain', 1e200], ['feedbackGain', 1e-200]] as const) {
      const [d] = compileDoc(withScale(field, v)).diagnostics.filter((x) => x.code === Codes.learningScale);
      const [limit] = limitsOf(d);
      expect(limit.value, `${field} ${v}: ${limit.text}`).to.equal(Number(limit.value.toPrecision(2)));
      // one unit of the second significant digit toward the degenerate side
      const unit = 10 ** (Math.floor(Math.log10(limit.value)) - 1);
      const past = limit.most ? limit.value + unit : limit.value - unit;
      expect(compileDoc(withScales({ [field]: v, [limit.field]: past })).diagnostics.map((x) => x.code), `${field} ${v} -> ${limit.field} ${past}`).to.include(Codes.learningScale);
    }
  });

  it('every field the fix names repairs the network on its own; with the readout decoder, whose feedbackGain only moves the learning signal, that is feedbackGain alone', () => {
    // the decoder is feedbackGain x (Wem B^T / N)^+: scales of B and Wem cancel in the chain (feedback-wiring.ts)
    for (const v of [1e200, 1e-200]) {
      const [d] = compileDoc(withScale('feedbackGain', v)).diagnostics.filter((x) => x.code === Codes.learningScale);
      const limits = limitsOf(d);
      expect(limits.map((l) => l.field), d.fix).to.deep.equal(['feedbackGain']);
      for (const l of limits) {
        const at = compileDoc(withScales({ feedbackGain: v, [l.field]: l.value }));
        expect(at.diagnostics.filter((x) => x.severity === 'error'), `feedbackGain ${v} -> ${l.field} ${l.value}`).to.deep.equal([]);
        expect(sound(at.network!, at.report!)).to.equal(true);
      }
    }
  });

  it('the field furthest from scale 1 by magnitude is named, a negative mean included', () => {
    const doc = example('srsnn-small');
    doc.learning.feedback = { dist: 'normal', mean: -1e120, std: 1, scaleByFanIn: true };
    doc.learning.compression = { dist: 'normal', mean: 0, std: 100, scaleByFanIn: true };
    const [d] = compileDoc(doc).diagnostics;
    expect(d.pointer).to.equal('/learning/feedback/mean');
  });
});
