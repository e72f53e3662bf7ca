/**
 * The scales of a learning section (`feedback`, `compression`, `feedbackGain`) against the
 * lowered learning chain of every modulatory block (lower-learning.ts, docs/semantics.md
 * §5.3-5.5). Lowering scales B and Wem to int8 by their largest entry and Wmh so that the tanh
 * table reads 32 x the real tanh argument, so most scales cancel; what is left can make the chain
 * degenerate at a finite, absurd scale, which lowering used to pass with at most a warning:
 *  - B or Wem so small (largest |entry| below 127 / Number.MAX_VALUE) that its int8 scale leaves
 *    a double: the matrix keeps only its signs;
 *  - Wmh clipped to int8 with a tanh input gain below MIN_TANH_GAIN (B or the compression far too
 *    large, or a feedbackGain far too large): the learning signal is its sign;
 *  - Wmh quantised to zeros even at the largest mhShift (far too small): the signal is zero.
 * Each is refused (SNNC2021) at the field whose scale is furthest from 1 among those that can
 * repair it, with the limit: the scale of that field (and of the others that can) at which the
 * lowering's own arithmetic (lowerCompression, decoderScaling) gives a sound chain again.
 * A clipped Wmh with a gain of at least MIN_TANH_GAIN stays the lowering's warning.
 */
import { diag, warning, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { decay12, INT8_MAX, int8Scale, maxAbs, roundHalfAway } from './fixed.js';
import type { LearningParams } from './generated/spec.js';
import type { Graph, GraphModulatory } from './graph.js';
import { FEEDBACK_GAIN_DEFAULT } from './expand-learning.js';
import { distScaleParams, distScaleText } from './weights.js';
import { decoderScaling, lowerCompression, MIN_TANH_GAIN, MOD_SHIFT_MAX, stateScale, TANH_INPUT_SCALE } from './lower-learning.js';

type Problem = 'feedbackSigns' | 'compressionSigns' | 'gain' | 'zero';
type Field = 'feedback' | 'compression' | 'feedbackGain';

/** One block's magnitudes: all its lowering's scales depend on (emShift on neither: see blockOf). */
interface Block {
  id: string;
  n: number;
  maxB: number;
  maxWem: number;
  maxWmh: number;
  emShift: number;
}

/**
 * How the largest entries of B, Wem and Wmh scale (as powers of the factor f) when a field's
 * distribution, or feedbackGain, is multiplied by f. Random wiring draws Wmh like Wem; the readout
 * decoder (feedback-wiring.ts) is feedbackGain x share x (Wem B^T / N)^+, so it moves against B
 * and Wem, which then cancel.
 */
const KNOBS: Readonly<Record<'random' | 'readout', ReadonlyArray<{ field: Field; b: number; em: number; mh: number }>>> = {
  random: [
    { field: 'feedback', b: 1, em: 0, mh: 0 },
    { field: 'compression', b: 0, em: 1, mh: 1 },
  ],
  readout: [
    { field: 'feedback', b: 1, em: 0, mh: -1 },
    { field: 'compression', b: 0, em: 1, mh: -1 },
    { field: 'feedbackGain', b: 0, em: 0, mh: 1 },
  ],
};
type Knob = (typeof KNOBS)['random'][number];

/** Factors f = 2^e searched, |e| <= E_MAX: 2^(E_MAX/2) is still a double, and 2^E_MAX spans every double. */
const E_MAX = 2046;

/**
 * SNNC2021 for every way the scales of `l` leave a modulatory block of `graph` (expanded from `l`)
 * degenerate; empty when every block lowers to a sound chain.
 */
export function learningScaleProblems(graph: Graph, l: LearningParams): Diagnostic[] {
  const gl = graph.learning;
  if (!gl || gl.modulatory.length === 0) return [];
  const decayM = decay12(gl.lambdaM);
  const blocks = gl.modulatory.map((mod) => blockOf(mod, graph.populations[mod.population].id, graph.populations[mod.population].size, gl.gamma, decayM));
  const silent = silentBlocks(blocks, l);
  const found = blocks.map((b) => [b, problemAt(b, 0, NO_KNOB)] as const).filter((x): x is readonly [Block, Problem] => x[1] !== undefined);
  if (found.length === 0) return silent;
  const knobs = KNOBS[l.feedbackWiring === 'readout' ? 'readout' : 'random'];
  // the factor each field needs, every block sound at once (one fix for all)
  const fixes = knobs.map((k) => ({ knob: k, e: nearestSound(blocks, k) })).filter((x): x is { knob: Knob; e: number } => x.e !== undefined);
  const magnitude = (f: Field) => Math.abs(Math.log2(fieldScale(l, f)));
  const kinds = [...new Set(found.map(([, p]) => p))];
  return kinds.map((kind) => {
    const at = found.filter(([, p]) => p === kind).map(([b]) => b);
    // a matrix kept to its signs is repaired by its own field only; a Wmh clipped or zeroed by any
    // field that moves it: the one furthest from scale 1 first, so that the fix names the outlier
    const own: Field | undefined = kind === 'feedbackSigns' ? 'feedback' : kind === 'compressionSigns' ? 'compression' : undefined;
    const repairs = fixes.filter((x) => own === undefined || x.knob.field === own).sort((x, y) => magnitude(y.knob.field) - magnitude(x.knob.field));
    const field = repairs[0]?.knob.field ?? own ?? 'feedback';
    return diag(Codes.learningScale, message(kind, at), {
      pointer: pointerOf(l, field),
      expected: EXPECTED[kind],
      found: `${fieldText(l, field)}: ${at.map((b) => `${foundIn(kind, b)} in "${b.id}"`).join(', ')}`,
      fix: repairs.length > 0
        ? `${repairs.map((x) => fieldLimit(l, x.knob.field, x.e)).join(', or ')} (the limit${repairs.length > 1 ? 's' : ''} at which every block's learning signal survives lowering)`
        : 'no one of feedback, compression and feedbackGain repairs it alone: draw feedback and compression at a scale near 1 (std 1)',
    });
  }).concat(silent);
}

/**
 * SNNC2022 (a warning) for blocks whose B or Wem is all zeros (random wiring draws Wmh like Wem;
 * the readout decoder needs B and Wem nonzero, SNNC2019): a zero scale is no absurd
 * magnitude, and lowering passes it, but the block's learning signal is 0 at every step, so its
 * hidden projections train as if `--no-hidden-plasticity` had been given, without a word.
 */
function silentBlocks(blocks: Block[], l: LearningParams): Diagnostic[] {
  const zero = (f: 'feedback' | 'compression') => blocks.filter((b) => (f === 'feedback' ? b.maxB : b.maxWem) === 0);
  const out: Diagnostic[] = [];
  for (const f of ['feedback', 'compression'] as const) {
    const at = zero(f);
    if (at.length === 0) continue;
    out.push(warning(Codes.learningSilent, `the ${f === 'feedback' ? 'feedback matrix B' : 'compression matrix Wem'} of ${at.map((b) => `"${b.id}"`).join(', ')} is all zeros: the hidden rule there never changes a weight (docs/semantics.md §5.3-5.5)`, {
      pointer: pointerOf(l, f),
      expected: 'a distribution with a nonzero scale (std 1 as in the examples)',
      found: fieldText(l, f),
      fix: `draw ${f} with a nonzero scale, or train with --no-hidden-plasticity to switch hidden learning off on purpose`,
    }));
  }
  return out;
}

/** The spec's own scales (no field moved), to find what is degenerate now. */
const NO_KNOB: Knob = { field: 'feedback', b: 0, em: 0, mh: 0 };

function blockOf(mod: GraphModulatory, id: string, n: number, gamma: number, decayM: number): Block {
  // emShift depends on the shapes of B and Wem, not their scales; from copies at unit scale, so
  // that a B or Wem whose own int8 scale overflows still gives the emShift its repair would
  const { emShift } = lowerCompression({ B: atUnitScale(mod.B), Wem: atUnitScale(mod.Wem) }, n, gamma, decayM);
  return { id, n, maxB: maxAbs(mod.B), maxWem: maxAbs(mod.Wem), maxWmh: maxAbs(mod.Wmh), emShift };
}

/** `a` times the power of two (exact) that brings its largest |entry| into [1, 2). */
function atUnitScale(a: Float64Array): Float64Array {
  const m = maxAbs(a);
  if (!(m > 0)) return a;
  const e = -Math.floor(Math.log2(m));
  return a.map((x) => times2(x, e));
}

/** x * 2^e without the power itself overflowing (|e| <= 2046). */
function times2(x: number, e: number): number {
  const h = Math.trunc(e / 2);
  return x * 2 ** h * 2 ** (e - h);
}

/**
 * What is degenerate about block `b` with the knob's field multiplied by 2^e, by the lowering's
 * own arithmetic (lower-learning.ts), or undefined when its chain is sound.
 */
function problemAt(b: Block, e: number, k: Knob): Problem | undefined {
  const mB = times2(b.maxB, k.b * e);
  const mEm = times2(b.maxWem, k.em * e);
  const mMh = times2(b.maxWmh, k.mh * e);
  const sB = int8Scale(mB);
  const sEm = int8Scale(mEm);
  // a matrix scaled below the smallest double is no sound chain either (int8Scale takes it for all-zero)
  if (!Number.isFinite(sB) || (b.maxB > 0 && mB === 0)) return 'feedbackSigns';
  if (!Number.isFinite(sEm) || (b.maxWem > 0 && mEm === 0)) return 'compressionSigns';
  const d = decoderScaling(stateScale(sB, sEm, b.n, b.emShift), mMh);
  // a Wmh scale beyond a double (Wmh and sM both at the far ends) keeps Wmh's signs only
  if (!Number.isFinite(d.sMh)) return 'gain';
  // the largest |Wmh| entry as toInt8 rounds it: 0 means every entry is 0
  if (b.maxWmh > 0 && !(roundHalfAway(mMh * d.sMh) >= 1)) return 'zero';
  if (!(d.tanhGain >= MIN_TANH_GAIN)) return 'gain';
  return undefined;
}

/**
 * The exponent e nearest 0 (either sign) at which every block is sound with the knob's field
 * times 2^e, to within 2^-40 on the sound side; undefined when none is.
 */
function nearestSound(blocks: Block[], k: Knob): number | undefined {
  const sound = (e: number) => blocks.every((b) => problemAt(b, e, k) === undefined);
  for (let step = 1; step <= E_MAX; step++) {
    for (const e of [-step, step]) {
      if (!sound(e)) continue;
      let bad = e - Math.sign(e);
      let good = e;
      for (let i = 0; i < 40; i++) {
        const mid = (bad + good) / 2;
        if (sound(mid)) good = mid;
        else bad = mid;
      }
      return good;
    }
  }
  return undefined;
}

const EXPECTED: Readonly<Record<Problem, string>> = {
  feedbackSigns: `B's largest |entry| at least ${(INT8_MAX / Number.MAX_VALUE).toPrecision(3)} (${INT8_MAX} / the largest double), so that its int8 scale is a number`,
  compressionSigns: `Wem's largest |entry| at least ${(INT8_MAX / Number.MAX_VALUE).toPrecision(3)} (${INT8_MAX} / the largest double), so that its int8 scale is a number`,
  gain: `a tanh input gain of at least ${MIN_TANH_GAIN} table step per unit of the real tanh argument (${TANH_INPUT_SCALE} when Wmh fits int8)`,
  zero: `Wmh's largest entry at least 1 in int8 at the largest mhShift, ${MOD_SHIFT_MAX}`,
};

function message(kind: Problem, at: Block[]): string {
  const ids = at.map((b) => `"${b.id}"`).join(', ');
  switch (kind) {
    case 'feedbackSigns':
      return `the feedback matrix B of ${ids} would be lowered to its signs: its entries are so small that ${INT8_MAX} / max|B| leaves the range of a double (docs/semantics.md §5.3)`;
    case 'compressionSigns':
      return `the compression matrix Wem of ${ids} would be lowered to its signs: its entries are so small that ${INT8_MAX} / max|Wem| leaves the range of a double (docs/semantics.md §5.4)`;
    case 'gain':
      return `the learning signal of ${ids} would be its sign only: at these scales the decoder Wmh clips to int8 and the tanh table reads the real tanh argument times less than ${MIN_TANH_GAIN}, not ${TANH_INPUT_SCALE} (docs/semantics.md §5.5)`;
    case 'zero':
      return `the learning signal of ${ids} would be zero: at these scales the decoder Wmh rounds to zeros in int8 even at the largest mhShift (docs/semantics.md §5.5)`;
  }
}

function foundIn(kind: Problem, b: Block): string {
  switch (kind) {
    case 'feedbackSigns':
      return `max|B| ${short(b.maxB)}`;
    case 'compressionSigns':
      return `max|Wem| ${short(b.maxWem)}`;
    case 'gain': {
      const d = decoderScaling(stateScale(int8Scale(b.maxB), int8Scale(b.maxWem), b.n, b.emShift), b.maxWmh);
      return `tanh input gain ${short(d.tanhGain)}`;
    }
    case 'zero': {
      const d = decoderScaling(stateScale(int8Scale(b.maxB), int8Scale(b.maxWem), b.n, b.emShift), b.maxWmh);
      return `largest Wmh entry ${short(b.maxWmh * d.sMh)} before rounding`;
    }
  }
}

/** Three significant digits; 0 as 0 (a double that underflowed), not 0.00. */
const short = (v: number) => (v === 0 ? '0' : v.toPrecision(3));

/** The scale of a field: its distribution's largest parameter in magnitude, or feedbackGain. */
function fieldScale(l: LearningParams, f: Field): number {
  if (f === 'feedbackGain') return l.feedbackGain ?? FEEDBACK_GAIN_DEFAULT;
  return Math.max(...distScaleParams(l[f]).map(([, v]) => Math.abs(v)));
}

/** The spec field of a field's scale: the distribution's largest parameter, or feedbackGain. */
function pointerOf(l: LearningParams, f: Field): string {
  if (f === 'feedbackGain') return '/learning/feedbackGain';
  const params = distScaleParams(l[f]);
  const [key] = params.reduce((a, x) => (Math.abs(x[1]) >= Math.abs(a[1]) ? x : a));
  return `/learning/${f}/${key}`;
}

function fieldText(l: LearningParams, f: Field): string {
  if (f === 'feedbackGain') return `feedbackGain ${l.feedbackGain ?? `${FEEDBACK_GAIN_DEFAULT} (the default)`}`;
  return `${f} ${distScaleText(l[f])}`;
}

/**
 * The field at its limit, 2^e times its scale: "at most" when the limit is a largest scale (e < 0),
 * "at least" when a smallest; in two significant digits rounded toward the sound side.
 */
function fieldLimit(l: LearningParams, f: Field, e: number): string {
  const most = e < 0;
  const at = (v: number) => (v === 0 ? '0' : String(Math.sign(v) * twoDigits(Math.abs(times2(v, e)), most)));
  const bound = most ? 'at most' : 'at least';
  if (f === 'feedbackGain') return `feedbackGain ${bound} ${at(l.feedbackGain ?? FEEDBACK_GAIN_DEFAULT)}`;
  const ps = distScaleParams(l[f]);
  if (ps.length === 1) return `${f} ${ps[0][0]} ${bound} ${at(ps[0][1])}`;
  return `${f} ${ps.map(([k, v]) => `${k} ${at(v)}`).join(', ')} or that scaled ${most ? 'down' : 'up'}`;
}

/** |v| in two significant digits, rounded down or up. */
function twoDigits(v: number, down: boolean): number {
  const k = Math.floor(Math.log10(v)) - 1;
  const m = (down ? Math.floor : Math.ceil)(v / 10 ** k);
  // read back from text: 10^k itself is inexact for most k, and the product with it too
  let r = Number(`${m}e${k}`);
  if (down && r > v) r = Number(`${m - 1}e${k}`);
  if (!down && r < v) r = Number(`${m + 1}e${k}`);
  return r;
}
